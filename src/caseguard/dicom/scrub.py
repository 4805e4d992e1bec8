"""Apply the compiled profile to a dataset, at every depth of every sequence.

    scrubber = Scrubber(policy, key, case_id)
    flags = scrubber.pixel_flags(ds)     # read before anything is cleaned
    changes = scrubber.scrub(ds)         # file meta, body, nested items, DICOMDIR records

The walker looks at tags without decoding values; only attributes that a rule touches are
decoded, so pixel data and everything kept stay the bytes that were read. Free text goes
through the text engine, with the same case context (and so the same date offset).

A sequence is cleaned from its own bytes alone (plus the character set and encoding in
force), so its outcome is kept, keyed by those bytes: archives repeat the same nested
content (codes, protocols, report templates) in every file of a series. A sequence that
nothing changed is written back as the bytes that were read; a cleaned one is encoded once.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from pydicom.charset import default_encoding
from pydicom.datadict import dictionary_VR, keyword_for_tag
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag, Tag

from caseguard.dicom.files import encode_sequence, raw_element
from caseguard.dicom.profile import DicomOptions, Rule, compile_rules
from caseguard.dicom.result import AttributeChange
from caseguard.dicom.tables import EDITION, load_safe_private
from caseguard.dicom.values import DUMMY, Keyer, cap_age, shift_da, shift_dt
from caseguard.policy import Policy
from caseguard.text.transforms import CaseContext

__all__ = ["Scrubber", "TextCleaner"]

TextCleaner = Callable[[str], str]

PATIENT_NAME, PATIENT_ID, PATIENT_AGE = 0x00100010, 0x00100020, 0x00101010
STUDY_ID, CHARSET = 0x00200010, 0x00080005
# Record offsets point into the original bytes of this sequence: never re-encoded early.
DIRECTORY_RECORDS = 0x00041220
METHOD_CODES, IDENTITY_REMOVED = 0x00120064, 0x00120062
METHOD, LONGITUDINAL = 0x00120063, 0x00280303
TEXT_VRS = frozenset({"LO", "SH", "ST", "LT", "UT", "UC"})
MULTI_VALUED_TEXT = frozenset({"LO", "SH", "UC", "CS"})
# Coded entries inside cleaned content are vocabulary, not free text: the text engine skips them.
CODE_ATTRIBUTES = frozenset({
    0x00080100,  # Code Value
    0x00080102,  # Coding Scheme Designator
    0x00080103,  # Coding Scheme Version
    0x00080104,  # Code Meaning
    0x00080105,  # Mapping Resource
    0x00080106,  # Context Group Version
    0x0008010F,  # Context Identifier
    0x00080119,  # Long Code Value
    0x00080120,  # URN Code Value
    0x00080122,  # Mapping Resource Name
})
MAX_LENGTH = {"SH": 16, "LO": 64, "ST": 1024, "LT": 10240, "CS": 16, "UC": 0, "UT": 0}
# Type 3 file meta attributes that name the sending systems (or carry private data).
FILE_META_REMOVE = {
    0x00020016: "SourceApplicationEntityTitle",
    0x00020017: "SendingApplicationEntityTitle",
    0x00020018: "ReceivingApplicationEntityTitle",
    0x00020100: "PrivateInformationCreatorUID",
    0x00020102: "PrivateInformation",
}
SECONDARY_CAPTURE = frozenset({
    "1.2.840.10008.5.1.4.1.1.7",
    "1.2.840.10008.5.1.4.1.1.7.1",
    "1.2.840.10008.5.1.4.1.1.7.2",
    "1.2.840.10008.5.1.4.1.1.7.3",
    "1.2.840.10008.5.1.4.1.1.7.4",
})
DOSE_REPORTS = frozenset({
    "1.2.840.10008.5.1.4.1.1.88.67",  # X-Ray Radiation Dose SR
    "1.2.840.10008.5.1.4.1.1.88.68",  # Radiopharmaceutical Radiation Dose SR
    "1.2.840.10008.5.1.4.1.1.88.74",  # Planned Imaging Agent Administration SR
    "1.2.840.10008.5.1.4.1.1.88.76",  # Enhanced X-Ray Radiation Dose SR
})
TEXT_MODALITIES = frozenset({"US", "SC", "OT"})
_TEXT_CACHE_LIMIT = 50_000
_SEQUENCE_CACHE_BYTES = 32 * 2**20
_SEQUENCE_ENTRY_BYTES = 2**20
_ENCODE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, NotImplementedError,
                  struct.error)

Charset = tuple[str, ...]
# A cleaned sequence: its new value bytes (None: unchanged) and its changes, by relative path.
SequenceOutcome = tuple[bytes | None, tuple[tuple[str, AttributeChange], ...]]


def _fmt(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _charset(ds: Dataset, inherited: Charset) -> Charset:
    """The Specific Character Set in force in ``ds`` (its own, else its parent's)."""
    if CHARSET not in ds:
        return inherited
    value = ds[CHARSET].value
    if isinstance(value, str):
        return (value,) if value else inherited
    return tuple(str(v) for v in value) or inherited


def _value_text(ds: Dataset, tag: int) -> str:
    return _as_text(ds[tag].value).strip() if tag in ds else ""


def _as_text(value: Any) -> str:
    if isinstance(value, MultiValue | list | tuple):
        return "\\".join(str(v) for v in value)
    if isinstance(value, bytes):
        return value.hex()
    return "" if value is None else str(value)


class Scrubber:
    """De-identifies datasets under one policy and one case key; reuse it across files."""

    def __init__(
        self,
        policy: Policy | None = None,
        key: bytes | str = b"",
        case_id: str = "case",
        text_cleaner: TextCleaner | None = None,
    ) -> None:
        self.policy = policy or Policy.default()
        self.options = DicomOptions.from_mapping(self.policy.extra.get("dicom", {}))
        self.rules: dict[int, Rule] = compile_rules(self.options)
        self.context = CaseContext.from_key(key, case_id)
        self.keyer = Keyer(self.context)
        self.safe_private = load_safe_private() if self.options.retain_safe_private else None
        self._text_cleaner = text_cleaner
        self._cleaned: dict[str, str] = {}
        self._age_rule = Rule("C", "K", "retain_patient_characteristics", "Patient's Age")
        self._sequences: dict[tuple[Any, ...], SequenceOutcome] = {}
        self._sequence_bytes = 0
        self._method_codes: dict[tuple[bool, bool], bytes] = {}

    # -- free text ---------------------------------------------------------------------------

    def clean_text(self, text: str) -> str:
        """Free text through the text engine; archives repeat descriptors, so results are kept."""
        cached = self._cleaned.get(text)
        if cached is not None:
            return cached
        if self._text_cleaner is None:
            from caseguard.text.engine import TextEngine

            engine = TextEngine(self.policy)
            self._text_cleaner = lambda t: engine.scrub(t, self.context).text
        cleaned = self._text_cleaner(text)
        if len(self._cleaned) >= _TEXT_CACHE_LIMIT:
            self._cleaned.clear()
        self._cleaned[text] = cleaned
        return cleaned

    def warm_up(self) -> None:
        """Load the text engine now (before forking workers, so they share it)."""
        self.clean_text("warm up 01/02/2003")

    # -- flags -------------------------------------------------------------------------------

    def pixel_flags(self, ds: Dataset) -> list[str]:
        """Why this file's pixels may carry burned-in text (empty: no known reason)."""
        reasons = []
        if str(ds.get("BurnedInAnnotation", "")).strip().upper() == "YES":
            reasons.append("BurnedInAnnotation is YES")
        modality = str(ds.get("Modality", "")).strip().upper()
        if modality in TEXT_MODALITIES:
            reasons.append(f"modality {modality} often has burned-in text")
        sop_class = str(ds.get("SOPClassUID", "")).strip()
        if sop_class in SECONDARY_CAPTURE:
            reasons.append("secondary capture image")
        if sop_class in DOSE_REPORTS or (
            "PixelData" in ds and "DOSE" in str(ds.get("SeriesDescription", "")).upper()
        ):
            reasons.append("dose report")
        return reasons

    # -- the walk ----------------------------------------------------------------------------

    def scrub(self, ds: Dataset) -> list[AttributeChange]:
        """De-identify ``ds`` in place (file meta included); return what changed."""
        changes: list[AttributeChange] = []
        meta = getattr(ds, "file_meta", None)
        if meta is not None:
            for tag, keyword in FILE_META_REMOVE.items():
                if tag in meta:
                    changes.append(self._change(meta, tag, "", keyword, "X", "file meta", None))
                    del meta[tag]
            self._walk(meta, "", False, changes, (default_encoding,))
        self._walk(ds, "", False, changes, (default_encoding,))
        if "SOPInstanceUID" in ds or "PixelData" in ds:
            self._record_method(ds)
        return changes

    def _walk(
        self,
        ds: Dataset,
        prefix: str,
        cleaning: bool,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        charset = _charset(ds, charset)
        identity = None
        if PATIENT_NAME in ds or PATIENT_ID in ds:
            identity = _value_text(ds, PATIENT_ID) or _value_text(ds, PATIENT_NAME)
        private_seen = False
        for tag in list(ds.keys()):
            group = tag >> 16
            if group & 1:
                private_seen = True
                self._private(ds, tag, prefix, changes, charset)
                continue
            if tag & 0xFFFF == 0 and group != 2:
                changes.append(self._change(ds, tag, prefix, "", "X", "group length", None))
                del ds[tag]
                continue
            if 0x5000 <= group <= 0x50FF or 0x6000 <= group <= 0x60FF:
                kind = "curve" if group < 0x6000 else "overlay"
                changes.append(self._change(ds, tag, prefix, "", "X", kind, "clean_graphics"))
                del ds[tag]
                continue
            rule = self.rules.get(tag)
            if rule is None:
                vr = self._vr(ds, tag)
                if vr == "SQ":
                    self._items(ds, tag, prefix, cleaning, changes, charset)
                elif cleaning and vr in TEXT_VRS and tag not in CODE_ATTRIBUTES:
                    self._clean(ds, tag, prefix, Rule("C", "C", None, ""), changes, charset)
                elif cleaning and vr == "PN":
                    self._replace(ds, tag, prefix, Rule("D", "C", None, ""), "ANONYMIZED", changes)
                continue
            self._apply(ds, tag, rule, prefix, cleaning, identity, changes, charset)
        if private_seen and self.safe_private is not None:
            self._drop_orphan_creators(ds, prefix, changes)

    def _vr(self, ds: Dataset, tag: int) -> str:
        vr = ds.get_item(tag).VR
        if vr in (None, "UN"):
            try:
                return str(dictionary_VR(tag))
            except KeyError:
                return "UN"
        return str(vr)

    def _items(
        self,
        ds: Dataset,
        tag: int,
        prefix: str,
        cleaning: bool,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        raw = ds._dict.get(BaseTag(tag))  # the element as read, if nothing decoded it yet
        key: tuple[Any, ...] | None = None
        if (
            isinstance(raw, RawDataElement)
            and raw.VR in ("SQ", None)  # a UN value is implicit VR whatever the file's encoding
            and isinstance(raw.value, bytes)
            and raw.length == len(raw.value) <= _SEQUENCE_ENTRY_BYTES
            and tag != DIRECTORY_RECORDS
        ):
            key = (tag, cleaning, raw.is_implicit_VR, raw.is_little_endian, charset, raw.value)
            known = self._sequences.get(key)
            if known is not None:
                self._replay(ds, raw, known, prefix, changes)
                return
        value = ds[tag].value
        if not isinstance(value, Sequence):
            return
        first = len(changes)
        for i, item in enumerate(value):
            self._walk(item, f"{prefix}{_fmt(tag)}[{i}]>", cleaning, changes, charset)
        if key is None or raw is None:
            return
        made = changes[first:]
        encoded: bytes | None = None
        if made:
            try:
                encoded = encode_sequence(ds[tag], raw.is_implicit_VR, raw.is_little_endian,
                                          charset)
            except _ENCODE_ERRORS:
                return  # the writer's own fallback handles odd elements; nothing to keep
        outcome = (encoded, tuple((c.path[len(prefix):], c) for c in made))
        self._replay(ds, raw, outcome, prefix, [])
        size = len(raw.value) + len(encoded or b"")
        if self._sequence_bytes + size > _SEQUENCE_CACHE_BYTES:
            self._sequences.clear()
            self._sequence_bytes = 0
        self._sequences[key] = outcome
        self._sequence_bytes += size

    @staticmethod
    def _replay(
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

    def _apply(
        self,
        ds: Dataset,
        tag: int,
        rule: Rule,
        prefix: str,
        cleaning: bool,
        identity: str | None,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        action = rule.action
        if action == "X":
            changes.append(self._change(ds, tag, prefix, rule.name, "X", rule.code, rule.option))
            del ds[tag]
            return
        if action in ("K", "U*"):
            if tag == PATIENT_AGE:
                self._clean(ds, tag, prefix, self._age_rule, changes, charset)
            elif self._vr(ds, tag) == "SQ":
                self._items(ds, tag, prefix, cleaning, changes, charset)
            return
        if action == "C":
            self._clean(ds, tag, prefix, rule, changes, charset)
            return
        if action == "D" and self._vr(ds, tag) == "SQ":
            # A dummy sequence keeps its items' structure: each nested attribute gets its own
            # rule, and free text in it goes through the text engine.
            self._items(ds, tag, prefix, True, changes, charset)
            return
        elem = ds[tag]
        if tag in (PATIENT_NAME, PATIENT_ID) and identity:
            code = self.keyer.patient_code(identity)
            new = f"ANON^{code}" if tag == PATIENT_NAME else f"CG{code}"
            self._replace(ds, tag, prefix, rule, new, changes, action="D")
        elif tag == STUDY_ID and not elem.is_empty:
            # Type 1 in DICOMDIR study records: a keyed pseudonym keeps records and images agreeing
            new = "S" + self.keyer.patient_code("study\x1f" + _as_text(elem.value))[:12]
            self._replace(ds, tag, prefix, rule, new, changes, action="D")
        elif action == "U":
            if elem.VR == "UI" and not elem.is_empty:
                values = elem.value if isinstance(elem.value, MultiValue) else [elem.value]
                new_uids = [self.keyer.uid(str(v)) for v in values]
                self._replace(ds, tag, prefix, rule, new_uids if len(new_uids) > 1 else new_uids[0],
                              changes)
        elif action == "Z" or elem.VR == "SQ":
            if not elem.is_empty:
                changes.append(self._change(ds, tag, prefix, rule.name, action, rule.code,
                                            rule.option))
                elem.value = Sequence() if elem.VR == "SQ" else elem.empty_value
        elif action == "D":
            dummy = DUMMY.get(str(elem.VR), b"")
            self._replace(ds, tag, prefix, rule, dummy, changes)

    def _clean(
        self,
        ds: Dataset,
        tag: int,
        prefix: str,
        rule: Rule,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        """The C action: shift dates, cap ages, clean text, clean the items of a sequence."""
        if self._vr(ds, tag) == "SQ":
            self._items(ds, tag, prefix, True, changes, charset)
            return
        elem = ds[tag]
        vr = str(elem.VR)
        if elem.is_empty or vr in ("TM",):
            return  # whole-day shifts leave times as they are
        old = _as_text(elem.value)
        new: str | None
        if vr == "DA":
            new = shift_da(old, self.keyer.offset)
        elif vr == "DT":
            new = shift_dt(old, self.keyer.offset)
        elif vr == "AS":
            new = cap_age(old)
        elif vr == "PN":
            new = "ANONYMIZED"
        elif vr in MULTI_VALUED_TEXT:
            new = "\\".join(self.clean_text(v) for v in old.split("\\"))
        elif vr in TEXT_VRS:
            new = self.clean_text(old)  # ST, LT, UT: one value, backslashes are text
            limit = MAX_LENGTH.get(vr, 0)
            if limit and len(new) > limit:
                new = new[:limit]
        else:
            return
        if new is None:  # an unparsable date cannot be shifted safely: empty it
            self._replace(ds, tag, prefix, rule, "", changes, action="Z")
        elif new != old:
            self._replace(ds, tag, prefix, rule, new, changes, action="C")

    def _replace(
        self,
        ds: Dataset,
        tag: int,
        prefix: str,
        rule: Rule,
        new: Any,
        changes: list[AttributeChange],
        action: str | None = None,
    ) -> None:
        changes.append(self._change(ds, tag, prefix, rule.name, action or rule.action, rule.code,
                                    rule.option))
        ds[tag].value = new

    # -- private attributes ------------------------------------------------------------------

    def _private(
        self,
        ds: Dataset,
        tag: int,
        prefix: str,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        group, element = tag >> 16, tag & 0xFFFF
        if self.safe_private is not None and 0x0009 <= group < 0xFFFF:
            if 0x0010 <= element <= 0x00FF:
                return  # a private creator: kept while a safe element of its block is
            if element >= 0x1000:
                creator_tag = Tag(group, element >> 8)
                creator = ds.get(creator_tag)
                name = str(creator.value).strip() if creator is not None else ""
                if (group, name, element & 0xFF) in self.safe_private:
                    if self._vr(ds, tag) == "SQ":
                        self._items(ds, tag, prefix, False, changes, charset)
                    return
        changes.append(
            self._change(ds, tag, prefix, "", "X", "private", "retain_safe_private"
                         if self.safe_private is not None else None)
        )
        del ds[tag]

    def _drop_orphan_creators(
        self, ds: Dataset, prefix: str, changes: list[AttributeChange]
    ) -> None:
        tags = list(ds.keys())  # a Dataset iterates elements, not tags
        blocks = {(t >> 16, (t & 0xFFFF) >> 8) for t in tags if t >> 16 & 1 and t & 0xFF00}
        for tag in [t for t in tags if t >> 16 & 1 and 0x10 <= t & 0xFFFF <= 0xFF]:
            if (tag >> 16, tag & 0xFF) not in blocks:
                changes.append(self._change(ds, tag, prefix, "", "X", "private", None))
                del ds[tag]

    # -- records -----------------------------------------------------------------------------

    def _change(
        self,
        ds: Dataset,
        tag: int,
        prefix: str,
        name: str,
        action: str,
        rule: str,
        option: str | None,
    ) -> AttributeChange:
        raw = ds.get_item(tag)
        value = getattr(raw, "value", None)
        if isinstance(value, Sequence):
            old = f"items={len(value)}"
        elif isinstance(value, bytes | bytearray):
            old = f"len={len(value)} #{self.keyer.short_hash(bytes(value))}" if value else "len=0"
        else:
            text = _as_text(value)
            old = f"len={len(text)} #{self.keyer.short_hash(text)}" if text else "len=0"
        keyword = keyword_for_tag(tag) or name or ("(private)" if tag >> 16 & 1 else "")
        code = rule if rule in ("private", "curve", "overlay", "group length", "file meta") else (
            f"E.1-1 {rule}")
        return AttributeChange(f"{prefix}{_fmt(tag)}", keyword, action, code, option, old)

    def _record_method(self, ds: Dataset) -> None:
        """Say how ``ds`` was de-identified (PS3.15 E.1.1), as elements encoded once per run."""
        implicit, little = ds.original_encoding
        if implicit is None or little is None:
            implicit, little = False, True  # a data set built in memory: any encoding will do
        codes = self._method_codes.get((implicit, little))
        if codes is None:
            items = []
            for value, meaning in self.options.method_codes():
                item = Dataset()
                item.CodeValue = value
                item.CodingSchemeDesignator = "DCM"
                item.CodeMeaning = meaning
                items.append(item)
            sequence = DataElement(METHOD_CODES, "SQ", Sequence(items))
            codes = encode_sequence(sequence, implicit, little, ())
            self._method_codes[(implicit, little)] = codes
        if self.options.retain_long_modified_dates:
            longitudinal = b"MODIFIED"
        elif self.options.retain_long_full_dates:
            longitudinal = b"UNMODIFIED"
        else:
            longitudinal = b"REMOVED"
        method = f"caseguard\\PS3.15 E.1-1 {EDITION} Basic Profile".encode("ascii")
        for tag, vr, value in (
            (IDENTITY_REMOVED, "CS", b"YES"),
            (METHOD, "LO", method),
            (METHOD_CODES, "SQ", codes),
            (LONGITUDINAL, "CS", longitudinal),
        ):
            ds._dict[BaseTag(tag)] = raw_element(tag, vr, value, implicit, little)
