"""Numbers that point at one vehicle or one device: plates, VINs, serial numbers.

Vehicles by plate shapes and VIN check digits (a plate of digits only where a vehicle
word is near); devices by serial-number labels, IMEI (Luhn) and MAC addresses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex
from stdnum import imei
from wordfreq import zipf_frequency

from caseguard.findings import Category, Finding
from caseguard.text.base import Detector, Pattern, PatternDetector
from caseguard.text.document import Document
from caseguard.text.national_ids import compact

__all__ = ["DETECTORS", "DeviceIdDetector", "VehicleDetector", "vin_check_digit_ok"]


_VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9,
                                                     2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    """ISO 3779 / FMVSS 115 check digit (position 9), used in North America."""
    vin = vin.upper()
    # a case-insensitive match lets through look-alikes such as the Kelvin sign for "K"
    if not all(c in _VIN_VALUES or c in "0123456789" for c in vin):
        return False
    total = sum(
        (int(c) if c.isdigit() else _VIN_VALUES[c]) * w for c, w in zip(vin, _VIN_WEIGHTS,
                                                                         strict=True)
    )
    expected = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == expected


class VehicleDetector(PatternDetector):
    """Number plates (labelled, UK and Californian shapes) and vehicle identification numbers."""

    name: ClassVar[str] = "vehicle"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.VEHICLE})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        # "reg" alone is "regular insulin" or "regimen" in a note: it needs a separator, and
        # the plate is checked in validate()
        Pattern(
            "labelled-plate",
            r"\b(?:(?:number|licen[cs]e|registration|rego|reg\.?|car|vehicle|ambulance|taxi|van"
            r"|truck|lorry|bus|motorcycle|motorbike)\s+plate|rego|"
            r"reg(?:istration)?(?:\s+(?:no|number|mark))?|vehicle(?:\s+(?:reg|registration|no))?)"
            r"\b(?:[\s.:#-]+(?:(?:is|was)\s+)?|(?<=\bno|number|mark|plate)\.?)"
            r"(?P<id>[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){0,2})"
            r"(?![\w-])",
            Category.VEHICLE, 0.75, group="id", gate="plate|reg|vehicle",
        ),
        # current UK plates, same case throughout
        Pattern("uk-plate", r"\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}|[a-z]{2}\d{2} ?[a-z]{3})\b",
                Category.VEHICLE, 0.45, flags=0, gate=r"[a-z]{2}\d{2} ?[a-z]{3}"),
        Pattern("us-plate", r"\b(?:\d[A-Z]{3}\d{3}|\d[a-z]{3}\d{3})\b", Category.VEHICLE, 0.4,
                flags=0, gate=r"\d[a-z]{3}\d{3}"),
        Pattern("vin", r"\b(?=\w{17})(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])(?=[A-HJ-NPR-Z0-9]*\d)"
                r"[A-HJ-NPR-Z0-9]{17}\b", Category.VEHICLE, 0.85, gate="[a-z0-9]{17}"),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "plate", "plates", "reg", "registration", "rego", "vehicle", "car", "vin", "truck",
        "van", "motorcycle", "drove", "driving", "driver",
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        yield from super().detect(doc)
        # "plate 96-UX43 from Leeds": the greedy plate took "from" along and was refused;
        # the plate without its trailing word is tried again
        pattern, compiled, gate = self._gated[0]
        for match in doc.finditer(compiled, gate):
            start, end = match.span("id")
            value = doc.text[start:end]
            if _plate_like(value):
                continue
            parts = value.split(" ")
            trimmed = " ".join(parts[:-1]) if len(parts) > 1 else ""
            if trimmed and _plate_like(trimmed):
                yield self.finding(
                    doc, start, start + len(trimmed), Category.VEHICLE, pattern.score,
                    f"pattern {pattern.name}",
                )
                continue
            # plates of digits alone ("registration 444-971") where the text is about a vehicle
            plate = next((c for c in (value, trimmed) if _DIGIT_PLATE.fullmatch(c)), None)
            if plate is not None and self._about_a_vehicle(doc, match.start(), start):
                yield self.finding(
                    doc, start, start + len(plate), Category.VEHICLE, pattern.score,
                    f"pattern {pattern.name}, digits only, about a vehicle",
                )

    @staticmethod
    def _about_a_vehicle(doc: Document, label_start: int, value_start: int) -> bool:
        text = doc.text
        return (_VEHICLE_WORD.search(text, label_start, value_start) is not None
                or _VEHICLE_WORD.search(text, max(0, label_start - 60), label_start) is not None)

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if pattern.name == "vin":
            return pattern.score if vin_check_digit_ok(value) else 0.45
        if pattern.name == "labelled-plate" and not _plate_like(value):
            return None
        if pattern.name == "uk-plate":
            # the random letters of a UK plate never use I or Q ("HC03 IVP" is bicarbonate)
            if value[-3:].lower() in _COMMON_TRIGRAMS or value[-3:].upper() in _CLINICAL_TRIGRAMS:
                return None
            if value[:4].upper() in _CHEMICALS:
                return None
        return pattern.score


_DIGIT_PLATE = regex.compile(r"(?=(?:\D*\d){5})\d{2,4}[ -]?\d{2,4}")
# "registration" alone may be a doctor's or a birth registration; a plate of digits alone
# needs the vehicle named nearby
_VEHICLE_WORD = regex.compile(
    r"\b(?:car|cars|vehicle|plate|rego|van|truck|lorry|bus|taxi|ambulance|motorcycle|"
    r"motorbike|scooter|drove|driving|driver|collision|crash|MVA|MVC|RTA|RTC)\b",
    regex.IGNORECASE,
)
_COMMON_TRIGRAMS = frozenset({"and", "the", "for", "was", "are", "not", "but", "had", "has"})
# abbreviations a note writes after a chemical or a dose ("HC03 IVP", "MS04 PCA")
_CLINICAL_TRIGRAMS = frozenset({"IVP", "PCA", "IVF", "GTT", "NGT", "OGT", "ETT", "TPN", "PEG",
                                "MVI", "ICU", "CCU", "NEB", "SQ", "IVB", "AMP", "PRN", "BID",
                                "TID", "QID", "QHS"})
# sulphates and bicarbonate written with a zero ("MS04 PCA" is morphine by pump)
_CHEMICALS = frozenset({"MS04", "MG04", "HC03", "SO04", "FE04", "ZN04", "CA03"})
_PLATE_PART = regex.compile(r"[A-Z0-9]+", regex.IGNORECASE)
_RANGE = regex.compile(r"\d+\s*-\s*\d+\b")
_CLOCK = regex.compile(r"\d{1,2}(?:am|pm)", regex.IGNORECASE)
_DOSE = regex.compile(r"\d{1,3}(?:u|mg|ml|g|h|hrs?)", regex.IGNORECASE)


def _plate_like(value: str) -> bool:
    """A labelled plate mixes letters and digits, and its parts are not words or ranges."""
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    parts = _PLATE_PART.findall(value)
    if any(part.isalpha() and len(part) > 4 for part in value.split()):
        return False  # "insulin x1": a word, not a plate
    if _RANGE.match(value):
        return False  # "14-22 BS": a range and a word
    for part in parts:
        # two letters may be a region ("CO 4642"); longer common words are prose
        if part.isalpha() and len(part) > 2 and zipf_frequency(part.lower(), "en") >= _WORD_ZIPF:
            return False  # "NA LOW 129"
        if _CLOCK.fullmatch(part):
            return False  # "at 9PM": a time
    # "reg 10u": a dose
    return not (len(parts) == 1 and _DOSE.fullmatch(value))


# wordfreq's Zipf scale: 4.5 is about thirty per million words ("at", "low"; not "abc")
_WORD_ZIPF = 4.5


class DeviceIdDetector(PatternDetector):
    """Serial numbers, device and station identifiers, IMEIs and MAC addresses."""

    name: ClassVar[str] = "device-id"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.DEVICE_ID})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern(
            "serial",
            r"(?<![\w/])(?:S/N|SN|serial(?:\s+(?:no|number|#))?|ser\.?\s*no|"
            r"(?:device|implant|pacemaker|ICD|generator|pump|stimulator|scanner|unit|probe|"
            r"coil|transducer|monitor|hearing\s+aid|cochlear\s+implant)\s+"
            r"(?:serial(?:\s+(?:no|number))?|s/n|sn|id|identifier|no|number|#)|"
            r"(?:model|lot|batch|part|asset)(?:\s+(?:no|number|tag|#))?|P/N|UDI|IMEI|MEID)"
            r"\.?[\s:#=-]*(?:(?:is|was)\s+)?"
            r"(?P<id>(?=[\w./-]*\d)[A-Z0-9][\w./-]{1,38}[A-Z0-9])(?![\w-])",
            Category.DEVICE_ID, 0.8, group="id",
            gate="s/n|sn|ser|device|implant|pacemaker|icd|generator|pump|stimulator|scanner|unit"
                 "|probe|coil|transducer|monitor|aid|model|lot|batch|part|asset|p/n|udi|imei|meid",
        ),
        Pattern(
            "station",
            r"\b(?:station(?:\s+name)?|AE\s*title|AET|workstation|modality\s+name)"
            r"[\s:#=-]*(?:(?:is|was)\s+)?(?P<id>[A-Z][A-Z0-9_-]{2,30}\d[A-Z0-9_-]*)(?![\w-])",
            Category.DEVICE_ID, 0.8, group="id", gate="station|title|aet|modality",
        ),
        Pattern("imei", r"(?=\d)(?<![\w-])\d{2}[ -]?\d{6}[ -]?\d{6}[ -]?\d(?![\w-])",
                Category.DEVICE_ID, 0.7),
        Pattern("mac", r"(?=[0-9A-Fa-f]{2}[:-])"
                r"(?<![\w:-])(?:[0-9A-F]{2}([:-]))(?:[0-9A-F]{2}\1){4}[0-9A-F]{2}(?![\w:-])",
                Category.DEVICE_ID, 0.85, gate=r"[0-9a-f]{2}[:-][0-9a-f]{2}[:-]"),
        Pattern("mac-dotted", r"\b[0-9A-F]{4}\.[0-9A-F]{4}\.[0-9A-F]{4}\b", Category.DEVICE_ID,
                0.85, gate=r"[0-9a-f]{4}\.[0-9a-f]{4}\."),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = ("imei", "mac", "serial", "device", "phone", "handset")
    CONTEXT_BOOST: ClassVar[float] = 0.15

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if pattern.name == "imei":
            return pattern.score if imei.is_valid(compact(value)) else None
        if pattern.name == "serial" and len(compact(value)) < 3:
            return None
        return pattern.score


DETECTORS: tuple[type[Detector], ...] = (VehicleDetector, DeviceIdDetector)
