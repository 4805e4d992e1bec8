"""Postal codes of five countries, and the anatomy and measurements that only look like them."""

from __future__ import annotations

import re

import pytest

from caseguard.findings import Category
from caseguard.text.postcodes import DETECTORS

from .detectors import DetectorFamily

FAMILY = DetectorFamily(DETECTORS)
found = FAMILY.found
best_for = FAMILY.best_for

POSITIVES = [
    ("lives at 10 Downing St, London SW1A 2AA", "SW1A 2AA"),
    ("postcode sw1a1aa", "sw1a1aa"),
    ("NEWCASTLE NE4 5PL", "NE4 5PL"),
    ("Manchester M1 1AE.", "M1 1AE"),
    ("moved to B12 9QP last year", "B12 9QP"),
    ("lives in the NE4 area", "NE4"),
    ("lives in NE4", "NE4"),
    ("resident of the LS6 district", "LS6"),
    ("from the M14 area", "M14"),
    ("works in EC1V near the hospital", "EC1V"),
    ("office in SW1A", "SW1A"),
    ("Cambridge, MA 02139", "02139"),
    ("Boston, Massachusetts 02115", "02115"),
    ("Springfield IL 62704", "62704"),
    ("boston, ma 02115", "02115"),
    ("mail to 02139-4307", "02139-4307"),
    ("zip 90210", "90210"),
    ("Zip code: 10001", "10001"),
    ("Sydney NSW 2000", "2000"),
    ("Melbourne VIC 3000", "3000"),
    ("Perth WA 6000", "6000"),
    ("Canberra ACT 2600", "2600"),
    ("Darwin NT 0800", "0800"),
    ("sydney, nsw 2000", "2000"),
    ("postcode: 4000", "4000"),
    ("Ottawa ON K1A 0B1", "K1A 0B1"),
    ("toronto m5v3l9", "m5v3l9"),
    ("Dublin D02 X285", "D02 X285"),
    ("Eircode A65F4E2", "A65F4E2"),
    ("galway h91 e2k7", "h91 e2k7"),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: str) -> None:
    finding = best_for(text, expected)
    assert finding is not None, f"nothing covers {expected!r}"
    assert finding.category is Category.POSTCODE
    assert finding.text == expected


CAPITALS_ONLY = re.compile(r"\b(?:WA|ACT|NT|IL) \d")


@pytest.mark.parametrize(
    ("text", "expected"),
    [(t.upper(), e.upper()) for t, e in POSITIVES]
    # "WA 6000", "ACT 2600": in lower case these read as words, so capitals are required
    + [(t.lower(), e.lower()) for t, e in POSITIVES if not CAPITALS_ONLY.search(t)],
)
def test_finds_in_any_case(text: str, expected: str) -> None:
    assert best_for(text, expected) is not None


@pytest.mark.parametrize("text", ["perth wa 6000", "canberra act 2600", "darwin nt 0800"])
def test_lower_case_two_letter_states_need_a_comma(text: str) -> None:
    assert found(text) == []
    assert found(text.replace(" ", ", ", 1))


def test_state_outside_its_range_scores_lower() -> None:
    right = best_for("Sydney NSW 2000", "2000")
    wrong = best_for("Sydney NSW 7000", "7000")
    assert right is not None and wrong is not None
    assert right.confidence > wrong.confidence


NEGATIVES = [
    "T2 hyperintense lesion at C5-C6",
    "L4/5 disc",
    "L4-L5 and L5-S1 discs",
    "from L4 to S1",
    "extends from T2 to T5",
    "fracture of L4 5th lumbar",
    "E1 and S1 heart sounds",
    "vitamin B12 deficiency",
    "CA 125 was 45",
    "ST2 raised, PE excluded",
    "3.2 cm",
    "40 mSv",
    "5 x 4 mm",
    "GCS 14",
    "BI-RADS 4",
    "version 1.2.3",
    "dose 5 mg/kg",
    "e.g.",
    "day 3 post-op",
    "BP 120/80",
    "HR 88",
    "SpO2 96%",
    "pH 7.35",
    "INR 1.2",
    "WBC 12.5 x 10^9/L",
    "Hb 135 g/L",
    "T1 and T2 weighted images",
    "T12 1234",
    "PA 12500 patients",
    "IN 10000 UNITS",
    "in 12345 cases",
    "act 2000 times",
    "platelets 150000",
    "grade 2, stage T2N1M0",
    "staged T3N0M0 at MDT",
    "T2 N1 M0 disease",
    "E2F and TP53 mutations were absent",
]


@pytest.mark.parametrize(
    "text", NEGATIVES + [t.upper() for t in NEGATIVES] + [t.lower() for t in NEGATIVES]
)
def test_clinical_language_survives(text: str) -> None:
    assert found(text) == []


def test_every_detector_has_a_name_and_categories() -> None:
    names = [cls.name for cls in DETECTORS]
    assert len(set(names)) == len(names)
    for cls in DETECTORS:
        assert cls.categories
