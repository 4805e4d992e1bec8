"""Unnecessary detail: context that identifies without teaching anything.

The guidance wants a case "free of any unnecessary information that could
potentially lead to the identification of a patient". Employers, clubs, schools,
churches, pets' names, the make and colour of a car and the exact road of an
accident add nothing to the images or the diagnosis but are exactly what a
neighbour would recognise. Each cue is a pattern; the factor points at the whole
sentence holding it and proposes to drop or generalise it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

__all__ = ["DetailHit", "find_detail"]


@dataclass(frozen=True, slots=True)
class DetailHit:
    start: int  # the cue
    end: int
    sentence_start: int
    sentence_end: int
    label: str
    replacement: str


_NAME = r"(?:(?:St\.?\s+)?\p{Lu}[\p{L}'’&.-]*\s+){1,4}"
_I = regex.IGNORECASE
_CUES: tuple[tuple[str, regex.Pattern[str], str], ...] = (
    ("employer", regex.compile(
        rf"\b(?:works?|worked|working|employed|job)\s+(?:as\s+an?\s+[\p{{L}}-]+\s+)?"
        rf"(?:at|for|by)\s+(?:the\s+)?(?-i:{_NAME[:-1]})?(?-i:\p{{Lu}}[\p{{L}}'’&.-]+)"
        r"(?:\s+(?:Ltd|Limited|plc|Inc|LLC|Group|Corporation|Company|Factory|Mill|Plant|Council))?",
        _I), "at a local employer"),
    ("club or team", regex.compile(
        rf"\b(?-i:{_NAME})(?:golf|rugby|football|cricket|tennis|sailing|rowing|bowling|"
        r"running|cycling|chess|bridge|swimming|hockey|curling|boxing)?\s*(?:club|fc|afc|rfc|"
        r"rovers|united|athletic|harriers|wanderers)\b|\bplays?\s+for\s+(?-i:\p{Lu}[\p{L}'’-]+)"
        r"|\bmember\s+of\s+(?:the\s+)?(?-i:\p{Lu}[\p{L}'’-]+)", _I), "a local club"),
    ("school", regex.compile(
        rf"\b(?-i:{_NAME})(?:primary|secondary|high|grammar|middle|elementary|junior|"
        r"nursery|boarding|comprehensive)?\s*(?:school|academy|college|kindergarten)\b"
        rf"|\b(?:attends?|attended|pupil\s+at|student\s+at|teacher\s+at|teaches\s+at)\s+"
        rf"(?-i:\p{{Lu}}[\p{{L}}'’-]+)", _I), "a local school"),
    ("church or place of worship", regex.compile(
        rf"\b(?-i:{_NAME})(?:church|chapel|cathedral|mosque|synagogue|temple|gurdwara|parish|"
        r"kirk|abbey)\b", _I), "drop it"),
    ("pet's name", regex.compile(
        r"\b(?:(?:his|her|their|the\s+family(?:'s)?)\s+)?(?:dog|cat|horse|pony|puppy|kitten|"
        r"parrot|rabbit)\s*,?\s+(?:called\s+|named\s+)?(?-i:\p{Lu}\p{Ll}+)\b(?![-\s](?:sign|disease))",
        _I), "a pet"),
    ("vehicle make, model or colour", regex.compile(
        r"\b(?:(?:red|blue|black|white|silver|grey|gray|green|yellow|orange)\s+)?"
        r"(?:Ford|Toyota|Volkswagen|VW|Vauxhall|BMW|Mercedes|Audi|Nissan|Honda|Peugeot|Renault|"
        r"Volvo|Tesla|Kia|Hyundai|Land\s+Rover|Range\s+Rover|Jeep|Fiat|Skoda|Subaru|Mazda|"
        r"Harley(?:-Davidson)?|Ducati|Yamaha|Kawasaki|Suzuki|Triumph|Porsche|Ferrari|Chevrolet|"
        r"Dodge|John\s+Deere|Massey\s+Ferguson)(?:\s+\p{Lu}?[\p{L}\p{N}-]+)?\b"
        r"|\b(?:red|blue|black|white|silver|grey|gray|green|yellow)\s+(?:car|van|lorry|truck|"
        r"motorbike|motorcycle|tractor|bicycle|bike|pickup|suv|hatchback)\b"), "a car"),
    ("exact road or location of an accident", regex.compile(
        r"\b(?:on|along|off|near|at)\s+the\s+(?:[AMB]\d{1,4}|I-\d{1,3}|Route\s+\d{1,3}|"
        r"(?:State\s+)?Highway\s+\d{1,3}|Interstate\s+\d{1,3})\b(?:\s+(?:near|at|outside|between)\s+"
        r"\p{Lu}[\p{L}'’-]+)?|\bjunction\s+\d{1,2}\s+of\s+the\s+M\d{1,3}|"
        r"\b(?:near|outside|at)\s+the\s+(?-i:\p{Lu}[\p{L}'’-]+\s+)(?:roundabout|bridge|"
        r"crossing|junction|viaduct|tunnel|pier|harbour|harbor)\b"), "on a main road"),
    ("hobby or event named", regex.compile(
        r"\b(?:competing|competed|running|ran|playing|riding)\s+(?:in|at)\s+the\s+"
        r"(?-i:\p{Lu}[\p{L}'’-]+\s+){1,3}(?:marathon|race|games|championship|festival|"
        r"show|rally|open|cup|triathlon|regatta)\b", _I), "in a sporting event"),
)
# words that look like a proper name at a sentence start but are not one
_NOT_NAMES = frozenset(
    "the a an this that his her their our its he she they we it in on at by for from with "
    "after before during while when patient pt local nearby primary secondary high "
    "medical dental hospital university".split()
)
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu}|\d)|\n+")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    e = m.start() if m else len(text.rstrip())
    return s, max(e, end)


def find_detail(text: str) -> Iterator[DetailHit]:
    for label, pattern, replacement in _CUES:
        for m in pattern.finditer(text):
            first = m.group().split()[0].casefold().strip(".,")
            if label in {"club or team", "school", "church or place of worship"} and (
                first in _NOT_NAMES and len(m.group().split()) <= 2
            ):
                continue
            start = m.start()
            s, e = _sentence_bounds(text, start, m.end())
            yield DetailHit(start, m.end(), s, e, label, replacement)
