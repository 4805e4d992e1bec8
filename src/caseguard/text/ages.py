"""Ages of 90 and over: "93-year-old", "aged 93", "93F", "Mother is 94", "nonagenarian".

Safe Harbor keeps ages up to 89; above that an age narrows a person down, so it is
generalised to "90 or older".
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text.base import Detector, Pattern, PatternDetector, letter_trie
from caseguard.text.document import Document

__all__ = ["DETECTORS", "AgeOver89Detector"]

_AGE_NUMBER = (r"(?:9\d|1[01]\d|12[0-5]|ninety(?:[-\s]?(?:one|two|three|four|five|six|seven"
               r"|eight|nine))?|(?:a|one)[-\s]hundred(?:(?:\s+and)?[-\s](?:one|two|three|four"
               r"|five|six|seven|eight|nine|ten))?)")
_NOT_YEARS_AFTER = r"(?!\s*(?:days?|d|weeks?|wks?|w|months?|mos?|hours?|hrs?)\b|[.,]\d)"


class AgeOver89Detector(PatternDetector):
    """Ages of 90 and over (HIPAA Safe Harbor keeps "90 or older" only)."""

    name = "age-over-89"
    categories = frozenset({Category.AGE_OVER_89})
    PATTERNS = (
        Pattern("n-year-old", rf"\b{_AGE_NUMBER}\s*-?\s*(?:y/o\b|y\.\s?o\b\.?|yo\b|(?:years?"
                r"|yrs?\.?|y)\s*-?\s*(?:old\b|of\s+age\b))", Category.AGE_OVER_89, 0.95,
                gate=r"(?:9|1[0-2])\d\s*-?\s*y|ninety|hundred"),
        Pattern("aged-n", rf"\b(?:aged?|age\s+of)\s*[:=]?\s*{_AGE_NUMBER}\b{_NOT_YEARS_AFTER}",
                Category.AGE_OVER_89, 0.9, gate="age"),
        Pattern("n-sex", r"(?<![\d.°/-])\b(?:9\d|1[01]\d)\s?[MF]\b(?!\s*\d|')",
                Category.AGE_OVER_89, 0.75, flags=0,
                gate=r"(?:9|1[01])\d\s?[mf](?![a-z0-9_])"),
        Pattern("decade", r"\bin\s+(?:his|her|their|patient'?s)\s+(?:early\s+|mid\s*-?\s*"
                r"|late\s+)?(?:90'?s|nineties|100'?s|hundreds)\b", Category.AGE_OVER_89, 0.85,
                gate="90|nineties|100|hundreds"),
        Pattern("nonagenarian", r"\b(?:nonagenarian|(?:super)?centenarian)s?\b",
                Category.AGE_OVER_89, 0.9, gate="enarian"),  # one literal: found at memchr speed
        # "Mother is 94", "she was 97": a person, a verb, a bare number
        Pattern("person-is-n", r"\b" + letter_trie(
                "mother|father|mum|mom|dad|grandmother|grandfather|patient|pt|he|she|who|husband"
                "|wife|aunt|uncle|sister|brother|spouse") + r"\s+"
                r"(?:is|was|now|turned|turns|is\s+now)\s+(9\d|1[01]\d)\b(?!\s*(?:%|mg|kg|cm|"
                r"mm|ml|/|bpm|mmhg|°|units?|days?|weeks?|months?|hours?|min|lbs?|pounds))",
                Category.AGE_OVER_89, 0.8, group=1,
                gate=r"(?:is|was|now|turned|turns)\s+(?:9|1[01])\d"),
        # "Craig, 99, periventricular...": an age in apposition to a name
        Pattern("name-comma-n", r"\b[\p{L}][\p{L}'’-]+,\s(9\d|1[01]\d),\s",
                Category.AGE_OVER_89, 0.55, group=1, gate=r",\s(?:9|1[01])\d,\s"),
    )
    # a number with M/F after a temperature word is degrees Fahrenheit, not an age and sex
    _NOT_AGE = regex.compile(r"\b(?:t|temp|temperature|tmax|tm|fever|febrile|afebrile|degrees"
                             r"|walked|ambulated?|distance)\b\W*$", regex.IGNORECASE)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for finding in super().detect(doc):
            if "sex" in finding.explanation and self._NOT_AGE.search(
                doc.text, max(0, finding.start - 20), finding.start
            ):
                continue
            yield finding


DETECTORS: tuple[type[Detector], ...] = (AgeOver89Detector,)
