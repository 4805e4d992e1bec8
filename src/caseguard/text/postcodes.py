"""Detectors for postal codes: UK, US, Australian, Canadian and Irish.

A full code has a shape nothing else has ("SW1A 1AA", "K1A 0B1", "02139-4307")
and is trusted alone. A short code ("NE4", "2000", "90210") looks like a
vertebral level, an MRI sequence or a count, so it needs company: a state
before it, a label ("postcode", "zip"), or words like "lives in ... area".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates
from caseguard.text.base import Detector, Pattern, PatternDetector, compile_gate, letter_trie
from caseguard.text.document import Document

__all__ = [
    "CA_PROVINCES",
    "DETECTORS",
    "US_STATES",
    "AuPostcodeDetector",
    "CaPostcodeDetector",
    "EircodeDetector",
    "LabelledPostcodeDetector",
    "UkOutwardCodeDetector",
    "UkPostcodeDetector",
    "UsZipDetector",
]

POSTCODE: frozenset[Category] = frozenset({Category.POSTCODE})
_CONTEXT = ("postcode", "post code", "postal code", "zip", "zip code", "address", "lives",
            "living", "resides", "eircode")

# The 121 UK postcode areas: an outward code must start with one of them.
_UK_AREA_CODES = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE "
    "LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL "
    "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
UK_AREAS: frozenset[str] = frozenset(_UK_AREA_CODES.split())
# Central London districts split by a final letter ("SW1A", "EC1V"): unambiguous alone.
_UK_SUBDISTRICT = r"(?:EC[1-4][A-Z]|WC[12][A-Z]|SW1[A-Z]|W1[A-Z]|N1[CP]|E1W|NW1W|SE1P)"
_ORDINAL = regex.compile(r"^\d(?:st|nd|rd|th)$", regex.IGNORECASE)


def _uk_area(outward: str) -> str:
    return "".join(c for c in outward[:2] if c.isalpha()).upper()


class UkPostcodeDetector(PatternDetector):
    """Full UK postcodes, with or without the space, and central London sub-districts."""

    name: ClassVar[str] = "uk-postcode"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("full", r"(?=[A-Za-z]{1,2}\d)"
                r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[ABD-HJLNP-UW-Z]{2}|GIR ?0AA)"
                r"(?![\w-])", Category.POSTCODE, 0.8, gate=r"\d[a-z0-9]? ?\d[a-z]{2}|gir ?0aa"),
        Pattern("subdistrict", rf"(?<![\w-]){_UK_SUBDISTRICT}(?![\w-])", Category.POSTCODE,
                0.45, gate=r"[a-z]\d[a-z]"),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = _CONTEXT
    CONTEXT_BOOST: ClassVar[float] = 0.15

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if value.upper().startswith("GIR"):
            return pattern.score
        # "L4 5th", "S1 2nd": a spinal level and an ordinal, not a postcode
        if _ORDINAL.match(value.replace(" ", "")[-3:]):
            return None
        if _uk_area(value) not in UK_AREAS:
            # the full shape with a space is distinctive even when the area is unknown
            # (a mistyped or invented code still points at a street)
            return 0.5 if pattern.name == "full" and " " in value else None
        return pattern.score


class UkOutwardCodeDetector(Detector):
    """Outward codes alone ("NE4") only when the words around them speak of a place."""

    name: ClassVar[str] = "uk-outward-code"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    SCORE: ClassVar[float] = 0.6
    _CODE = regex.compile(r"(?=[A-Za-z]{1,2}\d)"
                          r"(?<![\w/-])[A-Z]{1,2}\d{1,2}(?![\w]|[-/]\w)", regex.IGNORECASE)
    _BEFORE = regex.compile(
        r"\b(?:post\s*code|postal\s+(?:code|district)|lives?\s+in|living\s+in|lives\s+at|"
        r"resides?\s+in|resident\s+(?:of|in)|moved\s+to|home\s+in|address)\b"
        r"(?:\s+(?:the|an?|of|is|was|area|district))*[\s:,]*$",
        regex.IGNORECASE,
    )
    _AFTER = regex.compile(r"^\s+(?:area|district|postcode|post\s+code)\b", regex.IGNORECASE)

    # every code reported has one of these words before or after it
    _GATE = compile_gate("post|liv|resid|moved|home|address|area|district")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if not doc.passes(self._GATE):
            return
        for match in doc.finditer(self._CODE):
            code = match.group()
            if _uk_area(code) not in UK_AREAS:
                continue
            before = doc.text[max(0, match.start() - 40) : match.start()]
            after = doc.text[match.end() : match.end() + 20]
            if self._BEFORE.search(before) or self._AFTER.match(after):
                yield self.finding(doc, match.start(), match.end(), Category.POSTCODE,
                                   self.SCORE, "UK outward code with place context")


US_STATES = _STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_STATE_NAMES = (
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    r"Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    r"Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|"
    r"New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|"
    r"Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|"
    r"Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming|Puerto\s+Rico|District\s+of\s+Columbia"
)
_ZIP = r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w]|[.,/-]\d)"
# a letter or a full stop, a space, five digits: what every state-and-ZIP match contains
_ZIP_GATE = r"[a-z.,]\s+\d{5}"
_NOT_A_COUNT = regex.compile(
    r"\s*(?:%|/|x\b|(?:units?|patients?|people|cases?|cells|times|copies|mg|g|kg|ml|mm|cm|"
    r"ms|mgy|msv|steps|iu|u)\b)",
    regex.IGNORECASE,
)


gates.prefilter(UkOutwardCodeDetector._CODE)  # see `Document.may_match`


class UsZipDetector(PatternDetector):
    """US ZIP+4 codes alone; five-digit ZIPs after a state or in an address shape."""

    name: ClassVar[str] = "us-zip"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("zip+4", r"(?=\d)(?<![\w.,/-])"
                r"\d{5}-\d{4}(?![\w]|[.,/-]\d)", Category.POSTCODE, 0.7, gate=r"\d{5}-\d{4}"),
        # a capitalised state code; in lower-case text only after a comma ("boston, ma 02115")
        Pattern("state-code", rf"(?<![\w])(?:{_STATES})\.?,?\s+{_ZIP}", Category.POSTCODE, 0.75,
                group="zip", flags=0, gate=_ZIP_GATE),
        Pattern("state-code-address", rf",\s*(?i:{_STATES})\.?,?\s+{_ZIP}", Category.POSTCODE,
                0.75, group="zip", flags=0, gate=_ZIP_GATE),
        Pattern("state-name", rf"\b{letter_trie(_STATE_NAMES)},?\s+{_ZIP}", Category.POSTCODE, 0.75,
                group="zip", gate=_ZIP_GATE),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = _CONTEXT
    CONTEXT_BOOST: ClassVar[float] = 0.15

    def detect(self, doc: Document) -> Iterator[Finding]:
        for finding in super().detect(doc):
            if not _NOT_A_COUNT.match(doc.text, finding.end):
                yield finding


class AuPostcodeDetector(PatternDetector):
    """Australian four-digit postcodes after a state or territory ("NSW 2000", "Vic 3000")."""

    name: ClassVar[str] = "au-postcode"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    _CODE = r"(?P<code>\d{4})(?![\w]|[.,/-]\d)"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("state", rf"\b(?P<state>NSW|VIC|QLD|TAS)\.?,?\s+{_CODE}", Category.POSTCODE,
                0.75, group="code", gate=r"(?:nsw|vic|qld|tas)\.?,?\s+\d{4}"),
        # two-letter codes read as words in lower case ("wa", "act"): capitals only
        Pattern("territory", rf"\b(?P<state>SA|WA|NT|ACT)\.?,?\s+{_CODE}", Category.POSTCODE,
                0.75, group="code", flags=0, gate=r"(?:sa|wa|nt|act)\.?,?\s+\d{4}"),
        Pattern("territory-address", rf",\s*(?P<state>(?i:SA|WA|NT|ACT))\.?,?\s+{_CODE}",
                Category.POSTCODE, 0.75, group="code", flags=0),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = _CONTEXT
    CONTEXT_BOOST: ClassVar[float] = 0.15
    # leading digits of each state's range; a mismatch is still reported, at lower confidence
    RANGES: ClassVar[dict[str, str]] = {
        "NSW": "12", "ACT": "02", "VIC": "38", "QLD": "49", "SA": "5", "WA": "6", "TAS": "7",
        "NT": "0",
    }
    _STATE = regex.compile(r"(NSW|VIC|QLD|TAS|SA|WA|NT|ACT)\.?,?\s+\d{4}$", regex.IGNORECASE)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for finding in super().detect(doc):
            state = self._STATE.search(doc.text, max(0, finding.start - 8), finding.end)
            if _NOT_A_COUNT.match(doc.text, finding.end):
                continue
            if state and finding.text[0] not in self.RANGES[state.group(1).upper()]:
                yield Finding(finding.category, finding.span, finding.text, finding.detector,
                              0.4, finding.explanation + ", outside the state's range")
            else:
                yield finding


# the two-letter codes of Canada's provinces and territories
CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
# both Canadian shapes, searched in lower case (see `Pattern.gate`)
_CA_GATE = r"[a-z]\d[a-z][ -]?\d[a-z]\d"


class CaPostcodeDetector(PatternDetector):
    """Canadian postal codes ("K1A 0B1")."""

    name: ClassVar[str] = "ca-postcode"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("spaced", r"(?=[A-Za-z]\d)(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]\d"
                r"[ABCEGHJ-NPRSTV-Z]\d(?![\w-])", Category.POSTCODE, 0.8,
                gate=_CA_GATE),
        Pattern("compact", r"(?=[A-Za-z]\d)(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d"
                r"[ABCEGHJ-NPRSTV-Z]\d(?![\w-])", Category.POSTCODE, 0.6,
                gate=_CA_GATE),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = _CONTEXT
    CONTEXT_BOOST: ClassVar[float] = 0.2
    # TNM staging ("T2N1M0", "T3 N0 M0") and the Glasgow Coma Scale ("E3V4M6") have the
    # same letter-digit rhythm
    _TNM = regex.compile(r"^T[0-4X][A-D]?N[0-3X][A-C]?M[01X]$", regex.IGNORECASE)
    _GCS = regex.compile(r"^E[1-4]V[1-5]M[1-6]$", regex.IGNORECASE)

    def validate(self, pattern: Pattern, value: str) -> float | None:
        compact = value.replace(" ", "").replace("-", "")
        if self._TNM.match(compact) or self._GCS.match(compact):
            return None
        return pattern.score


class EircodeDetector(PatternDetector):
    """Irish Eircodes ("D02 X285", "A65F4E2"): a routing key and a four-character unique part."""

    name: ClassVar[str] = "eircode"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("eircode", r"(?=[A-Za-z]\d)(?<![\w-])(?:[ACDEFHKNPRTVWXY]\d{2}|D6W)"
                r" ?[0-9ACDEFHKNPRTVWXY]{4}"
                r"(?![\w-])", Category.POSTCODE, 0.7, gate=r"[a-z]\d[0-9w] ?[0-9a-z]{4}"),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = ("eircode", "address", "co.", "county", "dublin")
    CONTEXT_BOOST: ClassVar[float] = 0.2

    def validate(self, pattern: Pattern, value: str) -> float | None:
        unique = value.replace(" ", "")[3:]
        # a unique part mixes letters and digits; "T12 1234" is more likely a level and a count
        if unique.isdigit() or unique.isalpha():
            return None
        return pattern.score


class LabelledPostcodeDetector(PatternDetector):
    """Any code a label calls a postcode ("postcode: 2000", "zip 90210", "Eircode D02X285")."""

    name: ClassVar[str] = "postcode-label"
    categories: ClassVar[frozenset[Category]] = POSTCODE
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("labelled", r"\b(?:post\s*code|postal\s+code|zip(?:\s*code)?|eircode|pin\s*code)"
                r"[\s:#=-]*(?:(?:is|was|of)\s+)?"
                r"(?P<code>(?=[A-Z0-9 -]*\d)[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{3,4})?)(?![\w-])",
                Category.POSTCODE, 0.85, group="code", gate="post|zip|eircode|pin"),
    )


DETECTORS: tuple[type[Detector], ...] = (
    UkPostcodeDetector,
    UkOutwardCodeDetector,
    UsZipDetector,
    AuPostcodeDetector,
    CaPostcodeDetector,
    EircodeDetector,
    LabelledPostcodeDetector,
)
