"""An attribute change as the report lists it: where it is, its keyword, the action with the
rule and option behind it, and the old value as a length and keyed fingerprint."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from pydicom.datadict import dictionary_VR, keyword_for_tag
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag

from caseguard.dicom.files import TEXT_VRS as ENCODED_AS_TEXT
from caseguard.dicom.files import text_value
from caseguard.dicom.result import AttributeChange, describe_old

__all__ = ["element_vr", "record_change", "tag_path"]

# rules of caseguard's own, not rows of Table E.1-1
_OWN_RULES = ("private", "curve", "overlay", "group length", "file meta")


@lru_cache(maxsize=8192)
def tag_path(tag: int) -> str:
    """``(gggg,eeee)``, the step a tag adds to an attribute's path."""
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


@lru_cache(maxsize=8192)
def _keyword(tag: int) -> str:
    return keyword_for_tag(tag)


def element_vr(ds: Dataset, tag: BaseTag) -> str:
    """The VR of an element as it is, without decoding it (the dictionary's when unknown)."""
    vr = ds._dict[tag].VR
    if vr in (None, "UN"):
        try:
            return str(dictionary_VR(tag))
        except KeyError:
            return "UN"
    return str(vr)


def record_change(
    ds: Dataset,
    tag: BaseTag,
    prefix: str,
    name: str,
    action: str,
    rule: str,
    option: str | None,
    fingerprint: Callable[[str | bytes], str],
) -> AttributeChange:
    """The change about to be made to ``ds[tag]``, read before the element is touched."""
    raw = ds._dict[tag]
    value = raw.value
    if raw.is_raw and isinstance(value, bytes) and element_vr(ds, tag) in ENCODED_AS_TEXT:
        value = text_value(ds, tag)[1]  # text read or decoded: one fingerprint
    old = describe_old(value, fingerprint)
    keyword = _keyword(int(tag)) or name or ("(private)" if tag >> 16 & 1 else "")
    code = rule if rule in _OWN_RULES else f"E.1-1 {rule}"
    return AttributeChange(f"{prefix}{tag_path(int(tag))}", keyword, action, code, option, old)
