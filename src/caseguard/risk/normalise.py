"""Word-level normalisation shared by the rare-disease list builder and its matcher.

A disease name is written many ways: "Erdheim–Chester disease", "ERDHEIM CHESTER
DISEASE", "Sjögren's syndrome", "type II" or "type 2". Both the shipped list and
the text are reduced to the same form (ASCII, case-folded words separated by one
space, possessive "'s" dropped, roman numerals as digits) one word at a time, so a
match in the normalised text maps back to exact character offsets in the original.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick
import regex

__all__ = ["NormalisedText", "PhraseMatcher", "Word", "normalise", "words"]

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_ROMAN = {
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7",
    "viii": "8", "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14",
}
# "i", "v" and "x" are letters as often as numerals; they become digits only here
_NUMBERED = frozenset(
    "type types group class factor grade stage form complementation subtype variant".split()
)
_APOSTROPHES = "'’ʼ`´"


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    form: str


def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return folded.casefold() if folded else word.casefold()


def words(text: str) -> list[Word]:
    """The words of a text in normalised form, each with its original offsets."""
    out: list[Word] = []
    for match in _WORD.finditer(text):
        form = _fold(match.group())
        if (
            form == "s" and match.start() > 0 and text[match.start() - 1] in _APOSTROPHES
        ):
            continue  # possessive: "Sjögren's" is "sjogren"
        roman = _ROMAN.get(form)
        if roman is not None and (len(form) > 1 or (out and out[-1].form in _NUMBERED)):
            form = roman
        out.append(Word(match.start(), match.end(), form))
    return out


def normalise(text: str) -> str:
    """The normalised form of a phrase.

    >>> normalise("Sjögren's  Syndrome type II")
    'sjogren syndrome type 2'
    """
    return " ".join(w.form for w in words(text))


@dataclass(frozen=True)
class NormalisedText:
    """A text's words joined by single spaces, with a map back to the original."""

    words: list[Word]
    joined: str
    word_at: dict[int, int]  # offset in ``joined`` of a word's first letter -> word index

    @classmethod
    def of(cls, text: str) -> NormalisedText:
        ws = words(text)
        parts: list[str] = []
        word_at: dict[int, int] = {}
        offset = 0
        for index, word in enumerate(ws):
            word_at[offset] = index
            parts.append(word.form)
            offset += len(word.form) + 1
        return cls(ws, " ".join(parts), word_at)


class PhraseMatcher:
    """Whole-word matching of many normalised phrases at once (Aho-Corasick).

    Overlapping matches resolve to the longest, leftmost phrase, so "classic hodgkin
    lymphoma" wins over "hodgkin lymphoma" inside it.
    """

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        """``phrases``: pairs of (normalised phrase, key returned on a match)."""
        self._automaton = ahocorasick.Automaton()
        for phrase, key in phrases:
            if phrase:
                self._automaton.add_word(phrase, (phrase, key))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, key)`` in original offsets for every match in ``text``."""
        if self._empty:
            return
        norm = NormalisedText.of(text)
        joined = norm.joined
        hits: list[tuple[int, int, str]] = []
        for end, (phrase, key) in self._automaton.iter(joined):
            start = end - len(phrase) + 1
            if start not in norm.word_at or (end + 1 < len(joined) and joined[end + 1] != " "):
                continue
            first = norm.word_at[start]
            last = first + phrase.count(" ")
            hits.append((first, last, key))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        last_word = -1
        for first, last, key in hits:
            if first <= last_word:
                continue
            last_word = last
            yield norm.words[first].start, norm.words[last].end, key
