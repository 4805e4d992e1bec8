"""Names and initials: cues, dictionaries, adjacency, default-deny, and eponyms that survive."""

import pytest

from caseguard.text.document import Document
from caseguard.text.initials import InitialsDetector
from caseguard.text.names import NameDetector


def _names(text: str) -> list[str]:
    return [f.text for f in NameDetector().detect(Document(text)) if f.confidence >= 0.3]


def _initials(text: str) -> list[str]:
    return [f.text for f in InitialsDetector().detect(Document(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Seen by Dr Jane Okafor in clinic.", ["Jane Okafor"]),
        ("His wife Maria was present.", ["Maria"]),
        ("DR. GREEN AWARE OF BP.", ["GREEN"]),
        ("WIFE MARY IN TO VISIT. SON CALLED.", ["MARY"]),
        ("dr. murphy aware. daughter is mrs. marcela carlson.", ["murphy", "marcela carlson"]),
        ("Mr Wilson has Wilson disease.", ["Wilson"]),
        ("Gerry Masci arrived in the unit at 11pm.", ["Gerry Masci"]),
        ("Report by Priya Raghunathan, MD.", ["Priya Raghunathan"]),
        ("Discussed with the radiologist, Tomasz Wieczorek.", ["Tomasz Wieczorek"]),
        ("Her husband Rich Martino in to visit.", ["Rich Martino"]),
        ("pt of dr. john bowman.", ["john bowman"]),
        ("Images reviewed by Siobhan O'Sullivan.", ["Siobhan O'Sullivan"]),
        ("THE PATIENT WAS SEEN BY ANDERSON IN CLINIC.", ["ANDERSON"]),
        ("They had 6: Gaetane, Hannah, Anthony, Derek and Anna.", ["Gaetane", "Hannah",
                                                                   "Anthony", "Derek", "Anna"]),
    ],
)
def test_names_found(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Known Crohn disease and Parkinson's disease.",
        "Hodgkin lymphoma, stage II, treated with ABVD.",
        "Left Bell palsy. Ruptured Baker cyst.",
        "Guillain-Barre syndrome after a viral illness.",
        "Wilson disease with Kayser-Fleischer rings.",
        "T2 hyperintense lesion at C5-C6; L4/5 disc bulge.",
        "A 3.2 cm mass, 5 x 4 mm nodule, 40 mSv.",
        "GCS 14, BI-RADS 4, day 3 post-op, 2 years later.",
        "CHEST X-RAY SHOWS BILATERAL EFFUSIONS. PLAN TO DIURESE WITH LASIX.",
        "started on vancomycin and zosyn; hemodynamically stable overnight.",
        "The patient was given Lasix and Zosyn.",
        "Paget disease of bone; Barrett oesophagus on endoscopy.",
        "MRI of the brain showed a Chiari malformation.",
        "Started Lasix, Zosyn and Vancomycin; held Coumadin.",
    ],
)
def test_clinical_language_survives(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Report signed J.S. on review.", ["J.S."]),
        ("Case of pt JS, 47 yo.", ["JS"]),
        ("Patient: K. L. M. admitted.", ["K. L. M."]),
        ("Given 1 g i.v. at 10 a.m. in the U.S.", []),
        ("pt CT negative.", []),
        ("History: a 34-year-old (AM) with a painless neck lump.", ["AM"]),
        ("Mr Carter (S. C.), a 91-year-old man, was admitted.", ["S. C."]),
        ("Pt SB consented on 11/10/1941.", ["SB"]),
        ("PT IS A 69 YR OLD FEMALE.", []),
        ("Pt RR, HR and BP remained stable.", []),
    ],
)
def test_initials(text: str, expected: list[str]) -> None:
    assert _initials(text) == expected
