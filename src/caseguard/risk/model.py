"""The result types of a risk assessment: evidence, factors and the overall verdict.

A `RiskAssessment` explains itself the way a `Finding` does: every factor names the
words that raised it (with character offsets into the assessed text), says in one
sentence why they matter and proposes the rewrite that removes the risk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Evidence", "FactorKind", "Level", "RiskAssessment", "RiskFactor"]


class FactorKind(StrEnum):
    """The families of re-identification risk beyond direct identifiers."""

    QUASI_IDENTIFIERS = "quasi_identifiers"
    RARITY = "rarity"
    NEWSWORTHINESS = "newsworthiness"
    UNNECESSARY_DETAIL = "unnecessary_detail"


class Level(StrEnum):
    """What the platform does with a case: publish, ask the contributor, or hold it."""

    LOW = "low"
    REVIEW = "review"
    HIGH = "high"  # publication is blocked until a moderator approves


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words in the text that raised a factor, ``text[start:end]``.

    ``label`` says what the words are ("exact age", "small place (population 3,690)");
    ``replacement`` is the generalisation proposed for them, empty when the advice is
    to drop them.
    """

    start: int
    end: int
    text: str
    label: str
    replacement: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class RiskFactor:
    """One reason a case could identify its patient, with its weight in the score."""

    kind: FactorKind
    evidence: tuple[Evidence, ...]
    explanation: str
    suggestion: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "weight": round(self.weight, 3),
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class RiskAssessment:
    """The verdict on one text: a level, the score behind it and the factors behind that."""

    level: Level
    score: float
    factors: list[RiskFactor] = field(default_factory=list)
    thresholds: tuple[float, float] = (1.0, 2.0)

    @property
    def blocked(self) -> bool:
        """Whether publication waits for a moderator."""
        return self.level is Level.HIGH

    def kinds(self) -> set[FactorKind]:
        return {f.kind for f in self.factors}

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "score": round(self.score, 3),
            "thresholds": {"review": self.thresholds[0], "high": self.thresholds[1]},
            "factors": [f.to_dict() for f in self.factors],
        }
