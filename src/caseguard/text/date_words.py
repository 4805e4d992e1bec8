"""The words and shapes of dates: month and weekday names, ordinals, times, holidays.

Shared by the date detectors (`dates`) and the date shift (`date_shift`).
"""

from __future__ import annotations

import regex

from caseguard.text.base import letter_trie

__all__ = [
    "D31",
    "DAY",
    "HOLIDAY",
    "MON",
    "MONTHS",
    "MONTH_NUMBER",
    "MON_END",
    "NUM_START",
    "ORDINALS",
    "ORDINAL_NAMES",
    "ORDW",
    "ORDW_SCAN",
    "SEASON",
    "TIME",
    "TIME_AFTER",
    "UNIT_AFTER",
    "VERB_AFTER",
    "WEEKDAY",
    "WEEKDAYS",
    "YEAR4",
]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# a month's number by the first three letters of its name
MONTH_NUMBER = {name[:3]: number for number, name in enumerate(MONTHS, 1)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
ORDINALS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate((
        "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth"))},
    "twentieth": 20, **{f"twenty-{w}": 21 + i for i, w in enumerate(_UNITS)},
    "thirtieth": 30, "thirty-first": 31,
}
ORDINAL_NAMES = {n: w for w, n in ORDINALS.items()}

MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
       r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# the period after an abbreviated month ("3 Mar. 2021"), not the full stop after "July."
MON_END = r"\b(?:(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec))\.)?"
WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
           r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)")
ORDW = "(?:" + "|".join(
    w.replace("-", r"[-\s]?") for w in sorted(ORDINALS, key=lambda w: (-len(w), w))) + ")"
# the same alternatives grouped by first letter, for scanning: a quarter faster, same matches
ORDW_SCAN = letter_trie(ORDW[3:-1])
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
D31 = r"(?:3[01]|[12]\d|0?[1-9])"
YEAR4 = r"(?:19|20)\d{2}"
TIME = (r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:\s*(?:[ap]m\b|[ap]\.m\.))?"
        r"(?:Z|[+-]\d{2}:?\d{2})?")
HOLIDAY = (r"(?:christmas(?:\s+(?:day|eve))?|xmas|easter(?:\s+(?:sunday|monday))?|thanksgiving"
           r"|new\s+year'?s(?:\s+(?:day|eve))?|hanukkah|ramadan|diwali|halloween|boxing\s+day"
           r"|independence\s+day|labou?r\s+day|memorial\s+day|valentine'?s\s+day)")
SEASON = r"(?:(?:early|late|mid)[-\s]?)?(?:spring|summer|autumn|fall|winter)"
# a number followed by one of these is a quantity, not a day or a year
UNIT_AFTER = (r"(?:\s*%|\s*(?:mg|mcg|ug|g|kg|ml|mls|l|cc|cm|mm|m|km|mmol|mmhg|units?|iu|x\b|times"
              r"|days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|h\b|mins?|minutes?"
              r"|doses?|tabs?|tablets?|caps?|pills?|puffs?|mSv|Gy|bpm|lpm|u|lit(?:er|re)s?|miles?|steps"
              r"|feet|ft)\b)")
# words after "may", "march" or "dec" that make them a verb or "decreased", not a month
VERB_AFTER = (r"\s+(?:be|have|has|had|need|require|help|benefit|not|also|take|cause|represent"
              r"|reflect|indicate|show|go|get|use|want|try|to|into|through|across|out|from)\b")
TIME_AFTER = regex.compile(
    rf"(?:T|,?\s{{1,2}}(?:at\s+|@\s*)?|\s*@\s*){TIME}(?!\d)"
    r"|(?:,?\s+at\s+|\s*@\s*)(?:[01]\d|2[0-3])[0-5]\d(?:\s*h(?:rs|ours)?)?\b"
    r"|,?\s+at\s+(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:[ap]m\b|[ap]\.m\.)",
    regex.IGNORECASE,
)

# not inside a number, a decimal or a range ("5-7/2"), but "6/30-7/2" is two dates
# the lookahead first lets the engine skip to digits (six times faster than the lookbehinds)
NUM_START = r"(?=\d)(?:(?<![\w/+])|(?<=\bon))(?<!\d[.,:])(?<!(?<!/\d*)\d-)"
