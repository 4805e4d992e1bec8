"""The text engine: run every detector over a text, filter, merge, and scrub.

    engine = TextEngine()
    findings = engine.detect("Seen by Dr Jane Okafor on 3 March 2021.")
    scrubbed = engine.scrub(text, CaseContext.from_key(b"secret", "case-1"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from caseguard.findings import Change, Finding
from caseguard.policy import Policy
from caseguard.text.base import Detector
from caseguard.text.document import Document
from caseguard.text.merge import merge_findings
from caseguard.text.registry import default_detectors
from caseguard.text.transforms import CaseContext, apply_changes

__all__ = ["Scrubbed", "TextEngine"]


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

    def detect(self, text: str) -> list[Finding]:
        doc = Document(text)
        floor = self.policy.min_confidence
        raw = [f for detector in self.detectors for f in detector.detect(doc)
               if f.confidence >= floor]
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
