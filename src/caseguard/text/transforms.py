"""Transforms: what replaces a finding. Transforms never detect.

- redact      ``[NAME]``
- mask        every letter and digit becomes ``*``
- surrogate   a realistic fake of the same kind, the same for the same value within a case
- shift       dates moved by the case's offset (intervals preserved)
- generalise  ages over 89 become "90 or older"

Everything random is drawn from an HMAC of the case key, so the same key and
case give the same output, and a different key gives unrelated output.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from caseguard.findings import Action, Category, Change, Finding
from caseguard.text import lexicon
from caseguard.text.date_shift import infer_day_first, shift_date_text

__all__ = ["CaseContext", "apply_changes", "replacement_for"]

# Dates move back by one to three years: far enough to break a link to a real
# event, close enough to keep seasons and the era of the imaging plausible.
SHIFT_MIN_DAYS = 365
SHIFT_MAX_DAYS = 1095


@dataclass
class CaseContext:
    """The secret key and identity of one case; the source of every keyed choice."""

    key: bytes
    case_id: str = "case"
    _surrogates: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_key(cls, key: bytes | str, case_id: str = "case") -> CaseContext:
        return cls(key.encode("utf-8") if isinstance(key, str) else key, case_id)

    @classmethod
    def random(cls, case_id: str = "case") -> CaseContext:
        return cls(secrets.token_bytes(32), case_id)

    @classmethod
    def from_optional_key(cls, key: bytes | str | None, case_id: str = "case") -> CaseContext:
        """The given key's context, or a random one when no key was given."""
        return cls.from_key(key, case_id) if key else cls.random(case_id)

    def digest(self, *parts: str) -> bytes:
        message = "\x1f".join((self.case_id, *parts)).encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).digest()

    def number(self, *parts: str) -> int:
        return int.from_bytes(self.digest(*parts)[:8], "big")

    @property
    def date_offset_days(self) -> int:
        """Days to subtract from every date of this case (the same for text and images)."""
        span = SHIFT_MAX_DAYS - SHIFT_MIN_DAYS + 1
        return -(SHIFT_MIN_DAYS + self.number("date-shift") % span)

    def remember(self, kind: str, value: str, make: str) -> str:
        return self._surrogates.setdefault((kind, value), make)


def apply_changes(
    text: str, findings: Sequence[Finding], context: CaseContext
) -> tuple[str, list[Change]]:
    """Replace each finding (non-overlapping, as the merger leaves them) in one pass."""
    out: list[str] = []
    changes: list[Change] = []
    cursor = 0
    day_first = infer_day_first(text)
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        action = finding.action or Action.REDACT
        if action is Action.KEEP:
            continue
        replacement = replacement_for(finding, action, context, day_first)
        out.append(text[cursor : finding.start])
        out.append(replacement)
        changes.append(Change(finding, replacement))
        cursor = finding.end
    out.append(text[cursor:])
    return "".join(out), changes


def replacement_for(
    finding: Finding, action: Action, context: CaseContext, day_first: bool | None = None
) -> str:
    """The text that replaces one finding. ``day_first`` settles 03/04 for the whole text."""
    category = finding.category
    value = finding.text
    if action is Action.REDACT:
        return f"[{category.value}]"
    if action is Action.MASK:
        return str(regex.sub(r"[\p{L}\p{N}]", "*", value))
    if action is Action.GENERALISE:
        return _generalise_age(value)
    if action is Action.SHIFT:
        return _shift_date(value, context, day_first) or f"[{category.value}]"
    return _surrogate(category, value, context, day_first)


def _generalise_age(value: str) -> str:
    return "90 or older"


def _shift_date(value: str, context: CaseContext, day_first: bool | None) -> str | None:
    return shift_date_text(value, context.date_offset_days, day_first=day_first)


def _surrogate(
    category: Category, value: str, context: CaseContext, day_first: bool | None
) -> str:
    if category is Category.NAME:
        return _surrogate_name(value, context)
    if category is Category.EMAIL:
        user = context.number("email", value.casefold()) % 100000
        return context.remember("email", value.casefold(), f"contact{user:05d}@example.org")
    if category is Category.DATE:
        return _shift_date(value, context, day_first) or "[DATE]"
    if category in {Category.INITIALS, Category.URL, Category.IP, Category.ADDRESS}:
        return f"[{category.value}]"
    return _same_shape(category.value, value, context)


def _same_shape(kind: str, value: str, context: CaseContext) -> str:
    """Keyed replacement that keeps the shape: digits for digits, letters for letters."""
    stream = context.digest("shape", kind, value.casefold())
    out = []
    for i, ch in enumerate(value):
        byte = stream[i % len(stream)] ^ (i // len(stream) * 131 % 256)
        if ch.isdigit():
            out.append(str(byte % 10))
        elif ch.isalpha():
            letter = chr(ord("A") + byte % 26)
            out.append(letter if ch.isupper() else letter.lower())
        else:
            out.append(ch)
    return context.remember(kind, value.casefold(), "".join(out))


_NAME_PART = regex.compile(r"[\p{L}][\p{L}'’\-]*")


def _surrogate_name(value: str, context: CaseContext) -> str:
    """Replace each name word on its own, so "John Smith" and "Mr Smith" agree."""

    def one(match: regex.Match[str]) -> str:
        word = str(match.group())
        key = word.casefold()
        if key in lexicon.TITLES:
            return word
        if len(word) == 1:  # an initial is part of the identity too
            letter = chr(ord("A") + context.number("initial", key) % 26)
            return letter if word.isupper() else letter.lower()
        pool = lexicon.surrogate_first_names(lexicon.sex_of_first_name(key)) if (
            lexicon.is_first_name(key)
        ) else lexicon.surrogate_last_names()
        choice = context.remember(
            "name", key, pool[context.number("name", key) % len(pool)]
        )
        if word.isupper():
            return choice.upper()
        if word.islower():
            return choice.lower()
        return choice

    return str(_NAME_PART.sub(one, value))
