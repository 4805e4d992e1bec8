"""Dates and ages over 89: what is found, what is left alone, and how dates are shifted."""

from __future__ import annotations

import datetime as dt

import pytest
import regex

from caseguard.findings import Category, Finding
from caseguard.text import date_words
from caseguard.text.ages import DETECTORS as AGE_DETECTORS
from caseguard.text.date_shift import infer_day_first, shift_date_text
from caseguard.text.dates import DETECTORS as DATE_DETECTORS
from caseguard.text.document import Document
from caseguard.text.merge import merge_findings

DETECTORS = (*DATE_DETECTORS, *AGE_DETECTORS)


def find(text: str, category: Category | None = None) -> list[Finding]:
    doc = Document(text)
    raw = [f for cls in DETECTORS for f in cls().detect(doc) if f.confidence >= 0.3]
    merged = merge_findings(raw, text)
    return [f for f in merged if category is None or f.category is category]


def found_texts(text: str, category: Category | None = None) -> list[str]:
    return [f.text for f in find(text, category)]


DATES = [
    ("Seen on 12/03/2021.", ["12/03/2021"]),
    ("Seen on 12-03-2021.", ["12-03-2021"]),
    ("Seen on 12.03.2021.", ["12.03.2021"]),
    ("CT 3/12/21 showed a mass.", ["3/12/21"]),
    ("Reviewed on 3/12 in clinic.", ["3/12"]),
    ("Study 2021-03-12 done.", ["2021-03-12"]),
    ("StudyDate 20210312", ["20210312"]),
    ("Acquired 2021-03-12T10:22 on the CT.", ["2021-03-12T10:22"]),
    ("Timestamp 2021-03-12 10:22:33 logged.", ["2021-03-12 10:22:33"]),
    ("Admitted 3 March 2021 with pain.", ["3 March 2021"]),
    ("Admitted March 3, 2021 with pain.", ["March 3, 2021"]),
    ("Admitted 3rd March 2021 with pain.", ["3rd March 2021"]),
    ("Follow-up Mar 3rd.", ["Mar 3rd"]),
    ("Symptoms began in March 2021.", ["March 2021"]),
    ("MRI Mar-21 unchanged.", ["Mar-21"]),
    ("MRI Mar 2021 unchanged.", ["Mar 2021"]),
    ("She fell on the 3rd of July.", ["3rd of July"]),
    ("She fell on the third of July.", ["third of July"]),
    ("Seen July 3 by the team.", ["July 3"]),
    ("Seen 3 Jul by the team.", ["3 Jul"]),
    ("Seen Monday 3 March in clinic.", ["Monday 3 March"]),
    ("Arrived 12/03/2021 14:05 by ambulance.", ["12/03/2021 14:05"]),
    ("Intubated 12/03/2021 at 10:22 in ED.", ["12/03/2021 at 10:22"]),
    ("Fracture in spring 2019.", ["spring 2019"]),
    ("Born in 1950 in a small town.", ["1950"]),
    ("A fall at Christmas 2019.", ["Christmas 2019"]),
    ("DOB 1/2/1950", ["1/2/1950"]),
    ("ADMITTED 3 MARCH 2021, MRI MAR-21.", ["3 MARCH 2021", "MAR-21"]),
    ("admitted 3 march 2021, mri mar-21.", ["3 march 2021", "mar-21"]),
    ("S/P CABG 1957, 1971", ["1957, 1971"]),
    ("PMH: MI 92, AVR 8/88.", ["92", "8/88"]),
    ("Hx prostate CA'88.", ["'88"]),
    ("Extubated on the 11th.", ["11th"]),
    ("Readmitted to unit 9/3 w/ pneumonia; seen 6/30-7/2.", ["9/3", "6/30", "7/2"]),
    ("PRESENT HX:8/30 DECREASED MENTAL STATUS", ["8/30"]),
    ("Went home in sept. with her brother.", ["sept"]),
    ("Fever of 103 8/31, treated.", ["8/31"]),
    ("ON 2/31/14 PT PRESENTED", ["2/31/14"]),
    ("seen on 5/5 in clinic", ["5/5"]),
    ("admitted on 1/2 with sepsis", ["1/2"]),
    ("resp: pt extubated on 9/19 currently on 40%", ["9/19"]),
    ("EF 20% in hospital since 9/3 for CHF", ["9/3"]),
    # a day and month alike from the 6th on: rarely a ratio ("5/5 power", "3/3 cultures")
    ("DAUGHTER TO ARRIVE 9/9 @ APPROX 1900", ["9/9"]),
    ("75 YO FEMALE. 10/10 2WK HX OF SUBSTERNAL PRESSURE", ["10/10"]),
    # a time of day after it makes it a date, whatever stands before
    ("HEPARIN (MAINT DOSE STARTED APPROX 10/16 0930).", ["10/16"]),
    # a possessive's "s" is no single letter ("L 3/4" is a side)
    ("Lasix, pulm toilet, ? d/c Tf's 3/26. Transfer planned.", ["3/26"]),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates_are_found(text: str, expected: list[str]) -> None:
    assert found_texts(text, Category.DATE) == expected


NOT_DATES = [
    "Diagnosed in 2019 after a fall.", "Diabetic since 2015.",
    "day 3 post-op", "2 years later", "3 weeks ago", "on day 5", "a 3.2 cm mass",
    "12.5 mm nodule", "5 x 4 mm cyst", "C5-C6 disc", "L4/5 disc bulge", "T12-L1 fracture",
    "GCS 14", "BI-RADS 4", "5/5 power in all limbs", "10 mg daily", "2-3 times a day",
    "pH 7.35", "INR 1.2", "K 4.5", "version 1.2.3", "call 555-123-4567", "this may be benign",
    "THIS MAY BE BENIGN", "Jan Smith reviewed", "3/4 of the liver", "BP 120/80", "GCS 15/15",
    "1/2 tab at night", "2/3 of the lung", "power 4/5 in the left arm", "pain 7/10",
    "PSV 10/5 overnight", "rales 1/3 up bilaterally", "cough for 3/12", "40 mSv",
    "T2 hyperintense", "sats in the 90's", "weaned by 2000", "O2 dec from 4 to 2",
    "2/4 bottles positive", "crackles 1/2 way up", "settings 12/10/40%", "HOB 30'",
    "given 1500 cc 1/2 NS", "20201 code", "ran 100 m",
    "PSV increased to 10/5 overnight", "pt tried on 5/5 today", "ON 10/5 BIPAP 65%",
    "60% 15/10. PATIENT BARELY TRIGGERING", "SIMV/PS, 40%, 600X4, & 5/10 W SATS",
    "Continued to wean down to 10/5.", "IVF D5 1/2 at 75/hr", "rales up 1/4 on R",
    "3/3 cultures positive", "pain 10/10 at rest", "VA 6/6 both eyes",
    "gave approx 5/10 1200 cc", "PSV 10/5 1000 ml",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_clinical_language_is_not_a_date(text: str) -> None:
    assert found_texts(text) == []


def test_date_confidence_is_graded() -> None:
    strong = find("Seen on 12/03/2021.")[0]
    weak = find("Pain since 3/12, worse.")[0]
    assert strong.confidence >= 0.9
    assert 0.4 <= weak.confidence <= 0.7
    # a year alone is below the default threshold (0.30): Safe Harbor keeps years
    years = [
        f for cls in DETECTORS for f in cls().detect(Document("Diagnosed in 2019."))
        if f.text == "2019"
    ]
    assert years and max(f.confidence for f in years) < 0.3
    assert strong.detector == "date-numeric"


AGES = [
    ("A 93-year-old man", ["93-year-old"]),
    ("A 93 year old man", ["93 year old"]),
    ("93 yo woman", ["93 yo"]),
    ("93yo woman", ["93yo"]),
    ("93 y/o woman", ["93 y/o"]),
    ("93M with cough", ["93M"]),
    ("93 F with cough", ["93 F"]),
    ("aged 93, lives alone", ["aged 93"]),
    ("age 93 at presentation", ["age 93"]),
    ("Age: 93", ["Age: 93"]),
    ("Age 103", ["Age 103"]),
    ("He is 93 years old.", ["93 years old"]),
    ("A woman in her 90s", ["in her 90s"]),
    ("A man in his nineties", ["in his nineties"]),
    ("a nonagenarian with falls", ["nonagenarian"]),
    ("a centenarian", ["centenarian"]),
    ("A NINETY-THREE-YEAR-OLD MAN", ["NINETY-THREE-YEAR-OLD"]),
    ("93 YO M, 101-YEAR-OLD F", ["93 YO", "101-YEAR-OLD"]),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_ages_over_89_are_found(text: str, expected: list[str]) -> None:
    assert found_texts(text, Category.AGE_OVER_89) == expected


@pytest.mark.parametrize("text", [
    "A 47-year-old man", "aged 89", "89 yo", "temp 99 F", "T 98 F", "aged 93 days",
    "in the 90s systolic", "sats in the 90's",
])
def test_ages_under_90_and_lookalikes_are_left(text: str) -> None:
    assert found_texts(text, Category.AGE_OVER_89) == []


SHIFTS = [
    ("3 March 2021", -779, "14 January 2019"),
    ("12/03/2021", -1, "11/03/2021"),
    ("12/25/2021", 7, "01/01/2022"),
    ("3/12/21", 30, "2/1/22"),
    ("3/12", 1, "4/12"),
    ("29 Feb", 1, "1 Mar"),
    ("Mar-21", -365, "Mar-20"),
    ("MAR-21", -60, "JAN-21"),
    ("March 2021", -31, "February 2021"),
    ("2021-03-12T10:22", 1, "2021-03-13T10:22"),
    ("2021-03-12 10:22:33", -12, "2021-02-28 10:22:33"),
    ("20210312", 20, "20210401"),
    ("3rd of July", 1, "4th of July"),
    ("third of July", 18, "twenty-first of July"),
    ("July 3", -3, "June 30"),
    ("3 JUL", 1, "4 JUL"),
    ("Mar 3rd", -1, "Mar 2nd"),
    ("Monday 3 March", 2, "Wednesday 5 March"),
    ("Wednesday, 3 March 2021", 1, "Thursday, 4 March 2021"),
    ("12/03/2021 14:05", 1, "13/03/2021 14:05"),
    ("14:05", -400, "14:05"),
    ("2019", -779, "2017"),
    ("'92", -365, "'91"),
    ("spring 2019", -700, "spring 2017"),
    ("Christmas 2019", 400, "Christmas 2020"),
    ("1/2/1950", -1, "31/1/1950"),
    ("12.03.2021", 1, "13.03.2021"),
    ("8/88", -31, "7/88"),
    ("Sept 3, 2021", 30, "Oct 3, 2021"),
]


@pytest.mark.parametrize(("value", "days", "expected"), SHIFTS)
def test_shift_keeps_the_format(value: str, days: int, expected: str) -> None:
    assert shift_date_text(value, days) == expected


@pytest.mark.parametrize("value", ["garbage", "31/02/2021", "13/13", "", "11th", "2021-13-40"])
def test_shift_refuses_what_it_cannot_read(value: str) -> None:
    assert shift_date_text(value, -400) is None


@pytest.mark.parametrize(("first", "second"), [
    ("3 March 2021", "25 December 2021"),
    ("2021-03-12", "2021-04-02"),
    ("12/03/2021", "25/12/2021"),
])
@pytest.mark.parametrize("days", [-1095, -779, -365, 1])
def test_shift_keeps_intervals(first: str, second: str, days: int) -> None:
    def as_date(value: str) -> dt.date:
        for fmt in ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise AssertionError(value)

    shifted_first, shifted_second = shift_date_text(first, days), shift_date_text(second, days)
    assert shifted_first is not None and shifted_second is not None
    assert as_date(shifted_second) - as_date(shifted_first) == as_date(second) - as_date(first)
    assert as_date(shifted_first) - as_date(first) == dt.timedelta(days=days)


def test_document_order_decides_ambiguous_dates() -> None:
    text = "Admitted 12/25/2021, discharged 03/01/2022."
    day_first = infer_day_first(text)
    assert day_first is False
    assert shift_date_text("03/01/2022", 1, day_first=day_first) == "03/02/2022"
    assert shift_date_text("03/01/2022", 1) == "04/01/2022"
    assert infer_day_first("seen 25/12/2021 and 03/01/2022") is True
    assert infer_day_first("no dates") is True


def test_the_ordinal_trie_matches_what_the_ordinal_alternation_matches() -> None:
    words = list(date_words.ORDINALS) + [w.replace("-", " ") for w in date_words.ORDINALS]
    words += [w.replace("-", "") for w in date_words.ORDINALS] + ["tenthly", "sixtieth", "fir"]
    text = " ".join(words + [w.upper() for w in words] + [w.title() for w in words])
    plain = regex.compile(rf"\b{date_words.ORDW}", regex.IGNORECASE)
    trie = regex.compile(rf"\b{date_words.ORDW_SCAN}", regex.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_bare_years_are_reported_only_where_the_policy_asks() -> None:
    from caseguard.policy import Policy
    from caseguard.text.engine import TextEngine

    text = "Lumpectomy in 1983; chest ache since 2006. Born in 1950. Seen 3 March 2021."
    default = [f.text for f in TextEngine().detect(text)]
    assert default == ["1950", "3 March 2021"]  # a year of birth is reported anyway
    data = Policy.default().rules
    strict = Policy.default().tightened_by(
        {"categories": {"DATE": {"action": data[Category.DATE].action.value, "bare_years": True}}}
    )
    found = TextEngine(strict).detect(text)
    assert [f.text for f in found] == ["1983", "2006", "1950", "3 March 2021"]
    years = [f for f in found if f.text in {"1983", "2006"}]
    assert all(f.confidence >= 0.5 and "reported by the policy" in f.explanation for f in years)
    born = next(f for f in found if f.text == "1950")
    assert "reported by the policy" not in born.explanation
