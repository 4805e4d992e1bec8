"""Towns and cities named in the text, from the GeoNames gazetteer.

A town whose name is also an English, medical or personal word ("Reading", "Bath",
"Florence") needs a preposition before it ("lives in", "from", "transferred to") to count;
a postal code right after a town ("Paris 75015") is reported with it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text import lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import (
    CLINICAL_ABBREVIATIONS,
    HOSPITAL_UNITS,
    MEDICAL_NEXT,
    SOURCE_BEFORE,
    boundaries,
    countries,
    eponym_after,
    large_cities,
    towns,
)

__all__ = ["TownDetector"]


_PREPOSITIONS = regex.compile(
    r"(?:\b(?:in|from|at|near|to|lives|living|resident|residing|born|moved|visiting|"
    r"travelled|traveled|returned|outside|around|via)\s+(?:the\s+)?(?:city\s+of\s+)?)$",
    regex.IGNORECASE,
)
# a capitalised word after a town that makes it part of a region's name ("Ohio River
# Valley"): larger than an address. A county is not: HIPAA's Safe Harbor removes it.
_LARGER_NAME = regex.compile(r"\s+(?:River|Valley|Basin|Mountains|Range|Delta)\b")
# a postal code after a town ("Costamezzana 43015", "København K 1421", "Coimbra 3000-214"),
# a district's letters between them; four digits that could be a year stay a year
_CODE_AFTER_TOWN = regex.compile(
    r"(?P<district>[ ](?-i:\p{Lu}{1,2})(?!\p{L}))?,?[ ]"
    r"(?P<code>\d{5}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|(?!1[89]\d\d|20\d\d)\d{4})"
    r"(?![\w%/-]|[.,:]\d)(?!\s*(?:%|/|(?:x|mg|g|kg|mcg|ug|ml|l|mm|cm|m|km|ft|feet|miles?|iu|u|units?|times|"
    r"days?|hours?|hrs?|min(?:utes?)?|yrs?|years?|months?|weeks?|patients?|cases?|people)\b))",
    regex.IGNORECASE,
)


def _word_more_than_town(name: str) -> bool:
    """A common word ("home", "plan"), unless it is frequent because it is a large city
    and no dictionary word ("Miami", "Baltimore")."""
    return lexicon.common_word(name) and (
        name not in large_cities() or lexicon.in_dictionary(name)
    )


class TownDetector(Detector):
    """Towns and cities named in the text, and a postal code right after one."""

    name = "town"
    categories = frozenset({Category.ADDRESS, Category.POSTCODE})

    def detect(self, doc: Document) -> Iterator[Finding]:
        automaton, ambiguous = towns()
        text = doc.casefolded
        caseless = doc.caseless
        spans: list[tuple[int, int, str]] = []
        # every character that is not part of a word becomes a space, one for one, so
        # offsets are kept and a key " york " can only match the whole word
        padded = f" {boundaries(text)} "
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
            parts = name.split()
            if parts[0] in {"the", "a", "an", "of", "and"} or any(
                p in CLINICAL_ABBREVIATIONS or p.isdigit() for p in parts
            ):
                continue  # "MAE on command", "WARD 3"
            if name in STOP or name in countries() or name in HOSPITAL_UNITS:
                continue  # "English", "England", "Texas": a language, a country, a state
            if MEDICAL_NEXT.match(doc.text, end):
                continue  # "Foley cath", "Quinton cath", "Cool Neb": a device, not a town
            if eponym_after(doc.text, end) or doc.text[end : end + 1] == "-" or (
                start > 0 and doc.text[start - 1] == "-"
            ):
                continue  # "Wilson's disease", "Hill-Sachs", "Roux-en-Y"
            if caseless and (name in CLINICAL_ABBREVIATIONS or lexicon.is_medical(name)):
                continue
            if not caseless and (
                _LARGER_NAME.match(doc.text, end) or _LARGER_NAME.match(" " + surface)
            ):
                continue  # "Ohio River Valley": a region's name
            if SOURCE_BEFORE.search(doc.text, max(0, start - 40), start):
                continue  # "recommendations from Mayo Clinic": a source, not a place of care
            before = doc.text[max(0, start - 30) : start]
            preposition_match = _PREPOSITIONS.search(before)
            preposition = preposition_match is not None
            via = preposition and preposition_match.group().casefold().startswith("via")
            if via and (lexicon.is_medical(name) or name in lexicon.eponyms()):
                continue  # "via Hickman 2 lumen", "via Foley 16 Fr": a device, not a town
            if name in ambiguous:
                # "home", "plan", "side" are towns somewhere; in capitals or lower case a
                # town that is also a word is only trusted when it is not a common word
                if not preposition or (caseless and (
                    _word_more_than_town(name) or lexicon.is_medical(name)
                )):
                    continue
                score, why = 0.5, "gazetteer town after a preposition"
            elif preposition:
                score, why = 0.85, "gazetteer town after a preposition"
            elif caseless and " " not in name and not (
                (k := doc.token_starting_at(start)) is not None and doc.capitalised_on_purpose(k)
            ):
                continue  # "VOM", "CONDOM": in capitals a lone word needs "in", "from"...
            else:
                score, why = 0.7, "gazetteer town"
            if lexicon.is_medical(name) and name not in lexicon.last_names():
                continue
            last_end = end
            yield self.finding(doc, start, end, Category.ADDRESS, score, why)
            code = _CODE_AFTER_TOWN.match(doc.text, end)
            # four digits need a preposition or a district before them to be a code
            if code and (len(code.group("code")) != 4 or preposition or code.group("district")):
                yield self.finding(
                    doc, code.start("code"), code.end("code"), Category.POSTCODE, 0.6,
                    "postal code after a town",
                )
