"""Every route and API endpoint walked as anonymous, a contributor (the owner), another
contributor, a moderator and an admin. A new route without a row here fails the test."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from caseguard.store.models import (
    Appeal,
    CaseRow,
    Decision,
    DocumentRow,
    FindingRow,
    ReportRow,
    Strike,
)
from caseguard.web import api, pages_account, pages_public, pages_staff
from caseguard.web.security import now

WHO = ("anonymous", "alice", "bob", "mod", "admin")
ANY = frozenset(WHO)
USER = frozenset(WHO[1:])
OWNER = frozenset({"alice"})
OWNER_STAFF = frozenset({"alice", "mod", "admin"})
STAFF = frozenset({"mod", "admin"})
ADMIN = frozenset({"admin"})

# (method, route path, url with {placeholders}, who may, form or JSON body)
ROUTES: list[tuple[str, str, str, frozenset[str], dict[str, Any] | None]] = [
    ("GET", "/", "/", ANY, None),
    ("GET", "/cases/{case_id}", "/cases/{public}", ANY, None),
    ("GET", "/cases/{case_id}", "/cases/{draft}", OWNER_STAFF, None),
    ("GET", "/cases/{case_id}/files/{doc_id}", "/cases/{public}/files/{public_doc}", ANY, None),
    ("GET", "/cases/{case_id}/files/{doc_id}", "/cases/{draft}/files/{draft_doc}", OWNER_STAFF,
     None),
    ("POST", "/cases/{case_id}/report", "/cases/{public}/report", ANY, {"reason": "other"}),
    ("GET", "/login", "/login", ANY, None),
    ("POST", "/login", "/login", ANY, {"email": "bob@example.test",
                                       "password": "correct-horse-battery"}),
    ("POST", "/logout", "/logout", ANY, {}),
    ("GET", "/register", "/register", ANY, None),
    ("POST", "/register", "/register", ANY, {"email": "new@example.test", "display_name": "N",
                                             "password": "long-enough-password"}),
    ("GET", "/account", "/account", USER, None),
    ("POST", "/account/confirm-policy", "/account/confirm-policy", USER, {"confirm": "yes"}),
    ("GET", "/cases/new", "/cases/new", USER, None),
    ("POST", "/cases/new", "/cases/new", USER, {"title": "T", "body": "A 3 cm mass.",
                                                "nonce": "walk-nonce-1"}),
    ("POST", "/cases/{case_id}/files", "/cases/{draft}/files", OWNER, {"@files": True}),
    ("GET", "/cases/{case_id}/review", "/cases/{draft}/review", OWNER, None),
    ("POST", "/cases/{case_id}/findings/{finding_id}", "/cases/{draft}/findings/{finding}",
     OWNER, {"action": "accept"}),
    ("POST", "/cases/{case_id}/accept-all", "/cases/{draft}/accept-all", OWNER, {}),
    ("POST", "/cases/{case_id}/publish", "/cases/{draft}/publish", OWNER, {}),
    ("POST", "/decisions/{decision_id}/appeal", "/decisions/{decision}/appeal", OWNER,
     {"text": "please"}),
    ("GET", "/moderation", "/moderation", STAFF, None),
    ("GET", "/moderation/cases/{case_id}", "/moderation/cases/{quarantined}", STAFF, None),
    ("POST", "/moderation/cases/{case_id}/decide", "/moderation/cases/{quarantined}/decide",
     STAFF, {"action": "dismiss_restore", "statement": "Not identifying."}),
    ("POST", "/moderation/appeals/{appeal_id}", "/moderation/appeals/{appeal}", STAFF,
     {"outcome": "upheld", "statement": "Stands."}),
    ("GET", "/admin", "/admin", ADMIN, None),
    ("POST", "/admin/users/{user_id}/role", "/admin/users/{bob}/role", ADMIN,
     {"role": "contributor"}),
    ("POST", "/admin/strikes/{strike_id}/lift", "/admin/strikes/{strike}/lift", ADMIN,
     {"reason": "Lifted on review."}),
    ("POST", "/admin/institutions", "/admin/institutions", ADMIN, {"name": "Walk Hospital"}),
    ("GET", "/institutions/{inst_id}", "/institutions/{institution}", ADMIN, None),
    ("POST", "/institutions/{inst_id}/policy", "/institutions/{institution}/policy", ADMIN,
     {"policy": "[categories.NAME]\naction = \"redact\"\n"}),
    ("GET", "/admin/audit", "/admin/audit", ADMIN, None),
    ("GET", "/admin/audit/export", "/admin/audit/export", ADMIN, None),
    ("GET", "/api/csrf", "/api/csrf", ANY, None),
    ("GET", "/api/cases", "/api/cases", ANY, None),
    ("GET", "/api/cases/{case_id}", "/api/cases/{public}", ANY, None),
    ("GET", "/api/cases/{case_id}", "/api/cases/{draft}", OWNER_STAFF, None),
    ("POST", "/api/cases/{case_id}/reports", "/api/cases/{public}/reports", ANY,
     {"reason": "other"}),
    ("GET", "/api/me", "/api/me", USER, None),
    ("GET", "/api/my/cases", "/api/my/cases", USER, None),
    ("GET", "/api/cases/{case_id}/status", "/api/cases/{draft}/status", OWNER, None),
    ("GET", "/api/cases/{case_id}/findings", "/api/cases/{draft}/findings", OWNER, None),
    ("POST", "/api/cases/{case_id}/findings/{finding_id}",
     "/api/cases/{draft}/findings/{finding}", OWNER, {"action": "accept"}),
    ("POST", "/api/cases/{case_id}/publish", "/api/cases/{draft}/publish", OWNER, {}),
    ("GET", "/api/moderation/queue", "/api/moderation/queue", STAFF, None),
    ("POST", "/api/moderation/cases/{case_id}/decisions",
     "/api/moderation/cases/{quarantined}/decisions", STAFF,
     {"action": "dismiss_restore", "statement": "Not identifying."}),
    ("GET", "/api/audit", "/api/audit", ADMIN, None),
    ("GET", "/api/audit/verify", "/api/audit/verify", ADMIN, None),
]


def _seed(world: Any) -> dict[str, int]:
    p, ids = world.platform, dict(world.ids)
    stamp = now()
    with p.db.write() as session:
        def case(state: str) -> CaseRow:
            row = CaseRow(owner_id=ids["alice"], title=f"{state} case", state=state,
                          key_hex="11" * 32, policy_version="test", processing="done",
                          risk={}, submission_nonce=secrets.token_hex(8), created_at=stamp,
                          updated_at=stamp, published_at=stamp if state != "draft" else None,
                          previous_state="published" if state == "quarantined" else None)
            session.add(row)
            session.flush()
            key = f"cases/{row.id}/docs/0.md"
            p.blobs.put(key, b"A 3 cm mass, seen by [NAME].")
            doc = DocumentRow(case_id=row.id, name="case text", kind="body", blob_key=key)
            session.add(doc)
            session.flush()
            ids[state] = row.id
            ids[f"{state}_doc"] = doc.id
            return row
        case("published")
        ids["public"], ids["public_doc"] = ids["published"], ids["published_doc"]
        draft = case("draft")
        quarantined = case("quarantined")
        finding = FindingRow(document_id=ids["draft_doc"], category="NAME", start=20, end=26,
                             original="Smith", replacement="[NAME]")
        session.add(finding)
        session.add(ReportRow(reference="R-WALK", case_id=quarantined.id,
                              reason="personal_information", created_at=stamp))
        decision = Decision(case_id=draft.id, moderator_id=ids["mod2"], uploader_id=ids["alice"],
                            action="push_back", statement="Pushed back.", breach=True,
                            policy_version="test", created_at=stamp)
        session.add(decision)
        session.flush()
        strike = Strike(user_id=ids["bob"], decision_id=None, created_at=stamp)
        appeal = Appeal(decision_id=decision.id, text="Please reconsider.", created_at=stamp)
        session.add_all([strike, appeal])
        session.flush()
        ids.update(finding=finding.id, decision=decision.id, strike=strike.id, appeal=appeal.id)
    return ids


def _denied(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return bool(response.status_code == 303
                and response.headers["location"].startswith("/login"))


def test_every_route_has_a_row(world) -> None:  # type: ignore[no-untyped-def]
    routers = [m.router for m in (api, pages_account, pages_public, pages_staff)]
    served = {(m, r.path) for router in routers for r in router.routes
              for m in getattr(r, "methods", None) or ()}
    listed = {(m, path) for m, path, *_ in ROUTES}
    assert served == listed


@pytest.mark.parametrize(("method", "route", "url", "allowed", "body"), ROUTES,
                         ids=[f"{r[0]} {r[2]}" for r in ROUTES])
def test_route_access(world, method, route, url, allowed, body) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(world)
    target = url.format(**ids)
    # refused callers first, so that an allowed call cannot change what they see
    for who in sorted(WHO, key=lambda w: w in allowed):
        client = world.client(None if who == "anonymous" else who)
        if method == "GET":
            response = client.get(target)
        elif target.startswith("/api/"):
            response = client.api(method, target, body)
        elif body and body.get("@files"):
            response = client.post(target, {}, files=[("files", ("more.txt", b"3 cm",
                                                                 "text/plain"))])
        else:
            response = client.post(target, body)
        assert response.status_code < 500, (who, response.text)
        if who in allowed:
            assert not _denied(response), (who, response.status_code, response.text[:300])
        else:
            assert _denied(response), (who, response.status_code, response.text[:300])
    world.wait()
