"""Detectors for numbers that point at one person (vehicles and devices: `vehicles`).

Record numbers are found by their labels ("MRN", "UR no.", "Acc#", "insurance
policy"), which also vouch for a number that fails every checksum ("SSN:
987-65-4321"); national numbers by their shape and checksum (`national_ids`). A long
run of digits that is none of these and not a measurement is still reported, at low
confidence. ``DETECTORS`` lists all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex

from caseguard.findings import Category, Finding
from caseguard.text.base import Detector, Pattern, PatternDetector, letter_trie
from caseguard.text.document import Document
from caseguard.text.national_ids import (
    AadhaarDetector,
    IbanDetector,
    IhiDetector,
    MedicareAuDetector,
    NhsNumberDetector,
    NpiDetector,
    PaymentCardDetector,
    SinDetector,
    SsnDetector,
    TfnDetector,
    compact,
)

__all__ = [
    "DETECTORS",
    "LabelledIdDetector",
    "LongNumberDetector",
    "after_code_system_label",
]

# Labels that name a record number on their own ("MRN 2280", "Acc# A12345").
_STRONG_LABELS = (
    r"MRN|M\.R\.N\.?|UMRN|UR|URN|HID|HRN|NHI|accession|acc|acct|NPI|DEA|medicare|medicaid|"
    r"HICN|HICNO|NHS|CHI|HCN|PHN|SSN|SIN|TFN|IHI|DVA|PPSN?|aadhaa?r|"
    r"hosp\s*no|hospno|chart|insurance(?:\s+(?:policy|card|plan))?|passport|licen[cs]e|"
    r"social\s+security|soc\.?\s*sec"
)
# "ID" names a device's number as often as a person's ("device ID D4-5521-X")
_GENERIC_LABELS = r"ID|I\.D\.|identifier"
# Words that are a record number only with "no.", "number", "#" or "ID" after them
# ("a/c" alone is assist-control ventilation in an ICU note, "A/C 700x12"; "ins" alone is
# often insulin and "SS" a sliding scale).
_WEAK_LABELS = (
    r"a/c|hospital|hosp|patient|pt|case|record|med\.?\s*rec|account|policy|member|ins|SS|MBI|"
    r"subscriber|beneficiary|insurer|group|claim|certificate|cert|registration|driver'?s|"
    r"employee|staff|badge|visit|encounter|episode|admission|specimen|sample|lab|requisition|"
    r"order|study|exam|referral|file|unit|health\s+card|health\s+plan|plan|reference|ref|"
    r"customer|client|booking|appointment|ticket|national\s+insurance|ni"
)
# Words that name an identifier without a qualifier but also mean something else ("policy",
# "ins" for insulin, "med rec" for medication reconciliation, "EMR" for endoscopic mucosal
# resection, "MBI" for molecular breast imaging): the value after them must have the shape
# of an identifier (see `_id_shaped`).
_PLAIN_LABELS = (
    r"policy|ins|member|subscriber|beneficiary|insurer|EMR|EHR|MBI|medical\s+record|"
    r"health\s+record|med\.?\s*recs?"
)
# Labels that still point at the identifier a few words later ("insurance issues with
# HMO-234567", "MRN for this admission: 00123456"), again for an identifier-shaped value.
_FAR_LABELS = (
    r"MRN|UMRN|URN|SSN|EMR|HICN|MBI|medicare|medicaid|insurance|insurer|policy|aadhaa?r|"
    r"social\s+security|medical\s+record"
)
_QUALIFIER = r"(?:[\s.]*(?:number|numbers|num|no|nos|nr|id|identifier|code|ref|#))"
_VALUE = (
    r"(?P<id>(?=[A-Z0-9/-]*\d)(?:[A-Z]{1,6}[-/])*[A-Z]{0,4}[-/]?\d[A-Z0-9]*(?:[-/][A-Z0-9]+)*"
    r"(?:[ ]\d{2,}[A-Z0-9]*){0,3})(?![.,]\d|[\w-])"
)
_CONNECT = r"[\s.:#=-]*(?:(?:is|was|of|reads?)\s+|[:=]\s*)?"
# one to three short words between a label and its value, on one line
_GAP = r"(?:[ \t]+[a-z]{2,14}'?s?){1,3}(?:[ \t]*[:#=][ \t]*|[ \t]+)"
# a value directly after its label outranks a guess of any other kind about the same digits
# (a telephone number whose label sits further back, a postal code, a house number)
_LABELLED_SCORE = 0.97


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


_PART = regex.compile(r"[A-Z0-9]+", regex.IGNORECASE)


def _date_like(value: str) -> bool:
    """Whether ``value`` reads as a date or a span of years ("12/03/2021", "2019-20")."""
    parts = _PART.findall(value)
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return False
    if len(parts) == 2:
        first, second = parts
        if len(first) != 4 or first[:2] not in ("19", "20") or len(second) not in (2, 4):
            return False
        # "2019-20", "1998/2003"; "2021/4471" is a numbered case of the year
        return 0 < (int(second) - int(first[-len(second):])) % 100 <= 30
    numbers = [int(p) for p in parts]
    lengths = [len(p) for p in parts]
    # day-month-year, month-day-year, year-month-day
    for day, month, year in ((0, 1, 2), (1, 0, 2), (2, 1, 0)):
        if (lengths[year] in (2, 4) and lengths[day] <= 2 and lengths[month] <= 2
                and 1 <= numbers[day] <= 31 and 1 <= numbers[month] <= 12):
            return True
    return False


# a quantity with its unit run on ("2350cc", "1500ml", "10000u")
_AMOUNT = regex.compile(r"\d+[A-Z]{1,5}", regex.IGNORECASE)


def _id_shaped(value: str) -> bool:
    """Four digits and more with letters, or five digits and more: not a count or a year."""
    digits = _digit_count(value)
    if digits < 4 or _date_like(value) or _AMOUNT.fullmatch(value):
        return False
    return digits >= 5 or any(c.isalpha() for c in value)


class LabelledIdDetector(PatternDetector):
    """Record, account, policy, licence and similar numbers named by a label before them."""

    name: ClassVar[str] = "id-number"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("strong-label",
                rf"(?<![\w]){letter_trie(_STRONG_LABELS)}{_QUALIFIER}*{_CONNECT}{_VALUE}",
                Category.ID_NUMBER, _LABELLED_SCORE, group="id"),
        Pattern("weak-label",
                rf"(?<![\w]){letter_trie(_WEAK_LABELS)}{_QUALIFIER}+{_CONNECT}{_VALUE}",
                Category.ID_NUMBER, _LABELLED_SCORE, group="id"),
        Pattern("plain-label",
                rf"(?<![\w]){letter_trie(_PLAIN_LABELS)}{_CONNECT}{_VALUE}",
                Category.ID_NUMBER, _LABELLED_SCORE, group="id"),
        Pattern("generic-label",
                rf"(?<![\w]){letter_trie(_GENERIC_LABELS)}{_QUALIFIER}*{_CONNECT}{_VALUE}",
                Category.ID_NUMBER, 0.85, group="id"),
        Pattern("far-label",
                rf"(?<![\w]){letter_trie(_FAR_LABELS)}{_QUALIFIER}*{_GAP}{_VALUE}",
                Category.ID_NUMBER, 0.7, group="id",
                gate="mrn|urn|ssn|emr|hicn|mbi|medica|insur|policy|aadhaa?r|security|record"),
        # a card's long number ("lost my card 180016070420458"); shorter ones are a card's
        # place in a sequence or a dose card
        Pattern("card-label",
                r"(?<![\w])(?<!SIM\s)card(?:[\s.]*(?:number|no|#))?[\s:#=-]*(?:(?:is|was)\s+)?"
                r"(?P<id>\d{4}(?:[ -]?\d{2,}){2,5}|\d{12,19})(?![\w-]|[.,]\d)",
                Category.ID_NUMBER, 0.9, group="id", gate=r"card"),
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        # patterns run from the most to the least confident, so the first to take a span
        # gives it its score
        text = doc.text
        seen: set[tuple[int, int]] = set()
        for pattern, match in self.matches(doc):
            start, end = match.span(pattern.group)
            if (start, end) in seen or not self._accepts(pattern, text[start:end], text, end):
                continue
            seen.add((start, end))
            yield self.finding(doc, start, end, Category.ID_NUMBER, pattern.score,
                               f"pattern {pattern.name}")

    @staticmethod
    def _accepts(pattern: Pattern, value: str, text: str, end: int) -> bool:
        if pattern.name == "card-label":
            return _digit_count(value) >= 12
        if len(compact(value)) < 3 or _date_like(value):
            return False
        if pattern.name in ("plain-label", "far-label"):
            # "ins 1000 units", "policy covered 80000 patients"
            if not _id_shaped(value) or _UNIT.match(text, end):
                return False
            if pattern.name == "far-label" and not any(c.isalpha() or c in "-/" for c in value):
                # bare digits a few words on: only where the sentence ends with them
                return _SENTENCE_END.match(text, end) is not None
        return True


_SENTENCE_END = regex.compile(r"\s*(?:[.;,)\]?!]|$)")


# Units after a number mark it as a measurement, not an identifier.
_UNIT = regex.compile(
    r"\s*(?:%|x\b|×|/|(?:mm|cm|km|m|mg|g|kg|mcg|ug|µg|ng|ml|l|dl|mmol|umol|µmol|mol|iu|u|"
    r"units?|cells|copies|mmhg|bpm|msv|mgy|gy|hu|ms|sec|min|hours?|hrs?|days?|weeks?|"
    r"months?|years?|times|steps|calories|kcal|cal|pixels|px|voxels|slices|per)\b)",
    regex.IGNORECASE,
)


# Terminology and literature codes name a concept or a paper, never a patient.
CODE_SYSTEM_LABEL = regex.compile(
    r"\b(?:SNOMED(?:[\s-]?CT)?|LOINC|RxNorm|RxCUI|ICD(?:-?\d+)?(?:-CM)?|CPT|HCPCS|OMIM|MIM|"
    r"HGNC|PMID|PMCID|PubMed|DOI|ISBN|ISSN|NDC|ATC|UMLS|CUI|MeSH|HPO|ORPHA|Orphanet|"
    r"NCT|clinicaltrials\.gov|rs|dbSNP|Ensembl|RefSeq|GenBank|UniProt|PDB)"
    r"(?:\s+(?:code|id|no|number))?[\s:#=]*$",
    regex.IGNORECASE,
)


def after_code_system_label(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a terminology label ("SNOMED 399068003")."""
    return CODE_SYSTEM_LABEL.search(text, max(0, start - 30), start) is not None


class LongNumberDetector(Detector):
    """Six or more digits in a row that nothing else explains: probably some record number.

    Eight digits that read as a year, month and day ("on 20141024") are more likely a date
    written the DICOM way than a record number that happens to read so.
    """

    name: ClassVar[str] = "long-number"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER, Category.DATE})
    SCORE: ClassVar[float] = 0.35
    # above a bare run of digits taken for a telephone number
    DATE_SCORE: ClassVar[float] = 0.45
    _RUN = regex.compile(r"(?=\d)(?<![\w.,/:^-])\d{6,}(?![\w^]|[.,/:-]\d)")
    _YYYYMMDD = regex.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

    def detect(self, doc: Document) -> Iterator[Finding]:
        for match in self._RUN.finditer(doc.text):
            # units, or a round count ("150000") with its unit left off
            if _UNIT.match(doc.text, match.end()) or match.group().endswith("000"):
                continue
            if after_code_system_label(doc.text, match.start()):
                continue
            if self._YYYYMMDD.fullmatch(match.group()):
                yield self.finding(doc, match.start(), match.end(), Category.DATE,
                                   self.DATE_SCORE, "eight digits that read as yyyymmdd")
                continue
            yield self.finding(doc, match.start(), match.end(), Category.ID_NUMBER, self.SCORE,
                               "unexplained run of digits")


DETECTORS: tuple[type[Detector], ...] = (
    LabelledIdDetector,
    NhsNumberDetector,
    SsnDetector,
    MedicareAuDetector,
    TfnDetector,
    IhiDetector,
    AadhaarDetector,
    SinDetector,
    NpiDetector,
    PaymentCardDetector,
    IbanDetector,
    LongNumberDetector,
)
