"""The database: engine, sessions, migrations, and the one write path.

SQLite in a local folder by default, PostgreSQL by URL; the schema is created and
upgraded by the Alembic migrations shipped in ``caseguard/store/migrations``.
Every write goes through `Database.write()`, which serialises writers in this
process so that audit events chain in the order their transactions commit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from caseguard.errors import StorageError
from caseguard.store.audit import ChainCheck, verify_chain

__all__ = ["Database", "audit_verify", "migrate"]

MIGRATIONS = Path(__file__).parent / "migrations"


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cursor = conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the schema at ``url`` up to the newest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = _engine(url)
    try:
        command.upgrade(config, "head")
    finally:
        config.attributes["engine"].dispose()


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed on success and rolled back on any error."""
        with self._write_lock, self._sessions() as session:
            try:
                yield session
                session.commit()
            except Exception:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def audit_verify(database_url: str) -> ChainCheck:
    """Verify the audit chain of the database at ``database_url``."""
    db = Database(database_url)
    try:
        with db.read() as session:
            return verify_chain(session)
    except Exception as exc:  # a missing table or server is a storage problem, named
        raise StorageError(f"cannot read the audit log: {exc}") from exc
    finally:
        db.dispose()
