"""A family of detectors run over one text, keeping what the default policy keeps.

    family = DetectorFamily(DETECTORS)
    family.found("Tel 020 7946 0958")                      # every finding kept
    family.best_for("Tel 020 7946 0958", "020 7946 0958")  # the most confident one covering it
"""

from __future__ import annotations

from collections.abc import Iterable

from caseguard.findings import Finding
from caseguard.policy import Policy
from caseguard.text.base import Detector
from caseguard.text.document import Document

MIN_CONFIDENCE = Policy.default().min_confidence


class DetectorFamily:
    """Detector classes, each made afresh for every text."""

    def __init__(self, classes: Iterable[type[Detector]]) -> None:
        self.classes = tuple(classes)

    def found(self, text: str) -> list[Finding]:
        """The findings of every detector at or above the default policy's confidence."""
        doc = Document(text)
        return [
            f
            for cls in self.classes
            for f in cls().detect(doc)
            if f.confidence >= MIN_CONFIDENCE
        ]

    def best_for(self, text: str, expected: str) -> Finding | None:
        """The most confident finding that covers the expected text."""
        start = text.index(expected)
        end = start + len(expected)
        covering = [f for f in self.found(text) if f.start <= start and f.end >= end]
        return max(covering, key=lambda f: f.confidence, default=None)
