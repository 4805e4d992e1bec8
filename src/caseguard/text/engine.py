"""The text engine: run every detector over a text, filter, merge, and scrub.

    engine = TextEngine()
    findings = engine.detect("Seen by Dr Jane Okafor on 3 March 2021.")
    scrubbed = engine.scrub(text, CaseContext.from_key(b"secret", "case-1"))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from caseguard.findings import Category, Change, Finding
from caseguard.policy import Policy
from caseguard.text import lexicon, typos
from caseguard.text.base import Detector
from caseguard.text.dates import POLICY_YEAR_SCORE, is_bare_year
from caseguard.text.document import Document
from caseguard.text.merge import merge_findings
from caseguard.text.registry import default_detectors
from caseguard.text.transforms import CaseContext, apply_changes

__all__ = ["Scrubbed", "TextEngine"]

# A text that makes every detector load what it loads at first need: name and place lists,
# word frequencies (links, handles, plates), telephone metadata of the regions parsed.
WARM_UP_TEXT = (
    "Seen by Dr Jane Okafor at St Mary's Hospital, 12 Baker Street, Leeds LS1 4AB, on "
    "3 March 2021. Phone 020 7946 0958, +61 2 9374 4000, 0412 345 678, (617) 555-0199, "
    "01 234 5678, 09 123 4567, 98765 43210; www.example.org, @jsmith_rad; plate AB12 CDE; "
    "reg 4GHT 921; MRN 1234567; DOB 04/05/1931; a 93-year-old; lives in NE4 area. "
    "Started Kefzol, Afeb, seen by Przybylo."
)


def _policy_year(finding: Finding) -> Finding:
    """A year standing alone that the policy asks for: surely a year, if a weak identifier."""
    return replace(finding, confidence=POLICY_YEAR_SCORE,
                   explanation=f"{finding.explanation}; a year alone, reported by the policy")


@dataclass(frozen=True)
class Scrubbed:
    text: str
    findings: list[Finding]
    changes: list[Change]


class TextEngine:
    """Finds identifying information in free text and replaces it as the policy says."""

    def __init__(
        self, policy: Policy | None = None, detectors: Sequence[Detector] | None = None
    ) -> None:
        self.policy = policy or Policy.default()
        self.detectors = list(detectors) if detectors is not None else default_detectors()
        self._bare_years = self.policy.option(Category.DATE, "bare_years")

    def warm_up(self) -> None:
        """Load now what the detectors would load at first need (word lists, the gazetteer,
        telephone metadata, the gate database), so that the first real text is not slowed:
        a server calls this at start, a benchmark before timing."""
        lexicon.preload()
        typos.preload()
        self.detect(WARM_UP_TEXT)

    def detect(self, text: str) -> list[Finding]:
        doc = Document(text)
        floor = self.policy.min_confidence
        found: Iterable[Finding] = (f for detector in self.detectors for f in detector.detect(doc))
        if self._bare_years:
            found = (_policy_year(f) if f.confidence < floor and is_bare_year(f) else f
                     for f in found)
        raw = [f for f in found if f.confidence >= floor]
        action_for = self.policy.action_for
        # built directly: dataclasses.replace (Finding.with_action) costs several times more
        return [
            Finding(f.category, f.span, f.text, f.detector, f.confidence, f.explanation,
                    action_for(f.category))
            for f in merge_findings(raw, text)
        ]

    def scrub(self, text: str, context: CaseContext) -> Scrubbed:
        findings = self.detect(text)
        new_text, changes = apply_changes(text, findings, context)
        return Scrubbed(new_text, findings, changes)
