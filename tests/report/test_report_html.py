"""report.html: self-contained, escaped, and readable in a real browser without scripts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from case.build import PHI_TEXT, ct_series, photo
from caseguard.case import CaseReport, scrub_case
from caseguard.report import render_html, view

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
HOSTILE = "<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\">"


@pytest.fixture(scope="module")
def scrubbed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseReport]:
    root = tmp_path_factory.mktemp("report")
    case = root / "case"
    case.mkdir()
    (case / "case.md").write_text(PHI_TEXT + "\nNote: " + HOSTILE + "\n")
    photo(case / "photos" / "okonkwo_knee.jpg")
    ct_series(case / "ct", 2, description="AX CHEST")
    out = root / "out"
    return out, scrub_case(case, out, key="k", case_id="case-042")


def test_page_is_self_contained_and_escaped(scrubbed: tuple[Path, CaseReport]) -> None:
    html = (scrubbed[0] / "report.html").read_text()
    assert "&lt;script&gt;window.pwned" in html
    assert "<script" not in html.lower()
    assert "onerror=\"window" not in html
    for attribute in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html):
        assert attribute.startswith("data:"), attribute
    assert "http-equiv=\"Content-Security-Policy\"" in html


def test_view_holds_what_the_page_shows(scrubbed: tuple[Path, CaseReport]) -> None:
    data = view(scrubbed[1])
    assert data["verdict"]["status"] in {"blocked", "review", "ready"}
    marks = [s["mark"] for t in data["texts"] for s in t["segments"] if s["mark"]]
    assert {"NAME", "ID_NUMBER", "DATE", "PHONE"} <= {m["category"] for m in marks}
    assert all("confidence" in m["tip"] for m in marks)
    text = "".join(s["text"] for s in data["texts"][0]["segments"])
    assert text == scrubbed[1].documents_of("text")[0].text, "segments rebuild the text"
    assert data["series"][0]["files"] == 2
    assert data["images"][0]["preview"].startswith("data:image/")
    assert data["names"][0]["renamed_to"] == "photo-01.jpg"


def test_rendering_is_deterministic(scrubbed: tuple[Path, CaseReport]) -> None:
    assert render_html(scrubbed[1]) == render_html(scrubbed[1])


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_report_in_headless_chromium(scrubbed: tuple[Path, CaseReport]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    out, report = scrubbed
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900},
                                    java_script_enabled=True)
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "report.html").as_uri())
            verdict = page.locator("#verdict h2").inner_text()
            assert report.verdict.status.label in verdict
            marks = page.locator("#text mark")
            assert marks.count() >= 4
            title = marks.first.get_attribute("title") or ""
            assert "confidence" in title
            assert HOSTILE.split(" <img")[0] in page.locator("#text").inner_text()
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert "Series 1" in page.locator("#dicom tr.series").first.inner_text()
            risk = page.locator("#risk").inner_text()
            assert "quasi identifiers" in risk or "No factor" in risk
            assert page.locator("#images img").count() == 1
            assert all(url.startswith(("file:", "data:")) for url in requests), requests
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            shutil.copy(out / "report.html", ARTIFACTS / "report.html")
        finally:
            browser.close()
