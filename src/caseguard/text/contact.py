"""Telephone and fax numbers (e-mail, links, IP addresses and handles: `links`).

Phone numbers are parsed by ``phonenumbers`` over the regions whose notes we
expect, at a lenient setting so that local forms ("555-1234") are found; the
label in front of a number ("Fax", "F:") decides whether it is a phone or a fax.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import ClassVar

import phonenumbers
import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates
from caseguard.text.base import Detector, compile_gate
from caseguard.text.document import Document
from caseguard.text.identifiers import after_code_system_label

__all__ = ["DETECTORS", "PhoneDetector"]

# Regions whose national formats are parsed; "+NN" numbers parse under any of them.
PHONE_REGIONS: tuple[str, ...] = ("US", "GB", "AU", "IE", "NZ", "IN")
# (Canada shares the "+1" plan with the US: a US parse already validates Canadian numbers.)

# A label before a number: the last one within the window decides phone or fax.
_LABEL = regex.compile(
    r"(?:\b(?P<fax>fax|facsimile|fx)\b|(?<![\w.])(?P<faxletter>F)\s*:"
    r"|\b(?P<phone>phone|ph|tel|telephone|mobile|mob|cell|cellphone|call|called|contact|"
    r"pager|page|bleep|landline|home|work|whatsapp|sms|text|ring|rang|dial)\b"
    r"|(?<![\w.])(?P<phoneletter>[TMPHWC])\s*:)",
    regex.IGNORECASE,
)
_LABEL_WINDOW = 30

# A run of digit groups that could be a telephone number: an optional "+", groups of digits
# joined by one space, hyphen or dot (or a bracketed area code), an optional extension. The
# lookahead wants five digits close together, so the many short numbers of a note cost nothing.
_CANDIDATE = regex.compile(
    r"(?=[\d+(])(?<![\w.+/]|\d[ \t]?[-\u2013][ \t]?|\d[ \t])(?=(?:[^\d\n]{0,3}\d){5})"
    r"(?P<num>(?:\+[ \t]?)?\(?\d{1,12}\)?"
    r"(?:(?:[ \t]?[-.\u2013][ \t]?|[ \t]{1,2}|(?<=\))|(?=\())\(?\d{1,12}\)?){0,6})"
    r"(?P<ext>[ \t]*(?:ext(?:ension)?\.?|x)[ \t]*#?[ \t]*\d{1,6})?"
    r"(?![\w]|[.,]\d)",
    regex.IGNORECASE,
)
# "201/324/1423": slashes are a telephone separator only in this one shape
_SLASHED = regex.compile(r"(?<![\w./-])\d{3}/\d{3}/\d{4}(?![\w/]|[.,]\d)")
# Pager and bleep numbers are short: "Pager #54321", "PG 33445", "beeper number 55037"
_PAGER = regex.compile(
    r"\b(?:pager|beeper|bleep|pg)(?:[ \t]+(?:number|no\.?|num))?[ \t]*[:#]?[ \t]*[:#]?[ \t]*"
    r"(?P<num>\d{4,6})(?![\w/]|[.,:]\d)",
    regex.IGNORECASE,
)
# Necessary conditions of the three patterns above (see `Document.passes`): a text without
# them is not scanned. A gate that starts with a literal character ("/" below, then a
# look-behind for the digit before it) is searched for at memchr speed, ten times faster
# than one that must try every digit of the text.
_SLASHED_GATE = compile_gate(r"/(?<=\d/)\d{3}/\d")
_PAGER_GATE = compile_gate("pager|beeper|bleep|pg")
_EXTENSION_GATE = compile_gate(r"ext|x\d{3}")
_GROUP = regex.compile(r"\d+")
# every pattern of the detector needs a decimal digit (\d: a character of category Nd)
_DIGIT = re.compile(r"\d")
# parts of a candidate between plain spaces ("617 555 0199 2", not "36 - 46")
_CHUNK = regex.compile(r"(?:[^ \t]|[ \t]*[-.\u2013][ \t]*)+")
# a decimal ("7.38", "101.4") is a measurement; a dotted phone has long groups on both sides
_DECIMAL = regex.compile(r"(?<!\d)\d{1,2}\.\d|\d\.\d{1,2}(?!\d)")

# Shapes that parse as possible numbers but are something else.
_NOT_PHONE = regex.compile(
    r"""^(?:
        \d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}      # a date
      | (?:19|20)\d\d\s\d{1,2}\s\d{1,2}         # a date written with spaces
      | (?:19|20)\d\d\s?[-\u2013]\s?(?:19|20)\d\d    # a span of years
      | \d{5}-\d{4}                          # a US ZIP+4
      | \d{3}-\d{2}-\d{4}                    # a US social security number
    )$""",
    regex.VERBOSE,
)
_SEPARATED = regex.compile(r"\d[\s\-.()]+\d|^\(|^\+")
# An extension on its own ("x1234", "ext. 12"), e.g. after a number written elsewhere.
_EXTENSION = regex.compile(
    r"(?<![\w^])(?:ext(?:ension)?\.?\s*#?\s*\d{2,6}|(?<!\d\s*)x\d{3,6})(?![\w^/.,]\d?)",
    regex.IGNORECASE,
)
# and each pattern's own necessary condition, answered in the same pass as the gates
gates.prefilter(_SLASHED, _PAGER, _EXTENSION)


def _clock(group: str) -> bool:
    return len(group) == 4 and int(group[:2]) <= 24 and int(group[2:]) < 60


def _refuted_shape(main: str, labelled: bool) -> str | None:
    """Why a candidate written with separators is not a telephone number, if it is not."""
    international = main.startswith("+")
    if not international and _DECIMAL.search(main) and (
        main.count(".") == 1 or _MIXED_DOT.search(main) or _ONE_DIGIT_DOT.search(main)
    ):
        return "decimal"
    groups = _GROUP.findall(main)
    if international:
        groups = groups[1:]  # the country code
    if not groups:
        return "no number"
    if len(groups) > 1 and len(groups[-1]) == 1:
        return "one digit at the end"  # no numbering plan ends in a lone digit
    # "+41 (0)96 471 07 95", "Phone: 0496 46 46 70", "28-64-66-98": pairs of digits are
    # how much of Europe writes numbers; elsewhere they are a list of values
    paired = len(groups) >= 4 and all(len(g) == 2 for g in groups) and _ONE_SEPARATOR.fullmatch(
        main) is not None
    if not (international or labelled or main.lstrip("(").startswith("0") or paired):
        if len(groups) > 1 and len(groups[-1]) < 3:
            return "short last group"
        if sum(len(g) < 3 for g in groups[1:]) > 1 or (len(groups) > 2 and len(groups[0]) < 2):
            return "short groups"
    if len(groups) == 2:
        a, b = groups
        if _clock(a) and (_clock(b) or len(b) < 4):
            return "clock times"  # "2400-0400", "0600 281": a time and a value
        if len(a) in (2, 3, 4) and len(b) in (3, 4) and int(a) < int(b) <= 2 * int(a):
            return "range"  # "500-1000", "954-1183"
        if int(a) % 50 == 0 and int(b) % 50 == 0:
            return "round numbers"
    return None


_MIXED_DOT = regex.compile(r"\.\d+[ \t-]|[ \t-]\d+\.")
_ONE_DIGIT_DOT = regex.compile(r"(?<!\d)\d\.|\.\d(?!\d)")
_ONE_SEPARATOR = regex.compile(r"\d\d(?:([-. ])\d\d)(?:\1\d\d)+")


@functools.lru_cache(maxsize=4096)
def _phone_validity(number_text: str) -> tuple[str | None, bool]:
    """The first region under which a number is valid, and whether it is possible at all."""
    possible = False
    digits = "".join(c for c in number_text if c.isdigit())
    regions = PHONE_REGIONS
    if len(digits) >= 10 and not number_text.startswith("+"):
        # a full national number: only North America and India write one without a leading 0
        regions = tuple(r for r in PHONE_REGIONS if (r in ("US", "IN")) != digits.startswith("0")
                        or r == "IN")
    national = not number_text.startswith("+") and digits.isascii()
    # regions where the number cannot be valid: parsed last, and only to learn whether it
    # is possible when no region finds it valid
    unparsed: list[str] = []
    for region in regions:
        if national and not _may_be_valid(digits, region):
            unparsed.append(region)
            continue
        try:
            number = phonenumbers.parse(number_text, region)
        except phonenumbers.NumberParseException:
            continue
        if number.country_code == 1:
            # checking "+1" against each of its 25 regions is slow; the US and Canada suffice
            valid = any(phonenumbers.is_valid_number_for_region(number, r) for r in ("US", "CA"))
        else:
            valid = phonenumbers.is_valid_number(number)
        if valid:
            return region, True
        possible = possible or phonenumbers.is_possible_number(number)
        if number_text.startswith("+"):
            break  # an international number reads the same under every region
    for region in unparsed if not possible else ():
        try:
            number = phonenumbers.parse(number_text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return None, True
    return None, possible


def _may_be_valid(digits: str, region: str) -> bool:
    """Whether a number written without "+" could be valid when parsed as ``region``'s.

    Parsing keeps the digits or drops some in front (a national or trunk prefix, the
    country's own code), so a valid number's national part is a tail of the digits that
    the general pattern of a region with that country code matches, at one of its lengths.
    A number that starts with the region's international prefix may be any country's.
    """
    shapes = _region_shapes(region)
    if shapes is None:
        return True
    idd, tails = shapes
    if idd.match(digits):
        return True
    size = len(digits)
    return any(
        length <= size and pattern.fullmatch(digits[size - length :]) is not None
        for lengths, pattern in tails for length in lengths
    )


_Tails = list[tuple[tuple[int, ...], re.Pattern[str]]]


@functools.cache
def _region_shapes(region: str) -> tuple[re.Pattern[str], _Tails] | None:
    """A region's international prefix, and the lengths and general pattern of each region
    whose numbers it parses (those sharing its country code; the US and Canada for +1)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or not metadata.international_prefix or metadata.country_code is None:
        return None
    code = metadata.country_code
    regions = ("US", "CA") if code == 1 else phonenumbers.region_codes_for_country_code(code)
    tails: _Tails = []
    for other in regions:
        other_metadata = phonenumbers.PhoneMetadata.metadata_for_region(other)
        desc = None if other_metadata is None else other_metadata.general_desc
        if desc is None or not desc.national_number_pattern or not desc.possible_length:
            return None
        tails.append((tuple(desc.possible_length), re.compile(desc.national_number_pattern)))
    return re.compile(metadata.international_prefix), tails


# a telephone number found: start, end, score, reason, and the label before it ("fax", "phone")
_Judged = tuple[int, int, float, str, str | None]


class PhoneDetector(Detector):
    """Telephone and fax numbers in any format of the listed regions or with a "+NN" prefix.

    Candidates come from one regular expression; each is parsed by ``phonenumbers`` for
    the listed regions. Vital signs, blood gases and ventilator settings look like numbers
    too ("100-120/60", "7.43/41/76", "700x10 40"), so slashes, decimals, ranges and tiny
    groups rule a candidate out.
    """

    name: ClassVar[str] = "phone"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PHONE, Category.FAX})

    VALID_SCORE: ClassVar[float] = 0.75
    POSSIBLE_SCORE: ClassVar[float] = 0.4
    PAGER_SCORE: ClassVar[float] = 0.6
    LABEL_BOOST: ClassVar[float] = 0.2
    MIN_DIGITS: ClassVar[int] = 7

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if _DIGIT.search(text) is None:
            return
        taken: list[tuple[int, int]] = []
        for match in _CANDIDATE.finditer(text):
            found = self._candidate(doc, match)
            if found is not None:
                start, end, score, why, label = found
                taken.append((start, end))
                yield self._labelled_finding(doc, start, end, score, why, label)
        slashed = doc.finditer(_SLASHED, _SLASHED_GATE)
        for match in slashed:
            start, end = match.span()
            taken.append((start, end))
            yield self._finding(doc, start, end, self.POSSIBLE_SCORE, "slashed telephone number")
        pager = doc.finditer(_PAGER, _PAGER_GATE)
        for match in pager:
            start, end = match.span("num")
            if not any(s <= start < e for s, e in taken):
                taken.append((start, end))
                yield self.finding(doc, start, end, Category.PHONE, self.PAGER_SCORE,
                                   "pager number")
        extensions = doc.finditer(_EXTENSION, _EXTENSION_GATE)
        for m in extensions:
            if any(s <= m.start() < e for s, e in taken):
                continue
            yield self._finding(doc, m.start(), m.end(), 0.5, "telephone extension")

    def _candidate(self, doc: Document, match: regex.Match[str]) -> _Judged | None:
        start, end = match.span()
        found = self._judge(doc, start, end, match.group("num"), bool(match.group("ext")))
        if found is not None:
            return found
        # a number written next to other numbers ("call 617 555 0199 2 days later"):
        # try the runs of whole space-separated chunks, longest and leftmost first
        base = match.start("num")
        chunks = [(base + m.start(), base + m.end()) for m in _CHUNK.finditer(match.group("num"))]
        if len(chunks) < 2:
            return None
        text = doc.text
        for size in range(len(chunks) - 1, 0, -1):
            for first in range(len(chunks) - size + 1):
                s, e = chunks[first][0], chunks[first + size - 1][1]
                if first + size == len(chunks) and match.group("ext"):
                    found = self._judge(doc, s, end, text[s:e], True)
                else:
                    found = self._judge(doc, s, e, text[s:e], False)
                if found is not None:
                    return found
        return None

    def _judge(self, doc: Document, start: int, end: int, main: str, ext: bool) -> _Judged | None:
        """A telephone number's span, score, reason and label, if the candidate is one."""
        text = doc.text
        # brackets that open or close outside the candidate are not part of it
        if main.endswith(")") and main.count("(") < main.count(")"):
            main = main[:-1]
            end = end if ext else end - 1
        if main.startswith("(") and main.count("(") > main.count(")"):
            main, start = main[1:], start + 1
        digits = sum(map(str.isdigit, main))
        if digits < self.MIN_DIGITS or digits > 15 or _NOT_PHONE.match(main):
            return None
        if (start > 0 and text[start - 1].isalpha()) or text[end : end + 1] == "/":
            return None  # a code ("A12345") or a value in a slashed list
        if after_code_system_label(text, start):
            return None
        label = self._label(doc, start)
        labelled = label is not None
        if not labelled and (". " in main or ".\t" in main):
            return None  # "CVP 12-18. 500 CC", "VT 460. 2100 BECAME": a sentence ended
        separated = _SEPARATED.search(main) is not None
        if separated:
            refuted = _refuted_shape(main, labelled)
            if refuted is not None and not (labelled and refuted in ("range", "clock times",
                                                                      "round numbers")):
                return None
        parsed = self._parsed(main, separated, labelled)
        return None if parsed is None else (start, end, *parsed, label)

    def _parsed(self, main: str, separated: bool, labelled: bool) -> tuple[float, str] | None:
        region, possible = _phone_validity(main)
        if region is not None:
            if separated or labelled:
                return self.VALID_SCORE, f"valid telephone number ({region})"
            # an unbroken run of digits is as likely a record number as a phone number
            return self.POSSIBLE_SCORE, f"digits that form a valid telephone number ({region})"
        if possible and (separated or labelled):
            return self.POSSIBLE_SCORE, "possible telephone number"
        return None

    def _label(self, doc: Document, start: int) -> str | None:
        window = doc.text[max(0, start - _LABEL_WINDOW) : start]
        found = list(_LABEL.finditer(window))
        if not found:
            return None
        last = found[-1]
        return "fax" if (last.group("fax") or last.group("faxletter")) else "phone"

    def _finding(self, doc: Document, start: int, end: int, score: float, why: str) -> Finding:
        return self._labelled_finding(doc, start, end, score, why, self._label(doc, start))

    def _labelled_finding(
        self, doc: Document, start: int, end: int, score: float, why: str, label: str | None
    ) -> Finding:
        category = Category.FAX if label == "fax" else Category.PHONE
        if label is not None:
            score += self.LABEL_BOOST
            why += f", labelled {label}"
        return self.finding(doc, start, end, category, score, why)


DETECTORS: tuple[type[Detector], ...] = (PhoneDetector,)
