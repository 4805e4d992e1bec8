"""Dates and ages over 89 in free text (their shift, keeping the format: `date_shift`).

Detectors (data first: each is a table of patterns plus a few context rules):

- ``NumericDateDetector``  12/03/2021, 3-12-21, 2021-03-12T10:22, 20210312 (near a date word)
- ``WrittenDateDetector``  3 March 2021, March 3rd, Mar-21, the third of July, 3 JUL
- ``PartialDateDetector``  3/12, "in 2019", spring 2019, Christmas 2019, "on the 11th"
- ``AgeOver89Detector``    93-year-old, aged 93, 93M, in her nineties, nonagenarian

A weekday in front of a date ("Monday 3 March") and a time after it ("12/03/2021 14:05")
belong to the date's span, so nothing of either is left behind.

The vocabulary (month and weekday names, ordinals, times) is shared with `date_shift`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from caseguard.findings import Category, Finding
from caseguard.text.base import Detector, Pattern, PatternDetector, letter_trie
from caseguard.text.date_shift import parse
from caseguard.text.date_words import (
    D31,
    DAY,
    HOLIDAY,
    MON,
    MON_END,
    NUM_START,
    ORDW_SCAN,
    SEASON,
    TIME,
    TIME_AFTER,
    UNIT_AFTER,
    VERB_AFTER,
    WEEKDAY,
    YEAR4,
)
from caseguard.text.document import Document

__all__ = [
    "DETECTORS",
    "DatePattern",
    "NumericDateDetector",
    "PartialDateDetector",
    "WrittenDateDetector",
]

_VERB_AFTER = regex.compile(VERB_AFTER, regex.IGNORECASE)
_VERB_MONTH = regex.compile(r"\b(?:may|mar|march|dec)\b", regex.IGNORECASE)
_TWO_DIGITS = regex.compile(r"\d{2}\b")
_WEEKDAY_BEFORE = regex.compile(rf"\b{WEEKDAY}\.?,?\s{{1,2}}$", regex.IGNORECASE)
_FRACTION = regex.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class DatePattern(Pattern):
    """A date pattern; ``needs_context`` keeps it silent unless a date word stands near."""

    needs_context: bool = False
    extend: bool = True  # take in a weekday before and a time after
    # text just before / right after a match that shows it is something else (a ratio, a score)
    not_before: str | None = None
    not_after: str | None = None
    # text right after a match that shows it is a date whatever stands before it
    confirmed_after: str | None = None

    def refuted(self, text: str, start: int, end: int) -> bool:
        confirmation = _compiled_guards(None, self.confirmed_after)[1]
        if confirmation is not None and confirmation.match(text, end):
            return False
        before, after = _compiled_guards(self.not_before, self.not_after)
        if before is not None and before.search(text, max(0, start - 24), start):
            return True
        return after is not None and after.match(text, end) is not None


@functools.cache
def _compiled_guards(
    before: str | None, after: str | None
) -> tuple[regex.Pattern[str] | None, regex.Pattern[str] | None]:
    return (
        regex.compile(f"(?:{before})$", regex.IGNORECASE) if before else None,
        regex.compile(after, regex.IGNORECASE) if after else None,
    )


# Gates (see `Pattern.gate`), shared so that each is searched once per text. A written month
# ends where a word ends (``MON_END`` starts with \b); a lookahead stands in for that \b, as
# the two regular-expression engines draw word boundaries differently outside ASCII. The
# month gate goes before the day-and-month gates that contain it, and the year gate before
# the holidays and seasons, whose patterns need a year: many texts fail the cheaper one.
# Gates of numeric dates start at the separator and look behind it for the digit, so the
# engine tries the few separators of a text rather than each of its digits.
_MONTH_GATE = rf"{MON}(?![a-z0-9_])"
# a day (digits, or an ordinal word: both end in a digit or st/nd/rd/th) before the month
_DAY_MONTH_GATE = rf"(?:\d|st|nd|rd|th)(?:\s+of)?[\s/.-]*{_MONTH_GATE}"
# after the month: a day (digits or an ordinal word) or a year, as the month-led shapes write
_MONTH_DAY_GATE = (rf"{_MONTH_GATE}\.?(?:\s*(?:the\s+)?[\dfsten]|(?:\s+of)?,?\s+\d"
                   r"|\s*[-/]\s*\d|\s+'\d)")
_YEAR_GATE = r"(?:19|20)\d\d"
# a day is written with a digit or an ordinal word (first, second, third, eighth, ninth)
_DAY_START = r"(?=[\dfsten])"
_MONTH_ALONE_AFTER = letter_trie("in|since|during|until|till|by|early|late|mid|last|next|of")
_HOLIDAY_GATE = (r"christmas|xmas|easter|thanksgiving|new\s+year|hanukkah|ramadan|diwali"
                 r"|halloween|boxing|independence|labou?r|memorial|valentine")


class _DateDetector(PatternDetector):
    """Runs the pattern table, checks each match by parsing it, keeps the longest matches."""

    CONTEXT: ClassVar[tuple[str, ...]] = (
        "date", "dated", "dob", "d.o.b", "born", "birth", "birthday", "on", "since", "from",
        "until", "till", "admitted", "admission", "discharged", "discharge", "seen", "visit",
        "study", "scan", "scanned", "exam", "examined", "performed", "acquired", "acquisition",
        "operated", "surgery", "presented", "reviewed", "referred", "followup", "follow-up",
    )
    CONTEXT_BOOST: ClassVar[float] = 0.15
    CONTEXT_WINDOW: ClassVar[int] = 30

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if parse(value, True) is None and parse(value, False) is None:
            return None
        return pattern.score

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        found: list[tuple[int, int, float, str]] = []
        for pattern, match in self.matches(doc):
            start, end = match.span(pattern.group)
            if start < 0 or start == end:
                continue
            judged = self._judge(doc, pattern, start, end)
            if judged is None:
                continue
            if isinstance(pattern, DatePattern) and pattern.extend:
                start, end = _extend(text, start, end)
            found.append((start, end, judged[0], f"pattern {pattern.name}{judged[1]}"))
        taken: list[tuple[int, int]] = []
        for start, end, score, why in sorted(found, key=lambda f: (f[0] - f[1], -f[2])):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            yield self.finding(doc, start, end, Category.DATE, score, why)

    def _judge(
        self, doc: Document, pattern: Pattern, start: int, end: int
    ) -> tuple[float, str] | None:
        text = doc.text
        if isinstance(pattern, DatePattern) and pattern.refuted(text, start, end):
            return None
        value = text[start:end]
        month = _VERB_MONTH.search(value)
        if month and not month.group().istitle() and not _TWO_DIGITS.search(
            value
        ) and _VERB_AFTER.match(text, end):
            return None  # "3 may be", "MARCH 2 TO THE WARD": a verb, not a month
        score = self.validate(pattern, value)
        if score is None:
            return None
        why = ""
        context = self.context_word(doc, start)
        if context is not None:
            score += self.CONTEXT_BOOST
            why = f", context word {context!r}"
        elif isinstance(pattern, DatePattern) and pattern.needs_context:
            return None
        return score, why


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a weekday written before the date and a time written after it."""
    weekday = _WEEKDAY_BEFORE.search(text[max(0, start - 12) : start])
    if weekday is not None:
        start -= len(weekday.group())
    time = TIME_AFTER.match(text, end)
    if time is not None:
        end = time.end()
    return start, end



_NUM_END = r"(?![\w/%]|[.:,-]\d)"


class NumericDateDetector(_DateDetector):
    """Dates written with digits only: d/m/y in either order, ISO 8601, DICOM's yyyymmdd."""

    name = "date-numeric"
    categories = frozenset({Category.DATE})
    PATTERNS = (
        DatePattern("d/m/yyyy", rf"{NUM_START}{D31}([/.-]){D31}\1{YEAR4}{_NUM_END}",
                    Category.DATE, 0.95,
                    gate=(_YEAR_GATE, r"[/.-](?<=\d[/.-])\d\d?[/.-][12]\d{3}")),
        DatePattern("d/m/yy", rf"{NUM_START}{D31}([/-]){D31}\1'?\d{{2}}{_NUM_END}",
                    Category.DATE, 0.9, gate=r"[/-](?<=\d[/-])\d\d?[/-]'?\d\d"),
        DatePattern("d.m.yy", rf"{NUM_START}{D31}\.{D31}\.\d{{2}}{_NUM_END}",
                    Category.DATE, 0.7),
        DatePattern("iso", rf"{NUM_START}{YEAR4}([-/.])(?:0?[1-9]|1[0-2])\1{D31}"
                    rf"(?:T{TIME})?{_NUM_END}", Category.DATE, 0.95,
                    gate=(_YEAR_GATE, r"[-/.](?<=\d{4}[-/.])\d\d?[-/.]\d")),
        DatePattern("yyyymmdd", rf"(?=\d)(?<![\dA-Za-z.+-]){YEAR4}(?:0[1-9]|1[0-2])"
                    r"(?:0[1-9]|[12]\d|3[01])(?![\dA-Za-z.-])", Category.DATE, 0.8,
                    needs_context=True, gate=_YEAR_GATE),
    )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        score = super().validate(pattern, value)
        if score is None and pattern.name.startswith("d/m"):
            return 0.6  # "2/31/14" is no real day, but it is written as a date all the same
        return score

    CONTEXT = (*_DateDetector.CONTEXT, "DA", "DT", "StudyDate", "SeriesDate", "ContentDate",
               "AcquisitionDate", "PatientBirthDate", "IMG", "DSC")


class WrittenDateDetector(_DateDetector):
    """Dates with the month as a word, in any order, case or abbreviation."""

    name = "date-written"
    categories = frozenset({Category.DATE})
    PATTERNS = (
        DatePattern("day-month-year",
                    rf"\b{_DAY_START}(?:{DAY}|{ORDW_SCAN})(?:\s+of)?[\s/.-]*{MON}{MON_END}"
                    rf"(?:,\s*|[\s/.-]+)(?:of\s+)?(?:{YEAR4}|'?\d{{2}})(?![\w:/]|[.,-]\d)",
                    Category.DATE, 0.95, gate=(_MONTH_GATE, _DAY_MONTH_GATE)),
        DatePattern("month-day-year",
                    rf"\b{MON}{MON_END}\s*(?:the\s+)?(?:{DAY}|{ORDW_SCAN})\b(?:,\s*|\s+)"
                    rf"(?:{YEAR4}|'\d{{2}})(?![\w:]|[.,]\d)", Category.DATE, 0.95,
                    gate=(_MONTH_GATE, _MONTH_DAY_GATE)),
        DatePattern("day-month",
                    rf"\b{_DAY_START}(?:{DAY}|{ORDW_SCAN})(?:\s+of)?[\s/.-]*{MON}{MON_END}(?!-\d)",
                    Category.DATE, 0.8, gate=(_MONTH_GATE, _DAY_MONTH_GATE)),
        DatePattern("month-day", rf"\b{MON}{MON_END}\s*(?:the\s+)?(?:{DAY}|{ORDW_SCAN})\b"
                    rf"(?![:./]\d|\s*-\s*\d|{UNIT_AFTER})", Category.DATE, 0.8,
                    gate=(_MONTH_GATE, _MONTH_DAY_GATE)),
        DatePattern("month-year", rf"\b{MON}{MON_END}(?:(?:\s+of)?,?\s+{YEAR4}\b"
                    rf"|\s*[-/]\s*\d{{2}}\b(?![-/.]\d)|\s+'\d{{2}}\b)", Category.DATE, 0.9,
                    gate=(_MONTH_GATE, _MONTH_DAY_GATE)),
    )


# fractions, scores and ratios written like a day/month ("5/5 power", "3/4 of", "BP 120/80")
_RATIO_BEFORE = (r"\b(?:bp|gcs|power|strength|motor|grade|ratio|score|scale|apgars?|murmur"
                 r"|reflex(?:es)?|dtrs?|pain|vas|nrs|va|acuity|vision|tone|sats?|spo2|rr|hr"
                 r"|psv|ps|cpap|peep|bi-?pap|ipap|epap|vent|settings|flowby|simv|imv|fio2|rales"
                 r"|crackles|drop|give|gave|about|approx|approximately|ventilation|wean(?:ing)?"
                 r"|trial|mask|ci|perrla|(?<![/'’])[cltsx]|\d%(?:\s*,?\s*&)?)"
                 r"\s*[:#(]?\s*(?:is\s+|of\s+|was\s+|=\s*)?")
_RATIO_AFTER = (r"\s*(?:of|tabs?|tablets?|caps?|power|strength|pills?|times|doses?|cups?"
                r"|puffs?|vision|ratio|ago|hx|history|duration|later|post|hrs?|wks?|months?"
                r"|in\s+(?:the\s+)?(?:upper|lower|left|right|ue|le|ues|les|arms?|legs?)"
                r"|bilat(?:erally)?|throughout|[lr]|(?:ue|le)s?|up|way|ns|str|amps?|bottles?"
                r"|peep|psv|ps|cpap|fio2|bl)\b|\s*[x+*]\s*\d"
                r"|\)?\s*,?\s*(?:c\s+)?\d{2,3}\s*%|-\d+(?![\d/])")
# a day/month followed by a time of day on the 24-hour clock ("STARTED APPROX 10/16 0930"),
# not by a quantity ("5/10 1200 CC")
_CLOCK_AFTER = (r"[ \t]+(?:[01]\d|2[0-3])[0-5]\d(?![\d.,:/%])"
                r"(?![ \t]*(?:cc|mls?|mg|mcg|units?|u|x|hrs?|hours?|min|minutes?)\b)")
# pain scores are written like a day/month too: "5/10 chest pain"
_PAIN = regex.compile(r"\b(?:pain|cp|angina|c/o|discomfort|ache|headache|score|scale)\b",
                      regex.IGNORECASE)
# fractions that are far more often halves and thirds than days: a date only near a date word
_FRACTIONS = frozenset({"1/2", "1/3", "1/4", "2/3", "3/4"})
_EVENT = ("(?:" + letter_trie(
    "mi|nstemi|stemi|nqwmi|cabg|cva|stroke|tia|avr|mvr|ptca|pci|stent(?:ed)?|dvt|pe|ca|cancer|aaa"
    "|tah|repair|resection|surgery|s/p|dx|diagnosed|fx|fracture|transplant|appy|chole|ppm|aicd|icd"
) + r"|\w+(?:ectomy|plasty|otomy|ostomy))")
# the end of an event word, a separator, the year's first digits
_EVENT_GATE = (letter_trie("mi|abg|cva|oke|tia|vr|ca|pci|ent|ted|sed|dvt|pe|cer|aaa|tah|air|tion"
                           "|ery|s/p|dx|fx|ture|ant|ppy|ole|ppm|icd|omy|sty", upper=False)
               + r"(?:\s+|\s*[-']\s*|,\s*)'?\d\d")
# ventilator pressures written like a day/month ("PSV 10/5", "tried on 5/5", "CPAP .4%, 5/10"):
# a pressure word just before, or a mode word just after
_VENT_WORDS = (r"psv?|peep|cpap|bi-?pap|[ie]pap|ips|simv|imv|fio2|pressure\s+support"
               r"|(?:tried|trialed|trial|tolerat\w*|wean\w*\s+(?:down\s+)?to)(?:\s+on)?")
_VENT_BEFORE = regex.compile(rf"\b(?:{_VENT_WORDS})\b[^.;\n]{{0,24}}$|\d\s*%\s*[,&]?\s*$",
                             regex.IGNORECASE)
_VENT_AFTER = regex.compile(rf"\s*(?:{_VENT_WORDS})\b", regex.IGNORECASE)
# context words too common to vouch alone for a half ("on 1/2") or a "5/5"
_WEAK_CONTEXT = frozenset({"on", "from", "since", "until", "till"})
# UK shorthand for durations: 3/12 = three months, 2/52 = two weeks, 5/7 = five days
_DURATION_BEFORE = r"\b(?:for|past|last|over|within|x)\s*(?:the\s+)?(?:last\s+|past\s+)?"


# A year alone does not identify (Safe Harbor keeps years): below the default threshold
# of 0.30, so a year is reported only near a date word ("born in 1950") or where an
# institution's policy lowers min_confidence.
BARE_YEAR_SCORE = 0.25
_BARE_YEAR_WHY = "pattern year-after-preposition"
# a year alone where the policy's DATE option bare_years asks for it
POLICY_YEAR_SCORE = 0.6


def is_bare_year(finding: Finding) -> bool:
    """A year standing alone ("since 2006"), reported under the threshold unless the policy's
    DATE option ``bare_years`` is on."""
    return finding.detector == PartialDateDetector.name and finding.explanation.startswith(
        _BARE_YEAR_WHY
    )
_BIRTH = regex.compile(r"\b(?:born|birth|dob|d\.o\.b|b\.)\b", regex.IGNORECASE)


class PartialDateDetector(_DateDetector):
    """Weak date evidence: day/month without a year, bare years, seasons, holidays."""

    name = "date-partial"
    categories = frozenset({Category.DATE})
    PATTERNS = (
        DatePattern("day/month", rf"{NUM_START}{D31}/{D31}(?![\w/]|[.,:]\d|{UNIT_AFTER})",
                    Category.DATE, 0.5, not_before=_RATIO_BEFORE, not_after=_RATIO_AFTER,
                    confirmed_after=_CLOCK_AFTER),
        DatePattern("year-after-preposition",
                    r"\b" + letter_trie(r"in|since|during|circa|ca\.|c\.|of|year|early|mid|late|end"
                                        r"|start") + r"[\s-]+"
                    rf"(?P<y>{YEAR4})\b(?![-/.,:]\d|\s*(?:-|to)\s*\d{{4}}|{UNIT_AFTER})",
                    Category.DATE, BARE_YEAR_SCORE, group="y", extend=False, gate=_YEAR_GATE),
        # "until 2000" in a nursing note is eight in the evening: a round time is not a year
        DatePattern("year-after-preposition",
                    r"\b" + letter_trie("from|until|till|through|thru|to|by|before|after|around")
                    + r"[\s-]+"
                    rf"(?P<y>(?!(?:19|20)(?:00|15|30|45)){YEAR4})\b"
                    rf"(?![-/.,:]\d|\s*(?:-|to)\s*\d{{4}}|{UNIT_AFTER})",
                    Category.DATE, BARE_YEAR_SCORE, group="y", extend=False, gate=_YEAR_GATE),
        DatePattern("month/year", r"(?=\d)(?<![\d/.:+-])(?:0?[1-9]|1[0-2])/"
                    r"(?:3[2-9]|[4-9]\d|(?:19|20)\d\d)(?![\w/%]|[.,:]\d)", Category.DATE, 0.6,
                    gate=r"/(?<=\d/)\d\d"),
        DatePattern("apostrophe-year",
                    r"(?=['4-9])(?:(?<!['\d])'\d\d\b(?!s\b|\s*[-/]\s*\d)|(?<![\w.'-])[4-9]\d'(?![\w']))",
                    Category.DATE, 0.4, extend=False,
                    not_before=r"\b(?:ambulated?|walked|feet|ft|distance|height|ht)\s*", gate="'"),
        DatePattern("year-after-event",
                    rf"\b{_EVENT}(?:\s+|\s*[-']\s*|,\s*)(?P<y>(?:{YEAR4}|'?\d\d'?)"
                    rf"(?:,\s*(?:{YEAR4}|'?\d\d'?))*)(?![\w/%]|[.,:]\d|{UNIT_AFTER})",
                    Category.DATE, 0.5, group="y", extend=False, gate=_EVENT_GATE),
        DatePattern("month-alone", rf"\b{_MONTH_ALONE_AFTER}[\s-]+(?P<m>{MON})\b\.?(?!\s*\d|-\d)",
                    Category.DATE, 0.4, group="m", extend=False, gate=_MONTH_GATE),
        DatePattern("season-year", rf"\b{SEASON}(?:\s+of)?,?\s+{YEAR4}\b", Category.DATE,
                    0.8, extend=False,
                    gate=(_YEAR_GATE, r"(?:spring|summer|autumn|fall|winter)(?:\s+of)?,?\s+\d")),
        DatePattern("holiday-year", rf"\b{HOLIDAY}(?:\s+of)?,?\s+{YEAR4}\b", Category.DATE,
                    0.9, extend=False, gate=(_YEAR_GATE, _HOLIDAY_GATE)),
        DatePattern("bare-day",
                    r"\b" + letter_trie("on|since|until|till|from|by|before|after") + r"\s+the\s+"
                    rf"(?P<d>{DAY}|{ORDW_SCAN})(?=\s*(?:[.,;)]|$|(?:at|and|or|to|through)\b|-))",
                    Category.DATE, 0.4, group="d", gate=r"the\s+(?:\d|f|s|t|e|n)"),
    )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if pattern.name in {"year-after-preposition", "apostrophe-year", "bare-day",
                            "year-after-event"}:
            return pattern.score
        return super().validate(pattern, value)

    def _strong_context(self, doc: Document, start: int) -> bool:
        assert self._context_re is not None
        window = doc.text[max(0, start - self.CONTEXT_WINDOW) : start]
        return any(w.casefold() not in _WEAK_CONTEXT for w in self._context_re.findall(window))

    def detect(self, doc: Document) -> Iterator[Finding]:
        duration = _compiled_guards(_DURATION_BEFORE, None)[0]
        assert duration is not None
        for finding in super().detect(doc):
            if finding.explanation.startswith(_BARE_YEAR_WHY) and (
                not _BIRTH.search(doc.text, max(0, finding.start - 40), finding.start)
            ):
                # a year is identifying only as a year of birth
                finding = replace(finding, confidence=BARE_YEAR_SCORE)
            parts = _FRACTION.fullmatch(finding.text)
            if (parts is not None and int(parts.group(2)) in (7, 12, 52)
                    and duration.search(doc.text, max(0, finding.start - 24), finding.start)):
                continue  # "for 3/12" is three months, not the 3rd of December
            if parts is None:
                yield finding
                continue
            a, b = int(parts.group(1)), int(parts.group(2))
            strong = self._strong_context(doc, finding.start)
            if (finding.text in _FRACTIONS or (a == b and a < 6)) and not strong:
                continue  # a half, a third, "5/5": a date only when a date word is near
            if a <= 40 and b <= 25 and not strong and (
                _VENT_BEFORE.search(doc.text, max(0, finding.start - 40), finding.start)
                or _VENT_AFTER.match(doc.text, finding.end)
            ):
                continue
            if b == 10 and _PAIN.search(doc.text, max(0, finding.start - 30), finding.end + 30):
                continue
            yield finding


DETECTORS: tuple[type[Detector], ...] = (
    NumericDateDetector, WrittenDateDetector, PartialDateDetector,
)
