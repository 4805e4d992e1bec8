"""The date shift that keeps a date's format.

`shift_date_text` parses one matched date and writes it back moved by a number of days,
in the format it came in. Numeric dates such as 03/04/2021 are ambiguous; `infer_day_first`
reads a whole document so that every date of it is read, and shifted, the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from caseguard.text.date_words import (
    HOLIDAY,
    MON,
    MON_END,
    MONTH_NUMBER,
    MONTHS,
    NUM_START,
    ORDINAL_NAMES,
    ORDINALS,
    ORDW,
    SEASON,
    TIME,
    TIME_AFTER,
    WEEKDAY,
    WEEKDAYS,
)

__all__ = ["infer_day_first", "parse", "shift_date_text"]


_DAY_G = r"(?P<d>\d{1,2})(?P<sfx>st|nd|rd|th)?"
_ORD_G = "(?P<dw>" + ORDW[3:]
_YEAR_G = r"(?:(?P<y4>\d{4})|(?P<apos>')?(?P<y2>\d{2}))"
_MON_G = rf"(?P<mon>{MON}){MON_END}"
_FORMS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (kind, regex.compile(rx, regex.IGNORECASE)) for kind, rx in (
        ("ymd", r"(?P<y4>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"),
        ("ymd", r"(?P<y4>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
        ("ab", rf"(?P<a>\d{{1,2}})(?P<s>[-/.])(?P<b>\d{{1,2}})(?P=s){_YEAR_G}"),
        ("ab", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})"),
        ("my", rf"(?P<m>\d{{1,2}})/{_YEAR_G}"),
        ("dmy", rf"(?:the\s+)?(?:{_DAY_G}|{_ORD_G})(?:\s+of)?[\s/.-]*{_MON_G}"
                rf"(?:(?:,\s*|[\s/.-]+)(?:of\s+)?{_YEAR_G})?"),
        ("dmy", rf"{_MON_G}\s*(?:the\s+)?(?:{_DAY_G}|{_ORD_G})(?:(?:,\s*|\s+){_YEAR_G})?"),
        ("my", rf"{_MON_G}(?:(?:\s+of)?,?\s+|\s*[-/]\s*){_YEAR_G}"),
        ("my", _MON_G),
        ("y", rf"(?:{SEASON}|{HOLIDAY})(?:\s+of)?,?\s+(?P<y4>\d{{4}})"),
        ("y", _YEAR_G),
    )
)
_WEEKDAY_HEAD = regex.compile(rf"(?P<wd>{WEEKDAY})\b\.?,?\s+", regex.IGNORECASE)
_TIME_TAIL = regex.compile(rf"(?:{TIME_AFTER.pattern})$", regex.IGNORECASE)
# dates without a year are placed in a leap year so that 29 February still exists
_REFERENCE_YEAR = 2000


@dataclass(frozen=True)
class _Parsed:
    match: regex.Match[str]
    offset: int  # where the matched date starts in the value
    kind: str
    date: dt.date
    has_year: bool
    day_group: str | None  # which group holds the day ("d", "a", "b", "dw") if any
    month_group: str  # "m", "a", "b" or "mon"


def _century(two_digits: int) -> int:
    pivot = (dt.date.today().year + 1) % 100
    return (2000 if two_digits <= pivot else 1900) + two_digits


def parse(value: str, day_first: bool) -> _Parsed | None:
    core_end = len(value)
    tail = _TIME_TAIL.search(value)
    if tail is not None:
        core_end = tail.start()
    head = _WEEKDAY_HEAD.match(value, 0, core_end)
    offset = head.end() if head is not None else 0
    core = value[offset:core_end]
    for kind, form in _FORMS:
        m = form.fullmatch(core)
        if m is None:
            continue
        groups = m.groupdict()
        year = (int(groups["y4"]) if groups.get("y4") else
                _century(int(groups["y2"])) if groups.get("y2") else None)
        day_group: str | None = "d" if groups.get("d") else "dw" if groups.get("dw") else None
        month_group = "mon" if groups.get("mon") else "m"
        if kind == "ab":
            a, b = int(groups["a"]), int(groups["b"])
            order = day_first if a <= 12 and b <= 12 else a > 12
            day_group, month_group = ("a", "b") if order else ("b", "a")
        try:
            if kind == "y":
                date = dt.date(year or 0, 7, 1)
            else:
                month = (MONTH_NUMBER[groups["mon"].casefold()[:3]] if groups.get("mon")
                         else int(groups[month_group]))
                day = (15 if day_group is None else ORDINALS[_norm(groups["dw"])]
                       if day_group == "dw" else int(groups[day_group]))
                date = dt.date(year or _REFERENCE_YEAR, month, day)
        except (ValueError, KeyError):
            continue  # "8/87" is no day/month; it may still be a month/year
        return _Parsed(m, offset, kind, date, year is not None, day_group, month_group)
    return None


def _norm(word: str) -> str:
    return "-".join(word.casefold().replace("-", " ").split())


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def infer_day_first(text: str) -> bool:
    """Whether a document writes numeric dates day first (the default) or month first.

    >>> infer_day_first("seen 7/22, reviewed 8/3"), infer_day_first("12/03/2021")
    (False, True)
    """
    day_first = month_first = 0
    for m in regex.finditer(rf"{NUM_START}(\d{{1,2}})([/.-])(\d{{1,2}})(?:\2\d{{2,4}})?(?!\d)",
                            text):
        a, b = int(m.group(1)), int(m.group(3))
        day_first += 12 < a <= 31 and b <= 12
        month_first += 12 < b <= 31 and a <= 12
    return not month_first > day_first


def shift_date_text(value: str, days: int, *, day_first: bool | None = None) -> str | None:
    """Move a written date by ``days`` and write it in the format it came in.

    ``day_first`` says how to read an ambiguous numeric date (03/04/2021); by default it is
    read day first unless the date itself shows otherwise. Returns None if ``value`` is not
    a date this module can read.

    >>> shift_date_text("3 March 2021", -779), shift_date_text("2021-03-12T10:22", 1)
    ('14 January 2019', '2021-03-13T10:22')
    """
    if _TIME_TAIL.fullmatch(value.strip()) or regex.fullmatch(TIME, value.strip()):
        return value  # a time of day alone identifies no day
    parsed = parse(value, True if day_first is None else day_first)
    if parsed is None:
        return None
    try:
        if parsed.kind == "y":
            new = parsed.date.replace(year=parsed.date.year + round(days / 365.25))
        else:
            new = parsed.date + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return _render(value, parsed, new, days)


def _render(value: str, p: _Parsed, new: dt.date, days: int) -> str:
    m, groups = p.match, p.match.groupdict()
    padded = p.kind == "ymd" or any(
        (groups.get(g) or "").startswith("0") for g in ("a", "b", "d", "m")
    ) or (p.kind == "ab" and len(groups["a"]) == len(groups["b"]) == 2)
    out: dict[str, str] = {}
    if p.day_group is not None and p.day_group != "dw":
        out[p.day_group] = f"{new.day:02d}" if padded else str(new.day)
    if p.day_group == "dw":
        out["dw"] = _cased(ORDINAL_NAMES[new.day], groups["dw"])
    if groups.get("sfx"):
        sfx = "th" if 10 <= new.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            new.day % 10, "th")
        out["sfx"] = _cased(sfx, groups["sfx"])
    if p.month_group == "mon":
        old = groups["mon"]
        name = MONTHS[new.month - 1]
        if old.casefold() in MONTHS:  # written in full ("May" is taken as full too)
            out["mon"] = _cased(name, old)
        else:
            out["mon"] = _cased(name[:4] if len(old) == 4 and new.month == 9 else name[:3], old)
    elif p.kind != "y":
        out[p.month_group] = f"{new.month:02d}" if padded else str(new.month)
    if groups.get("y4"):
        out["y4"] = f"{new.year:04d}"
    if groups.get("y2"):
        out["y2"] = f"{new.year % 100:02d}"
    text = value
    for group, replacement in sorted(out.items(), key=lambda kv: -m.start(kv[0])):
        start, end = m.start(group) + p.offset, m.end(group) + p.offset
        text = text[:start] + replacement + text[end:]
    head = _WEEKDAY_HEAD.match(value)
    if head is not None and p.offset:
        old_wd = head.group("wd")
        index = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(old_wd.casefold()[:3]))
        index = new.weekday() if p.has_year else (index + days) % 7
        name = WEEKDAYS[index]
        text = _cased(name if len(old_wd) > 5 else name[:len(old_wd)], old_wd) + text[
            head.end("wd"):]
    return text
