"""The verdict table: what blocks a case, what sends it to review, what lets it through."""

from __future__ import annotations

import pytest

from caseguard.case.engines import ImageOutcome, RiskView
from caseguard.case.report import CaseReport, Series
from caseguard.case.verdict import decide
from caseguard.findings import Category, DocumentReport, Finding, Span
from caseguard.image.result import ImageFinding, ImageResult


def _finding(confidence: float) -> Finding:
    return Finding(Category.NAME, Span(0, 5), "Smith", "names", confidence, "surname")


def _report(**changes: object) -> CaseReport:
    report = CaseReport(scrubbed=True, risk=RiskView("low", 0.1))
    for name, value in changes.items():
        setattr(report, name, value)
    return report


def _face() -> dict[str, ImageOutcome]:
    face = ImageFinding(Category.FACE, "pixels (frame)", "", "centerface", 0.9, "face",
                        box=(1, 1, 5, 5))
    return {"face.jpg": ImageOutcome(ImageResult("face.jpg", findings=[face],
                                                 blocked_reason="a face is visible"))}


CASES = [
    ("clean", {}, "ready", "no identifying information"),
    ("refused file", {"documents": [DocumentReport("x.mp4", error="not handled",
                                                   error_kind="UnsupportedInput")]},
     "blocked", "x.mp4 was refused"),
    ("face under faces=block", {"images": _face()}, "blocked", "a face is visible"),
    ("high risk", {"risk": RiskView("high", 2.4)}, "blocked", "risk is high"),
    ("review risk", {"risk": RiskView("review", 1.2)}, "review", "needs review"),
    ("risk not assessed", {"risk": RiskView("review", 0, [], False, "not assessed")},
     "review", "not assessed"),
    ("burned-in text", {"series": [Series("k", "Series 1 · US", files=3, pixel_check=3)]},
     "review", "burned-in text"),
    ("low confidence", {"documents": [DocumentReport("a.md", "Smith",
                                                     findings=[_finding(0.4)])]},
     "review", "low confidence"),
    ("confident finding", {"documents": [DocumentReport("a.md", "Smith",
                                                        findings=[_finding(0.9)])]},
     "ready", "no identifying information"),
    ("image not checked", {"images": {"a.png": ImageOutcome(ImageResult("a.png"), False,
                                                            "not checked")}},
     "review", "not checked"),
]


@pytest.mark.parametrize("label, changes, status, reason", CASES, ids=[c[0] for c in CASES])
def test_verdict(label: str, changes: dict[str, object], status: str, reason: str) -> None:
    verdict = decide(_report(**changes))
    assert verdict.status == status
    assert any(reason in r for r in verdict.reasons), verdict.reasons
    if status != "ready":
        assert verdict.todo, "a case that is not ready says what to do"


def test_check_of_an_unscrubbed_case_says_to_scrub_first() -> None:
    report = _report(scrubbed=False, documents=[DocumentReport("a.md", "Smith",
                                                               findings=[_finding(0.9)])])
    assert decide(report).todo[0].startswith("Run `caseguard scrub`")
