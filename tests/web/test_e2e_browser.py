"""End to end in a real browser (Debian's Chromium driven by Playwright): a contributor
uploads a case with PHI, resolves the findings and publishes; a reader reports it; the
case disappears at once; a moderator removes it; the uploader sees the statement and a
strike. Screenshots of each step go to artifacts/e2e/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import PASSWORD
from .helpers import CASE_TEXT, PHI, make_trusted

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(world):  # type: ignore[no-untyped-def]
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_publish_report_remove_in_a_browser(world, server) -> None:  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    make_trusted(world, "alice")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            def sign_in(context, email: str):  # type: ignore[no-untyped-def]
                page = context.new_page()
                page.goto(f"{server}/login")
                page.fill("input[name=email]", email)
                page.fill("input[name=password]", PASSWORD)
                page.click("form.narrow button[type=submit]")
                page.wait_for_url(f"{server}/")
                return page

            uploader = browser.new_context()
            page = sign_in(uploader, "alice@example.test")
            page.goto(f"{server}/cases/new")
            page.fill("input[name=title]", "Lung mass")
            page.fill("textarea[name=body]", CASE_TEXT)
            page.screenshot(path=str(ARTIFACTS / "1-upload.png"), full_page=True)
            page.click("form[data-once] button[type=submit]")
            page.wait_for_selector("mark.finding", timeout=30_000)
            assert page.is_disabled("#publish")
            page.screenshot(path=str(ARTIFACTS / "2-findings.png"), full_page=True)
            # resolve every finding with the keyboard: j to the next, a to accept
            count = page.locator("mark.finding").count()
            for _ in range(count):
                page.keyboard.press("j")
                page.keyboard.press("k")
                page.keyboard.press("a")
            page.wait_for_selector("#publish:not([disabled])", timeout=10_000)
            page.screenshot(path=str(ARTIFACTS / "3-resolved.png"), full_page=True)
            page.click("#publish")
            page.wait_for_url("**/account?notice=Published")
            case_id = world_case_id(world)

            reader = browser.new_context().new_page()
            reader.goto(f"{server}/cases/{case_id}")
            for value in PHI.values():
                assert value not in reader.content()
            reader.check("input[value=personal_information]")
            reader.fill("textarea[name=details]", "The patient's name is in the text.")
            reader.screenshot(path=str(ARTIFACTS / "4-case-page.png"), full_page=True)
            reader.click("section.report button[type=submit]")
            reference = reader.locator(".reference").inner_text()
            assert reference.startswith("R-")
            reader.screenshot(path=str(ARTIFACTS / "5-reported.png"), full_page=True)
            reader.goto(f"{server}/")
            assert f"/cases/{case_id}" not in reader.content()
            assert reader.goto(f"{server}/cases/{case_id}").status == 404
            reader.screenshot(path=str(ARTIFACTS / "6-hidden.png"), full_page=True)

            moderator = sign_in(browser.new_context(), "mod@example.test")
            moderator.goto(f"{server}/moderation")
            moderator.click(f"a[href='/moderation/cases/{case_id}']")
            moderator.check("input[value=remove]")
            moderator.fill("textarea[name=statement]", "The patient's full name was published.")
            moderator.check("input[name=breach]")
            moderator.screenshot(path=str(ARTIFACTS / "7-moderation.png"), full_page=True)
            moderator.click("form.decision button[type=submit]")
            moderator.wait_for_url("**/moderation?notice=*")

            page.goto(f"{server}/account")
            text = page.content()
            assert "The patient&#39;s full name was published." in text or \
                "The patient's full name was published." in text
            assert page.locator(".discipline").count() == 1
            assert page.locator(".strike").count() == 1
            page.screenshot(path=str(ARTIFACTS / "8-statement-and-strike.png"), full_page=True)
        finally:
            browser.close()


def world_case_id(world) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from caseguard.store.models import CaseRow

    with world.platform.db.read() as session:
        return int(session.scalars(select(CaseRow.id).where(CaseRow.title == "Lung mass")).one())
