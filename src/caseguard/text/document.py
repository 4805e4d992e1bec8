"""A text prepared once for every detector: its tokens and whether it is written in capitals."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple, overload

import regex

from caseguard.text import gates

__all__ = ["Document", "Gate", "GateChain", "Token"]

# A word: letters/digits with inner apostrophes, hyphens or periods ("O'Brien", "Smith-Jones").
_UPPER = regex.compile(r"\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
# The same for ASCII text, where \p{L}, \p{N}, \p{Lu}, \p{Ll} are exactly these ranges: the
# standard library's engine tokenises it twice as fast, and letters are counted as bytes.
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
_ASCII_UPPER_BYTES = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER_BYTES = bytes(range(ord("a"), ord("z") + 1))
# characters between two words that end a sentence or start a line or an item
_SENTENCE_BREAKS = frozenset(".!?:\n•*-\"(")


class Token(NamedTuple):
    """A word of the text and where it stands: ``text == document.text[start:end]``."""

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


class GateChain:
    """Gates that must all occur in a text, tried in order (see `Document.passes`)."""

    __slots__ = ("parts", "pattern")

    def __init__(self, parts: tuple[re.Pattern[str], ...]) -> None:
        self.parts = parts
        # the key its result is kept under, as a single gate's is kept under its pattern
        self.pattern = "\x00".join(part.pattern for part in parts)


# a lower-case pattern that must occur in a text (see `Document.passes`), or several that must
Gate = re.Pattern[str] | GateChain


class Document:
    """The text under examination, with lazily computed views shared by all detectors."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._gates: dict[str, bool] | None = None
        self._may: dict[int, bool] = {}

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

    def passes(self, gate: Gate) -> bool:
        """Whether ``gate`` (a lower-case pattern) occurs in the lower-cased text.

        A gate is a necessary condition of a detector's pattern, so a False here means the
        pattern cannot match and its scan over the whole text is skipped. Results are kept
        per text because detectors share gates ("five digits in a row"). A chain of gates
        passes when each does, and stops at the first that does not.
        """
        known_gates = self._gates
        if known_gates is None:
            known_gates = self.prescan()
        known = known_gates.get(gate.pattern)
        if known is None:
            if isinstance(gate, GateChain):
                known = all(self.passes(part) for part in gate.parts)
            else:
                lowered = self.lower
                known = lowered is None or gate.search(lowered) is not None
            known_gates[gate.pattern] = known
        return known

    @overload
    def finditer(
        self, pattern: re.Pattern[str], gate: Gate | None = None
    ) -> Iterator[re.Match[str]]: ...

    @overload
    def finditer(
        self, pattern: regex.Pattern[str], gate: Gate | None = None
    ) -> Iterator[regex.Match[str]]: ...

    def finditer(self, pattern: Any, gate: Gate | None = None) -> Iterator[Any]:
        """``pattern.finditer(text)``, or nothing when ``gate`` fails or the pattern cannot match.

        Whether it can is known when the pattern was given to `gates.prefilter`.
        """
        if not self.may_match(pattern) or (gate is not None and not self.passes(gate)):
            return iter(())
        return pattern.finditer(self.text)  # type: ignore[no-any-return]

    def may_match(self, compiled: Any) -> bool:
        """False when ``compiled``, a pattern given to `gates.prefilter`, cannot match the text.

        True when it may, or when that is not known (no Hyperscan, a text that is not ASCII).
        """
        if self._gates is None:
            self.prescan()
        return self._may.get(id(compiled), True)

    def prescan(self) -> dict[str, bool]:
        """Every registered gate and prefilter at once, where Hyperscan can read the text.

        Done on first need; the answers are kept. Gates it cannot answer exactly are left
        out, to be searched one by one.
        """
        if self._gates is not None:
            return self._gates
        self._gates = {}
        if self.text.isascii():
            scanner = gates.scanner()
            lowered = self.lower
            if scanner is not None and lowered is not None:
                self._gates, self._may = scanner.scan(lowered)
        return self._gates

    @cached_property
    def tokens(self) -> list[Token]:
        pattern = _ASCII_TOKEN if self.text.isascii() else _TOKEN
        # tuple.__new__ skips the keyword handling of Token(...): half the cost per token
        new = tuple.__new__
        return [new(Token, (m.start(), m.end(), m.group())) for m in pattern.finditer(self.text)]

    @cached_property
    def folded_tokens(self) -> list[str]:
        """Each token's text case-folded, in token order."""
        folded = self._casefold
        if len(folded) == len(self.text):
            # case folding maps each character on its own, here each to one character:
            # a token's fold is its stretch of the text's, and slicing is cheaper
            return [folded[start:end] for start, end, _ in self.tokens]
        return [tok.text.casefold() for tok in self.tokens]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [tok.start for tok in self.tokens]

    def token_at(self, offset: int) -> int | None:
        """The index of the first token that starts at or after ``offset``, if any."""
        index = bisect_left(self._token_starts, offset)
        return index if index < len(self.tokens) else None

    @cached_property
    def _by_start(self) -> dict[int, int]:
        return {tok.start: i for i, tok in enumerate(self.tokens)}

    @cached_property
    def _by_end(self) -> dict[int, int]:
        return {tok.end: i for i, tok in enumerate(self.tokens)}

    def token_starting_at(self, offset: int) -> int | None:
        """The index of the token that starts exactly at ``offset``, if one does."""
        return self._by_start.get(offset)

    def token_ending_at(self, offset: int) -> int | None:
        """The index of the token that ends exactly at ``offset``, if one does."""
        return self._by_end.get(offset)

    @cached_property
    def _case_counts(self) -> tuple[int, int]:
        text = self.text
        if text.isascii():
            # deleting a set of bytes runs in C, ten times faster than counting regex matches
            data = text.encode("ascii")
            size = len(data)
            return (size - len(data.translate(None, _ASCII_UPPER_BYTES)),
                    size - len(data.translate(None, _ASCII_LOWER_BYTES)))
        return len(_UPPER.findall(text)), len(_LOWER.findall(text))

    @cached_property
    def upper_case(self) -> bool:
        """True when the text is written (mostly) in capitals, so case carries no signal."""
        upper, lower = self._case_counts
        return upper + lower >= 8 and upper / (upper + lower) > 0.75

    @cached_property
    def caseless(self) -> bool:
        """True when the text is written all in capitals or all in lower case."""
        return self.upper_case or self.lower_case

    @cached_property
    def lower_case(self) -> bool:
        """True when the text is written (mostly) in lower case."""
        upper, lower = self._case_counts
        return upper + lower >= 8 and upper / (upper + lower) < 0.02

    @cached_property
    def _casefold(self) -> str:
        return self.text.casefold()

    @cached_property
    def casefolded(self) -> str:
        folded = self._casefold
        # casefold can change lengths ("ß" -> "ss"); offsets must stay aligned with the text
        return folded if len(folded) == len(self.text) else self.text.lower()

    def capitalised_on_purpose(self, index: int) -> bool:
        """Whether token ``index`` is capitalised inside a sentence of a text written in lower
        case ("daughter Grace of Reisterstown visited"): the writer's capitals say "a name"."""
        return self.lower_case and self.tokens[index].is_title and not self.sentence_start(index)

    def sentence_start(self, index: int) -> bool:
        """Whether token ``index`` opens a sentence or a line (capitals there carry no signal)."""
        if index == 0:
            return True
        prev_end = self.tokens[index - 1].end
        gap = self.text[prev_end : self.tokens[index].start]
        return not _SENTENCE_BREAKS.isdisjoint(gap) or prev_end == 0
