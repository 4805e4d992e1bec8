"""Every gate of every detector, and a prefilter of most patterns, in one pass over a text.

A gate (see `Pattern.gate`) is a cheap, necessary condition of a pattern, searched in the
lower-cased text. Searched one by one, the gates of all detectors cost about a sixth of the
engine's time: most of them find nothing and so read the whole text. Where Hyperscan is
installed it reads a text once for all of them. Each gate is registered when compiled
(`compile_gate`); the database is built on first use (see `scanner`).

A gate's answer must be exactly that of ``re.search(gate, lowered)``. Hyperscan reads
bytes, and its ``\\s`` is not Python's, so only ASCII texts are scanned, with ``\\s`` spelt
out as the characters Python's engine takes for it. A gate Hyperscan cannot take exactly
(a lookaround) is compiled in its prefiltering mode, which matches wherever the gate does
and perhaps elsewhere: a miss there is a miss, and a hit is confirmed with ``re``. A gate
it rejects altogether, a non-ASCII text, and a machine without Hyperscan, all use ``re``.

The same pass answers, for each pattern given to `prefilter` (those of the pattern tables
and the scans of the place detectors), whether it may match the text at all: a superset of
the pattern derived from it (`prefilter_form`). Most patterns find nothing in most texts,
and a text in which the superset finds nothing is not scanned with the pattern.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import platform
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from caseguard.text.prefilters import prefilter_form

__all__ = [
    "GateScanner", "hyperscan_form", "prefilter", "register", "scanner",
    "top_level_alternatives",
]

try:
    hyperscan: Any = importlib.import_module("hyperscan")
except ImportError:  # other platforms: every gate is searched with `re`
    hyperscan = None

# the ASCII characters Python's engine takes for \s in a str pattern
_SPACE = r"\x09-\x0d\x1c-\x20"
# escapes that mean the same in Python and Hyperscan on ASCII text (\s is spelt out)
_SAME_ESCAPES = frozenset("dDwWbBtnrf")
# a lookahead on the first letters of the alternatives that follow, as `letter_trie` writes
# it for a gate: it only lets the engine skip positions, and the alternatives imply it
_LETTER_LOOKAHEAD = re.compile(r"\(\?=\[([a-z]+)\]\)(?=\(\?:)")

# pattern -> compiled gate, in the order registered
_REGISTERED: dict[str, re.Pattern[str]] = {}
# compiled patterns that get a prefilter (see `prefilter_form`), in the order registered
_PREFILTERED: dict[Any, None] = {}


def register(gate: re.Pattern[str]) -> None:
    """Make ``gate`` one of those searched in the single pass."""
    _REGISTERED.setdefault(gate.pattern, gate)


def prefilter(*compiled: Any) -> None:
    """Have the single pass also tell whether each pattern (`re` or `regex`) may match."""
    for pattern in compiled:
        _PREFILTERED.setdefault(pattern, None)


def _without_letter_lookahead(pattern: str) -> str:
    """``pattern`` without a leading `letter_trie` lookahead its alternatives already imply."""
    shape = _LETTER_LOOKAHEAD.match(pattern)
    if shape is None:
        return pattern
    letters = shape.group(1)
    rest = pattern[shape.end() :]  # "(?:" and the alternatives, then the rest of the gate
    for close in range(3, len(rest)):
        if rest[close] != ")":
            continue
        alternatives = top_level_alternatives(rest[3:close])
        if alternatives is not None:
            if all(alt[:1] in letters and alt[1:4] == "(?:" for alt in alternatives):
                return rest
            break
    return pattern


def top_level_alternatives(alternation: str) -> list[str] | None:
    """``alternation`` split at its top-level ``|``; None unless its parentheses balance."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(alternation):
        ch = alternation[i]
        if ch == "\\":
            if i + 1 == len(alternation):
                return None
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if alternation[i + 1 : i + 2] in ("]", "^"):
                return None
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(alternation[start:i])
            start = i + 1
        i += 1
    if depth or in_class:
        return None
    parts.append(alternation[start:])
    return parts


def hyperscan_form(pattern: str) -> tuple[str, bool] | None:
    """The gate as Hyperscan reads it on ASCII bytes, and whether it is exact.

    Not exact means it has lookarounds, which only Hyperscan's prefiltering mode takes.
    None when the pattern uses anything whose meaning might differ between the engines.
    """
    pattern = _without_letter_lookahead(pattern)
    out: list[str] = []
    exact = True
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", pattern[i + 2 : i + 4]):
                out.append(pattern[i : i + 4])
                i += 4
                continue
            elif nxt in _SAME_ESCAPES and not (in_class and nxt in "bB"):
                out.append(pattern[i : i + 2])
            elif nxt and not nxt.isalnum() and nxt.isascii() and nxt.isprintable():
                out.append(pattern[i : i + 2])  # an escaped punctuation mark is itself
            else:
                return None
            i += 2
            continue
        if in_class:
            if ch == "[":
                return None  # a nested set or [: :] reads differently in the two engines
            in_class = ch != "]"
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                return None
        elif ch == "(":
            if pattern.startswith("(?:", i):
                out.append("(?:")
                i += 3
                continue
            if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                exact = False
            elif pattern.startswith("(?", i):
                return None  # flags, named groups, conditionals
            out.append(ch)
        elif ch in "^$" or not (ch.isascii() and ch.isprintable()) or (
            ch == "{" and not re.match(r"\{\d+(,\d*)?\}", pattern[i:])
        ) or (ch == "+" and pattern[i - 1 : i] in ("*", "+", "?", "}")):
            return None  # anchors ("$" also before a final newline), "{,n}", possessives
        else:
            out.append(ch)
        i += 1
    if in_class:
        return None
    return "".join(out), exact


class GateScanner:
    """One Hyperscan database of the registered gates and prefilters, and how to read it."""

    def __init__(self, gates: dict[str, re.Pattern[str]], patterns: dict[Any, None]) -> None:
        # (what is answered, the expression, its flags, whether the answer is exact)
        entries: list[tuple[Any, str, int, bool]] = []
        for pattern in gates:
            form = hyperscan_form(pattern)
            if form is not None:
                flag = hyperscan.HS_FLAG_SINGLEMATCH
                entries.append((pattern, form[0], flag | (0 if form[1] else _PREFILTER), form[1]))
        self.gate_count = len(entries)
        for compiled in patterns:
            expression = prefilter_form(compiled)
            if expression is not None:
                flag = hyperscan.HS_FLAG_SINGLEMATCH | _PREFILTER | hyperscan.HS_FLAG_CASELESS
                entries.append((compiled, expression, flag, False))
        kept = _cache_file(entries) if entries else None
        self._database = _cached_database(kept)
        if self._database is None:
            try:
                self._database = _compile(entries)
                _store_database(kept, self._database)
            except hyperscan.error:
                # an expression it will not take: leave it to the engines, scan the rest
                entries = [entry for entry in entries if _compiles(entry)]
                self._database = _compile(entries)
        self.gate_count = sum(isinstance(entry[0], str) for entry in entries)
        # a gate's answer is kept under its expression, a pattern's under its id(): a
        # compiled pattern of the standard library hashes its whole expression at each lookup
        self.gates: list[str] = [entry[0] for entry in entries[: self.gate_count]]
        self.pattern_ids = [id(entry[0]) for entry in entries[self.gate_count :]]
        self.exact = [entry[3] for entry in entries]
        # the answers for a text in which nothing is found
        self.misses = dict.fromkeys(self.gates, False)
        self.unmatched = dict.fromkeys(self.pattern_ids, False)
        self._local = threading.local()

    @property
    def patterns(self) -> list[str]:
        """The gates scanned."""
        return self.gates

    def scan(self, lowered: str) -> tuple[dict[str, bool], dict[int, bool]]:
        """The answers of the gates, and whether each prefiltered pattern, by its id(), may match.

        ``lowered`` is an ASCII text in lower case. A gate whose expression is not exact
        and matched is left out, for the caller to confirm.
        """
        answers, may = self.misses.copy(), self.unmatched.copy()
        if self._database is None:
            return answers, may
        # scratch space serves one scan at a time: each thread has its own
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        hits: list[int] = []
        self._database.scan(lowered.encode("ascii"), match_event_handler=_on_match,
                            context=hits, scratch=scratch)
        gates, ids, exact, gate_count = self.gates, self.pattern_ids, self.exact, self.gate_count
        for index in hits:
            if index >= gate_count:
                may[ids[index - gate_count]] = True
            elif exact[index]:
                answers[gates[index]] = True
            else:
                del answers[gates[index]]
        return answers, may


def _on_match(index: int, start: int, end: int, flags: int, hits: list[int]) -> None:
    hits.append(index)


def _compile(entries: list[tuple[Any, str, int, bool]]) -> Any:
    """A block-mode database of the expressions, ids in order; None for none."""
    if not entries:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[entry[1].encode("ascii") for entry in entries],
        ids=list(range(len(entries))), elements=len(entries),
        flags=[entry[2] for entry in entries],
    )
    return database


def _cache_file(entries: list[tuple[Any, str, int, bool]]) -> Path:
    """Where the database of these expressions is kept between runs.

    Building it takes a second or two; reading it back, a millisecond. The name is a digest
    of everything the database depends on, so a changed detector or another Hyperscan gets
    a new one. ``CASEGUARD_CACHE_DIR`` moves the folder (default: the user's cache folder).
    """
    folder = os.environ.get("CASEGUARD_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "caseguard",
    )
    digest = hashlib.sha256(repr((
        hyperscan.__version__, platform.machine(), [(e[1], e[2]) for e in entries],
    )).encode()).hexdigest()[:24]
    return Path(folder) / f"gates-{digest}.hsdb"


def _cached_database(path: Path | None) -> Any:
    """The database kept from an earlier run, or None (none kept, unreadable, or made for
    another processor)."""
    if path is None:
        return None
    try:
        return hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
    except (OSError, hyperscan.error):
        return None


def _store_database(path: Path | None, database: Any) -> None:
    """Keep the database for later runs, whole or not at all; a folder that cannot be
    written is passed over."""
    if path is None or database is None:
        return
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as fh:
            temporary = fh.name
            fh.write(hyperscan.dumpb(database))
        os.replace(temporary, path)  # whoever else is writing it, readers see a whole file
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _compiles(entry: tuple[Any, str, int, bool]) -> bool:
    try:
        _compile([entry])
    except hyperscan.error:
        return False
    return True


_PREFILTER = 0 if hyperscan is None else hyperscan.HS_FLAG_PREFILTER
_scanner: GateScanner | None = None


def scanner() -> GateScanner | None:
    """The scanner of the gates and patterns registered before its first use.

    Building it takes a second or two, so it is built once: the detectors register theirs
    when imported, before any text is read, and a gate registered later is searched with
    `re` (a pattern registered later is just not prefiltered). None without Hyperscan.
    """
    global _scanner
    if hyperscan is None:
        return None
    if _scanner is None:
        _scanner = GateScanner(_REGISTERED, _PREFILTERED)
    return _scanner
