"""``report.html``: one self-contained page a contributor or moderator reads.

The page holds everything inline (CSS in a ``<style>``, images as ``data:`` URIs) and
needs neither network nor JavaScript: hovering a highlight shows its detector, confidence
and explanation through ``title`` attributes and a CSS tooltip. A Content-Security-Policy
forbids every script, and every value from the case goes through Jinja's autoescaping:
case text is untrusted and is shown, never run.

`view` turns a `CaseReport` into plain data for the template (tested on its own);
`render_html` renders it.
"""

from __future__ import annotations

import base64
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from caseguard.case.report import CaseReport
from caseguard.case.verdict import LOW_CONFIDENCE
from caseguard.findings import DocumentReport
from caseguard.textio import write_atomic

__all__ = ["render_html", "segments", "view", "write_html"]

_TEMPLATES = "data/report"
# Annex E action codes as a reader would say them
ACTIONS = {"X": "removed", "Z": "emptied", "D": "replaced", "U": "UID remapped",
           "C": "cleaned", "K": "kept"}


def segments(doc: DocumentReport) -> list[dict[str, Any]]:
    """The text cut into plain runs and marked findings, in order."""
    replacements = {(c.finding.start, c.finding.end): c.replacement for c in doc.changes}
    out: list[dict[str, Any]] = []
    cursor = 0
    for f in sorted(doc.findings, key=lambda f: (f.start, -f.end)):
        if f.start < cursor or f.end > len(doc.text):
            continue
        if f.start > cursor:
            out.append({"text": doc.text[cursor:f.start], "mark": None})
        replacement = replacements.get((f.start, f.end))
        tip = (f"{f.category.value} · {f.detector} · confidence {f.confidence:.2f}\n"
               f"{f.explanation}")
        if replacement is not None:
            tip += f"\nreplaced by: {replacement}"
        elif f.action is not None:
            tip += f"\naction: {f.action.value}"
        out.append({
            "text": doc.text[f.start:f.end],
            "mark": {"category": f.category.value, "tip": tip,
                     "low": f.confidence < LOW_CONFIDENCE, "replacement": replacement},
        })
        cursor = f.end
    if cursor < len(doc.text):
        out.append({"text": doc.text[cursor:], "mark": None})
    return out


def _image(source: str, report: CaseReport) -> dict[str, Any]:
    outcome = report.images[source]
    result = outcome.result
    boxes = []
    width, height = outcome.size or (0, 0)
    for f in result.findings:
        if f.box is None or not width or not height:
            continue
        left, top, right, bottom = f.box
        boxes.append({
            "left": 100 * left / width, "top": 100 * top / height,
            "width": 100 * (right - left) / width, "height": 100 * (bottom - top) / height,
            "tip": f"{f.category.value} · {f.detector} · confidence {f.confidence:.2f}\n"
                   f"{f.explanation}",
        })
    preview = None
    if outcome.preview:
        encoded = base64.b64encode(outcome.preview).decode("ascii")
        preview = f"data:{outcome.preview_type};base64,{encoded}"
    return {
        "source": source, "new_name": report.renamed.get(source), "format": result.format,
        "preview": preview, "boxes": boxes, "blocked": result.blocked_reason,
        "findings": [f.to_dict() for f in result.findings], "actions": list(result.actions),
        "note": outcome.note,
    }


def view(report: CaseReport) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    texts = [d for d in report.documents if d.kind == "text" and not d.error]
    names = [d for d in report.documents if d.kind == "name"]
    dicom = report.documents_of("dicom")
    counts = Counter(f.category.value for f in report.findings)
    return {
        "case_id": report.case_id,
        "scrubbed": report.scrubbed,
        "verdict": report.verdict.to_dict(),
        "policy_version": report.policy_version,
        "counts": sorted(counts.items()),
        "texts": [{"source": d.source, "new_name": report.renamed.get(d.source),
                   "segments": segments(d), "findings": len(d.findings)} for d in texts],
        "names": [{"source": d.source, "renamed_to": d.details.get("renamed_to", ""),
                   "folder": d.details.get("folder", False), "segments": segments(d)}
                  for d in names],
        "images": [_image(source, report) for source in report.images],
        "series": [{**s.to_dict(), "actions": {f"{ACTIONS.get(a, a)} ({a})": n
                                               for a, n in sorted(s.actions.items())}}
                   for s in report.series],
        "dicom_files": len(dicom),
        "dicom_attributes": sum(len(d.details.get("changes", [])) for d in dicom),
        "risk": report.risk.to_dict() if report.risk else None,
        "failures": [{"source": d.source, "error": d.error, "kind": d.error_kind}
                     for d in report.failures],
        "explain": report.explain(),
        "low_confidence": LOW_CONFIDENCE,
    }


def _environment() -> jinja2.Environment:
    folder = resources.files("caseguard").joinpath(_TEMPLATES)
    loader = jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def render_html(report: CaseReport) -> str:
    """The report as one self-contained HTML page."""
    env = _environment()
    css = resources.files("caseguard").joinpath(f"{_TEMPLATES}/report.css").read_text("utf-8")
    return env.get_template("report.html.j2").render(css=css, **view(report))


def write_html(report: CaseReport, path: Path) -> None:
    """Write ``report.html`` for a report (whole file or nothing)."""
    write_atomic(path, render_html(report).encode("utf-8"))
