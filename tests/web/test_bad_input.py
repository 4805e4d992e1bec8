"""Bad input gets a clear message and the right status, and never a half-created case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from case.build import zip_bytes
from caseguard.store.models import CaseRow, SessionRow
from caseguard.web.security import now

from .helpers import case_id_of, case_state, make_trusted, upload


def _cases(world) -> int:  # type: ignore[no-untyped-def]
    with world.platform.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(CaseRow)) or 0)


BAD_UPLOADS = [
    ("oversized", [("big.txt", b"a" * 2_100_000, "text/plain")], 413, "too large"),
    ("wrong type", [("tool.exe", b"MZ\x90\x00", "application/octet-stream")], 415,
     "not accepted"),
    ("binary as text", [("notes.txt", b"\x00\x01\x02" * 10, "text/plain")], 415, "binary"),
    ("not a zip", [("case.zip", b"plain text", "application/zip")], 415, "not a zip"),
    ("zip traversal", [("case.zip", zip_bytes({"../../etc/evil.txt": b"x"}), "application/zip")],
     400, "refused"),
    ("fake dicom", [("scan.dcm", b"not dicom at all", "application/dicom")], 415, "DICOM"),
]


@pytest.mark.parametrize(("label", "files", "status", "message"), BAD_UPLOADS,
                         ids=[b[0] for b in BAD_UPLOADS])
def test_bad_upload_is_refused_before_a_case_exists(world, label, files, status, message) -> None:  # type: ignore[no-untyped-def]
    alice = world.client("alice")
    response = upload(alice, files=files)
    assert response.status_code == status, response.text
    assert message in response.text
    assert _cases(world) == 0


MALFORMED = [
    ({"body": "text", "nonce": "abcdefgh12"}, "title"),
    ({"title": "x", "body": "text"}, "nonce"),
    ({"title": "x", "nonce": "abcdefgh12"}, "Add the case text"),
]


@pytest.mark.parametrize(("form", "message"), MALFORMED)
def test_malformed_forms(world, form, message) -> None:  # type: ignore[no-untyped-def]
    response = world.client("alice").post("/cases/new", form)
    assert response.status_code == 400
    assert message in response.text
    assert _cases(world) == 0


def test_double_submission_creates_one_case(world) -> None:  # type: ignore[no-untyped-def]
    alice = world.client("alice")
    first = upload(alice, nonce="same-nonce-123")
    second = upload(alice, nonce="same-nonce-123")
    assert first.status_code == 303
    assert second.status_code == 409 and "already submitted" in second.text
    world.wait()
    assert _cases(world) == 1


def test_expired_session(world) -> None:  # type: ignore[no-untyped-def]
    alice = world.client("alice")
    with world.platform.db.write() as session:
        session.execute(update(SessionRow).values(expires_at=now() - timedelta(hours=1)))
    page = alice.get("/account")
    assert page.status_code == 303 and "expired=1" in page.headers["location"]
    assert "session has expired" in alice.get(page.headers["location"]).text
    assert alice.get("/api/me").status_code == 401
    assert upload(alice).status_code == 303  # to the sign-in page, nothing created
    assert _cases(world) == 0


def test_missing_csrf_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    alice = world.client("alice")
    response = alice.http.post("/cases/new", data={"title": "x", "body": "y",
                                                   "nonce": "abcdefgh12"})
    assert response.status_code == 403 and "reload the page" in response.text
    assert alice.http.post("/api/cases/1/publish").status_code == 403


def test_report_on_removed_case_is_gone(world) -> None:  # type: ignore[no-untyped-def]
    make_trusted(world, "alice")
    alice = world.client("alice")
    case_id = case_id_of(upload(alice, body="A 3 cm mass."))
    world.wait()
    alice.post(f"/cases/{case_id}/accept-all")
    alice.post(f"/cases/{case_id}/publish")
    world.client("mod").post(f"/moderation/cases/{case_id}/decide", {
        "action": "remove", "statement": "Removed for the test."})
    assert case_state(world, case_id) == "removed"
    reader = world.client()
    response = reader.post(f"/cases/{case_id}/report", {"reason": "other"})
    assert response.status_code == 410 and "already been removed" in response.text
    api = reader.api("POST", f"/api/cases/{case_id}/reports", {"reason": "other"})
    assert api.status_code == 410
    bad_reason = reader.api("POST", f"/api/cases/{case_id}/reports", {"reason": "spite"})
    assert bad_reason.status_code == 422


def test_login_and_report_rate_limits(world) -> None:  # type: ignore[no-untyped-def]
    client = world.client()
    codes = [client.post("/login", {"email": "alice@example.test", "password": "wrong"})
             .status_code for _ in range(world.settings.login_attempts + 1)]
    assert codes[:-1] == [401] * world.settings.login_attempts
    assert codes[-1] == 429
    codes = [client.post("/cases/999/report", {"reason": "other"}).status_code
             for _ in range(world.settings.report_limit + 1)]
    assert codes[-1] == 429 and codes[0] == 404
