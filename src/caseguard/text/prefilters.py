"""Prefilters: a pattern's own necessary condition, derived from it, for Hyperscan.

`prefilter_form` rewrites a compiled pattern (`re` or `regex`) into an expression Hyperscan
takes on ASCII text that matches wherever the pattern does, and perhaps elsewhere: a text
in which it finds nothing need not be scanned with the pattern (see `gates`). Anything the
rewriting cannot spell with certainty (flags that change meaning, escapes whose meaning
differs between engines, back-references) gets no prefilter: None.
"""

from __future__ import annotations

import re
from typing import Any

import regex

__all__ = ["prefilter_form"]

# flags that change what a pattern means beyond case, "." and anchors: such patterns get none
_RE_DOUBTFUL = re.VERBOSE | re.LOCALE
_REGEX_DOUBTFUL = (regex.VERBOSE | regex.WORD | regex.V1 | regex.FULLCASE | regex.REVERSE
                   | regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX | regex.LOCALE)
# escapes of one character each, whose ASCII characters are found by asking the engine
_CHARACTER_ESCAPES = frozenset("dDwWsSpPtnrfvaxuUN")
# zero-width escapes Hyperscan reads as Python does on ASCII text, and those dropped
_KEPT_ASSERTIONS = frozenset("bB")
_DROPPED_ASSERTIONS = frozenset("AZzGmM")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_CAPTURE = re.compile(r"\((?!\?[:=!<>#aiLmsux-])|\(\?P?<(?![=!])")
_CONDITION = re.compile(r"\(\?\((?:\d+|[A-Za-z_]\w*)\)")
_NAMED_GROUP = re.compile(r"\(\?P?<[A-Za-z_]\w*>")
_INLINE_FLAGS = re.compile(r"\(\?([aiLmsu]*)(?:-([imsu]*))?(:|\))")


def prefilter_form(compiled: Any) -> str | None:
    """A Hyperscan expression that matches an ASCII text wherever ``compiled`` can.

    It is a superset: compiled case-insensitively in Hyperscan's prefiltering mode, each
    single character (a literal, a set, an escape, ".") is spelt out as the ASCII characters
    the pattern's own engine lets it match in any case, and assertions it cannot read the
    same way (lookarounds, anchors) are dropped. So a text it finds nothing in is a text
    the pattern finds nothing in. None when the pattern uses anything else.
    """
    engine: Any = regex if isinstance(compiled, regex.Pattern) else re
    flags = compiled.flags
    if flags & (_REGEX_DOUBTFUL if engine is regex else _RE_DOUBTFUL):
        return None
    pattern: str = compiled.pattern
    out: list[str] = []
    # open groups: the group's number if it captures (else 0) and where its text starts
    groups: list[tuple[int, int]] = []
    captured: dict[int, str] = {}  # a closed group's text, for a back-reference to it
    opened = 0  # capturing groups so far
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        atom: str | None = None  # the source of one character, to be spelt out
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt in _KEPT_ASSERTIONS:
                out.append("\\" + nxt)
                i += 2
                continue
            if nxt in _DROPPED_ASSERTIONS:
                i += 2
                if _quantified(pattern, i):
                    return None
                continue
            if nxt in _CHARACTER_ESCAPES:
                end = _escape_end(pattern, i)
                if end is None:
                    return None
                atom, i = pattern[i:end], end
            elif nxt and not nxt.isalnum():
                atom, i = pattern[i : i + 2], i + 2
            elif nxt in "123456789" and not pattern[i + 2 : i + 3].isdigit():
                # the same text as the group: anything the group itself can match
                if int(nxt) not in captured:
                    return None
                out.append(captured[int(nxt)])
                i += 2
                continue
            else:
                return None  # \X, \K, octal...
        elif ch == "[":
            end = _set_end(pattern, i)
            if end is None:
                return None
            atom, i = pattern[i:end], end
        elif ch == "(":
            if not pattern.startswith("(?", i):
                opened += 1
                groups.append((opened, len(out)))
                out.append("(")
                i += 1
                continue
            flag_group = _INLINE_FLAGS.match(pattern, i)
            if flag_group is not None:
                if flag_group.group(3) == ":":
                    groups.append((0, len(out)))
                    out.append("(?:")
                elif flag_group.start() != 0:
                    return None  # a flag turned on in the middle
                i = flag_group.end()
                continue
            if pattern.startswith(("(?:", "(?>"), i):
                groups.append((0, len(out)))
                out.append("(?:")
                i += 3
                continue
            if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                end = _group_end(pattern, i)
                if end is None or _CAPTURE.search(pattern, i + 1, end):
                    return None  # (a group inside would change the numbers of the rest)
                i = end  # dropped: the rest matches wherever the whole does
                if _quantified(pattern, i):
                    return None
                continue
            condition = _CONDITION.match(pattern, i)
            if condition is not None:
                # "(?(name)yes|no)": either branch, or nothing (a superset of both)
                groups.append((-1, len(out)))
                out.append("(?:")
                i = condition.end()
                continue
            named = _NAMED_GROUP.match(pattern, i)
            if named is None:
                return None  # branch resets, recursion, comments
            opened += 1
            groups.append((opened, len(out)))
            out.append("(")
            i = named.end()
            continue
        elif ch in "^$":
            i += 1
            if _quantified(pattern, i):
                return None
            continue
        elif ch == "{":
            quantifier = _QUANTIFIER.match(pattern, i)
            if quantifier is None:
                if pattern[i + 1 : i + 2].isalpha():
                    return None  # fuzzy matching
                atom, i = "\\{", i + 1
            elif not (quantifier.group(1) or quantifier.group(3)):
                return None  # "{}", "{,}": read differently by different engines
            else:
                low, comma, high = quantifier.groups()
                out.append(f"{{{low or 0}{comma}{high}}}")
                i = quantifier.end()
                if pattern[i : i + 1] == "?":
                    out.append("?")
                    i += 1
                elif pattern[i : i + 1] == "+":
                    i += 1
                continue
        elif ch in "*+?":
            out.append(ch)
            i += 1
            if pattern[i : i + 1] == "?":
                out.append("?")  # lazy
                i += 1
            elif pattern[i : i + 1] == "+":
                i += 1  # possessive: matching more is still a superset
            continue
        elif ch == "|":
            out.append(ch)
            i += 1
            continue
        elif ch == ")":
            if not groups:
                return None
            number, begin = groups.pop()
            if number > 0:
                captured[number] = "(?:" + "".join(out[begin + 1 :]) + ")"
            out.append(")?" if number < 0 else ")")
            i += 1
            continue
        else:
            atom, i = ch, i + 1
        spelt = _spell(engine, atom)
        if spelt is None:
            return None
        out.append(spelt)
    return None if groups else "".join(out)


def _quantified(pattern: str, index: int) -> bool:
    """Whether a quantifier stands at ``index`` (it would bind to what came before)."""
    return pattern[index : index + 1] in ("*", "+", "?") or (
        _QUANTIFIER.match(pattern, index) is not None
    )


def _escape_end(pattern: str, start: int) -> int | None:
    """Where the one-character escape at ``start`` ends."""
    letter = pattern[start + 1]
    if letter in "pPNx" and pattern[start + 2 : start + 3] == "{":
        close = pattern.find("}", start)
        return None if close < 0 else close + 1
    if letter in "pP":
        return start + 3  # \pL
    if letter == "N":
        return None
    return start + 2 + {"x": 2, "u": 4, "U": 8}.get(letter, 0)


def _set_end(pattern: str, start: int) -> int | None:
    """Where the set opening at ``start`` ends; None for nested sets and the like."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            return None
        if ch == "]":
            return i + 1
        i += 1
    return None


def _group_end(pattern: str, start: int) -> int | None:
    """Where the group opening at ``start`` closes."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = _set_end(pattern, i)
            if end is None:
                return None
            i = end
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


_SPELT: dict[tuple[Any, str], str | None] = {}


def _spell(engine: Any, atom: str) -> str | None:
    """The ASCII characters ``atom`` matches in any case, as a Hyperscan set."""
    key = (engine, atom)
    if key not in _SPELT:
        try:
            one = engine.compile(atom, engine.IGNORECASE | engine.DOTALL)
        except Exception:
            _SPELT[key] = None
            return None
        codes = [c for c in range(128) if one.fullmatch(chr(c))]
        if any(one.fullmatch(chr(c) + chr(d)) for c in (10, 13, 115, 107) for d in (10, 115)):
            _SPELT[key] = None  # more than one character ("\r\n", "ss")
            return None
        if len({chr(c).lower() for c in codes}) == 1:
            # one character in either case: the case-insensitive scan reads it so
            char = chr(codes[0]).lower()
            _SPELT[key] = char if char.isalnum() else f"\\x{ord(char):02x}"
        else:
            _SPELT[key] = _ascii_set(codes)
    return _SPELT[key]


def _ascii_set(codes: list[int]) -> str:
    if not codes:
        return "[^\\x00-\\x7f]"  # nothing an ASCII text holds
    parts: list[str] = []
    first = prev = codes[0]
    for code in [*codes[1:], -2]:
        if code != prev + 1:
            parts.append(f"\\x{first:02x}" if first == prev else f"\\x{first:02x}-\\x{prev:02x}")
            first = code
        prev = code
    return "[" + "".join(parts) + "]"
