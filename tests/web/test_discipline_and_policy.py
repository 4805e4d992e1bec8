"""Strikes apply thresholds automatically; institution overrides may only tighten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseguard.store.models import Strike
from caseguard.web.security import now

from .helpers import case_id_of, upload


def _strikes(world, count: int) -> None:  # type: ignore[no-untyped-def]
    with world.platform.db.write() as session:
        for _ in range(count):
            session.add(Strike(user_id=world.ids["bob"], created_at=now()))


@pytest.mark.parametrize(("strikes", "can_upload", "message"), [
    (0, True, ""),
    (1, True, "Warning: 1 confirmed breach"),
    (3, False, "suspended"),
])
def test_thresholds(world, strikes, can_upload, message) -> None:  # type: ignore[no-untyped-def]
    _strikes(world, strikes)
    bob = world.client("bob")
    assert message in bob.get("/account").text
    response = upload(bob, body="A 3 cm mass.")
    assert (response.status_code == 303) is can_upload
    if not can_upload:
        assert response.status_code == 403 and "suspended" in response.text


def test_admin_lifts_a_strike_with_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    _strikes(world, 3)
    admin = world.client("admin")
    with world.platform.db.read() as session:
        ids = [s.id for s in session.scalars(select(Strike))]
    assert admin.post(f"/admin/strikes/{ids[0]}/lift", {"reason": ""}).status_code == 400
    assert admin.post(f"/admin/strikes/{ids[0]}/lift",
                      {"reason": "Reviewed: not a breach."}).status_code == 303
    assert world.client("bob").api("GET", "/api/me").json()["discipline"]["suspended"] is False


POLICIES = [
    ('[categories.NAME]\naction = "redact"\n', 303),
    ('[categories.INITIALS]\naction = "keep"\n', 400),
    ("not = [valid toml", 400),
]


@pytest.mark.parametrize(("override", "status"), POLICIES)
def test_institution_override_only_tightens(world, override, status) -> None:  # type: ignore[no-untyped-def]
    response = world.client("instadmin").post(
        f"/institutions/{world.ids['institution']}/policy", {"policy": override})
    assert response.status_code == status, response.text


def test_override_applies_to_members_cases(world) -> None:  # type: ignore[no-untyped-def]
    world.client("instadmin").post(f"/institutions/{world.ids['institution']}/policy",
                                   {"policy": '[categories.NAME]\naction = "redact"\n'})
    alice = world.client("alice")
    case_id = case_id_of(upload(alice, body="Seen by Dr Jane Okafor for a 3 cm mass."))
    world.wait()
    findings = alice.get(f"/api/cases/{case_id}/findings").json()["findings"]
    names = [f for f in findings if f["category"] == "NAME"]
    assert names and all(f["replacement"] == "[NAME]" for f in names)
