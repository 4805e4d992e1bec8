"""Resolve overlapping findings into one finding per stretch of text.

Recall comes first: the union of everything found stays covered. Where findings
overlap, the merged finding spans them all and takes the category of the most
confident one (ties go to the longer span), with every reason kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from caseguard.findings import Finding, Span

__all__ = ["merge_findings"]


def merge_findings(findings: Iterable[Finding], text: str) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    merged: list[list[Finding]] = []
    end = -1
    for finding in ordered:
        if merged and finding.start < end:
            merged[-1].append(finding)
            end = max(end, finding.end)
        else:
            merged.append([finding])
            end = finding.end
    return [_combine(group, text) for group in merged]


def _combine(group: list[Finding], text: str) -> Finding:
    if len(group) == 1:
        return group[0]
    best = max(group, key=lambda f: (f.confidence, len(f.span)))
    start = min(f.start for f in group)
    end = max(f.end for f in group)
    detectors = sorted({f.detector for f in group})
    others = [f for f in group if f is not best]
    why = best.explanation + "".join(
        f"; also {f.detector} ({f.category.value}: {f.explanation})" for f in others
    )
    return Finding(
        best.category, Span(start, end), text[start:end], "+".join(detectors)
        if len(detectors) > 1 else best.detector,
        best.confidence, why, best.action,
    )
