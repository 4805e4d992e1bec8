"""Apply the compiled profile to a dataset, at every depth of every sequence.

    scrubber = Scrubber(policy, key, case_id)
    flags = scrubber.pixel_flags(ds)     # read before anything is cleaned
    changes = scrubber.scrub(ds)         # file meta, body, nested items, DICOMDIR records

The walker looks at tags without decoding values; only attributes that a rule touches are
decoded, so pixel data and everything kept stay the bytes that were read. Free text goes
through the text engine, with the same case context (and so the same date offset).
A sequence's outcome is kept by its bytes (`caseguard.dicom.sequences`); each change is
recorded before the element is touched (`caseguard.dicom.changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pydicom.charset import default_encoding
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag, Tag

from caseguard.dicom.changes import element_vr, record_change, tag_path
from caseguard.dicom.files import charset_of, set_text, text_value
from caseguard.dicom.profile import (
    CODE_ATTRIBUTES,
    FILE_META_REMOVE,
    MAX_LENGTH,
    MULTI_VALUED_TEXT,
    TEXT_VRS,
    DicomOptions,
    Rule,
    compile_rules,
    method_elements,
    pixel_reasons,
)
from caseguard.dicom.result import AttributeChange
from caseguard.dicom.sequences import Charset, SequenceMemo
from caseguard.dicom.tables import load_safe_private
from caseguard.dicom.values import DUMMY, Keyer, cap_age, shift_da, shift_dt
from caseguard.policy import Policy
from caseguard.text.transforms import CaseContext

__all__ = ["Scrubber", "TextCleaner"]

TextCleaner = Callable[[str], str]

PATIENT_NAME, PATIENT_ID, PATIENT_AGE = 0x00100010, 0x00100020, 0x00101010
STUDY_ID = 0x00200010
_TEXT_CACHE_LIMIT = 50_000


def _value_text(ds: Dataset, tag: int) -> str:
    return text_value(ds, tag)[1].strip() if tag in ds else ""


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
        self._sequences = SequenceMemo()
        self._change = partial(record_change, fingerprint=self.keyer.short_hash)

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
        return pixel_reasons(ds)

    # -- the walk ----------------------------------------------------------------------------

    def scrub(self, ds: Dataset) -> list[AttributeChange]:
        """De-identify ``ds`` in place (file meta included); return what changed."""
        changes: list[AttributeChange] = []
        meta = getattr(ds, "file_meta", None)
        if meta is not None:
            for tag, keyword in FILE_META_REMOVE.items():
                if tag in meta:
                    changes.append(
                        self._change(meta, BaseTag(tag), "", keyword, "X", "file meta", None))
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
        charset = charset_of(ds, charset)
        identity = None
        if PATIENT_NAME in ds or PATIENT_ID in ds:
            identity = _value_text(ds, PATIENT_ID) or _value_text(ds, PATIENT_NAME)
        private_seen = False
        # the keys themselves, not equal ints: a dict finds its own key by identity, fast
        for tag in list(ds._dict):
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
            rule = self.rules.get(int(tag))
            if rule is None:
                vr = element_vr(ds, tag)
                if vr == "SQ":
                    self._items(ds, tag, prefix, cleaning, changes, charset)
                elif cleaning and vr in TEXT_VRS and tag not in CODE_ATTRIBUTES:
                    self._clean(ds, tag, prefix, Rule("C", "C", None, ""), changes, charset)
                elif cleaning and vr == "PN":
                    self._replace(ds, tag, prefix, Rule("D", "C", None, ""), "PN", "ANONYMIZED",
                                  changes)
                continue
            self._apply(ds, tag, rule, prefix, cleaning, identity, changes, charset)
        if private_seen and self.safe_private is not None:
            self._drop_orphan_creators(ds, prefix, changes)

    def _items(
        self,
        ds: Dataset,
        tag: BaseTag,
        prefix: str,
        cleaning: bool,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        # kept only for an element still as read: nothing decoded it yet
        entry = self._sequences.entry(tag, ds._dict.get(tag), cleaning, charset)
        if entry is not None and self._sequences.replay(ds, entry, prefix, changes):
            return
        value = ds[tag].value
        if not isinstance(value, Sequence):
            return
        first = len(changes)
        for i, item in enumerate(value):
            self._walk(item, f"{prefix}{tag_path(int(tag))}[{i}]>", cleaning, changes, charset)
        if entry is not None:
            self._sequences.keep(ds, entry, prefix, changes[first:])

    def _apply(
        self,
        ds: Dataset,
        tag: BaseTag,
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
            elif element_vr(ds, tag) == "SQ":
                self._items(ds, tag, prefix, cleaning, changes, charset)
            return
        if action == "C":
            self._clean(ds, tag, prefix, rule, changes, charset)
            return
        if action == "D" and element_vr(ds, tag) == "SQ":
            # A dummy sequence keeps its items' structure: each nested attribute gets its own
            # rule, and free text in it goes through the text engine.
            self._items(ds, tag, prefix, True, changes, charset)
            return
        vr, value = text_value(ds, tag)
        if tag in (PATIENT_NAME, PATIENT_ID) and identity:
            code = self.keyer.patient_code(identity)
            new = f"ANON^{code}" if tag == PATIENT_NAME else f"CG{code}"
            self._replace(ds, tag, prefix, rule, vr, new, changes, action="D")
        elif tag == STUDY_ID and value:
            # Type 1 in DICOMDIR study records: a keyed pseudonym keeps records and images agreeing
            new = "S" + self.keyer.patient_code("study\x1f" + value)[:12]
            self._replace(ds, tag, prefix, rule, vr, new, changes, action="D")
        elif action == "U":
            if vr == "UI" and value:
                new_uids = [self.keyer.uid(v) for v in value.split("\\")]
                self._replace(ds, tag, prefix, rule, vr, new_uids, changes)
        elif action == "Z" or vr == "SQ":
            if value:
                changes.append(self._change(ds, tag, prefix, rule.name, action, rule.code,
                                            rule.option))
                if not set_text(ds, tag, vr, ""):
                    ds[tag].value = Sequence() if vr == "SQ" else ds[tag].empty_value
        elif action == "D":
            self._replace(ds, tag, prefix, rule, vr, DUMMY.get(vr, b""), changes)

    def _clean(
        self,
        ds: Dataset,
        tag: BaseTag,
        prefix: str,
        rule: Rule,
        changes: list[AttributeChange],
        charset: Charset,
    ) -> None:
        """The C action: shift dates, cap ages, clean text, clean the items of a sequence."""
        if element_vr(ds, tag) == "SQ":
            self._items(ds, tag, prefix, True, changes, charset)
            return
        if element_vr(ds, tag) == "TM":
            return  # whole-day shifts leave times as they are
        vr, old = text_value(ds, tag)
        if not old:
            return
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
            self._replace(ds, tag, prefix, rule, vr, "", changes, action="Z")
        elif new != old:
            self._replace(ds, tag, prefix, rule, vr, new, changes, action="C")

    def _replace(
        self,
        ds: Dataset,
        tag: BaseTag,
        prefix: str,
        rule: Rule,
        vr: str,
        new: Any,
        changes: list[AttributeChange],
        action: str | None = None,
    ) -> None:
        changes.append(self._change(ds, tag, prefix, rule.name, action or rule.action, rule.code,
                                    rule.option))
        text = "\\".join(new) if isinstance(new, list) else new
        if not (isinstance(text, str) and set_text(ds, tag, vr, text)):
            ds[tag].value = new if not isinstance(new, list) or len(new) > 1 else new[0]

    # -- private attributes ------------------------------------------------------------------

    def _private(
        self,
        ds: Dataset,
        tag: BaseTag,
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
                    if element_vr(ds, tag) == "SQ":
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

    def _record_method(self, ds: Dataset) -> None:
        """Say how ``ds`` was de-identified (PS3.15 E.1.1)."""
        implicit, little = ds.original_encoding
        if implicit is None or little is None:
            implicit, little = False, True  # a data set built in memory: any encoding will do
        for elem in method_elements(self.options, implicit, little):
            ds._dict[elem.tag] = elem
