"""National, health and payment numbers found by their shape and checked by their digits.

``python-stdnum`` supplies the checks where it has them (NHS, SSN, TFN, SIN, Aadhaar, IBAN,
Luhn); Medicare (AU), IHI and NPI are checked here. A number that fails its check is
dropped unless a label vouches for it (`identifiers.LabelledIdDetector`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex
from stdnum import iban, luhn
from stdnum.au import tfn
from stdnum.ca import sin
from stdnum.gb import nhs
from stdnum.in_ import aadhaar
from stdnum.us import ssn

from caseguard.findings import Category, Finding
from caseguard.text import gates
from caseguard.text.base import Detector, Pattern, PatternDetector
from caseguard.text.document import Document

__all__ = [
    "AadhaarDetector",
    "ChecksumDetector",
    "IbanDetector",
    "IhiDetector",
    "MedicareAuDetector",
    "NhsNumberDetector",
    "NpiDetector",
    "PaymentCardDetector",
    "SinDetector",
    "SsnDetector",
    "TfnDetector",
    "compact",
]


def compact(value: str) -> str:
    """The letters and digits of a value, without spaces, dashes or dots."""
    return "".join(c for c in value if c.isalnum())



class ChecksumDetector(PatternDetector):
    """A number family recognised by its shape and confirmed by its check digit."""

    # how the digits of a match are checked; a failed check drops the match
    check: ClassVar[staticmethod[[str], bool]]
    # the score of a shape-only match when the check fails (None: drop it)
    UNCHECKED_SCORE: ClassVar[float | None] = None

    def validate(self, pattern: Pattern, value: str) -> float | None:
        number = compact(value).upper()
        if type(self).check(number):
            return pattern.score
        return self.UNCHECKED_SCORE


def _medicare_au(number: str) -> bool:
    # Services Australia: weights 1,3,7,9,1,3,7,9 over the first 8 digits, mod 10 = 9th digit
    if not number.isdigit() or len(number) not in (10, 11) or number[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return total % 10 == int(number[8])


def _npi(number: str) -> bool:
    # an NPI is a Luhn number once the health-industry prefix 80840 is put in front
    return len(number) == 10 and number[0] in "12" and luhn.is_valid("80840" + number)


def _payment_card(number: str) -> bool:
    if not number.isdigit() or not 13 <= len(number) <= 19 or number[0] not in "3456":
        return False
    # only American Express issues 15 digits; a 15-digit Luhn number is more often an IMEI
    if len(number) == 15 and number[:2] not in ("34", "37"):
        return False
    return luhn.is_valid(number)


def _ihi(number: str) -> bool:
    return len(number) == 16 and number.startswith("800360") and luhn.is_valid(number)


_EDGE_L = r"(?=\d)(?<![\w./:+-]|\+\d{1,3}[ -]?)"
_EDGE_R = r"(?![\w/]|[.,:-]\d)"


class NhsNumberDetector(ChecksumDetector):
    name: ClassVar[str] = "nhs-number"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern("nhs", rf"{_EDGE_L}\d{{3}}[ -]?\d{{3}}[ -]?\d{{4}}{_EDGE_R}",
                        Category.ID_NUMBER, 0.8),)
    CONTEXT = ("nhs", "chi", "health service")
    check = staticmethod(nhs.is_valid)


class SsnDetector(ChecksumDetector):
    name: ClassVar[str] = "us-ssn"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (
        Pattern("grouped", rf"{_EDGE_L}\d{{3}}([- ])\d{{2}}\1\d{{4}}{_EDGE_R}",
                Category.ID_NUMBER, 0.8, gate=r"\d{3}[- ]\d{2}[- ]\d{4}"),
        Pattern("bare", rf"{_EDGE_L}\d{{9}}{_EDGE_R}", Category.ID_NUMBER, 0.2),
    )
    CONTEXT = ("ssn", "social security", "ss#", "soc sec")
    CONTEXT_BOOST = 0.4
    check = staticmethod(ssn.is_valid)


class MedicareAuDetector(ChecksumDetector):
    name: ClassVar[str] = "au-medicare"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern(
        "medicare", rf"{_EDGE_L}[2-6]\d{{3}}[ -]?\d{{5}}[ -]?\d(?:[ -/]?\d)?{_EDGE_R}",
        Category.ID_NUMBER, 0.6, gate=r"[2-6]\d{3}[ -]?\d{5}[ -]?\d",
    ),)
    CONTEXT = ("medicare", "mcn", "irn")
    CONTEXT_BOOST = 0.3
    check = staticmethod(_medicare_au)


class TfnDetector(ChecksumDetector):
    name: ClassVar[str] = "au-tfn"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern("tfn", rf"{_EDGE_L}\d{{3}} ?\d{{3}} ?\d{{2,3}}{_EDGE_R}",
                        Category.ID_NUMBER, 0.4),)
    CONTEXT = ("tfn", "tax file")
    CONTEXT_BOOST = 0.4
    check = staticmethod(tfn.is_valid)


class IhiDetector(ChecksumDetector):
    name: ClassVar[str] = "au-ihi"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern("ihi", rf"{_EDGE_L}8003 ?60\d\d ?\d{{4}} ?\d{{4}}{_EDGE_R}",
                        Category.ID_NUMBER, 0.85, gate="8003 ?60"),)
    check = staticmethod(_ihi)


class AadhaarDetector(ChecksumDetector):
    name: ClassVar[str] = "in-aadhaar"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    # twelve digits in fours with a Verhoeff check digit; a 4-4-4 group is rarely a telephone
    PATTERNS = (Pattern("aadhaar", rf"{_EDGE_L}[2-9]\d{{3}}([ -]?)\d{{4}}\1\d{{4}}{_EDGE_R}",
                        Category.ID_NUMBER, 0.5, gate=r"[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}"),)
    CONTEXT = ("aadhaar", "aadhar", "uid", "uidai")
    CONTEXT_BOOST = 0.45
    check = staticmethod(aadhaar.is_valid)


class SinDetector(ChecksumDetector):
    name: ClassVar[str] = "ca-sin"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern("sin", rf"{_EDGE_L}\d{{3}}[- ]?\d{{3}}[- ]?\d{{3}}{_EDGE_R}",
                        Category.ID_NUMBER, 0.4),)
    CONTEXT = ("sin", "social insurance")
    CONTEXT_BOOST = 0.4
    check = staticmethod(sin.is_valid)


class NpiDetector(ChecksumDetector):
    name: ClassVar[str] = "us-npi"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern("npi", rf"{_EDGE_L}[12]\d{{9}}{_EDGE_R}", Category.ID_NUMBER, 0.4,
                        gate=r"[12]\d{9}"),)
    CONTEXT = ("npi", "provider")
    CONTEXT_BOOST = 0.45
    check = staticmethod(_npi)


class PaymentCardDetector(ChecksumDetector):
    name: ClassVar[str] = "payment-card"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    PATTERNS = (Pattern(
        "card", rf"{_EDGE_L}[3-6]\d{{3}}(?:[ -]?\d{{3,4}}){{2,3}}(?:[ -]?\d{{1,4}})?{_EDGE_R}",
        Category.ID_NUMBER, 0.8, gate=r"[3-6]\d{3}(?:[ -]?\d{3,4}){2}",
    ),)
    CONTEXT = ("card", "visa", "mastercard", "amex", "credit", "debit")
    CONTEXT_BOOST = 0.15
    check = staticmethod(_payment_card)


class IbanDetector(Detector):
    """IBANs; a match that swallowed a following word is shortened until its checksum holds."""

    name: ClassVar[str] = "iban"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.ID_NUMBER})
    _SHAPE = regex.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b",
                           regex.IGNORECASE)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for match in doc.finditer(self._SHAPE):
            value = match.group()
            while len(compact(value)) >= 15:
                if iban.is_valid(value.upper()):
                    end = match.start() + len(value)
                    yield self.finding(doc, match.start(), end, Category.ID_NUMBER, 0.9, "IBAN")
                    break
                value = value[:-1].rstrip()


gates.prefilter(IbanDetector._SHAPE)  # see `Document.may_match`
