"""Sequences cleaned once per distinct content.

A sequence is cleaned from its own bytes alone (plus the character set and encoding in
force), so its outcome is kept, keyed by those bytes: archives repeat the same nested
content (codes, protocols, report templates) in every file of a series. A sequence that
nothing changed is written back as the bytes that were read; a cleaned one is encoded once.

    entry = memo.entry(tag, ds._dict.get(tag), cleaning, charset)
    if entry is None or not memo.replay(ds, entry, prefix, changes):
        ...                                  # clean the items in place
        memo.keep(ds, entry, prefix, made)   # when entry is not None
"""

from __future__ import annotations

import struct
from typing import Any, NamedTuple

from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag

from caseguard.dicom.files import encode_sequence
from caseguard.dicom.result import AttributeChange
from caseguard.dicom.values import Memo

__all__ = ["Charset", "SequenceEntry", "SequenceMemo"]

Charset = tuple[str, ...]
# A cleaned sequence: its new value bytes (None: unchanged) and its changes, by relative path.
SequenceOutcome = tuple[bytes | None, tuple[tuple[str, AttributeChange], ...]]

# Record offsets point into the original bytes of this sequence: never re-encoded early.
DIRECTORY_RECORDS = 0x00041220
_MEMO_BYTES = 32 * 2**20
_ENTRY_BYTES = 2**20
_ENCODE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, NotImplementedError,
                  struct.error)


class SequenceEntry(NamedTuple):
    """A sequence as it was read, and everything its outcome depends on."""

    tag: BaseTag
    raw: RawDataElement
    key: tuple[Any, ...]
    charset: Charset


class SequenceMemo:
    """Outcomes of the sequences cleaned so far, within a budget of bytes."""

    def __init__(self) -> None:
        self._outcomes: Memo[SequenceOutcome] = Memo(_MEMO_BYTES)

    @staticmethod
    def entry(
        tag: BaseTag, found: object, cleaning: bool, charset: Charset
    ) -> SequenceEntry | None:
        """The entry for a sequence still as read, or None when its outcome is not kept."""
        raw = found if isinstance(found, RawDataElement) else None
        if (
            raw is not None
            and raw.VR in ("SQ", None)  # a UN value is implicit VR whatever the file's encoding
            and isinstance(raw.value, bytes)
            and raw.length == len(raw.value) <= _ENTRY_BYTES
            and tag != DIRECTORY_RECORDS
        ):
            key = (tag, cleaning, raw.is_implicit_VR, raw.is_little_endian, charset, raw.value)
            return SequenceEntry(tag, raw, key, charset)
        return None

    def replay(
        self, ds: Dataset, entry: SequenceEntry, prefix: str, changes: list[AttributeChange]
    ) -> bool:
        """Put a known outcome in place; False when this content was not cleaned before."""
        known = self._outcomes.get(entry.key)
        if known is None:
            return False
        _put(ds, entry.raw, known, prefix, changes)
        return True

    def keep(
        self, ds: Dataset, entry: SequenceEntry, prefix: str, made: list[AttributeChange]
    ) -> None:
        """Keep the outcome of a sequence just cleaned in place, with its items' ``made``."""
        raw = entry.raw
        encoded: bytes | None = None
        if made:
            try:
                encoded = encode_sequence(ds[entry.tag], raw.is_implicit_VR,
                                          raw.is_little_endian, entry.charset)
            except _ENCODE_ERRORS:
                return  # the writer's own fallback handles odd elements; nothing to keep
        outcome = (encoded, tuple((c.path[len(prefix):], c) for c in made))
        _put(ds, raw, outcome, prefix, [])
        self._outcomes.put(entry.key, outcome, len(entry.key[-1]) + len(encoded or b""))


def _put(
    ds: Dataset,
    raw: RawDataElement,
    outcome: SequenceOutcome,
    prefix: str,
    changes: list[AttributeChange],
) -> None:
    """Put a sequence's cleaned bytes in place and report its changes under ``prefix``."""
    encoded, made = outcome
    if encoded is None:
        ds._dict[raw.tag] = raw  # unchanged: write the bytes that were read
        return
    ds._dict[raw.tag] = raw._replace(value=encoded, length=len(encoded))
    changes.extend(
        AttributeChange(prefix + path, c.keyword, c.action, c.rule, c.option, c.old)
        for path, c in made
    )
