"""A text prepared once for every detector: its tokens and whether it is written in capitals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import regex

__all__ = ["Document", "Token"]

# A word: letters/digits with inner apostrophes, hyphens or periods ("O'Brien", "Smith-Jones").
_UPPER = regex.compile(r"\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
# The same three for ASCII text, where the standard library's engine is about twice as fast
# and \p{L}, \p{N}, \p{Lu}, \p{Ll} are exactly these ranges.
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_title(self) -> bool:
        t = self.text
        return t[:1].isupper() and not t.isupper() if len(t) > 1 else t.isupper()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()


class Document:
    """The text under examination, with lazily computed views shared by all detectors."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._gates: dict[str, bool] = {}

    @cached_property
    def lower(self) -> str | None:
        """The text in lower case, offset for offset; None when that would not be faithful.

        Case-insensitive matching treats a few non-ASCII letters as ASCII ones (long s as "s",
        dotless i as "i") and a dotted capital I lowers to two characters; such a text gets None so
        that nothing is skipped on its account.
        """
        text = self.text
        lowered = text.lower()
        if text.isascii() or (
            len(lowered) == len(text) and "\u017f" not in text and "\u0131" not in text
        ):
            return lowered
        return None

    def passes(self, gate: re.Pattern[str]) -> bool:
        """Whether ``gate`` (a lower-case pattern) occurs in the lower-cased text.

        A gate is a necessary condition of a detector's pattern, so a False here means the
        pattern cannot match and its scan over the whole text is skipped. Results are kept
        per text because detectors share gates ("five digits in a row").
        """
        known = self._gates.get(gate.pattern)
        if known is None:
            lowered = self.lower
            known = lowered is None or gate.search(lowered) is not None
            self._gates[gate.pattern] = known
        return known

    @cached_property
    def tokens(self) -> list[Token]:
        pattern = _ASCII_TOKEN if self.text.isascii() else _TOKEN
        return [Token(m.start(), m.end(), m.group()) for m in pattern.finditer(self.text)]

    @cached_property
    def _case_counts(self) -> tuple[int, int]:
        upper, lower = (_ASCII_UPPER, _ASCII_LOWER) if self.text.isascii() else (_UPPER, _LOWER)
        return len(upper.findall(self.text)), len(lower.findall(self.text))

    @cached_property
    def upper_case(self) -> bool:
        """True when the text is written (mostly) in capitals, so case carries no signal."""
        upper, lower = self._case_counts
        return upper + lower >= 8 and upper / (upper + lower) > 0.75

    @cached_property
    def lower_case(self) -> bool:
        """True when the text is written (mostly) in lower case."""
        upper, lower = self._case_counts
        return upper + lower >= 8 and upper / (upper + lower) < 0.02

    @cached_property
    def casefolded(self) -> str:
        folded = self.text.casefold()
        # casefold can change lengths ("ß" -> "ss"); offsets must stay aligned with the text
        return folded if len(folded) == len(self.text) else self.text.lower()

    def sentence_start(self, index: int) -> bool:
        """Whether token ``index`` opens a sentence or a line (capitals there carry no signal)."""
        if index == 0:
            return True
        prev_end = self.tokens[index - 1].end
        gap = self.text[prev_end : self.tokens[index].start]
        return any(ch in gap for ch in ".!?:\n•*-\"(") or prev_end == 0
