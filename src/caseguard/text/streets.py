"""Street addresses, P.O. boxes, and the town and postal code that close an address line.

A street is a house number, up to four words of a name and a street type
(street_types.txt: USPS Publication 28 suffixes, AU/NZ, UK and Indian types).
In mixed-case text the name is capitalised; in capitals or lower case, or with
an everyday street type, the line must show it is an address: a unit ("Apt. 4"),
a cue before it ("lives at", "Address:", "GP: Dr X,"), or a town and a code after
it. What follows a street on its line (", Lake Sophieton 98964") is a town and,
in that place, a postal code.

Streets in the continental and French orders ("Skoanveien 226", "29 Rue de
Tanger") come from foreign_streets, and close their lines the same way. An
address laid out in columns closes with a town, a region's code, a country and a
postal code in either order ("Apt. 805 >Pines Beach >New Zealand 34694",
"Skoanveien 226, 8200 Fauske").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates, lexicon
from caseguard.text.base import Detector, compile_gate
from caseguard.text.document import Document
from caseguard.text.foreign_streets import NAMED_STREET, foreign_streets
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import (
    COUNT_UNITS,
    NAME_PARTICLES,
    boundaries,
    count_next,
    countries,
    eponym_after,
    towns,
)
from caseguard.text.postcodes import CA_PROVINCES, US_STATES

__all__ = ["StreetDetector"]

_STREET_TYPES = "|".join(
    regex.escape(word) for word in sorted(lexicon.street_types(), key=lambda w: (-len(w), w))
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
    r"(?P<code>\d{4,6}(?:-\d{3,4})?|\d{3}\s\d{2,3}|\d{2}-\d{3}"
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
@cache
def _address_tail() -> regex.Pattern[str]:
    """Town, then a region's code, a country and a postal code, each optional, laid out
    after a street or a unit with commas, "> ", wide gaps or line breaks between them."""
    sep = r"(?:[ \t]*(?:(?:[>,|\n]|\?{2,})[ \t]*){1,3}|[ \t]{2,}|[ ])"
    word = r"[\p{L}][\p{L}'’.-]*"
    names = sorted(countries() | {"netherlands", "the netherlands"}, key=lambda w: (-len(w), w))
    country = "|".join(r"\s+".join(regex.escape(p) for p in n.split()) for n in names)
    return regex.compile(
        # a unit, or New Zealand's rural delivery ("8 Richard Road, RD 5, Taihape 7402")
        rf"(?:{sep}(?:{_UNIT}|rd[ ]\d{{1,2}}\b))?{sep}"
        # the continental order puts the code first ("Skoanveien 226, 8200 Fauske")
        r"(?:(?P<lead>\d{4,5}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}-\d{3})[ ])?"
        rf"(?P<town>{word}(?:[ ]{word}){{0,3}}?)"
        rf"(?:{sep}(?P<region>(?-i:[A-Z]{{2,3}})))?"
        rf"(?:{sep}(?P<country>(?:{country})))?"
        rf"(?:(?:{sep}|,[ \t]*){_CODE_SHAPE})?"
        r"(?=[ \t]*(?:[,;>|\n]|\?{2}|$)|[ \t]{2}|\.(?!\w)|[ \t]+\d)",
        regex.IGNORECASE,
    )


# after "lives at" or "Address:", capitalised words and a number are a street even with no
# street type ("lives at 92597 Jahu 80, Liiva", "Μεγάλη Άμμος 184, ΠΑΦΟΣ")
_CUE_BEFORE_STREET = regex.compile(
    r"\b(?:(?:lives|living|lived|resides|residing)\s+(?:at|on)|address\s*(?:is|:)"
    # a family doctor's practice: "GP: Dr Hoffman, 632/10 Miller Subway, ..."
    r"|gp\s*:\s*dr\.?\s+[\p{L}'’-]+,)\s+",
    regex.IGNORECASE,
)
_CUED_STREET = regex.compile(
    r"(?:\d{1,6}\s+)?(?P<name>(?:\p{Lu}[\p{L}'’-]*\s+){0,3}\p{Lu}[\p{L}'’-]+)\s+"
    r"\d{1,5}[a-z]?(?![\w%/-]|[.,]\d)"
)
# the English order with a street type we do not know, closed by a comma ("lives at 874
# Moon Oval, New Alan")
_CUED_NUMBER_FIRST = regex.compile(
    r"(?:\d{1,4}/)?\d{1,5}[a-z]?\s+(?P<name>(?:\p{Lu}[\p{L}'’-]*\s+){0,2}\p{Lu}[\p{L}'’-]+)"
    r"(?=\s*,)"
)
# a town before a state's or a province's code and a code ("Mill Village NS B0J 2H0",
# "Springfield IL 62704"): the last line of a North American address
_TOWN_STATE_CODE = regex.compile(
    r"(?<![\p{L}'’.-])(?P<town>(?:\p{Lu}[\p{L}'’.-]+[ ]){0,2}\p{Lu}[\p{L}'’.-]+),?[ \t]+"
    rf"(?:{US_STATES}|{CA_PROVINCES}),?[ \t]+"
    r"(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ -]?\d[A-Z]\d)(?![\w-])"
)
_PO_BOX = regex.compile(
    r"\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box|locked\s+bag|post\s?box|postboks|postbus|"
    r"postfach|apartado(?:\s+postal)?|caixa\s+postal|casilla(?:\s+de\s+correos?)?)\s*\d+"
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
    if not caseless and not all(p[:1].isupper() or p in NAME_PARTICLES for p in parts):
        return False
    return not all(
        lexicon.common_word(p.casefold()) or lexicon.is_only_medical(p.casefold()) for p in parts
    )


_THREE_LETTERS = regex.compile(r"[a-z]{3}", regex.IGNORECASE)
_MEASURE = regex.compile(r"\d\s*(?:mm|cm|mg|ml|kg|x)\b", regex.IGNORECASE)
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

# necessary conditions of the scans above, searched once in the lower-cased text (see
# `Document.passes`): a text without them is not scanned with the pattern at all
# a house number, up to five words and a street type (see `_STREET`)
_STREET_GATE = compile_gate(rf"\d[a-z]?,?\s+(?:[^\s\d]+\s+){{1,5}}(?:{_STREET_TYPES})")
_UNIT_STREET_GATE = compile_gate(r"apt|apartment|unit|flat|suite|studio|level")
_ADDRESS_LABEL_GATE = compile_gate("address")
_NAMED_STREET_GATE = compile_gate(
    r"\s(?:street|road|avenue|lane|drive|boulevard|terrace|crescent|close|highway|parkway|"
    r"square|gardens|mews|parade|esplanade)"
)
# a state's or a province's code (lower-cased), then a ZIP code or a Canadian postal code
_TOWN_STATE_CODE_GATE = compile_gate(
    r"[ \t][a-z]{2},?[ \t]+(?:\d{5}|[a-z]\d[a-z][ -]?\d[a-z]\d)"
)
_CUE_BEFORE_STREET_GATE = compile_gate(r"liv|resid|address|gp")
_PO_BOX_GATE = compile_gate(r"box|bag|post|apartado|caixa|casilla")
_LONE_UNIT_GATE = compile_gate(r"apt|apartment|suite")
# and each scan's own necessary condition, answered in the same pass (see `Document.may_match`)
gates.prefilter(
    _STREET, _UNIT_STREET, _ADDRESS_LABEL, NAMED_STREET, _TOWN_STATE_CODE, _CUE_BEFORE_STREET,
    _PO_BOX, _LONE_UNIT,
)


def _street_shape_ok(doc: Document, start: int, words: list[str]) -> bool:
    """Guards every street candidate passes: not an age, a measurement or a date."""
    second = words[1].casefold().strip(".,")
    if second in COUNT_UNITS or _MEASURE.search(" ".join(words)):
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
        caseless = doc.caseless
        for match in doc.finditer(_STREET, _STREET_GATE):
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
            yield from self._tail(doc, end, caseless)
        for match in doc.finditer(_UNIT_STREET, _UNIT_STREET_GATE):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.8, "unit and street"
            )
            yield from self._line_rest(doc, _LINE_REST.match(doc.text, match.end()), caseless)
            yield from self._tail(doc, match.end(), caseless)
        for match in doc.finditer(_ADDRESS_LABEL, _ADDRESS_LABEL_GATE):
            yield self.finding(
                doc, match.start(1), match.end(1), Category.ADDRESS, 0.85, "after 'address:'"
            )
        for match in doc.finditer(NAMED_STREET, _NAMED_STREET_GATE):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.75, "named street"
            )
        for start, end in foreign_streets(doc, caseless):
            yield from self._street(doc, start, end, caseless)
        for match in (
            doc.finditer(_TOWN_STATE_CODE, _TOWN_STATE_CODE_GATE) if not doc.upper_case else ()
        ):
            town = match.group("town").split()
            while town and (
                town[0].casefold() in STOP or lexicon.is_only_medical(town[0].casefold())
            ):
                town.pop(0)  # "Lives Springfield IL 62704"; "MRI NY 10001"
            if town and not all(t.isupper() for t in town) and not count_next(
                doc.text, match.end()
            ):
                start = match.end("town") - len(" ".join(town))
                yield self.finding(
                    doc, start, match.end("town"), Category.ADDRESS, 0.7,
                    "town before a state's code and a postal code",
                )
        for cue in (
            doc.finditer(_CUE_BEFORE_STREET, _CUE_BEFORE_STREET_GATE) if not caseless else ()
        ):
            street = _CUED_STREET.match(doc.text, cue.end())
            # number first, as in English: everyday words make street names ("Moon Oval")
            number_first = street is None
            if number_first:
                street = _CUED_NUMBER_FIRST.match(doc.text, cue.end())
            if street is None:
                continue
            parts = street.group("name").casefold().split()
            everyday = all(lexicon.common_word(p) or lexicon.is_medical(p) for p in parts)
            if any(p in STOP or p in COUNT_UNITS for p in parts) or (
                everyday and (not number_first or len(parts) < 2)  # "lives at 40 Percent"
            ) or count_next(doc.text, street.end()):
                continue
            yield from self._street(doc, street.start(), street.end(), caseless)
        for match in doc.finditer(_PO_BOX, _PO_BOX_GATE):
            yield self.finding(doc, match.start(), match.end(), Category.ADDRESS, 0.9, "P.O. box")
            yield from self._tail(doc, match.end(), caseless)
        for match in doc.finditer(_LONE_UNIT, _LONE_UNIT_GATE):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.6, "apartment or suite"
            )
            yield from self._tail(doc, match.end(), caseless)

    def _street(self, doc: Document, start: int, end: int, caseless: bool) -> Iterator[Finding]:
        yield self.finding(doc, start, end, Category.ADDRESS, 0.85, "street and house number")
        yield from self._line_rest(doc, _LINE_REST.match(doc.text, end), caseless)
        yield from self._tail(doc, end, caseless)

    def _tail(self, doc: Document, end: int, caseless: bool) -> Iterator[Finding]:
        """The town, region, country and postal code that close an address laid out in
        columns ("Apt. 805 >Pines Beach >New Zealand 34694", "Suite 442  Mill Village  NS")."""
        tail = _address_tail().match(doc.text, end)
        if tail is None or tail.group("town") is None:
            return
        town = tail.group("town").rstrip(".")  # "..., Goiânia." ends a sentence
        parts = town.casefold().split()
        if parts[0] in STOP or town.strip(".").casefold() in lexicon.street_types() or any(
            p.strip(".") in _NOT_TOWN or (lexicon.is_only_medical(p) and p not in NAME_PARTICLES)
            or (p in STOP and p not in NAME_PARTICLES) for p in parts
        ):
            return
        # a country or a code after it says a name is a town ("Pines Beach, New Zealand")
        closed = any(
            tail.group(part) is not None for part in ("lead", "region", "country", "code")
        )
        if not (
            _plausible_town(town, caseless) or towns()[0].exists(f" {boundaries(town.casefold())} ")
            or (closed and (caseless or all(
                p[:1].isupper() or p.casefold() in NAME_PARTICLES for p in town.split()
            )))
        ):
            return
        yield self.finding(
            doc, tail.start("town"), tail.start("town") + len(town), Category.ADDRESS, 0.7,
            "town closing an address",
        )
        for part in ("lead", "code"):
            if tail.group(part) is not None:
                yield self.finding(
                    doc, tail.start(part), tail.end(part), Category.POSTCODE, 0.7,
                    "postal code in an address",
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
