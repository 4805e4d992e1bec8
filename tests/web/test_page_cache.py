"""The cache of public pages: readers get cached pages, and never a quarantined case.

A report of personal information must hide its case from the very next request,
including requests answered by another process (another application on the same
database stands in for a second uvicorn worker).
"""

from __future__ import annotations

import secrets

import pytest

from caseguard.store.models import CaseRow, DocumentRow
from caseguard.web.app import create_app
from caseguard.web.cache import PLACEHOLDER
from caseguard.web.security import CSRF_COOKIE, now

from .conftest import Browser, World

TEXT = "A woman in her 50s with a 2.1 cm mass in the left lower lobe."


def publish_sample(world: World, title: str = "Sample lung mass") -> int:
    with world.platform.db.write() as session:
        stamp = now()
        case = CaseRow(owner_id=world.ids["alice"], title=title, state="published",
                       visibility="public", key_hex="00", policy_version="test",
                       processing="done", risk={}, submission_nonce=secrets.token_hex(8),
                       created_at=stamp, updated_at=stamp, published_at=stamp)
        session.add(case)
        session.flush()
        key = f"cases/{case.id}/docs/0.md"
        world.platform.blobs.put(key, TEXT.encode())
        case.documents.append(DocumentRow(name="case text", kind="body", blob_key=key))
        case_id: int = case.id
        return case_id


def listed(reader: Browser, case_id: int) -> bool:
    in_page = f'href="/cases/{case_id}"' in reader.get("/").text
    in_api = any(c["id"] == case_id for c in reader.get("/api/cases").json()["cases"])
    assert in_page == in_api
    return in_page


PAGES = ["/cases/{id}", "/api/cases/{id}"]


def test_readers_get_cached_pages_with_their_own_csrf_token(world) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    first, second = world.client(), world.client()
    assert first.csrf != second.csrf
    store = world.platform.pages
    for reader in (first, second, first):
        page = reader.get(f"/cases/{case_id}")
        assert page.status_code == 200 and TEXT in page.text
        assert f'value="{reader.csrf}"' in page.text and PLACEHOLDER not in page.text
        assert "nosniff" in page.headers["x-content-type-options"]
    assert store.hits >= 2
    # the cached form still works: the token in the page is the reader's own
    token = first.get(f"/cases/{case_id}").text.split('name="csrf" value="')[1].split('"')[0]
    assert token == first.csrf


def test_new_reader_without_cookie_gets_a_token_from_a_cached_page(world) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    world.client().get(f"/cases/{case_id}")  # warm
    fresh = world.client()
    fresh.http.cookies.clear()
    page = fresh.http.get(f"/cases/{case_id}")
    assert page.status_code == 200
    token = page.cookies.get(CSRF_COOKIE)
    assert token and f'value="{token}"' in page.text


@pytest.mark.parametrize("path", PAGES)
def test_quarantine_hides_a_cached_case_at_once(world, path: str) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    reader, reporter = world.client(), world.client()
    url = path.format(id=case_id)
    for _ in range(3):  # cached now
        assert reader.get(url).status_code == 200
    assert listed(reader, case_id)
    report = reporter.post(f"/cases/{case_id}/report", {"reason": "personal_information"})
    assert report.status_code == 201
    assert reader.get(url).status_code == 404
    assert not listed(reader, case_id)


def test_quarantine_by_another_process_hides_the_case_here(world) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    reader = world.client()
    for url in (f"/cases/{case_id}", f"/api/cases/{case_id}", "/", "/api/cases"):
        assert reader.get(url).status_code == 200
        assert reader.get(url).status_code == 200
    hits = world.platform.pages.hits
    assert hits >= 4
    other = create_app(world.settings)  # a second worker process on the same database
    try:
        from fastapi.testclient import TestClient

        with TestClient(other) as http:
            reporter = Browser(http)
            response = reporter.api("POST", f"/api/cases/{case_id}/reports",
                                    {"reason": "identifiable_patient"})
            assert response.status_code == 201 and response.json()["case_hidden"]
    finally:
        other.state.platform.db.dispose()
    assert reader.get(f"/cases/{case_id}").status_code == 404
    assert reader.get(f"/api/cases/{case_id}").status_code == 404
    assert not listed(reader, case_id)


def test_restored_case_and_edited_text_show_at_once(world) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    reader = world.client()
    reader.get(f"/cases/{case_id}")
    reader.post(f"/cases/{case_id}/report", {"reason": "personal_information"})
    assert reader.get(f"/cases/{case_id}").status_code == 404
    decided = world.client("mod").post(f"/moderation/cases/{case_id}/decide", {
        "action": "redact_restore", "statement": "An age was too precise.",
        "redacted_text": "A woman with a lung mass."})
    assert decided.status_code == 303, decided.text
    page = reader.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "A woman with a lung mass." in page.text and TEXT not in page.text


def test_signed_in_and_odd_cookies_bypass_the_cache(world) -> None:  # type: ignore[no-untyped-def]
    case_id = publish_sample(world)
    world.client().get(f"/cases/{case_id}")  # warm for anonymous readers
    alice = world.client("alice")
    assert "Sign out (Alice)" in alice.get(f"/cases/{case_id}").text
    odd = world.client()
    odd.http.cookies.clear()
    odd.http.cookies.set(CSRF_COOKIE, '"><script>alert(1)</script>')
    page = odd.http.get(f"/cases/{case_id}")
    assert "<script>alert" not in page.text and PLACEHOLDER not in page.text


def test_static_files_carry_caching_headers(world) -> None:  # type: ignore[no-untyped-def]
    response = world.client().get("/static/app.css")
    assert response.status_code == 200
    assert "max-age=3600" in response.headers["cache-control"]
    assert response.headers.get("etag")


def test_progress_reports_keep_cached_pages_and_state_changes_drop_them(world: World) -> None:
    case_id = publish_sample(world)
    reader = world.client()
    reader.get(f"/cases/{case_id}")
    store = world.platform.pages
    with world.platform.db.write() as session:
        case = session.get(CaseRow, case_id)
        assert case is not None
        case.processing, case.progress = "done", "1 document(s) ready for review"
    hits = store.hits
    reader.get(f"/cases/{case_id}")
    assert store.hits == hits + 1
    with world.platform.db.write() as session:
        case = session.get(CaseRow, case_id)
        assert case is not None
        case.title = "Lung mass, revised"
    assert "Lung mass, revised" in reader.get(f"/cases/{case_id}").text
    assert store.hits == hits + 1
