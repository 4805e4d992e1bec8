"""Streets, P.O. boxes, institutions and towns."""

import pytest

from caseguard.text.document import Document
from caseguard.text.merge import merge_findings
from caseguard.text.places import InstitutionDetector, StreetDetector, TownDetector


def _found(text: str) -> list[str]:
    doc = Document(text)
    raw = [
        f
        for det in (StreetDetector(), InstitutionDetector(), TownDetector())
        for f in det.detect(doc)
        if f.confidence >= 0.3
    ]
    return [f.text for f in merge_findings(raw, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lives at 12 Acacia Avenue.", ["12 Acacia Avenue"]),
        ("Address: 889 Ward Summit, Ethanfort 60595.", ["889 Ward Summit, Ethanfort 60595"]),
        ("PO Box 123, then moved.", ["PO Box 123"]),
        ("Transferred from St Mary's Hospital.", ["St Mary's Hospital"]),
        ("58 YR OLD ADMITTED TO CALVERT HOSPITAL.", ["CALVERT HOSPITAL"]),
        ("was transferred from Memorial Hospital 9/13", ["Memorial Hospital"]),
        ("A farmer from Tain presented.", ["Tain"]),
        ("daughter flying in from rome tonight", ["rome"]),
        ("Daughter flying in from Rome tonight.", ["Rome"]),
        ("FOUND IN HIS HOME IN MILFORD MILL BY EMS.", ["MILFORD MILL"]),
    ],
)
def test_places_found(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The hospital CT showed a 3.2 cm mass.",
        "Reading the scan, the radiologist noted a 5 x 4 mm nodule.",
        "Taken to the local hospital by ambulance.",
        "DOB recorded in the notes.",
        "T2 hyperintense lesion at C5-C6.",
        "Discharged home on day 3.",
    ],
)
def test_no_place(text: str) -> None:
    assert _found(text) == []
