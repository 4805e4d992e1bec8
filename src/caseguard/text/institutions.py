"""Hospitals, clinics and practices named in the text.

A proper name before "Hospital", "Clinic", "Radiology" ("Bird Radiology",
"CALVERT HOSPITAL"), a saint's or a dedication's name ("St Kelly's Hospital",
"Sacred Heart"), a generic name after "at" ("at the county hospital"), the
place a practice names its branch by ("our Seattle clinic"), a hospital's
initials after a cue of care ("seen by GBMC", "retired from GH"), and the name
before "VA", "Campus", "Regional" or "Memorial" in any case ("BALTIMORE VA").
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates, lexicon
from caseguard.text.base import Detector, compile_gate
from caseguard.text.document import Document, GateChain
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import (
    CARE_ACRONYMS,
    HOSPITAL_UNITS,
    NAME_WORDS,
    NOT_NAME,
    SOURCE_BEFORE,
    place_name,
    towns,
)

__all__ = ["InstitutionDetector"]

_NAME_PART = regex.compile(r"[\p{L}'’&.-]+")
_INSTITUTION_TYPES = (
    "hospital|hosp|hospitals|med(?:ical)?\\.?\\s+cent(?:er|re)|health\\s+cent(?:er|re)|clinic|infirmary|"
    "hospice|nursing\\s+home|care\\s+home|rehab(?:ilitation)?\\s+cent(?:er|re)|health\\s+system|"
    "healthcare|health\\s+service|medical\\s+practice|institute|cancer\\s+cent(?:er|re)|"
    "children's\\s+hospital|clinics|polyclinic|sanatorium|private\\s+hospital|hosp\\.|"
    "medical\\s+group|radiology|imaging|base\\s+hospital|x-ray|diagnostics|rehab"
)
_INSTITUTION_KEYWORD = regex.compile(rf"(?<=\s)(?:{_INSTITUTION_TYPES})\b", regex.IGNORECASE)
# up to four words ending right where the keyword starts
_LAST_WORDS = regex.compile(
    r"((?:(?:st\.?|saint)\s+)?(?:[\p{L}][\p{L}'’&.-]*\s+){1,4})\Z", regex.IGNORECASE
)
_NON_SPACE = regex.compile(r"\S+")
_OF_NAME = regex.compile(r"\s+(?:of|for)\s+(?:the\s+)?(?:[\p{Lu}][\p{L}'’-]+\s*){1,3}")
_INSTITUTION_BEFORE = regex.compile(
    rf"\b(?:{_INSTITUTION_TYPES})\s+(?:of|for)\s+(?:the\s+)?((?:[\p{{L}}][\p{{L}}'’-]+\s*){{1,3}})",
    regex.IGNORECASE,
)


_SAINT = regex.compile(
    r"\b(?:St|Saint|Mt|Mount|Ste)\.?\s+\p{Lu}[\p{L}-]+(?:['’]s)?(?:\s+(?:Hospital|Medical|"
    r"Health|Clinic|Infirmary|Hosp))?"
)
_GENERAL = regex.compile(
    r"\b(?:\p{Lu}[\p{L}-]*\.?\s+){1,2}(?:General|Presbyterian|Memorial|Medical|Med\.?|"
    r"Infirmary)(?:\s+(?:Center|Centre|Hospital|Campus))?\b"
)


# specialties a clinic is named after, although some are surnames too ("Hand Clinic")
_SPECIALTY_WORDS = frozenset(
    """hand foot feet bone heart body eye eyes skin head brain chest breast spine sleep pain
    memory fracture vein kidney liver lung ear wound stroke bladder bowel joint back knee hip
    shoulder sports travel fertility allergy asthma diabetes young early long day rapid
    gyn obgyn ob std sti ivf""".split()
)


# units of measurement that end a sentence before "Hospital ..." begins the next
_UNITS = frozenset("msv mgy gy sv mg mcg ml mm cm kg".split())


def _names_practice(word: str) -> bool:
    """A frequent surname names a practice ("Bird Radiology") unless it names a specialty."""
    return word in lexicon.common_surnames() and word not in _SPECIALTY_WORDS


def _acronym_name(word: str, doc: Document) -> bool:
    """An acronym in mixed-case text that is not a clinical one ("UCLA", not "ICU", "HIV")."""
    folded = word.casefold()
    return (
        not doc.upper_case and word.isupper() and 3 <= len(word) <= 6 and word.isalpha()
        and folded not in lexicon.MEDICAL_ACRONYMS and folded not in HOSPITAL_UNITS
        and not lexicon.is_medical(folded)
    )


def _known_words(words: list[str]) -> bool:
    """Each word is a known town or a word of institutions' names ("Baltimore", "Holy")."""
    return all(w.casefold() in NAME_WORDS or towns()[0].exists(f" {w.casefold()} ") for w in words)


# "presented to GH ED", "MGH cath lab": a hospital's initials before one of its departments
_SITE_DEPARTMENT = regex.compile(
    r"(?<![\w/-])([A-Z]{2,6})\s+(?:ED|ER|EW|A&E|TCU|(?i:cath\s+lab|emergency\s+(?:department|room)))\b"
)


# "st kelly's hospital", "ST SANCHEZ'S HOSPITAL": a saint's hospital in any case
_SAINTS_HOSPITAL = regex.compile(
    r"\b(?:st|saint|ste)\.?\s+(?:[\p{L}-]+\s+)?[\p{L}-]+['’]s\s+(?:hospital|infirmary|clinic|"
    r"hospice|medical\s+cent(?:er|re)|health(?:care)?|hosp\b\.?)",
    regex.IGNORECASE,
)
# "our Seattle clinic", "our NYC Health Center": the place a practice names its branch by
_OUR_BRANCH = regex.compile(
    r"\bour\s+((?-i:[\p{Lu}][\p{L}'’-]*\s+){1,2})(?:(?:health\s+)?(?:clinic|office|hospital|"
    r"practice|cent(?:er|re)|branch|site|campus|location|facility|surgery))\b",
    regex.IGNORECASE,
)
# "at the county hospital", "at City Health Clinic", "at Children's Hospital Boston":
# an institution whose name is made of generic words, after "at", "to", "from"
_GENERIC_WORDS = (
    "general|memorial|royal|university|county|district|regional|community|city|central|"
    "children's|childrens|women's|womens|veterans|va|state|health|medical|mercy"
)
_GENERIC_INSTITUTION = regex.compile(
    rf"\b(?:at|to|from)\s+(?:the\s+)?((?:(?:(?-i:[A-Z]{{2,6}})|{_GENERIC_WORDS})\s+){{1,3}}"
    r"(?:hospital|clinic|infirmary|medical\s+cent(?:er|re)|health\s+cent(?:er|re)|health)\b"
    r"(?-i:\s+\p{Lu}[\p{L}'’-]+)?)",
    regex.IGNORECASE,
)
_GENERIC_WORD = regex.compile(rf"(?:{_GENERIC_WORDS})", regex.IGNORECASE)
# hospitals named for a religious dedication, and "University of Maryland Medical Center"
_DEDICATION = regex.compile(
    r"\b(?:holy\s+(?:cross|family|name|spirit|redeemer|trinity)|sacred\s+heart|good\s+samaritan|"
    r"our\s+lady\s+of\s+(?:the\s+)?\p{L}+|mount\s+sinai|mt\.?\s+sinai)\b"
    r"|\b(?:university|univ|u)\.?\s+of\s+\p{L}+(?:\s+\p{L}+)?\s+"
    r"(?:med(?:ical)?|hosp(?:ital)?|health|cent(?:er|re))\b",
    regex.IGNORECASE,
)


# "seen by GBMC", "consult from the GBMC", "retired from GH", "bed @ GH": a cue of care,
# then a hospital's initials
_CARE_CUE_ACRONYM = regex.compile(
    r"\b(?:(?:seen|evaluated|screened|accepted|followed|w/u|worked\s+up|consult(?:ed)?)\s+"
    r"(?:by|from|at)|(?:consult|consultation|referral|records?)\s+from|retired\s+from"
    r"|(?:team|bed|care|stay|admission|received|had)\s+(?:at|@))"
    r"\s+(?:the\s+)?(?P<name>\p{L}{2,5})\b(?![-/]?\d)",
    regex.IGNORECASE,
)
# "BALTIMORE VA", "the Zagaria Campus", "LAUREL REGIONAL", "Union Memorial": the word
# before one of these names an institution in any letter case
_NAME_BEFORE_KIND = regex.compile(
    r"(?<![\w-])(?P<name>\p{L}[\p{L}'’]+)\s+(?P<kind>va|vamc|campus|regional|memorial)\b"
    r"(?!\s*(?:\d|20/))",
    regex.IGNORECASE,
)
# "TO GO TO ST. MARY", "bed @ St Agnes": a saint's name after a place cue, in any case
_SAINT_AFTER_CUE = regex.compile(
    r"\b(?:to|at|from|@)\s+(?:the\s+)?(?P<name>(?:st|saint)\.?\s+(?P<saint>\p{L}{3,}))\b",
    regex.IGNORECASE,
)
_WORD_AFTER = regex.compile(r"[ \t]+(\p{L}+)")

# necessary conditions of the scans above, searched once in the lower-cased text (see
# `Document.passes`): a text without them is not scanned with the pattern at all
# the first word of each institution type, after a space (see `_INSTITUTION_KEYWORD`)
_INSTITUTION_KEYWORD_GATE = compile_gate(
    r"\s(?:hosp|med|health|clinic|infirmary|nursing|care|rehab|institute|cancer|children|"
    r"polyclinic|sanatorium|private|radiology|imaging|base|x-ray|diagnostics)"
)
# the last letter of each cue of `_CARE_CUE_ACRONYM` and its preposition, then the cues
_CARE_CUE_ACRONYM_GATE = GateChain((compile_gate(r"[dnuptlsmey]\s+(?:by|from|at|@)"), compile_gate(
    r"(?:seen|evaluated|screened|accepted|followed|w/u|worked\s+up|consult(?:ed)?)\s+"
    r"(?:by|from|at)|(?:consult|consultation|referral|records?)\s+from|retired\s+from"
    r"|(?:team|bed|care|stay|admission|received|had)\s+(?:at|@)"
)))
# "treated at UCSF", "a case at UCLA meeting": three to five capitals after "at", in
# mixed-case text only (in capitals every word looks like this)
_AT_ACRONYM = regex.compile(r"(?<=\bat\s)(?P<name>\p{Lu}{3,5})\b(?![-/]?\d|\s*\d)")
_AT_GATE = compile_gate(r"\bat\s")
_GENERAL_GATE = compile_gate(r"\s(?:general|presbyterian|memorial|med|infirmary)")
# the last word of each institution type, then "of" or "for"
_INSTITUTION_BEFORE_GATE = compile_gate(
    r"(?:hosp|hosp\.|hospital|hospitals|center|centre|clinic|clinics|infirmary|hospice|home|"
    r"system|healthcare|service|practice|institute|sanatorium|group|radiology|imaging|x-ray|"
    r"diagnostics|rehab)\s+(?:of|for)\s"
)
_DEDICATION_GATE = compile_gate(r"holy|sacred|samaritan|lady|sinai|[yvu]\.?\s+of\s")
_SITE_DEPARTMENT_GATE = compile_gate(r"[a-z]\s+(?:ed|er|ew|a&e|tcu|cath|emergency)")
_SAINTS_HOSPITAL_GATE = compile_gate(r"s\s+(?:hosp|infirmary|clinic|medical|health)")
_OUR_BRANCH_GATE = compile_gate(r"our\s")
_GENERIC_INSTITUTION_GATE = compile_gate(r"hospital|clinic|infirmary|medical|health")
_NAME_BEFORE_KIND_GATE = compile_gate(r"\s(?:va|campus|regional|memorial)")
# and each scan's own necessary condition, answered in the same pass (see `Document.may_match`)
gates.prefilter(
    _SAINT, _GENERAL, _INSTITUTION_KEYWORD, _DEDICATION, _SITE_DEPARTMENT, _SAINTS_HOSPITAL,
    _OUR_BRANCH, _GENERIC_INSTITUTION, _CARE_CUE_ACRONYM, _SAINT_AFTER_CUE, _NAME_BEFORE_KIND,
    _INSTITUTION_BEFORE,
)


def _hospital_initials(word: str, doc: Document) -> bool:
    """Two to five letters that are a hospital's initials, not a clinical abbreviation,
    a service or a word; in mixed-case text they are in capitals."""
    folded = word.casefold()
    return (
        (doc.caseless or word.isupper())
        and folded not in STOP and folded not in NOT_NAME
        and folded not in lexicon.MEDICAL_ACRONYMS and folded not in HOSPITAL_UNITS
        and folded not in CARE_ACRONYMS
        and not lexicon.common_word(folded) and not lexicon.is_medical(folded)
    )


def _named_kind(match: regex.Match[str], doc: Document) -> bool:
    """The word before "VA", "Campus", "Regional", "Memorial" is a name, not an everyday or
    a clinical word ("regional anesthesia", "corrected VA 20/40")."""
    name, kind = match.group("name"), match.group("kind").casefold()
    folded = name.casefold()
    if folded in STOP or folded in NOT_NAME or (
        folded in lexicon.eponyms() and folded not in NAME_WORDS
    ) or (
        not doc.caseless and not name[:1].isupper()
    ):
        return False
    if folded in lexicon.medical_words() and folded not in NAME_WORDS and not (
        lexicon.is_personal_name(folded)
    ):
        return False  # "segmental regional", but "Zagaria Campus" (not "-aria" clinical)
    if kind in {"va", "vamc"}:
        # visual acuity follows an eye or a measure; a VA hospital follows a place
        if kind == "va" and not (doc.upper_case or match.group("kind").isupper()):
            return False
        return not lexicon.is_medical(folded) and (
            towns()[0].exists(f" {folded} ") or not lexicon.common_word(folded)
        )
    after = _WORD_AFTER.match(match.string, match.end())
    # "regional anesthesia", "memorial service": a clinical or an everyday phrase
    following = after.group(1).casefold() if after else ""
    return following in STOP or not (
        lexicon.is_medical(following)
        or following in {"service", "services", "day", "fund", "lecture"}
    )


class InstitutionDetector(Detector):
    """Hospitals, clinics and practices named by their proper names."""

    name = "institution"
    categories = frozenset({Category.ADDRESS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        caseless = doc.caseless
        if not doc.upper_case:
            for match in doc.finditer(_SAINT):
                if match.group().split()[1].casefold() in STOP:
                    continue  # "Main St. Then ...": a street's abbreviation and a new sentence
                yield self.finding(
                    doc, match.start(), match.end(), Category.ADDRESS, 0.6,
                    "a saint's or mount's name (hospitals)",
                )
            for match in doc.finditer(_GENERAL, _GENERAL_GATE):
                first = match.group().split()[0].casefold()
                if first in NOT_NAME or first in {"in", "on", "general", "medical"}:
                    continue
                yield self.finding(
                    doc, match.start(), match.end(), Category.ADDRESS, 0.6,
                    "a proper name before 'General', 'Medical'...",
                )
        text = doc.text
        for match in doc.finditer(_INSTITUTION_KEYWORD, _INSTITUTION_KEYWORD_GATE):
            window_start = max(0, match.start() - 80)
            # the name is "St." and four words at most, so no search could match before the
            # fifth run of non-space characters from the end: it starts there
            runs = [run.start() for run in _NON_SPACE.finditer(text, window_start, match.start())]
            if len(runs) > 5:
                window_start = runs[-5]
            before = _LAST_WORDS.search(doc.text, window_start, match.start())
            if before is None:
                continue
            tail = _OF_NAME.match(doc.text, match.end())
            end = tail.end() if tail else match.end()
            words = _NAME_PART.findall(before.group(1))
            kept: list[str] = []
            for word in reversed(words):
                folded = word.casefold().strip(".")
                if folded in NOT_NAME or folded in lexicon.MEDICAL_ACRONYMS or (
                    folded in _SPECIALTY_WORDS or folded in _UNITS
                ):
                    break  # "the ENT clinic", "Hand Clinic", "DOSE WAS 7.2 MSV. HOSPITAL ID"
                if _acronym_name(word, doc):
                    kept.insert(0, word)  # "UCLA med center"
                    continue
                if folded not in NAME_WORDS and (
                    (folded.endswith(("al", "ic", "ary", "ive", "ory"))
                     and not lexicon.is_personal_name(folded))
                    or (lexicon.is_medical(folded) and not _names_practice(folded))
                    or (lexicon.common_word(folded) and not lexicon.is_personal_name(folded))
                    or (doc.caseless and not lexicon.is_personal_name(folded)
                        and lexicon.word_frequency(folded) > 1e-6)
                ):
                    break
                if not doc.caseless and not word[:1].isupper():
                    break
                kept.insert(0, word)
            caseless_rehab = doc.caseless and (
                match.group().casefold() == "rehab"
            )
            if not kept or (caseless_rehab and not _known_words(kept)):
                continue  # "CON'T REHAB", "prev rehab", but "BALTIMORE REHAB"
            name_start = before.start(1) + before.group(1).rfind(kept[0])
            if SOURCE_BEFORE.search(doc.text, max(0, name_start - 40), name_start):
                continue  # "recommendations from Mayo Clinic": a source, not a place of care
            if name_start < before.start(1):
                continue
            yield self.finding(
                doc, name_start, end, Category.ADDRESS, 0.85,
                "proper name before 'hospital', 'clinic'...",
            )
        for match in doc.finditer(_DEDICATION, _DEDICATION_GATE):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.7,
                "a hospital's dedication or university",
            )
        for match in doc.finditer(_SITE_DEPARTMENT, _SITE_DEPARTMENT_GATE):
            folded = match.group(1).casefold()
            if folded in STOP or folded in lexicon.MEDICAL_ACRONYMS or folded in HOSPITAL_UNITS or (
                lexicon.common_word(folded) or lexicon.is_medical(folded)
            ):
                continue  # "TO ED", "FROM ER", "MICU ED"
            yield self.finding(
                doc, match.start(1), match.end(1), Category.ADDRESS, 0.6,
                "a hospital's initials before its department",
            )
        for match in doc.finditer(_SAINTS_HOSPITAL, _SAINTS_HOSPITAL_GATE):
            yield self.finding(
                doc, match.start(), match.end(), Category.ADDRESS, 0.8, "a saint's hospital"
            )
        for match in doc.finditer(_OUR_BRANCH, _OUR_BRANCH_GATE):
            name = match.group(1).split()[0]
            if not place_name(name):
                continue  # "our Cardiology clinic", "our Main office"
            yield self.finding(
                doc, match.start(1), match.start(1) + len(name), Category.ADDRESS, 0.7,
                "the place a branch is named by ('our Seattle clinic')",
            )
        for match in doc.finditer(_GENERIC_INSTITUTION, _GENERIC_INSTITUTION_GATE):
            name = match.group(1)
            first = name.split()[0]
            if first.casefold() in lexicon.MEDICAL_ACRONYMS or (
                doc.upper_case and not _GENERIC_WORD.fullmatch(first)
            ):
                continue  # "the ED", "the ICU"; "TO NAME AND HOSPITAL" in capitals
            tail = name.rsplit(None, 1)[-1]
            if tail[:1].isupper() and not _INSTITUTION_KEYWORD.match(" " + tail, 1) and (
                not place_name(tail)
            ):
                name = name[: name.rfind(tail)].rstrip()  # "... Hospital Then": not a town
            yield self.finding(
                doc, match.start(1), match.start(1) + len(name), Category.ADDRESS, 0.6,
                "an institution named by generic words after 'at', 'to', 'from'",
            )
        for match in doc.finditer(_CARE_CUE_ACRONYM, _CARE_CUE_ACRONYM_GATE):
            if _hospital_initials(match.group("name"), doc):
                yield self.finding(
                    doc, match.start("name"), match.end("name"), Category.ADDRESS, 0.6,
                    "a hospital's initials after 'seen by', 'retired from'...",
                )
        for match in _AT_ACRONYM.finditer(doc.text) if (
            not caseless and doc.passes(_AT_GATE)
        ) else ():
            if _hospital_initials(match.group("name"), doc):
                yield self.finding(
                    doc, match.start("name"), match.end("name"), Category.ADDRESS, 0.5,
                    "capitals after 'at': an institution's initials",
                )
        for match in doc.finditer(_SAINT_AFTER_CUE) if caseless else ():
            saint = match.group("saint").casefold()
            if lexicon.is_personal_name(saint) and not lexicon.is_medical(saint):
                yield self.finding(
                    doc, match.start("name"), match.end("name"), Category.ADDRESS, 0.6,
                    "a saint's name after 'to', 'at', 'from' (hospitals)",
                )
        for match in doc.finditer(_NAME_BEFORE_KIND, _NAME_BEFORE_KIND_GATE):
            if _named_kind(match, doc):
                yield self.finding(
                    doc, match.start("name"), match.end("kind"), Category.ADDRESS, 0.6,
                    "a name before 'VA', 'Campus', 'Regional', 'Memorial'",
                )
        for match in doc.finditer(_INSTITUTION_BEFORE, _INSTITUTION_BEFORE_GATE):
            name = match.group(1).rstrip()
            first = name.split()[0]
            if first.casefold() in NOT_NAME or (
                not doc.upper_case and not first[:1].isupper()
            ):
                continue
            if doc.upper_case and any(
                lexicon.is_only_medical(w.casefold()) for w in name.split()
            ):
                continue  # "RADIOLOGY FOR PICC INSERTION": a procedure, not a name
            yield self.finding(
                doc, match.start(), match.start(1) + len(name), Category.ADDRESS, 0.8,
                "'hospital of' a proper name",
            )
