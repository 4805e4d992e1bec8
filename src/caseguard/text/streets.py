"""Street addresses, P.O. boxes, and the town and postal code that close an address line.

A street is a house number, up to four words of a name and a street type
(street_types.txt: USPS Publication 28 suffixes, AU/NZ, UK and Indian types).
In mixed-case text the name is capitalised; in capitals or lower case, or with
an everyday street type, the line must show it is an address: a unit ("Apt. 4"),
a cue before it ("lives at", "Address:", "GP: Dr X,"), or a town and a code after
it. What follows a street on its line (", Lake Sophieton 98964") is a town and,
in that place, a postal code.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text import lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import boundaries, eponym_after, towns

__all__ = ["StreetDetector"]

_STREET_TYPES = "|".join(
    regex.escape(word) for word in sorted(lexicon.street_types(), key=len, reverse=True)
)
# full street words that read as an address even in capitals without more evidence
_PLAIN_STREET_TYPES = frozenset(
    """street st road rd avenue ave lane ln drive boulevard blvd crescent cres terrace tce close
    court way highway hwy parkway square gardens grove mews parade esplanade marg nagar""".split()
)
_UNIT_WORDS = (
    r"apt|apartment|unit|flat|suite|ste|\#|room|floor|fl|studio|level|lvl|shop|bldg|building|"
    r"h\.?\s?no|house\s+no|door\s+no|plot(?:\s+no)?"
)
_UNIT = rf"(?:(?<!\w)(?:{_UNIT_WORDS})\.?\s*(?:no\.?\s*)?[\w-]*\d[\w-]*)"
_STREET = regex.compile(
    rf"(?P<unit>{_UNIT}\s*,?\s*)?\b\d{{1,5}}[a-z]?(?:[-/]\d{{1,4}}[a-z]?)?,?\s+"
    rf"(?:(?:[nsew]|north|south|east|west)\.?\s+)?"
    rf"(?:[\p{{L}}'’.-]+\s+){{0,3}}[\p{{L}}'’-]+\s+(?P<type>{_STREET_TYPES})\b"
    # a unit after the street ("... Plaza Apt. 236"), or the full stop of "St."
    rf"(?:(?P<unit_after>\s*,?\s*{_UNIT})|\.)?",
    regex.IGNORECASE,
)
# "Flat 35k, Barker Rest", "studio 14i, wood canyon": a unit, then a street with no number
_UNIT_STREET = regex.compile(
    rf"\b(?:apt|apartment|unit|flat|suite|studio|level)\.?\s*[\w-]*\d[\w-]*\s*,\s*"
    rf"(?:[\p{{L}}'’-]+\s+){{0,2}}[\p{{L}}'’-]+\s+(?P<type>{_STREET_TYPES})\b",
    regex.IGNORECASE,
)
# words before a street that say an address follows ("lives at", "Address:", "GP: Dr X,")
_ADDRESS_CUE = regex.compile(
    r"(?:\b(?:lives|living|lived|resides|residing|resident|home|moved|located)\s+(?:at|to|on)"
    r"|\b(?:address|addr|c/o)\b[^.\n]{0,12}|\b(?:gp|surgery|practice)\s*:[^.\n]{0,40},)\s*$",
    regex.IGNORECASE,
)
# what closes an address line after its street: ", Lake Sophieton 98964", ", Brandyfort,
# postcode AB6B 3SG", ", Hubbardbury K9P2E5"; a code in that place is a postal code
_CODE_SHAPE = (
    r"(?P<code>\d{4,6}(?:-\d{4})?|\d{3}\s\d{2,3}"
    r"|[A-Za-z]{1,2}\d[A-Za-z\d]?(?:\s?\d[A-Za-z]{2})?"
    r"|[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d|[A-Za-z]\d[\dWw]\s?[A-Za-z\d]{4})(?![\w-])"
)
_LINE_REST = regex.compile(
    r",\s*(?P<town>[\p{L}][\p{L}'’.-]*(?:[ ][\p{L}][\p{L}'’.-]*){0,2}?)"
    # a state's code may stand between the town and the code (", Fresno, CA 93726")
    r"(?:(?:,?\s+(?-i:[A-Z]{2,3})\.?)?"
    r",?\s+(?:(?:post\s*code|postal\s+code|zip(?:\s*code)?|pin(?:\s*code)?)[\s:]*)?"
    + _CODE_SHAPE
    + r"|(?=\s*(?:[,;\n]|\.(?!\w)|$)))",
)
_NAMED_STREET = regex.compile(
    r"\b(?:[\p{Lu}][\p{L}'’-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Drive|Boulevard|"
    r"Terrace|Crescent|Close|Highway|Parkway|Square|Gardens|Mews|Parade|Esplanade)\b"
)
_STREET_AFTER = regex.compile(
    r"\b(?:\d{1,6}\s+)?(?:\p{L}+(?:gatan|gata|vej|vägen|vaegen|katu|kuja|tie|straße|strasse|str\.|weg|laan|"
    r"straat|gade|gasse|platz|plein|torget|allee)|(?:rue|rua|calle|viale|avenida|ulica|"
    r"utca|avinguda|carrer|piazza|plaza)\s+(?:[\p{L}'’-]+\s+){0,4}?[\p{L}'’-]+)\s+\d{1,5}[a-z]?\b",
    regex.IGNORECASE,
)
# a cheap test that a foreign street form can be present at all before the full scan
_STREET_AFTER_GATE = regex.compile(
    r"(?:gatan|gata|vej|vägen|vaegen|katu|kuja|tie|straße|strasse|str\.|weg|laan|straat|gade|"
    r"gasse|platz|plein|torget|allee)\s+\d|\b(?:rue|rua|calle|viale|avenida|ulica|utca|"
    r"avinguda|carrer|piazza|plaza)\s"
)
_PO_BOX = regex.compile(
    r"\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box|locked\s+bag)\s*\d+"
    # US military mail: "Unit 7349 Box 6067 DPO AE 99081", "PSC 123, Box 45, APO AP 96301"
    r"|\b(?:unit|psc|cmr)\s+\d{1,5},?\s+box\s+\d{1,5},?\s+(?:apo|fpo|dpo)\s+(?:aa|ae|ap)"
    r"(?:\s+\d{5}(?:-\d{4})?)?",
    regex.I,
)
# "Apt. 591", "Suite 408": a dwelling's or an office's number, alone on an address line
_LONE_UNIT = regex.compile(r"\b(?:apt|apartment|suite)\.?\s*#?\d{1,5}[a-z]?\b", regex.I)


def _plausible_town(words: str, caseless: bool) -> bool:
    parts = words.split()
    if not parts or parts[0].casefold() in STOP:
        return False
    if not caseless and not all(p[:1].isupper() for p in parts):
        return False
    return not all(
        lexicon.common_word(p.casefold()) or lexicon.is_only_medical(p.casefold()) for p in parts
    )


_THREE_LETTERS = regex.compile(r"[a-z]{3}", regex.IGNORECASE)
_MEASURE = regex.compile(r"\d\s*(?:mm|cm|mg|ml|kg|x)\b", regex.IGNORECASE)
_NAME_PART = regex.compile(r"[\p{L}'’&.-]+")
_AGE_UNITS = frozenset(
    "yo y/o year years yr yrs month months week weeks day days hours hrs hour mm cm mg ml kg "
    "units times".split()
)
_SAINT_OR_DOCTOR = regex.compile(r"\.?\s+\p{Lu}")


_ADDRESS_LABEL = regex.compile(
    r"\b(?:(?:home|postal|mailing|street|residential|patient'?s?)\s+)?address\s*[:\-]\s*"
    r"([^\n.;]{4,90}?)(?=\s*(?:[.;\n]|$|,?\s*(?:post\s*code|zip|tel|phone|mob|e-?mail)\b))",
    regex.IGNORECASE,
)
_CONFIRMING_UNIT = regex.compile(
    r"(?<!\w)(?:apt|apartment|unit|flat|suite|ste|studio|\#|h\.?\s?no|house\s+no)\b",
    regex.IGNORECASE,
)
_NOT_TOWN = frozenset("post postcode postal zip pin code tel phone fax mob email".split())


def _street_shape_ok(doc: Document, start: int, words: list[str]) -> bool:
    """Guards every street candidate passes: not an age, a measurement or a date."""
    second = words[1].casefold().strip(".,")
    if second in _AGE_UNITS or _MEASURE.search(" ".join(words)):
        return False  # "58 yo F with ...", "5 x 4 mm ..."
    if len(words) < 3 and not _THREE_LETTERS.search(" ".join(words)):
        return False
    return not (start > 0 and doc.text[start - 1] in "/.-:")  # "19/01/2004 at ..."


def _street_name_ok(words: list[str], street_type: str, caseless: bool) -> bool:
    """A street with nothing else around it to say it is one must look like a street."""
    if caseless:
        # "8 TRACH IN PLACE": a plain street word and a name that is not everyday or clinical
        return street_type.casefold() in _PLAIN_STREET_TYPES and any(
            w.isalpha() and not lexicon.common_word(w.casefold())
            and not lexicon.is_medical(w.casefold())
            for w in words[1:-1]
        )
    # "2 peripheral lines in place": a street's name is capitalised
    return words[-2][:1].isupper() and words[-1][:1].isupper()


class StreetDetector(Detector):
    """Street addresses and post-office boxes, with the town and code that close the line."""

    name = "street-address"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        caseless = doc.upper_case or doc.lower_case
        for match in _STREET.finditer(doc.text):
            core_start = match.end("unit") if match.group("unit") else match.start()
            core_end = match.start("unit_after") if match.group("unit_after") else match.end()
            words = doc.text[core_start:core_end].split()
            if not _street_shape_ok(doc, core_start, words):
                continue
            end = match.end()
            if not match.group("unit_after") and match.group().endswith(".") and len(
                words[-1]
            ) > 5:
                end -= 1  # a full stop after "Avenue" ends the sentence, not an abbreviation
            rest = _LINE_REST.match(doc.text, end)
            confirmed = (
                _CONFIRMING_UNIT.search(
                    (match.group("unit") or "") + " " + (match.group("unit_after") or "")
                ) is not None
                or _ADDRESS_CUE.search(doc.text, max(0, match.start() - 60), match.start())
                is not None
                or (rest is not None and rest.group("code") is not None)
            )
            # a street in capitals inside mixed-case text is judged as in capitals
            shouting = caseless or all(w.isupper() for w in words[1:] if w.isalpha())
            if not confirmed and not _street_name_ok(words, match.group("type"), shouting):
                continue
            if eponym_after(doc.text, match.end()):
                continue  # "... with Le Fort II": an eponym, not an address
            last = words[-1].rstrip(".").casefold()
            if not confirmed and last in {"st", "dr", "ct", "pl"} and _SAINT_OR_DOCTOR.match(
                doc.text, match.end()
            ):
                continue  # "at St Jude's", "by Dr Smith": a saint or a doctor, not a street
            yield self.finding(
                doc, match.start(), end, Category.ADDRESS, 0.85, "house number and street type"
            )
            yield from self._line_rest(doc, rest, caseless)
        for match in _UNIT_STREET.finditer(doc.text):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.8, "unit and street"
            )
            yield from self._line_rest(doc, _LINE_REST.match(doc.text, match.end()), caseless)
        for match in _ADDRESS_LABEL.finditer(doc.text):
            yield self.finding(
                doc, match.start(1), match.end(1), Category.ADDRESS, 0.85, "after 'address:'"
            )
        for match in _NAMED_STREET.finditer(doc.text):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.75, "named street"
            )
        for match in _STREET_AFTER.finditer(doc.text) if _STREET_AFTER_GATE.search(
            doc.casefolded
        ) else ():
            parts = _NAME_PART.findall(match.group())
            after = [p for i, p in enumerate(parts[1:]) if parts[i].casefold() == "rue"]
            if caseless and after and lexicon.is_only_medical(after[0].casefold().strip("-.")):
                continue  # "RUE DVT- WAS THERAPEUTIC ON 600U": right upper extremity
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.7, "street and house number"
            )
        for match in _PO_BOX.finditer(doc.text):
            yield self.finding(doc, match.start(), match.end(), Category.ADDRESS, 0.9, "P.O. box")
        for match in _LONE_UNIT.finditer(doc.text):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.6, "apartment or suite"
            )


    def _line_rest(
        self, doc: Document, rest: regex.Match[str] | None, caseless: bool
    ) -> Iterator[Finding]:
        """The town after a street and the postal code after the town."""
        if rest is None:
            return
        town = rest.group("town").rstrip(".")  # "..., Tain." ends a sentence
        parts = town.casefold().split()
        if not parts or parts[0] in STOP or any(p.strip(".") in _NOT_TOWN for p in parts):
            return
        code = rest.group("code")
        if code is None and not (
            _plausible_town(town, caseless) or towns()[0].exists(f" {boundaries(town.casefold())} ")
        ):
            return
        if all(lexicon.is_only_medical(p) for p in parts):
            return
        yield self.finding(
            doc, rest.start("town"), rest.start("town") + len(town), Category.ADDRESS, 0.7,
            "town after a street address",
        )
        if code is not None:
            yield self.finding(
                doc, rest.start("code"), rest.end("code"), Category.POSTCODE, 0.7,
                "postal code closing a street address",
            )
