"""Places: towns and cities, and proper names where a place is expected.

Towns come from the GeoNames gazetteer; a town whose name is also an English,
medical or personal word ("Reading", "Bath", "Florence") needs a preposition
before it ("lives in", "from", "transferred to") to count. A place no gazetteer
knows is found by its cue ("lives in Port Paigeview", "a woman from Sarahport")
or its shape ("from Garciahaven"); a ward or a building no word list knows by
its number ("transferred to Quartermain 6", "on QUARTERMAIN 2"). Towns, streets and
institutions have their own modules; ``DETECTORS`` lists all four.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates, lexicon
from caseguard.text.base import Detector, compile_gate
from caseguard.text.document import Document, GateChain
from caseguard.text.institutions import InstitutionDetector
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import (
    HOSPITAL_UNITS,
    MEDICAL_NEXT,
    NAME_WORDS,
    NOT_NAME,
    countries,
)
from caseguard.text.streets import StreetDetector
from caseguard.text.towns import TownDetector

__all__ = [
    "DETECTORS",
    "InstitutionDetector",
    "PlaceCueDetector",
    "StreetDetector",
    "TownDetector",
]

# "lives in", "referred from": a place follows even when no gazetteer knows it
_PLACE_CUE = regex.compile(
    r"\b(?:lives|living|lived|resides|residing|resident|born|moved|relocated|travell?ed|"
    r"referred|transferred|transfered|tranfered|transfer(?:ring)?|trans|xfer(?:r?ed)?|"
    r"transported|flown|airlifted|(?:med[- ]?)?flighted|brought|enroute|en\s+route|"
    r"visiting|returned|emigrated|immigrated|comes?|came|originally|admitted|admit|sent|"
    r"adm(?=\s+to\b)|taken|went|discharged|d/c'?d|dc'?d|followed|flew|flown|drove|driven|"
    r"travels|based|located|headquartered|raised|grew\s+up|retired|accepted)"
    r"\s+(?:here\s+)?(?:back\s+)?(?:today\s+)?"
    r"(?:in|into|from|to|at|of|near)\s+"
    r"(?:the\s+(?:town|village|city)\s+of\s+|the\s+)?"
    # "sent to ED at GH", "admitted to the MICU of Mercy": a unit, then its hospital
    r"(?:(?:ed|er|ew|icu|ccu|micu|sicu|cath\s+lab|floor|ward)\s+(?:at|@|of|in)\s+(?:the\s+)?)?",
    regex.IGNORECASE,
)
_PLACE_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*\d{0,2}(?![\p{L}\d])")
_MONTH = regex.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday"
)
# "seen at UCSF", "treated at Cedars-Sinai": where care was given
_CARE_AT = regex.compile(
    r"\b(?:seen|treated|evaluated|reviewed|presented|examined|assessed|operated(?:\s+on)?|"
    r"managed|diagnosed|dx'?d|followed(?:\s+up)?|checked|hospitali[sz]ed|delivered|imaged|"
    r"scanned|biopsied|worked\s+up|cared\s+for)\s+(?:at|in)\s+(?:the\s+)?",
    regex.IGNORECASE,
)
# "a woman from ...", "ambulance ... from ...": where a person or a vehicle came from
_PERSON_FROM = regex.compile(
    r"\b(?:(?:man|woman|men|women|boy|girl|male|female|lady|gentleman|patient|infant|child|"
    r"neonate|toddler|baby|adolescent|teenager|native|farmer|worker|family|relatives?)\s+"
    r"|ambulance\b[^.\n]{0,24}?\s)from\s+(?:the\s+(?:town|village|city)\s+of\s+)?",
    regex.IGNORECASE,
)
# "in a 45-year-old man, Summersberg, 11 August 1955": a place between a person and a date
_AGED_PERSON = regex.compile(
    r"\b\d{1,3}[- ](?:years?|yrs?|months?|weeks?|days?)[- ]old(?:\s+[\p{L}-]+){0,3}\s*,\s+"
    r"|\b\d{1,3}\s*(?:yo|y/o|yrs?)\b(?:\s+[\p{L}]{1,6}){0,2}\s*,\s+",
    regex.IGNORECASE,
)
_DATE_NEXT = regex.compile(
    r"\s*,\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", regex.IGNORECASE
)
# "from Garciahaven", "in Stuartstone": an unknown word shaped like an English place name
_TOWN_SHAPE = regex.compile(
    r"\b(?:from|in|at|to|near)\s+(?:the\s+)?"
    r"([\p{L}][\p{L}'’]{2,}(?:ton|ville|burgh|burg|borough|bury|port|mouth|haven|field|ford|"
    r"chester|caster|stead|wick|worth|thorpe|side|land|stad|berg|furt|shire|dale|view|fort|"
    r"town|stone|gate|bridge|brook|mere))\b(?!\s+(?:inc|ltd|llc|corp|plc|gmbh)\b)",
    regex.IGNORECASE,
)
# common words that start a place's name ("Port Paigeview", "Lake Jacobborough") or end one
# ("Fox Hill", "Holly Ville")
_PLACE_PREFIXES = frozenset(
    """port lake new north south east west upper lower mount mt fort ft glen san santa st st.
    saint el la los las high little great old cape point bay""".split()
)
_PLACE_HEADS = frozenset(
    """hill hills heights park village ville valley springs falls city town beach bay harbor
    harbour bridge creek lake flats grove point junction crossing mills ridge vale green wells
    island river""".split()
)


# "in Costamezzana 43015", "in ÖVERTURINGEN 840 24": a place and a code shaped like a
# postal code, five digits or a split form, that is no count ("in Boston 20000 units")
_PLACE_AND_CODE = regex.compile(
    r"\b(?:in|from|at|to|near)\s+(?P<place>\p{Lu}[\p{L}'’-]+(?:[ ]\p{Lu}[\p{L}'’-]+){0,2})[ ]"
    r"(?P<code>\d{5}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}-\d{3})(?![\w%/-]|[.,:]\d)"
    r"(?![ ]?(?:%|x\b|[a-z]{1,6}\b(?<!\b(?:in|and|on|for|with|to|at|the|but))))"
)
# "to Quartermain 6", "on QUARTERMAIN 2", "transferred to 209 quartermain": a ward or a
# building named by a word no word list knows, with its number, after "to", "on", "from"
_WARD_AFTER = (
    r"(?!\s*(?:%|/|x\b|(?:mg|mcg|ug|g|ml|l|cc|u|units?|mm|cm|kg|lbs?|hrs?|hours?|min|mins|"
    r"minutes?|days?|wks?|weeks?|mos?|months?|yrs?|years?|times|liters?|lpm|breaths|bpm|"
    r"puffs?|tabs?|doses?|gtts?|meq|mmol|fr|french|lumens?|ga|gauge|inch(?:es)?|ft|am|pm)\b))"
)
_WARD = regex.compile(
    r"\b(?:on|to|from)\s+(?:the\s+)?(?P<ward>\p{L}{5,})[ ]?\d{1,2}[a-z]?(?![\w%/:-]|[.,]\d)"
    + _WARD_AFTER
    + r"|\b(?:transferred|transfered|tranfered|transfer|moved|sent|taken|admitted|went|go)"
    r"\s+(?:back\s+)?to\s+(?:room\s+|rm\.?\s+|bed\s+)?\d{1,4}[a-z]?\s+(?P<ward>\p{L}{5,})\b",
    regex.IGNORECASE,
)
# "F-MICU/QUARTERMAIN/CCU TEAMS": a name listed with a hospital's units
_WARD_UNITS = r"(?:micu|sicu|ccu|icu|csru|cvicu|tsicu|nicu|picu|pacu|ed|er|ew|floor|ward)"
_LISTED_WARD = regex.compile(
    rf"(?<=\b{_WARD_UNITS}/)(?P<ward>\p{{L}}{{5,}})\b|\b(?P<ward>\p{{L}}{{5,}})(?=/{_WARD_UNITS}\b)",
    regex.IGNORECASE,
)
_REGION_NEXT = regex.compile(r"\s+(?:state|province|region)\b", regex.IGNORECASE)
_COUNTY = frozenset({"county", "parish", "borough"})

# necessary conditions of the scans above, searched once in the lower-cased text (see
# `Document.passes`): a text without them is not scanned with the pattern at all
_PERSON_FROM_GATE = compile_gate(r"\sfrom\s")
_AGED_PERSON_GATE = compile_gate(
    r"\d[- ](?:years?|yrs?|months?|weeks?|days?)[- ]old|\d\s*(?:yo|y/o|yrs?)"
)
_TOWN_SHAPE_GATE = compile_gate(
    r"ton|ville|burg|borough|bury|port|mouth|haven|field|ford|chester|caster|stead|wick|worth|"
    r"thorpe|side|land|stad|berg|furt|shire|dale|view|fort|town|stone|gate|bridge|brook|mere"
)
# the last letter of each verb of `_CARE_AT`, then "at" or "in" (a quick test before the
# verbs themselves)
_CARE_AT_GATE = GateChain((compile_gate(r"[dnpr]\s+(?:at|in)\s"), compile_gate(
    r"(?:seen|treated|evaluated|reviewed|presented|examined|assessed|operated(?:\s+on)?|"
    r"managed|diagnosed|dx'?d|followed(?:\s+up)?|checked|hospitali[sz]ed|delivered|imaged|"
    r"scanned|biopsied|worked\s+up|cared\s+for)\s+(?:at|in)\s"
)))
# a unit before or after a slash, found from the slash
_LISTED_WARD_GATE = compile_gate(
    rf"/(?:{_WARD_UNITS}|(?<=icu/)|(?<=ccu/)|(?<=csru/)|(?<=pacu/)|(?<=ed/)|(?<=er/)|(?<=ew/)"
    r"|(?<=floor/)|(?<=ward/))"
)
# a word of five letters or more and a number, in either order (see `_WARD`); a letter is
# any character but white space, a digit and the ASCII characters that are not letters
_LETTER = r"[^\x00-\x40\x5b-\x60\x7b-\x7f\s\d]"
_WARD_GATE = compile_gate(
    rf"(?:on|to|from)\s+(?:the\s+)?{_LETTER}{{5,}} ?\d"
    rf"|to\s+(?:room\s+|rm\.?\s+|bed\s+)?\d{{1,4}}[a-z]?\s+{_LETTER}{{5}}"
)
_PLACE_AND_CODE_GATE = compile_gate(r"[ ](?:\d{5}|\d{3}[ ]\d{2}|\d{2}-\d{3})")
# and each scan's own necessary condition, answered in the same pass (see `Document.may_match`)
gates.prefilter(
    _PLACE_CUE, _PERSON_FROM, _CARE_AT, _AGED_PERSON, _TOWN_SHAPE, _WARD, _PLACE_AND_CODE
)


def _swaps(folded: str) -> Iterator[str]:
    """The word with two neighbouring letters swapped, each way it can be."""
    for i in range(len(folded) - 1):
        swapped = folded[:i] + folded[i + 1] + folded[i] + folded[i + 2 :]
        if swapped != folded:
            yield swapped


def _typo_of_known(folded: str) -> bool:
    """Two letters swapped make an everyday or a clinical word, or a unit ("recieve",
    "MCIU"): a slip of the pen, not a name."""
    return any(
        lexicon.common_word(w) or lexicon.is_medical(w) or w in HOSPITAL_UNITS
        or w in lexicon.MEDICAL_ACRONYMS
        for w in _swaps(folded)
    )


def _mistyped_unit(folded: str) -> bool:
    """A hospital's unit with a letter swapped, added or run on ("MCIU", "micua",
    "NISICU"): not a place's name."""
    if folded.endswith(("icu", "ccu")):
        return True
    dropped = (folded[:i] + folded[i + 1 :] for i in range(len(folded)))
    return any(len(w) > 2 and w in HOSPITAL_UNITS for w in (*_swaps(folded), *dropped))


def _unknown_word(word: str, lower_case: bool) -> bool:
    """A word no list knows, capitalised unless the whole text is in lower case: not
    English, clinical, a person's name, an eponym or a month ("Quartermain")."""
    folded = word.casefold()
    return (
        (lower_case or word[:1].isupper())
        and not lexicon.common_word(folded) and not lexicon.is_medical(folded)
        and not lexicon.is_personal_name(folded) and folded not in lexicon.eponyms()
        and folded not in STOP and folded not in NOT_NAME and folded not in HOSPITAL_UNITS
        and folded not in lexicon.MEDICAL_ACRONYMS and folded not in countries()
        and not _MONTH.fullmatch(folded) and not _typo_of_known(folded)
    )


def _place_words(doc: Document, end: int, caseless: bool) -> list[tuple[int, int]]:
    """Up to three words of a place's name starting at ``end``."""
    words: list[tuple[int, int, bool]] = []  # span and whether the word is informative
    for word in _PLACE_WORD.finditer(doc.text, end, min(len(doc.text), end + 60)):
        gap = doc.text[end : word.start()]
        if gap.strip() or len(words) == 3:
            break
        folded = word.group().casefold().rstrip("0123456789").rstrip("-")
        if folded in STOP or folded in NOT_NAME or lexicon.is_only_medical(folded):
            break
        if folded in HOSPITAL_UNITS or _mistyped_unit(folded) or folded in countries() or (
            folded in lexicon.MEDICAL_ACRONYMS
        ) or (len(folded) <= 3 and lexicon.is_medical(folded) and folded not in _PLACE_PREFIXES):
            break
        if not caseless and not word.group()[:1].isupper():
            break
        after_prefix = len(words) == 1 and doc.text[words[0][0] : words[0][1]].casefold() in (
            _PLACE_PREFIXES
        )
        common = lexicon.common_word(folded) and (
            folded not in NAME_WORDS or folded in _PLACE_PREFIXES
        ) and not (
            after_prefix and lexicon.is_personal_name(folded)  # "Port Tiffany", "East Bill"
        ) and not (
            # "seen at UCSF": an acronym in mixed-case text names an institution
            not caseless and word.group().isupper() and 3 <= len(folded) <= 6
            and folded not in lexicon.MEDICAL_ACRONYMS
        )
        if _MONTH.fullmatch(folded) or any(
            lexicon.is_only_medical(part) or part in lexicon.MEDICAL_ACRONYMS
            for part in folded.split("-")[1:] if "-" in folded
        ) or lexicon.is_only_medical(folded.split("-")[0]):
            break  # "in January", "HIV-positive"
        if _REGION_NEXT.fullmatch(" " + folded):
            return []  # "from Victoria State": a region, larger than an address
        if folded in _COUNTY and words:
            words.append((word.start(), word.end(), True))  # "from King County" (HIPAA)
            break
        words.append((word.start(), word.end(), not common))
        end = word.end()

    def head(span: tuple[int, int, bool]) -> bool:
        return doc.text[span[0] : span[1]].casefold() in _PLACE_HEADS

    # a common word counts only beside a name ("Port Paigeview") or before a place word
    # ("Fox Hill"); "North" or "Lake" alone is not a place, nor is "Intensive Care"
    while words and not words[-1][2] and not head(words[-1]):
        words.pop()
    if not any(informative for _, _, informative in words) and not (
        len(words) > 1 and head(words[-1])
    ):
        return []
    if words and MEDICAL_NEXT.match(doc.text, words[-1][1]):
        return []  # "from Quinton cath": a device
    return [(start, stop) for start, stop, _ in words]


class PlaceCueDetector(Detector):
    """A proper name after "lives in", "referred from"...: a place, known or not."""

    name = "place-cue"
    categories = frozenset({Category.ADDRESS, Category.POSTCODE})

    def detect(self, doc: Document) -> Iterator[Finding]:
        caseless = doc.caseless
        for cues in (_PLACE_CUE, _PERSON_FROM, _CARE_AT):
            gate = _PERSON_FROM_GATE if cues is _PERSON_FROM else (
                _CARE_AT_GATE if cues is _CARE_AT else None
            )
            if gate is not None and not doc.passes(gate):
                continue
            for cue in doc.finditer(cues):
                words = _place_words(doc, cue.end(), caseless)
                if words:
                    yield self.finding(
                        doc, words[0][0], words[-1][1], Category.ADDRESS, 0.6,
                        f"place after {' '.join(cue.group().split())!r}",
                    )
        for cue in doc.finditer(_AGED_PERSON, _AGED_PERSON_GATE):
            words = _place_words(doc, cue.end(), caseless)
            if words and _DATE_NEXT.match(doc.text, words[-1][1]):
                yield self.finding(
                    doc, words[0][0], words[-1][1], Category.ADDRESS, 0.6,
                    "place between a person's age and a date",
                )
        for match in doc.finditer(_TOWN_SHAPE, _TOWN_SHAPE_GATE):
            word = match.group(1)
            folded = word.casefold()
            if (not caseless and not word[:1].isupper()) or lexicon.common_word(folded) or (
                lexicon.is_medical(folded) or folded in STOP or folded in countries()
            ):
                continue
            yield self.finding(
                doc, match.start(1), match.end(1), Category.ADDRESS, 0.5,
                "a word shaped like a place name after 'from', 'in'...",
            )
        listed = _LISTED_WARD.finditer(doc.text) if doc.passes(_LISTED_WARD_GATE) else ()
        wards = doc.finditer(_WARD, _WARD_GATE)
        for match in (*wards, *listed):
            word = match.group("ward")
            if _unknown_word(word, doc.lower_case):
                yield self.finding(
                    doc, match.start("ward"), match.end("ward"), Category.ADDRESS, 0.5,
                    "a ward's or a building's name before its number",
                )
        for match in (
            doc.finditer(_PLACE_AND_CODE, _PLACE_AND_CODE_GATE) if not caseless else ()
        ):
            words = match.group("place").split()
            if any(
                w.casefold() in STOP or lexicon.is_medical(w.casefold())
                or w.casefold() in lexicon.MEDICAL_ACRONYMS for w in words
            ) or all(lexicon.common_word(w.casefold()) for w in words):
                continue
            yield self.finding(
                doc, match.start("place"), match.end("place"), Category.ADDRESS, 0.6,
                "a place followed by its postal code",
            )
            yield self.finding(
                doc, match.start("code"), match.end("code"), Category.POSTCODE, 0.6,
                "a postal code after a place",
            )


DETECTORS: tuple[type[Detector], ...] = (
    StreetDetector, InstitutionDetector, TownDetector, PlaceCueDetector,
)
