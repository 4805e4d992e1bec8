"""Replacement values for DICOM attributes: keyed UIDs and pseudonyms, dummies, date shifts.

Everything keyed comes from the case's `CaseContext`, so the same key and case id give the
same UID, patient pseudonym and date offset in every file (references between files stay
intact) and in the text engine (dates in free text move by the same offset).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

from pydicom.multival import MultiValue

from caseguard.text.transforms import CaseContext

__all__ = ["DUMMY", "Keyer", "Memo", "as_text", "cap_age", "shift_da", "shift_dt"]

T = TypeVar("T")

# Non-empty dummies that fit each VR's length and character repertoire.
DUMMY: dict[str, object] = {
    "AE": "ANONYMOUS",
    "AS": "000Y",
    "CS": "ANONYMIZED",
    "DA": "19000101",
    "DT": "19000101000000",
    "TM": "000000",
    "DS": "0",
    "IS": "0",
    "LO": "ANONYMIZED",
    "LT": "ANONYMIZED",
    "SH": "ANONYMIZED",
    "ST": "ANONYMIZED",
    "UC": "ANONYMIZED",
    "UT": "ANONYMIZED",
    "UR": "",
    "PN": "ANONYMIZED",
    "UI": "2.25.0",
    "FL": 0.0,
    "FD": 0.0,
    "SL": 0,
    "SS": 0,
    "UL": 0,
    "US": 0,
    "SV": 0,
    "UV": 0,
    "OB": b"\x00\x00",
    "OW": b"\x00\x00",
    "UN": b"\x00\x00",
}

_UID_CACHE_LIMIT = 200_000
_HASH_CACHE_LIMIT = 50_000


class Keyer:
    """Keyed, deterministic replacements for one case (or one archive run as one case).

    Each keyed value is ``CaseContext.digest(purpose, value)``; the HMAC state after the
    constant prefix (case id and purpose) is computed once and copied per value, which gives
    the same digest for a fraction of the cost (archives call this for every UID).
    """

    def __init__(self, context: CaseContext) -> None:
        self.context = context
        self.offset = context.date_offset_days
        self._uids: dict[str, str] = {}
        self._hashes: dict[str, str] = {}
        self._macs: dict[str, hmac.HMAC] = {}

    def _digest(self, purpose: str, value: str) -> bytes:
        mac = self._macs.get(purpose)
        if mac is None:
            prefix = "\x1f".join((self.context.case_id, purpose, "")).encode("utf-8")
            mac = self._macs[purpose] = hmac.new(self.context.key, prefix, hashlib.sha256)
        one = mac.copy()
        one.update(value.encode("utf-8"))
        return one.digest()

    def uid(self, value: str) -> str:
        """``2.25.`` + a 128-bit integer from an HMAC of the UID: <= 44 characters."""
        value = value.strip("\x00 ")
        if not value:
            return value
        cached = self._uids.get(value)
        if cached is None:
            if len(self._uids) > _UID_CACHE_LIMIT:
                self._uids.clear()
            digest = self._digest("dicom-uid", value)
            cached = "2.25." + str(int.from_bytes(digest[:16], "big"))
            self._uids[value] = cached
        return cached

    def patient_code(self, identity: str) -> str:
        return self._digest("dicom-patient", identity.strip().upper()).hex()[:12].upper()

    def short_hash(self, raw: str | bytes) -> str:
        """A keyed fingerprint of an old value, for reports: equal values, equal hashes."""
        text = raw.hex() if isinstance(raw, bytes) else raw
        if len(text) > 256:  # long values rarely repeat: not worth keeping
            return self._digest("dicom-report", text).hex()[:10]
        cached = self._hashes.get(text)
        if cached is None:
            if len(self._hashes) > _HASH_CACHE_LIMIT:
                self._hashes.clear()
            cached = self._hashes[text] = self._digest("dicom-report", text).hex()[:10]
        return cached


class Memo(Generic[T]):
    """Outcomes keyed by the bytes they came from, within a budget of bytes (then forgotten)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._outcomes: dict[Hashable, T] = {}
        self._used = 0

    def get(self, key: Hashable) -> T | None:
        return self._outcomes.get(key)

    def put(self, key: Hashable, outcome: T, size: int) -> None:
        if self._used + size > self.budget:
            self._outcomes.clear()
            self._used = 0
        self._outcomes[key] = outcome
        self._used += size


def as_text(value: Any) -> str:
    """A decoded value as one string (multiple values joined by backslashes, bytes as hex)."""
    if isinstance(value, MultiValue | list | tuple):
        return "\\".join(str(v) for v in value)
    if isinstance(value, bytes):
        return value.hex()
    return "" if value is None else str(value)


def cap_age(value: str) -> str:
    """Ages over 89 years become 090Y (PS3.15 and HIPAA Safe Harbor)."""
    text = value.strip()
    if len(text) == 4 and text[3] == "Y" and text[:3].isdigit() and int(text[:3]) > 89:
        return "090Y"
    return value


def _shift_date(text: str, days: int) -> str | None:
    """Shift YYYY, YYYYMM or YYYYMMDD by whole days, keeping the precision given."""
    if not text.isdigit() or len(text) not in (4, 6, 8):
        return None
    padded = text + "0101"[len(text) - 4 :] if len(text) < 8 else text
    try:
        moved = dt.date(int(padded[:4]), int(padded[4:6]), int(padded[6:8])) + dt.timedelta(days)
    except (ValueError, OverflowError):
        return None
    return moved.strftime("%Y%m%d")[: len(text)]


def shift_da(value: str, days: int) -> str | None:
    """Shift every date of a DA value (multi-valued, or a range ``A-B``); None if unparsable."""
    out: list[str] = []
    for one in value.split("\\"):
        parts: list[str] = []
        for part in one.strip().split("-"):
            if not part:
                parts.append(part)
                continue
            moved = _shift_date(part.strip(), days)
            if moved is None:
                return None
            parts.append(moved)
        out.append("-".join(parts))
    return "\\".join(out)


def shift_dt(value: str, days: int) -> str | None:
    """Shift the date part of DT values; the time and any UTC offset stay as they are."""
    out: list[str] = []
    for one in value.split("\\"):
        one = one.strip()
        if not one:
            out.append(one)
            continue
        sign_at = max(one.find("+", 4), one.find("-", 4))
        stamp, zone = (one[:sign_at], one[sign_at:]) if sign_at > 0 else (one, "")
        date_part = stamp[:8]
        if len(stamp) < 4:
            return None
        moved = _shift_date(date_part, days)
        if moved is None:
            return None
        out.append(moved + stamp[len(date_part) :] + zone)
    return "\\".join(out)
