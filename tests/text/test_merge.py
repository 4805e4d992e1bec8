"""Overlapping findings become one finding per stretch of text, nothing lost."""

from __future__ import annotations

import random

import pytest

from caseguard.findings import Category, Finding, Span
from caseguard.text.merge import merge_findings

TEXT = "Seen by Dr Jane Okafor on 3 March 2021 at 12 Baker Street, Leeds."


def finding(start: int, end: int, category: Category, detector: str, confidence: float,
            why: str = "pattern") -> Finding:
    return Finding(category, Span(start, end), TEXT[start:end], detector, confidence, why)


def test_apart_and_touching_findings_stay_apart() -> None:
    a = finding(11, 15, Category.NAME, "names", 0.8)
    b = finding(15, 22, Category.NAME, "names", 0.8)  # touches a: end == start
    c = finding(26, 38, Category.DATE, "date-written", 0.95)
    assert merge_findings([c, b, a], TEXT) == [a, b, c]


def test_overlap_takes_the_most_confident_category_and_keeps_every_reason() -> None:
    name = finding(8, 22, Category.NAME, "names", 0.7, "title cue")
    street = finding(11, 22, Category.ADDRESS, "street-address", 0.9, "street shape")
    date = finding(20, 30, Category.DATE, "date-written", 0.5, "pattern day-month")
    [merged] = merge_findings([date, street, name], TEXT)
    assert (merged.start, merged.end, merged.text) == (8, 30, TEXT[8:30])
    assert merged.category is Category.ADDRESS and merged.confidence == 0.9
    assert merged.detector == "date-written+names+street-address"
    assert merged.explanation == (
        "street shape; also names (NAME: title cue); also date-written (DATE: pattern day-month)"
    )


def test_equal_confidence_goes_to_the_longer_span() -> None:
    short = finding(11, 15, Category.INITIALS, "initials", 0.8)
    long = finding(11, 22, Category.NAME, "names", 0.8)
    [merged] = merge_findings([short, long], TEXT)
    assert merged.category is Category.NAME and merged.detector == "initials+names"


def _reference(findings: list[Finding]) -> list[list[Finding]]:
    """The groups a merge must form: runs of findings, in position order, that overlap."""
    groups: list[list[Finding]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if groups and f.start < end:
            groups[-1].append(f)
            end = max(end, f.end)
        else:
            groups.append([f])
            end = f.end
    return groups


@pytest.mark.parametrize("seed", range(20))
def test_random_findings_merge_into_the_overlapping_runs(seed: int) -> None:
    rng = random.Random(seed)
    findings = []
    for _ in range(rng.randint(0, 30)):
        start = rng.randrange(len(TEXT) - 1)
        end = rng.randint(start + 1, min(len(TEXT), start + 12))
        findings.append(finding(start, end, rng.choice(list(Category)[:6]),
                                rng.choice(["a", "b", "c"]), rng.choice([0.4, 0.6, 0.8])))
    merged = merge_findings(findings, TEXT)
    groups = _reference(findings)
    assert len(merged) == len(groups)
    for out, group in zip(merged, groups, strict=True):
        assert (out.start, out.end) == (min(f.start for f in group), max(f.end for f in group))
        assert out.text == TEXT[out.start : out.end]
        if len(group) == 1:
            assert out is group[0]
        else:
            assert out.confidence == max(f.confidence for f in group)
            assert out.detector.split("+") == sorted({f.detector for f in group})
