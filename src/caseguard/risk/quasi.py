"""Quasi-identifiers: facts harmless alone that single a patient out together.

Exact age, sex, a named (above all a small) place, an occupation, an ethnicity or
nationality, a calendar or relative date, and family details ("mother of five",
twins, a named relative). Each is found by a pattern or a curated list in
``data/risk``; the scorer (`caseguard.risk.assess`) weighs how many distinct kinds
a text combines. Age bands ("in his 50s") and clinical timing ("day 3 post-op",
"3 weeks ago") are the safe forms and are not raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from caseguard.findings import Category, Finding
from caseguard.risk.normalise import PhraseMatcher, normalise
from caseguard.risk.places import population
from caseguard.text import lexicon

__all__ = ["KINDS", "QuasiHit", "find_quasi_identifiers"]

KINDS = ("exact_age", "sex", "place", "occupation", "ethnicity", "date", "family")


@dataclass(frozen=True, slots=True)
class QuasiHit:
    kind: str
    start: int
    end: int
    label: str
    replacement: str = ""
    sensitive: bool = False  # a small place or a rare occupation


_I = regex.IGNORECASE
_NUM = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_AGE = (
    regex.compile(r"\b(\d{1,3})[-\s]?(?:years?|yrs?)[-\s]?old\b", _I),
    regex.compile(r"\b(\d{1,3})\s?(?:yo|y/o|y\.o\.)(?!\w)", _I),
    regex.compile(
        r"\baged?\s*:?\s+(\d{1,3})\b(?!\s*(?:-|to|and)\s*\d)(?!\s*(?:months|weeks|days))", _I
    ),
    regex.compile(r"\b(\d{1,3})\s?([MF])\b"),
)
_INFANT_AGE = regex.compile(r"\b(\d{1,2})[-\s](?:months?|weeks?|days?)[-\s]old\b", _I)
_SEX = regex.compile(
    r"\b(man|woman|male|female|boy|girl|gentleman|lady|he|she|his|her|him|mr|mrs|ms)\b", _I
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_HOLIDAY = (
    r"(?:christmas(?:\s+day|\s+eve)?|boxing\s+day|new\s+year'?s?(?:\s+day|\s+eve)|easter(?:\s+sunday|"
    r"\s+monday)?|halloween|bonfire\s+night|thanksgiving|hogmanay|eid|diwali)"
)
_DATES = (
    regex.compile(
        rf"\b(?:on\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
        r"(?:,?\s+\d{4})?\b", _I,
    ),
    regex.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", _I),
    regex.compile(rf"\b(?:last|this|next|on|on\s+a|one)\s+{_WEEKDAY}\b", _I),
    regex.compile(rf"\b(?:last|this|on)\s+{_HOLIDAY}\b", _I),
    regex.compile(r"\b(?:last|this)\s+(?:weekend|summer|winter|spring|autumn)\b", _I),
    regex.compile(rf"\bin\s+(?:early\s+|late\s+|mid-?)?{_MONTH}(?:\s+\d{{4}})?\b", _I),
    regex.compile(r"\b(?:in|during|since|of)\s+(?:19|20)\d\d\b", _I),
    regex.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\b"),
)
_FAMILY = (
    regex.compile(
        r"\b(?:identical\s+|non-identical\s+|monozygotic\s+|dizygotic\s+|conjoined\s+)?"
        r"(?:twins?|triplets|quadruplets|quintuplets)\b(?![-\s]peak)", _I,
    ),
    regex.compile(rf"\b(?:mother|father|parent|grandmother|grandfather)\s+of\s+{_NUM}\b", _I),
    regex.compile(rf"\b(?:eldest|youngest|oldest|middle)\s+(?:child\s+)?of\s+{_NUM}\b", _I),
    regex.compile(
        rf"\b{_NUM}\s+(?:children|grandchildren|sons|daughters|siblings|brothers|sisters)\b", _I
    ),
    regex.compile(
        r"\b(?:widow|widower|widowed|adopted|only\s+child|foster\s+child|in\s+foster\s+care|"
        r"single\s+(?:mother|father|parent))\b", _I,
    ),
)
_RELATIVE = regex.compile(
    r"\b(?i:(?:his|her|their|the\s+patient's)\s+(?:wife|husband|partner|son|daughter|brother|sister|"
    r"mother|father|grandson|granddaughter|uncle|aunt|cousin|fianc[eé]e?))\s*,?\s+"
    r"(\p{Lu}\p{Ll}+)\b"
)
_LOCATOR = (
    r"(?:from|in|near|at|outside|around|lives\s+in|living\s+in|resident\s+of|native\s+of|"
    r"born\s+in|village\s+of|town\s+of|moved\s+to|returned\s+to|visiting|island\s+of|isle\s+of)"
)
_STRONG = regex.compile(
    r"from|near|lives|living|resident|native|born|village|town|moved|island|isle", _I
)
_PLACE_CAPS = regex.compile(rf"\b((?i:{_LOCATOR}))\s+((?:\p{{Lu}}[\p{{L}}'’-]+\s?){{1,3}})")
_PLACE_ANY = regex.compile(rf"\b({_LOCATOR})\s+((?:[\p{{L}}'’-]+\s?){{1,3}})", _I)
_ISLAND = regex.compile(
    r"\b(?:(?:isle|island)\s+of\s+\p{Lu}[\p{L}'’-]+|\p{Lu}[\p{L}'’-]+\s+(?:Island|Isle))\b"
)
_SMALL_PLACE = regex.compile(
    r"\b(?:(?:a|an|the)\s+)?(?:(?:small|remote|tiny|isolated|rural|fishing|mining|farming|"
    r"crofting)\s+)+(?:village|hamlet|island|croft|community|town|settlement)\b"
    r"|\b(?:a|the)\s+(?:village|hamlet|croft|island)\b(?!\s+(?:of\s+)?(?:cell|cells))", _I,
)
_MEDICAL_HEAD = regex.compile(
    r"\s*(?:disease|syndrome|sign|palsy|cyst|fracture|lesion|type|criteria|classification|"
    r"score|procedure|operation|test|tumou?r|hernia|phenomenon|'s|’s)\b", _I
)
_OCC_CUE = regex.compile(
    r"(?:\b(?:a|an|as\s+an?|retired|former|ex-|works?\s+as\s+an?|worked\s+as\s+an?|employed\s+as\s+an?|"
    r"occupation:?|profession:?|job:?|is\s+an?|was\s+an?)\s+(?:[\p{L}\p{N}-]+,?\s+){0,3})$", _I
)
_OCC_NOT_BEFORE = regex.compile(
    r"\s*(?:'s|’s|s'|study|studies|trial|scheme|project|mutation|gene|data|program|programme|"
    r"sequence|scan|image|images|tube|wire|catheter|dose|phase|lung|knee|elbow|fracture|ear)\b", _I
)
_DEMONYM_AFTER = regex.compile(
    r"\s+(?:[\p{L}-]+\s+)?(?:man|woman|male|female|boy|girl|gentleman|lady|patient|child|infant|"
    r"baby|teenager|adolescent|national|citizen|immigrant|migrant|refugee|asylum\s+seeker|"
    r"student|tourist|worker|farmer|fisherman|sailor|soldier|family|couple|mother|father|"
    r"descent|origin|heritage)\b", _I
)
_DEMONYM_BEFORE = regex.compile(r"(?:\bof|\bis|\bwas|\bethnicity:?|\bnationality:?)\s+$", _I)


@cache
def _occupations() -> tuple[PhraseMatcher, dict[str, tuple[bool, str]]]:
    text = resources.files("caseguard").joinpath("data/risk/occupations.tsv").read_text("utf-8")
    table: dict[str, tuple[bool, str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, tier, general = line.split("\t")
            table[normalise(name)] = (tier == "rare", general)
    return PhraseMatcher((k, k) for k in table), table


@cache
def _demonyms() -> PhraseMatcher:
    text = resources.files("caseguard").joinpath("data/risk/demonyms.txt").read_text("utf-8")
    entries = [line.strip() for line in text.splitlines() if line and not line.startswith("#")]
    return PhraseMatcher((normalise(e), e) for e in entries)


def _age_band(age: int, possessive: str) -> str:
    if age < 1:
        return "an infant"
    if age < 13:
        return "a child"
    if age < 20:
        return f"in {possessive} teens"
    if age >= 90:
        return "aged 90 or older"
    return f"in {possessive} {age // 10 * 10}s"


def _possessive(text: str) -> str:
    found = _SEX.findall(text[:400])
    folded = {f.casefold() for f in found}
    if folded & {"woman", "female", "girl", "lady", "she", "her", "mrs", "ms"}:
        return "her"
    if folded & {"man", "male", "boy", "gentleman", "he", "his", "him", "mr"}:
        return "his"
    return "their"


def _ages(text: str) -> Iterator[QuasiHit]:
    owner = _possessive(text)
    for pattern in _AGE:
        for m in pattern.finditer(text):
            age = int(m.group(1))
            if age > 120:
                continue
            band = _age_band(age, owner)
            yield QuasiHit("exact_age", m.start(), m.end(), "exact age", band)
            if pattern.groups > 1:
                yield QuasiHit("sex", m.start(), m.end(), "sex", "")
    for m in _INFANT_AGE.finditer(text):
        yield QuasiHit("exact_age", m.start(), m.end(), "exact age", "an infant")


def _places(text: str, caseless: bool, small_limit: int) -> Iterator[QuasiHit]:
    pattern = _PLACE_ANY if caseless else _PLACE_CAPS
    for m in pattern.finditer(text):
        locator, candidate = m.group(1), m.group(2).split()
        strong = _STRONG.match(locator) is not None
        found = False
        for size in range(len(candidate), 0, -1):
            name = " ".join(candidate[:size])
            pop = population(name)
            if pop is None:
                continue
            words = name.casefold().split()
            ordinary = any(
                lexicon.common_word(w) or lexicon.is_medical(w) or w in lexicon.eponyms()
                for w in words
            )
            start = m.start(2)
            end = start + len(name)
            if (ordinary and not strong) or (caseless and ordinary and len(words) == 1) or (
                _MEDICAL_HEAD.match(text, end)
            ):
                break
            small = pop < small_limit
            label = f"{'small ' if small else ''}named place (population {pop:,})"
            yield QuasiHit(
                "place", m.start(), end, label,
                f"{locator} a rural area" if small else f"{locator} a city", small,
            )
            found = True
            break
        if not found and strong and not caseless:
            hit = _unlisted_place(text, m.start(), m.start(2), candidate[0], locator)
            if hit:
                yield hit
    for m in _ISLAND.finditer(text):
        yield QuasiHit("place", m.start(), m.end(), "named island", "an island community", True)
    for m in _SMALL_PLACE.finditer(text):
        yield QuasiHit("place", m.start(), m.end(), "small community", "a rural area", True)


def _unlisted_place(
    text: str, start: int, name_start: int, word: str, locator: str
) -> QuasiHit | None:
    """A proper name after "from", "near", "village of"... that no gazetteer lists.

    GeoNames holds places of 1,000 people or more, so a name it lacks is more likely
    a hamlet than a city: it counts as a small place unless it reads as a word.
    """
    name = word.rstrip("'’-")
    folded = name.casefold()
    if (
        len(name) < 3 or name.isupper() or lexicon.common_word(folded) or lexicon.is_medical(folded)
        or folded in lexicon.eponyms() or folded in _NOT_PLACES
        or lexicon.is_first_name(folded) or folded in lexicon.common_surnames()
        or _MEDICAL_HEAD.match(text, name_start + len(name))
    ):
        return None
    return QuasiHit(
        "place", start, name_start + len(name), "named place not in the gazetteer (likely small)",
        f"{locator} a rural area", True,
    )


_NOT_PLACES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december christmas easter dr mr mrs ms "
    "hospital clinic ward".split()
)


def _occupation_hits(text: str, caseless: bool) -> Iterator[QuasiHit]:
    matcher, table = _occupations()
    for start, end, key in matcher.find(text):
        before = text[max(0, start - 40) : start]
        if (
            not _OCC_CUE.search(before) or _OCC_NOT_BEFORE.match(text, end)
            or _MEDICAL_HEAD.match(text, end)
            # a capital mid-sentence makes "Baker" an eponym or a surname, not a trade
            or (not caseless and text[start].isupper() and not before.rstrip().endswith(
                (".", ":", "\n")) and before.strip() != "")
        ):
            continue
        rare, general = table[key]
        label = "rare or public occupation" if rare else "occupation"
        yield QuasiHit("occupation", start, end, label, general, rare)


def _ethnicities(text: str) -> Iterator[QuasiHit]:
    for start, end, _ in _demonyms().find(text):
        before = text[max(0, start - 16) : start]
        if _DEMONYM_AFTER.match(text, end) or _DEMONYM_BEFORE.search(before):
            if _MEDICAL_HEAD.match(text, end):
                continue
            yield QuasiHit("ethnicity", start, end, "ethnicity or nationality", "")


def find_quasi_identifiers(
    text: str, findings: Iterable[Finding] = (), small_limit: int = 50_000
) -> list[QuasiHit]:
    """Every quasi-identifier in ``text``, sorted by position."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    caseless = bool(letters) and (upper / len(letters) > 0.75 or upper / len(letters) < 0.02)
    hits: list[QuasiHit] = list(_ages(text))
    sex = _SEX.search(text)
    if sex:
        hits.append(QuasiHit("sex", sex.start(), sex.end(), "sex", ""))
    hits.extend(_places(text, caseless, small_limit))
    hits.extend(_occupation_hits(text, caseless))
    hits.extend(_ethnicities(text))
    for pattern in _DATES:
        for m in pattern.finditer(text):
            last = m.group().split()[-1].casefold()
            bare = not regex.search(r"\d", m.group())
            if pattern is _DATES[5] and last in {"may", "mar"} and bare:
                continue  # "in may" is the verb as often as the month
            hits.append(QuasiHit("date", m.start(), m.end(), "calendar or relative date", ""))
    for pattern in _FAMILY:
        for m in pattern.finditer(text):
            hits.append(QuasiHit("family", m.start(), m.end(), "family detail", ""))
    for m in _RELATIVE.finditer(text):
        if not lexicon.common_word(m.group(1).casefold()):
            hits.append(QuasiHit("family", m.start(), m.end(), "named relative", ""))
    for finding in findings:
        if finding.category in {Category.ADDRESS, Category.POSTCODE}:
            pop = population(finding.text)
            small = pop is not None and pop < small_limit
            hits.append(QuasiHit(
                "place", finding.start, finding.end, "place found by the text engine",
                "a rural area" if small else "", small,
            ))
        elif finding.category is Category.DATE:
            hits.append(
                QuasiHit("date", finding.start, finding.end, "date found by the text engine")
            )
    return _dedupe(hits)


def _dedupe(hits: list[QuasiHit]) -> list[QuasiHit]:
    """One hit per kind and span; a span inside a longer one of the same kind goes."""
    hits.sort(key=lambda h: (h.kind, h.start, -(h.end - h.start), not h.sensitive))
    out: list[QuasiHit] = []
    for hit in hits:
        if out and out[-1].kind == hit.kind and hit.start < out[-1].end:
            continue
        out.append(hit)
    return sorted(out, key=lambda h: (h.start, h.kind))
