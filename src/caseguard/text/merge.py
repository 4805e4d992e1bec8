"""Resolve overlapping findings into one finding per stretch of text.

Recall comes first: the union of everything found stays covered. Where findings
overlap, the merged finding spans them all and takes the category of the most
confident one (ties go to the longer span), with every reason kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from caseguard.findings import Finding, Span

__all__ = ["merge_findings"]


def _position(finding: Finding) -> tuple[int, int]:
    span = finding.span
    return span.start, -span.end


def merge_findings(findings: Iterable[Finding], text: str) -> list[Finding]:
    merged: list[Finding] = []
    group: list[Finding] = []
    end = -1
    for finding in sorted(findings, key=_position):
        span = finding.span
        if group and span.start < end:
            group.append(finding)
            if span.end > end:
                end = span.end
        else:
            if group:
                merged.append(group[0] if len(group) == 1 else _combine(group, text))
            group = [finding]
            end = span.end
    if group:
        merged.append(group[0] if len(group) == 1 else _combine(group, text))
    return merged


def _combine(group: list[Finding], text: str) -> Finding:
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
