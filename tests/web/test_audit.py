"""The audit chain: intact after real events, broken by any altered or deleted event."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from caseguard.store.audit import append_event, verify_chain
from caseguard.store.db import audit_verify
from caseguard.store.models import AuditEvent


def _fill(world, count: int = 5) -> None:  # type: ignore[no-untyped-def]
    with world.platform.db.write() as session:
        for n in range(count):
            append_event(session, "user:1", "test.event", reason=f"event {n}", data={"n": n})


TAMPERING = [
    ("altered reason", lambda: update(AuditEvent).where(AuditEvent.seq == 3)
     .values(reason="nothing happened"), "altered"),
    ("altered data", lambda: update(AuditEvent).where(AuditEvent.seq == 2)
     .values(data={"n": 99}), "altered"),
    ("deleted middle", lambda: delete(AuditEvent).where(AuditEvent.seq == 3), "missing"),
    ("deleted newest", lambda: delete(AuditEvent).where(AuditEvent.seq == 5), "deleted"),
]


@pytest.mark.parametrize(("label", "statement", "problem"), TAMPERING,
                         ids=[t[0] for t in TAMPERING])
def test_tampering_is_detected(world, label, statement, problem) -> None:  # type: ignore[no-untyped-def]
    _fill(world)
    assert audit_verify(world.settings.database_url).ok
    with world.platform.db.write() as session:
        session.execute(statement())
    check = audit_verify(world.settings.database_url)
    assert not check.ok and problem in check.problem


def test_admin_sees_and_exports_the_log(world) -> None:  # type: ignore[no-untyped-def]
    _fill(world, 3)
    admin = world.client("admin")
    assert "intact" in admin.get("/admin/audit").text
    lines = admin.get("/admin/audit/export").text.strip().splitlines()
    assert len(lines) >= 3 and '"prev_hash"' in lines[0]
    assert admin.get("/api/audit/verify").json()["ok"] is True
    with world.platform.db.read() as session:
        assert verify_chain(session).ok
