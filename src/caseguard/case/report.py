"""The report of one case: every document's findings, plus what only a whole case has.

`CaseReport` is a `Report` (so everything that reads a report reads this one) with the
case's verdict, its re-identification risk, the names it renamed, its DICOM series
summarised and the image previews for ``report.html``. `explain` lists, for every finding
and risk factor, which rule fired on what: the data behind ``check --explain``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from caseguard.case.engines import ImageOutcome, RiskView
from caseguard.findings import DocumentReport, Report

__all__ = ["CaseReport", "Series", "Status", "Verdict"]


class Status(StrEnum):
    """Whether a case may go out: the headline of every report."""

    READY = "ready"
    REVIEW = "review"
    BLOCKED = "blocked"

    @property
    def label(self) -> str:
        return {"ready": "Ready to publish", "review": "Needs review",
                "blocked": "Blocked"}[self.value]


@dataclass
class Verdict:
    """The status, the reasons for it and what the contributor must still do."""

    status: Status = Status.READY
    reasons: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status.value, "label": self.status.label,
                "reasons": list(self.reasons), "todo": list(self.todo)}


@dataclass
class Series:
    """One DICOM series of the case: its files and what de-identifying them changed."""

    key: str  # a keyed fingerprint of the original SeriesInstanceUID
    label: str
    modality: str = ""
    files: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    pixel_check: int = 0
    notes: list[str] = field(default_factory=list)
    failed: int = 0
    # set when a head or face can be rendered from this 3D series (surface reconstruction)
    face_reconstructable: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.key,
            "label": self.label,
            "modality": self.modality,
            "files": self.files,
            "actions": dict(sorted(self.actions.items())),
            "needs_pixel_check": self.pixel_check,
            "notes": list(self.notes),
            "failed": self.failed,
            "face_reconstructable": self.face_reconstructable,
        }


@dataclass
class CaseReport(Report):
    """Everything found and done for one case."""

    case_id: str = ""
    scrubbed: bool = False
    verdict: Verdict = field(default_factory=Verdict)
    risk: RiskView | None = None
    renamed: dict[str, str] = field(default_factory=dict)
    series: list[Series] = field(default_factory=list)
    images: dict[str, ImageOutcome] = field(default_factory=dict)

    def documents_of(self, *kinds: str) -> list[DocumentReport]:
        return [d for d in self.documents if d.kind in kinds]

    def explain(self) -> list[dict[str, Any]]:
        """Why each finding and risk factor was raised: the rule, what it fired on, why."""
        rows: list[dict[str, Any]] = []
        for doc in self.documents:
            for f in doc.findings:
                rows.append({
                    "source": doc.source, "kind": doc.kind, "category": f.category.value,
                    "on": f.text, "rule": f.detector, "confidence": round(f.confidence, 3),
                    "why": f.explanation, "action": f.action.value if f.action else None,
                })
            if doc.kind == "image":
                for item in doc.details.get("findings", []):
                    rows.append({
                        "source": doc.source, "kind": "image", "category": item["category"],
                        "on": item.get("location", "") + (
                            f": {item['text']}" if item.get("text") else ""),
                        "rule": item["detector"], "confidence": item["confidence"],
                        "why": item["explanation"], "action": item.get("action"),
                    })
        if self.risk is not None:
            for factor in self.risk.factors:
                evidence = factor.get("evidence", [])
                rows.append({
                    "source": "case text", "kind": "risk", "category": factor.get("kind", ""),
                    "on": "; ".join(f"{e.get('text', '')} ({e.get('label', '')})"
                                    for e in evidence),
                    "rule": f"risk:{factor.get('kind', '')}",
                    "confidence": factor.get("weight"),
                    "why": factor.get("explanation", ""),
                    "action": factor.get("suggestion", ""),
                })
        return rows

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["case"] = {
            "id": self.case_id,
            "scrubbed": self.scrubbed,
            "verdict": self.verdict.to_dict(),
            "risk": self.risk.to_dict() if self.risk else None,
            "renamed": dict(self.renamed),
            "series": [s.to_dict() for s in self.series],
        }
        out["explain"] = self.explain()
        return out
