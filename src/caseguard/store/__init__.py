"""Persistence for the platform: the database (SQLAlchemy) and blob storage."""

from caseguard.store.audit import ChainCheck, append_event, verify_chain
from caseguard.store.blobs import BlobStore, LocalBlobs
from caseguard.store.db import Database, audit_verify, migrate

__all__ = [
    "BlobStore",
    "ChainCheck",
    "Database",
    "LocalBlobs",
    "append_event",
    "audit_verify",
    "migrate",
    "verify_chain",
]
