"""What de-identifying one DICOM file did: attribute changes and flags, never the PHI itself.

An old value is shown only as its length and a keyed fingerprint (equal values, equal
fingerprints, within one key), so a report can be shared without leaking what it replaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydicom.sequence import Sequence

from caseguard.dicom.values import as_text

__all__ = ["NEEDS_PIXEL_CHECK", "AttributeChange", "FileResult", "describe_old"]

NEEDS_PIXEL_CHECK = "needs_pixel_check"


@dataclass(frozen=True, slots=True)
class AttributeChange:
    """One attribute removed, emptied, replaced or cleaned.

    ``path`` is the tag path, e.g. ``(0008,1032)[0]>(0008,0104)``; ``rule`` names the table
    cell or the rule that chose the action (``E.1-1 X/Z/D``, ``private``, ``overlay``...);
    ``option`` the Annex E option that changed the Basic Profile action, if any.
    """

    path: str
    keyword: str
    action: str
    rule: str
    option: str | None
    old: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "keyword": self.keyword,
            "action": self.action,
            "rule": self.rule,
            "option": self.option,
            "old": self.old,
        }


def describe_old(value: Any, fingerprint: Callable[[str | bytes], str]) -> str:
    """An old value as its length and keyed fingerprint (``len=0`` when it was empty)."""
    if isinstance(value, Sequence):
        return f"items={len(value)}"
    if isinstance(value, bytes | bytearray):
        value = bytes(value)
    elif not isinstance(value, str):
        value = as_text(value)
    return f"len={len(value)} #{fingerprint(value)}" if value else "len=0"


@dataclass
class FileResult:
    """The outcome for one input file (``output`` is None for a dry run)."""

    source: str
    output: str | None
    changes: list[AttributeChange] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def needs_pixel_check(self) -> bool:
        return NEEDS_PIXEL_CHECK in self.flags

    def actions_by_kind(self) -> Counter[str]:
        return Counter(change.action for change in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "flags": list(self.flags),
            "notes": list(self.notes),
            "changes": [c.to_dict() for c in self.changes],
        }
