"""Slips of the pen: a word one or two edits (Damerau-Levenshtein) from a word we know.

Edit distances come from rapidfuzz, in C; candidates are narrowed first by first letter and
length, so a check compares a word with a few hundred others, not the whole lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from caseguard.text import lexicon

__all__ = ["misspelt_common", "misspelt_medical", "preload", "slip_of"]


def slip_of(word: str, known: Sequence[str], limit: int) -> bool:
    """Whether ``word`` is at most ``limit`` edits from one of ``known``.

    A swap of two letters is one Damerau-Levenshtein edit and two plain ones, so the words
    within ``limit`` are among those within twice that by the plain distance, which rapidfuzz
    computes several times faster: those few are then measured exactly.
    """
    near = process.extract(
        word, known, scorer=Levenshtein.distance, score_cutoff=2 * limit, limit=None
    )
    return any(
        DamerauLevenshtein.distance(word, candidate, score_cutoff=limit) <= limit
        for candidate, _, _ in near
    )


def _by_shape(words: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    """Words grouped by first letter and length."""
    shapes: dict[tuple[str, int], list[str]] = {}
    for w in words:
        shapes.setdefault((w[0], len(w)), []).append(w)
    return shapes


def _near(
    shapes: dict[tuple[str, int], list[str]], first: str, length: int, limit: int
) -> tuple[str, ...]:
    """The words a slip of at most ``limit`` edits in a word of this first letter and length
    could come from."""
    return tuple(
        w for n in range(length - limit, length + limit + 1) for w in shapes.get((first, n), ())
    )


@cache
def _medical_by_shape() -> dict[tuple[str, int], list[str]]:
    """Medical words of six letters or more that are not names, by first letter and length."""
    return _by_shape(
        w for w in lexicon.medical_words() if len(w) >= 6 and not lexicon.is_personal_name(w)
    )


@cache
def _medical_near(first: str, length: int, limit: int) -> tuple[str, ...]:
    """The medical words a slip in a word of this first letter and length could come from."""
    return _near(_medical_by_shape(), first, length, limit)


@cache
def misspelt_medical(word: str) -> bool:
    """A clinical word with a typing slip: one edit from one of seven letters or more
    ("Labetelol", "Triponin"), two from one of nine or more ("Imtermittant"). Shorter
    words are left alone: "Lantos" is a surname as well as one slip from "Lantus".
    Slips in the first letter are rare and not looked for."""
    if len(word) < 7 or not word.isascii():
        return False
    limit = 1 if len(word) < 9 else 2
    candidates = _medical_near(word[0], len(word), limit)
    return slip_of(word, candidates, limit)


@cache
def _frequent_by_shape() -> dict[tuple[str, int], list[str]]:
    """Frequent English words (one in 100,000 or more) of six letters or more that are not
    names, by first letter and length."""
    return _by_shape(
        w for w, f in lexicon.frequencies().items()
        if f >= 1e-5 and len(w) >= 6 and w.isalpha() and not lexicon.is_personal_name(w)
    )


@cache
def misspelt_common(word: str) -> bool:
    """A frequent English word of six letters or more with one slip ("visisted", "presnt",
    "agress"); a word of the name lists is not looked at."""
    if len(word) < 6 or not word.isascii() or lexicon.is_personal_name(word):
        return False
    return slip_of(word, _near(_frequent_by_shape(), word[0], len(word), 1), 1)


def preload() -> None:
    """Group the medical and frequent words by shape now rather than at the first unknown word."""
    _medical_by_shape()
    _frequent_by_shape()
