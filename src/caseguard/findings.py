"""Findings and reports: what was found, where, by whom, and what was done about it.

A `Finding` explains itself: the detector that raised it, how confident it is and
why. Nothing downstream knows which detector found what except through
`Finding.detector`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = [
    "Action",
    "Category",
    "Change",
    "DocumentReport",
    "Finding",
    "Report",
    "Span",
]


class Category(StrEnum):
    """The kinds of identifying information the policy forbids."""

    NAME = "NAME"
    INITIALS = "INITIALS"
    DATE = "DATE"
    AGE_OVER_89 = "AGE_OVER_89"
    ADDRESS = "ADDRESS"
    POSTCODE = "POSTCODE"
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    CONTACT = "CONTACT"
    ID_NUMBER = "ID_NUMBER"
    VEHICLE = "VEHICLE"
    DEVICE_ID = "DEVICE_ID"
    URL = "URL"
    IP = "IP"
    BIOMETRIC = "BIOMETRIC"
    FACE = "FACE"
    UID = "UID"


class Action(StrEnum):
    """What a transform does with a finding, ordered from weakest to strictest."""

    KEEP = "keep"
    SURROGATE = "surrogate"
    SHIFT = "shift"
    GENERALISE = "generalise"
    MASK = "mask"
    REDACT = "redact"

    @property
    def strictness(self) -> int:
        return _STRICTNESS[self]


_STRICTNESS = {
    Action.KEEP: 0,
    Action.SURROGATE: 1,
    Action.SHIFT: 1,
    Action.GENERALISE: 1,
    Action.MASK: 2,
    Action.REDACT: 3,
}


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in a text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of identifying information found in a text.

    >>> f = Finding(Category.EMAIL, Span(4, 15), "a@b.example", "email", 0.99, "e-mail address")
    >>> f.category, f.span.start
    (<Category.EMAIL: 'EMAIL'>, 4)
    """

    category: Category
    span: Span
    text: str
    detector: str
    confidence: float
    explanation: str
    action: Action | None = None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def with_action(self, action: Action) -> Finding:
        return replace(self, action=action)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detector": self.detector,
            "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "action": self.action.value if self.action else None,
        }
        if text is not None:
            line, col = line_col(text, self.start)
            out["line"], out["col"] = line, col
        return out


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement made in a text: what stood there, what stands now, and why."""

    finding: Finding
    replacement: str

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out = self.finding.to_dict(text)
        out["replacement"] = self.replacement
        return out


@dataclass
class DocumentReport:
    """Findings and changes for one document (a file, a caption, a DICOM attribute)."""

    source: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None
    kind: str = "text"
    # kind-specific results (DICOM attribute changes, image boxes...) as plain data
    details: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @property
    def has_findings(self) -> bool:
        return bool(self.findings or self.details.get("changes") or self.flags)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "kind": self.kind}
        if self.error:
            out["error"] = {"kind": self.error_kind, "message": self.error}
        out["findings"] = [f.to_dict(self.text) for f in self.findings]
        if self.changes:
            out["changes"] = [c.to_dict(self.text) for c in self.changes]
        if self.flags:
            out["flags"] = list(self.flags)
        if self.details:
            out[self.kind] = self.details
        return out


@dataclass
class Report:
    """Everything found and done in one run, over every document."""

    documents: list[DocumentReport] = field(default_factory=list)
    policy_version: str = ""
    key_note: str = ""

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def failures(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.error]

    def counts(self) -> Counter[str]:
        return Counter(f.category.value for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy_version": self.policy_version,
            "key": self.key_note,
            "summary": {
                "documents": len(self.documents),
                "findings": len(self.findings),
                "failures": len(self.failures),
                "by_category": dict(sorted(self.counts().items())),
            },
            "documents": [d.to_dict() for d in self.documents],
        }


