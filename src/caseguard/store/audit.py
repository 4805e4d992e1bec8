"""The append-only, hash-chained audit log and its verification.

Each event carries the hash of the one before it; its own hash covers every field
and that link, so altering, inserting or deleting any event breaks the chain at
that point. `verify_chain` walks the log and names the first broken event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from caseguard.store.models import AuditEvent, AuditHead

__all__ = ["GENESIS", "ChainCheck", "append_event", "event_dict", "iter_events", "verify_chain"]

GENESIS = "0" * 64


def _digest(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def event_dict(event: AuditEvent) -> dict[str, Any]:
    """The fields an event's hash covers, plus the hash itself."""
    return {
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "case_id": event.case_id,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "policy_version": event.policy_version,
        "data": event.data,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def append_event(
    session: Session,
    actor: str,
    action: str,
    *,
    case_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    policy_version: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event at the head of the chain, inside the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        # serialises appenders across processes until this transaction ends
        session.execute(text("SELECT pg_advisory_xact_lock(720451)"))
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        case_id=case_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        policy_version=policy_version,
        data=data or {},
        prev_hash=last.hash if last else GENESIS,
        hash="",
    )
    fields = event_dict(event)
    del fields["hash"]
    event.hash = _digest(fields)
    session.add(event)
    head = session.get(AuditHead, 1)
    if head is None:
        session.add(AuditHead(id=1, seq=event.seq, hash=event.hash))
    else:
        head.seq, head.hash = event.seq, event.hash
    session.flush()
    return event


def iter_events(session: Session, batch: int = 500) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events: int
    problem: str = ""
    seq: int | None = None


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every hash and link; the first mismatch, gap or reordering fails."""
    prev, expected_seq, count = GENESIS, 1, 0
    for event in iter_events(session):
        fields = event_dict(event)
        stored = fields.pop("hash")
        if event.seq != expected_seq:
            return ChainCheck(False, count, f"event {expected_seq} is missing", expected_seq)
        if event.prev_hash != prev:
            return ChainCheck(False, count, f"event {event.seq} does not follow its predecessor",
                              event.seq)
        if _digest(fields) != stored:
            return ChainCheck(False, count, f"event {event.seq} was altered", event.seq)
        prev, expected_seq, count = stored, expected_seq + 1, count + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        return ChainCheck(False, count, f"events after {count} were deleted", count + 1)
    if head is None and count:
        return ChainCheck(False, count, "the chain head record is missing")
    return ChainCheck(True, count)
