"""The platform's database tables (SQLAlchemy 2, typed ``Mapped[]`` style).

Cases hold no original bytes: only scrubbed documents live in blob storage, and the
originals of text findings are kept on their `FindingRow` while the case is a draft
(so a contributor can reject a false positive) and wiped on publication or removal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "Appeal",
    "AuditEvent",
    "AuditHead",
    "Base",
    "CaseRow",
    "ContentVersion",
    "Decision",
    "DocumentRow",
    "FindingRow",
    "Institution",
    "ReportRow",
    "SessionRow",
    "Strike",
    "User",
]


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Institution(Base):
    __tablename__ = "institutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # TOML text that tightens the platform policy for members' cases
    policy_override: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(default=None)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(400))
    role: Mapped[str] = mapped_column(String(32), default="contributor")
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    policy_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    institution: Mapped[Institution | None] = relationship()


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    # the state a quarantined case returns to when a report is dismissed
    previous_state: Mapped[str | None] = mapped_column(String(32), default=None)
    key_hex: Mapped[str] = mapped_column(String(128))
    policy_version: Mapped[str] = mapped_column(String(120))
    processing: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[str] = mapped_column(String(300), default="")
    risk: Mapped[dict[str, Any]] = mapped_column(default=dict)
    submission_nonce: Mapped[str] = mapped_column(String(64), unique=True)
    moderator_approved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DocumentRow.id"
    )


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(16))  # body | text | dicom | image | error
    blob_key: Mapped[str | None] = mapped_column(String(400), default=None)
    preview_key: Mapped[str | None] = mapped_column(String(400), default=None)
    series: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    blocked_reason: Mapped[str | None] = mapped_column(Text, default=None)
    case: Mapped[CaseRow] = relationship(back_populates="documents")
    findings: Mapped[list[FindingRow]] = relationship(
        cascade="all, delete-orphan", order_by="FindingRow.start"
    )


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))
    # span of the replacement in the scrubbed text stored in blob storage
    start: Mapped[int]
    end: Mapped[int]
    original: Mapped[str] = mapped_column(Text)
    replacement: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    detector: Mapped[str] = mapped_column(String(100), default="")
    confidence: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    value: Mapped[str | None] = mapped_column(Text, default=None)


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(320), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class Decision(Base):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    statement: Mapped[str] = mapped_column(Text)
    breach: Mapped[bool] = mapped_column(default=False)
    policy_version: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]


class Strike(Base):
    __tablename__ = "strikes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    created_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None] = mapped_column(default=None)
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    lift_reason: Mapped[str] = mapped_column(Text, default="")


class Appeal(Base):
    __tablename__ = "appeals"
    __table_args__ = (UniqueConstraint("decision_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    outcome_statement: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEvent(Base):
    """One line of the append-only, hash-chained audit log."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    from_state: Mapped[str] = mapped_column(String(32), default="")
    to_state: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    policy_version: Mapped[str] = mapped_column(String(120), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The latest event's number and hash, so deleting the newest events is detected too."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class ContentVersion(Base):
    """One row counting commits that changed what pages show; caches compare against it."""

    __tablename__ = "content_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
