"""Streets written in another order than "12 Baker Street": continental and French forms.

Continental streets put the house number after the name, with the street type
leading the name ("Rua do Arenque 1634", "ul. Słowicza 10", "Via dei Fiorentini
17"), joined to it ("Skoanveien 226", "Mellemstræde 74") or standing after it
("Augsburger Strasse 36", "Árpád fejedelem útja 62."); French streets put the
number first and the type before the name ("29 Rue de Tanger", "12 avenue Foch").
A named street with no number ("Baker Street") is found here too. Each form
yields the span of the street; the street detector adds the town and code after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.text import gates, lexicon
from caseguard.text.base import compile_gate
from caseguard.text.document import Document
from caseguard.text.name_cues import STOP
from caseguard.text.place_words import COUNT_UNITS, NAME_PARTICLES, count_next

__all__ = ["NAMED_STREET", "foreign_streets"]

# a type that leads the name ("Rua do Arenque 1634", "ul. Słowicza 10")
_LEADING_TYPES = (
    r"rue|rua|calle|c/|avda\.?|avenida|av\.|viale|vicolo|via|piazza|piazzetta|piazzale|largo|"
    r"corso|strada|str\.|ul\.|ulica|aleja|plac|travessa|praça|praca|carrer|avinguda|paseo|"
    r"pasaje|camino|carretera|rambla|ronda|plaza|boulevard|chemin|calea|ulitsa|rruga"
)
# a type joined to the name ("Skoanveien 226", "Mellemstræde 74")
_JOINED_TYPES = (
    r"gatan|gata|gade|gaden|vägen|vaegen|vegen|veien|vei|vej|vejen|stræde|straede|stræti|braut|"
    r"vegur|stígur|katu|kuja|tie|polku|straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|"
    r"laan|straat|plein|gracht|dreef|steeg|torget|torg|gränd"
)
# type words that stand apart from a capitalised name ("Augsburger Strasse 36"), and the
# Hungarian ones, which follow a name in any case ("hegyalja út 98.")
_APART_TYPES = (
    r"straße|strasse|str\.|weg|gasse|platz|allee|vej|vei|veien|gata|gatan|straat|laan|plein"
)
_HUNGARIAN_TYPES = r"utca|út|útja|tér|tere|körút|krt\.|köz|fasor|sétány"

NAMED_STREET = regex.compile(
    r"\b(?:[\p{Lu}][\p{L}'’-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Drive|Boulevard|"
    r"Terrace|Crescent|Close|Highway|Parkway|Square|Gardens|Mews|Parade|Esplanade)\b"
)
_HOUSE_NUMBER = r"(?P<number>\d{1,5}[a-z]?(?:[-/]\d{1,4}[a-z]?)?)(?![\w%/-]|[.,]\d)"
_NAME_WORDS = r"(?P<name>(?:[\p{L}'’-]+\.?\s+){0,4}?[\p{L}'’-]+)"
_LEADING_STREET = regex.compile(
    rf"(?<![\w./])(?:\d{{1,6}}\s+)?(?P<type>{_LEADING_TYPES})(?:(?<=[./])\s*|\s+)"
    # "Calle Mayor, 5", but not the code of ", 75001 Paris" after a French street
    rf"{_NAME_WORDS}(?:\s+|\s*,\s*(?=\d{{1,4}}[a-z]?(?!\d)(?!\s+(?-i:\p{{Lu}}))))"
    rf"{_HOUSE_NUMBER}",
    regex.IGNORECASE,
)
_JOINED_STREET = regex.compile(
    rf"(?<![\w-])(?:\d{{1,6}}\s+)?(?P<name>[\p{{L}}'’-]*\p{{L}}(?P<type>{_JOINED_TYPES}))"
    rf"\s+{_HOUSE_NUMBER}",
    regex.IGNORECASE,
)
_APART_STREET = regex.compile(
    rf"(?<![\w-])(?:\d{{1,6}}\s+)?(?P<name>(?:[\p{{L}}'’-]+\s+){{1,2}})"
    rf"(?:(?P<type>{_APART_TYPES})|(?P<hu>{_HUNGARIAN_TYPES}))\s+{_HOUSE_NUMBER}"
    rf"(?(hu)\.?)",
    regex.IGNORECASE,
)
# "29 Rue de Tanger", "12 avenue Foch": the French order, number first
_FRENCH_STREET = regex.compile(
    r"(?<![\w./-])\d{1,4}(?:\s?(?:bis|ter))?,?\s+"
    r"(?P<type>rue|boulevard|bd|chemin|allée|allee|impasse|quai|avenue|av\.|place|route|cours)"
    r"\s+(?P<name>(?:[dl]['’])?[\p{L}][\p{L}'’-]*(?:\s+(?:[dl]['’])?[\p{L}][\p{L}'’-]*){0,4})",
    regex.IGNORECASE,
)
# cheap tests, on the case-folded text, that a continental or French street can be present
# (two searches, the leading types first: the joined ones are looked for from each space
# before a digit back, which is quicker than trying every type at every character)
_CONTINENTAL_GATES = (
    regex.compile(rf"(?<!\w)(?:{_LEADING_TYPES})[\s.]"),
    regex.compile(rf"(?<=(?:{_JOINED_TYPES}|{_HUNGARIAN_TYPES}))\s+\d"),
)
_FRENCH_GATE = regex.compile(
    r"\d\s+(?:rue|boulevard|bd|chemin|allée|allee|impasse|quai|avenue|av\.|place|route|cours)\s"
)


def _ascii_types(alternation: str) -> str:
    return "|".join(word for word in alternation.split("|") if word.isascii())


# The same three tests for an ASCII text, whose case-folded form is its lower-cased one, as
# gates searched with all the others (see `Document.passes`): \s spelt out as the ASCII
# characters the `regex` module takes for it, "(?<!\w)" as "\b" before a letter, and the
# look-behind as the types themselves. Types written with other letters cannot occur there.
_SPACE = r"[\x09-\x0d ]"
_ASCII_CONTINENTAL_GATES = (
    compile_gate(rf"\b(?:{_ascii_types(_LEADING_TYPES)})[\x09-\x0d .]"),
    compile_gate(rf"(?:{_ascii_types(_JOINED_TYPES)}|{_ascii_types(_HUNGARIAN_TYPES)}){_SPACE}+\d"),
)
_ASCII_FRENCH_GATE = compile_gate(
    rf"\d{_SPACE}+(?:rue|boulevard|bd|chemin|allee|impasse|quai|avenue|av\.|place|route|cours)"
    rf"{_SPACE}"
)
# and each street pattern's own necessary condition (see `Document.may_match`)
gates.prefilter(_LEADING_STREET, _JOINED_STREET, _APART_STREET, _FRENCH_STREET)
# French street types that read as an address in capitals or lower case too
_FRENCH_CASELESS = frozenset("rue boulevard chemin allée allee impasse quai".split())
# short leading types that are words or abbreviations in clinical capitals ("VIA NG TUBE")
_LEADING_NEEDS_CASE = frozenset("via ul. av. str. c/ corso largo plaza".split())


def _continental_start(
    match: regex.Match[str], pattern: regex.Pattern[str], caseless: bool
) -> int | None:
    """Where a continental street starts, or None when its name is not a name: a name is
    capitalised in mixed-case text, and not everyday or clinical words."""
    if count_next(match.string, match.end()):
        return None
    words = [w for w in match.group("name").split() if w.casefold() not in NAME_PARTICLES]
    if pattern is _JOINED_STREET:
        name = match.group("name").casefold()
        common = lexicon.common_word(name) or lexicon.is_medical(name)
        return None if common else match.start()
    if pattern is _APART_STREET:
        names = list(regex.finditer(r"\S+", match.group("name")))
        while names and names[0].group().casefold() in STOP:
            names.pop(0)  # "on Villacher Strasse 89"
        if not names or not (
            match.group("hu") is not None or caseless or names[-1].group()[:1].isupper()
        ):
            return None
        first: int = names[0].start()
        name_start: int = match.start("name")
        return match.start() if match.start() < name_start else name_start + first
    kind = match.group("type").casefold()
    if not words or any(w.casefold() in STOP for w in words):
        return None  # "via the femoral artery 5"
    if caseless:
        if kind in _LEADING_NEEDS_CASE:
            return None
        # "RUE DVT": right upper extremity; a particle after it makes it French ("rue du")
        led_by_particle = match.group("name").split()[0].casefold() in NAME_PARTICLES
        if not led_by_particle and any(
            lexicon.is_only_medical(w.casefold().strip("-.")) for w in words
        ):
            return None
        start: int = match.start()
        return start
    if kind == "via" and (
        match.group("type")[:1].islower()
        or any(w.casefold() in lexicon.eponyms() or lexicon.is_only_medical(w.casefold())
               for w in words)
    ):
        return None  # "via Hickman 2 lumen", "via Foley 16": a route, not Via Roma 10
    # "via TLC 11", "via PB 7200": a route through a device or a line, in capitals
    named = all(w[:1].isupper() for w in words) and any(not w.isupper() for w in words)
    return match.start() if named else None


def _french_end(match: regex.Match[str], caseless: bool) -> int | None:
    """Where a French street's name ends: its first word, then particles and capitalised
    words ("29 Rue de Tanger >Suite", "31 Rue tachkent St."); None if it is no street."""
    kind = match.group("type")
    if caseless and kind.casefold() not in _FRENCH_CASELESS:
        return None
    end: int | None = None
    for word in regex.finditer(r"\S+", match.group("name")):
        folded = word.group().casefold()
        if folded in NAME_PARTICLES:
            continue
        bare = regex.sub(r"^[dl]['’]", "", word.group())  # "d'Orsay"
        first = end is None
        if folded in STOP or lexicon.is_only_medical(folded) or folded in COUNT_UNITS:
            break
        if not caseless and not bare[:1].isupper() and not (first and kind[:1].isupper()):
            break  # "2 route of", "31 Rue tachkent St.": a capital on the type or the name
        stop: int = word.end()
        end = match.start("name") + stop
    return end


def foreign_streets(doc: Document, caseless: bool) -> Iterator[tuple[int, int]]:
    """The start and end of each street whose house number follows the name, then of each
    French street ("29 Rue de Tanger")."""
    if doc.text.isascii():
        continental = any(doc.passes(gate) for gate in _ASCII_CONTINENTAL_GATES)
        french = doc.passes(_ASCII_FRENCH_GATE)
    else:
        folded = doc.casefolded
        continental = any(gate.search(folded) for gate in _CONTINENTAL_GATES)
        french = _FRENCH_GATE.search(folded) is not None
    if continental:
        for pattern in (_LEADING_STREET, _JOINED_STREET, _APART_STREET):
            for match in doc.finditer(pattern):
                start = _continental_start(match, pattern, caseless)
                if start is not None:
                    yield start, match.end()
    if french:
        for match in doc.finditer(_FRENCH_STREET):
            end = _french_end(match, caseless)
            if end is not None:
                yield match.start(), end
