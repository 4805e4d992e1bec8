"""Apply the compiled profile to a dataset, at every depth of every sequence.

    scrubber = Scrubber(policy, key, case_id)
    flags = scrubber.pixel_flags(ds)     # read before anything is cleaned
    changes = scrubber.scrub(ds)         # file meta, body, nested items, DICOMDIR records

The walker looks at tags without decoding values; only attributes that a rule touches are
decoded, so pixel data and everything kept stay the bytes that were read. Free text goes
through the text engine, with the same case context (and so the same date offset).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydicom.datadict import dictionary_VR, keyword_for_tag
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.tag import Tag

from caseguard.dicom.profile import DicomOptions, Rule, compile_rules
from caseguard.dicom.result import AttributeChange
from caseguard.dicom.tables import EDITION, load_safe_private
from caseguard.dicom.values import DUMMY, Keyer, cap_age, shift_da, shift_dt
from caseguard.policy import Policy
from caseguard.text.transforms import CaseContext

__all__ = ["Scrubber", "TextCleaner"]

TextCleaner = Callable[[str], str]

PATIENT_NAME, PATIENT_ID, PATIENT_AGE = 0x00100010, 0x00100020, 0x00101010
STUDY_ID = 0x00200010
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


def _fmt(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


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
            self._walk(meta, "", False, changes)
        self._walk(ds, "", False, changes)
        if "SOPInstanceUID" in ds or "PixelData" in ds:
            self._record_method(ds)
        return changes

    def _walk(
        self, ds: Dataset, prefix: str, cleaning: bool, changes: list[AttributeChange]
    ) -> None:
        identity = None
        if PATIENT_NAME in ds or PATIENT_ID in ds:
            identity = _value_text(ds, PATIENT_ID) or _value_text(ds, PATIENT_NAME)
        private_seen = False
        for tag in list(ds.keys()):
            group = tag >> 16
            if group & 1:
                private_seen = True
                self._private(ds, tag, prefix, changes)
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
                    self._items(ds, tag, prefix, cleaning, changes)
                elif cleaning and vr in TEXT_VRS and tag not in CODE_ATTRIBUTES:
                    self._clean(ds, tag, prefix, Rule("C", "C", None, ""), changes)
                elif cleaning and vr == "PN":
                    self._replace(ds, tag, prefix, Rule("D", "C", None, ""), "ANONYMIZED", changes)
                continue
            self._apply(ds, tag, rule, prefix, cleaning, identity, changes)
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
        self, ds: Dataset, tag: int, prefix: str, cleaning: bool, changes: list[AttributeChange]
    ) -> None:
        value = ds[tag].value
        if not isinstance(value, Sequence):
            return
        for i, item in enumerate(value):
            self._walk(item, f"{prefix}{_fmt(tag)}[{i}]>", cleaning, changes)

    def _apply(
        self,
        ds: Dataset,
        tag: int,
        rule: Rule,
        prefix: str,
        cleaning: bool,
        identity: str | None,
        changes: list[AttributeChange],
    ) -> None:
        action = rule.action
        if action == "X":
            changes.append(self._change(ds, tag, prefix, rule.name, "X", rule.code, rule.option))
            del ds[tag]
            return
        if action in ("K", "U*"):
            if tag == PATIENT_AGE:
                self._clean(ds, tag, prefix, self._age_rule, changes)
            elif self._vr(ds, tag) == "SQ":
                self._items(ds, tag, prefix, cleaning, changes)
            return
        if action == "C":
            self._clean(ds, tag, prefix, rule, changes)
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
        elif action == "D" and elem.VR == "SQ":
            # A dummy sequence keeps its items' structure: each nested attribute gets its own
            # rule, and free text in it goes through the text engine.
            self._items(ds, tag, prefix, True, changes)
        elif action == "Z" or elem.VR == "SQ":
            if not elem.is_empty:
                changes.append(self._change(ds, tag, prefix, rule.name, action, rule.code,
                                            rule.option))
                elem.value = Sequence() if elem.VR == "SQ" else elem.empty_value
        elif action == "D":
            dummy = DUMMY.get(str(elem.VR), b"")
            self._replace(ds, tag, prefix, rule, dummy, changes)

    def _clean(
        self, ds: Dataset, tag: int, prefix: str, rule: Rule, changes: list[AttributeChange]
    ) -> None:
        """The C action: shift dates, cap ages, clean text, clean the items of a sequence."""
        elem = ds[tag]
        vr = str(elem.VR)
        if vr == "SQ":
            self._items(ds, tag, prefix, True, changes)
            return
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

    def _private(self, ds: Dataset, tag: int, prefix: str, changes: list[AttributeChange]) -> None:
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
                        self._items(ds, tag, prefix, False, changes)
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
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = ["caseguard", f"PS3.15 E.1-1 {EDITION} Basic Profile"]
        items = []
        for value, meaning in self.options.method_codes():
            item = Dataset()
            item.CodeValue = value
            item.CodingSchemeDesignator = "DCM"
            item.CodeMeaning = meaning
            items.append(item)
        ds.DeidentificationMethodCodeSequence = Sequence(items)
        if self.options.retain_long_modified_dates:
            ds.LongitudinalTemporalInformationModified = "MODIFIED"
        elif self.options.retain_long_full_dates:
            ds.LongitudinalTemporalInformationModified = "UNMODIFIED"
        else:
            ds.LongitudinalTemporalInformationModified = "REMOVED"
