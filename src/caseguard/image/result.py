"""What checking or scrubbing one image found and did.

An `ImageFinding` says where the identifying information was (an EXIF tag, an XMP
packet, a box of pixels on a frame) and what it was; an `ImageResult` gathers the
findings, the actions taken, an optional PNG preview and, when the policy refuses
the file (a face under ``faces = "block"``), the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseguard.findings import Action, Category

__all__ = ["Box", "ImageFinding", "ImageResult"]

Box = tuple[int, int, int, int]
"""A pixel rectangle ``(left, top, right, bottom)``, right and bottom exclusive."""


@dataclass(frozen=True, slots=True)
class ImageFinding:
    """One piece of identifying information in an image file.

    ``location`` names where it was: ``EXIF:Artist``, ``XMP:dc:creator``, ``IPTC:By-line``,
    ``PNG:tEXt:Author``, ``JPEG:COM``, ``pixels`` (then ``box`` and ``frame`` say where).
    """

    category: Category
    location: str
    text: str
    detector: str
    confidence: float
    explanation: str
    box: Box | None = None
    frame: int = 0
    action: Action | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category.value,
            "location": self.location,
            "text": self.text,
            "detector": self.detector,
            "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "action": self.action.value if self.action else None,
        }
        if self.box is not None:
            out["box"] = list(self.box)
            out["frame"] = self.frame
        return out


@dataclass
class ImageResult:
    """The outcome for one image: findings, actions, a preview, or why it was refused.

    ``output`` is the path written, or None for a check, a refusal or bytes-only output.
    """

    source: str
    format: str = ""
    findings: list[ImageFinding] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    preview_png: bytes | None = None
    blocked_reason: str | None = None
    output: str | None = None
    lossless: bool = False

    @property
    def blocked(self) -> bool:
        return self.blocked_reason is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "output": self.output,
            "lossless": self.lossless,
            "blocked_reason": self.blocked_reason,
            "actions": list(self.actions),
            "findings": [f.to_dict() for f in self.findings],
        }
