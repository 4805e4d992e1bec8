"""The Basic Profile plus options, compiled once into a tag -> rule map.

Table E.1-1 gives each attribute a Basic Profile action and, per option, the action that
replaces it when the option is on. `compile_rules` resolves that once per policy:

- an enabled option's column overrides the Basic Profile (options are tried in the order of
  `OPTION_PRECEDENCE`: the retain options first, then the clean ones);
- combined codes are resolved without full IOD tables by the safe reading: ``X/Z`` is Z only
  for attributes known to be Type 2, ``X/D`` is D only for known Type 1, ``X/Z/D`` D for
  Type 1, Z for Type 2, else X, ``Z/D`` D for Type 1 else Z; ``X/Z/U*`` keeps the reference
  sequence and replaces the UIDs inside it (they are U rows themselves).

Wildcard rows (curves 50xx, overlays 60xx, private groups) are handled by the walker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from caseguard.dicom.files import encode_sequence, raw_element, text_value
from caseguard.dicom.tables import EDITION, load_profile
from caseguard.errors import PolicyError

__all__ = ["DicomOptions", "Rule", "compile_rules", "method_elements", "pixel_reasons"]

# -- attributes the walker treats by kind rather than by table row ---------------------------

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

# Which option column wins when two enabled options both speak for one attribute.
OPTION_PRECEDENCE = (
    "retain_uids",
    "retain_device_identity",
    "retain_institution_identity",
    "retain_patient_characteristics",
    "retain_long_full_dates",
    "retain_long_modified_dates",
    "clean_descriptors",
    "clean_structured_content",
    "clean_graphics",
    "retain_safe_private",
)

# Attributes behind combined codes whose IOD type we know for the common composite IODs.
# Type 1 (must be present with a value) -> D; Type 2 (present, may be empty) -> Z.
KNOWN_TYPE1 = frozenset({
    0x00181000,  # Device Serial Number (Enhanced General Equipment)
    0x0040A032,  # Observation DateTime (SR content items)
})
KNOWN_TYPE2 = frozenset({
    0x00080023,  # Content Date (General Image)
    0x00080033,  # Content Time (General Image)
    0x00081070,  # Operators' Name (RT Series)
    0x00081111,  # Referenced Performed Procedure Step Sequence (SR Document Series)
    0x00100020,  # Patient ID (Patient)
    0x00102203,  # Patient's Sex Neutered (Patient, 2C for animals)
    0x00700084,  # Content Creator's Name (Presentation State)
    0x300A00B2,  # Treatment Machine Name (RT Beams)
    0x00400555,  # Acquisition Context Sequence (SR document)
})

# CID 7050 de-identification method codes, by option.
METHOD_CODES = {
    "basic": ("113100", "Basic Application Confidentiality Profile"),
    "clean_graphics": ("113103", "Clean Graphics Option"),
    "clean_structured_content": ("113104", "Clean Structured Content Option"),
    "clean_descriptors": ("113105", "Clean Descriptors Option"),
    "retain_long_full_dates": (
        "113106", "Retain Longitudinal Temporal Information Full Dates Option"
    ),
    "retain_long_modified_dates": (
        "113107", "Retain Longitudinal Temporal Information Modified Dates Option"
    ),
    "retain_patient_characteristics": ("113108", "Retain Patient Characteristics Option"),
    "retain_device_identity": ("113109", "Retain Device Identity Option"),
    "retain_uids": ("113110", "Retain UIDs Option"),
    "retain_safe_private": ("113111", "Retain Safe Private Option"),
    "retain_institution_identity": ("113112", "Retain Institution Identity Option"),
}


@dataclass(frozen=True)
class DicomOptions:
    """The ``[dicom]`` section of a policy: which Annex E options are on."""

    clean_descriptors: bool = True
    clean_structured_content: bool = True
    clean_graphics: bool = True
    retain_long_modified_dates: bool = True
    retain_long_full_dates: bool = False
    retain_patient_characteristics: bool = True
    retain_device_identity: bool = False
    retain_institution_identity: bool = False
    retain_safe_private: bool = False
    retain_uids: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DicomOptions:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise PolicyError(
                f"[dicom]: unknown options {sorted(unknown)}; valid ones are {sorted(known)}"
            )
        for name, value in data.items():
            if not isinstance(value, bool):
                raise PolicyError(f"[dicom]: {name} must be true or false, not {value!r}")
        options = cls(**data)
        if options.retain_long_full_dates and options.retain_long_modified_dates:
            raise PolicyError(
                "[dicom]: retain_long_full_dates and retain_long_modified_dates exclude each other"
            )
        return options

    def enabled(self) -> tuple[str, ...]:
        return tuple(name for name in OPTION_PRECEDENCE if getattr(self, name))

    def method_codes(self) -> list[tuple[str, str]]:
        return [METHOD_CODES["basic"], *(METHOD_CODES[n] for n in sorted(self.enabled()))]

    def describe(self) -> str:
        return f"PS3.15 E.1-1 {EDITION} Basic Profile; " + ", ".join(self.enabled())


@dataclass(frozen=True, slots=True)
class Rule:
    """The action chosen for one attribute, and which table cell chose it."""

    action: str  # X Z D U K C, or U* (keep a reference sequence, remap the UIDs in it)
    code: str  # the table cell it came from, e.g. "X/Z/D"
    option: str | None  # the option column that overrode the Basic Profile, if any
    name: str


def _resolve(tag: int, code: str) -> str:
    type1, type2 = tag in KNOWN_TYPE1, tag in KNOWN_TYPE2
    if code == "X/Z":
        return "Z" if type2 else "X"
    if code == "X/D":
        return "D" if type1 else "X"
    if code == "X/Z/D":
        return "D" if type1 else "Z" if type2 else "X"
    if code == "Z/D":
        return "D" if type1 else "Z"
    if code == "X/Z/U*":
        return "U*"
    return code


def compile_rules(options: DicomOptions) -> dict[int, Rule]:
    """The tag -> rule map for every single-tag row of the table under these options."""
    enabled = options.enabled()
    rules: dict[int, Rule] = {}
    for row in load_profile():
        if "X" in row.tag[1:5] or "G" in row.tag:
            continue  # wildcard rows: the walker handles curves, overlays and private groups
        tag = int(row.tag[1:5] + row.tag[6:10], 16)
        code, option = row.basic_profile, None
        for name in enabled:
            cell = row.options.get(name)
            if cell:
                code, option = cell, name
                break
        rules[tag] = Rule(_resolve(tag, code), code, option, row.name)
    return rules


@cache
def method_elements(
    options: DicomOptions, implicit_vr: bool, little_endian: bool
) -> tuple[RawDataElement, ...]:
    """The PS3.15 E.1.1 attributes saying how a file was de-identified, encoded once."""
    items = []
    for code, meaning in options.method_codes():
        item = Dataset()
        item.CodeValue = code
        item.CodingSchemeDesignator = "DCM"
        item.CodeMeaning = meaning
        items.append(item)
    codes = DataElement(0x00120064, "SQ", Sequence(items))
    if options.retain_long_modified_dates:
        longitudinal = b"MODIFIED"
    elif options.retain_long_full_dates:
        longitudinal = b"UNMODIFIED"
    else:
        longitudinal = b"REMOVED"
    return tuple(
        raw_element(tag, vr, value, implicit_vr, little_endian)
        for tag, vr, value in (
            (0x00120062, "CS", b"YES"),  # Patient Identity Removed
            (0x00120063, "LO", f"caseguard\\PS3.15 E.1-1 {EDITION} Basic Profile".encode()),
            (0x00120064, "SQ", encode_sequence(codes, implicit_vr, little_endian, ())),
            (0x00280303, "CS", longitudinal),  # Longitudinal Temporal Information Modified
        )
    )


def _text(ds: Dataset, tag: int) -> str:
    # a value only looked at stays the bytes read, and is written back as it was
    return text_value(ds, tag)[1] if tag in ds else ""


def pixel_reasons(ds: Dataset) -> list[str]:
    """Why a file's pixels may carry burned-in text (empty: no known reason)."""
    reasons = []
    if _text(ds, 0x00280301).strip().upper() == "YES":  # Burned In Annotation
        reasons.append("BurnedInAnnotation is YES")
    modality = _text(ds, 0x00080060).strip().upper()
    if modality in TEXT_MODALITIES:
        reasons.append(f"modality {modality} often has burned-in text")
    sop_class = _text(ds, 0x00080016).strip()
    if sop_class in SECONDARY_CAPTURE:
        reasons.append("secondary capture image")
    if sop_class in DOSE_REPORTS or (
        0x7FE00010 in ds and "DOSE" in _text(ds, 0x0008103E).upper()  # Series Description
    ):
        reasons.append("dose report")
    return reasons
