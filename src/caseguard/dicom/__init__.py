"""DICOM de-identification to DICOM PS3.15 Annex E (Table E.1-1, edition 2025b).

The Basic Application Level Confidentiality Profile with its options, applied at every
depth of every sequence, file meta and DICOMDIR records included; keyed UID remapping;
private attributes removed (or, with Retain Safe Private, kept only where TCIA's knowledge
base marks them safe); free text cleaned by caseguard's text engine.

Options come from the policy's ``[dicom]`` table (see `DicomOptions` for the defaults).
"""

from caseguard.dicom.api import (
    Failure,
    deidentify_file,
    deidentify_path,
    deidentify_source,
    what_if,
)
from caseguard.dicom.inputs import Source, ZipLimits, iter_sources
from caseguard.dicom.profile import DicomOptions, Rule, compile_rules
from caseguard.dicom.result import NEEDS_PIXEL_CHECK, AttributeChange, FileResult
from caseguard.dicom.scrub import Scrubber
from caseguard.dicom.tables import EDITION

__all__ = [
    "EDITION",
    "NEEDS_PIXEL_CHECK",
    "AttributeChange",
    "DicomOptions",
    "Failure",
    "FileResult",
    "Rule",
    "Scrubber",
    "Source",
    "ZipLimits",
    "compile_rules",
    "deidentify_file",
    "deidentify_path",
    "deidentify_source",
    "iter_sources",
    "what_if",
]
