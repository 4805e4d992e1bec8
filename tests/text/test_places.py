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


def _found_all(text: str) -> list[tuple[str, str]]:
    """Every place and postcode finding after merging: (category, text)."""
    from caseguard.text import places, postcodes

    doc = Document(text)
    raw = [
        f
        for cls in (*places.DETECTORS, *postcodes.DETECTORS)
        for f in cls().detect(doc)
        if f.confidence >= 0.3
    ]
    return [(f.category.name, f.text) for f in merge_findings(raw, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # street suffixes of USPS Publication 28 and AU/NZ/UK/Indian street types
        ("GP: Dr Johnson, 784 evans rapids, lake sophieton 98964  his mother was present.",
         [("ADDRESS", "784 evans rapids"), ("ADDRESS", "lake sophieton"), ("POSTCODE", "98964")]),
        ("GP: DR GREEN, 6797 WHITE PLAZA APT. 236, HUBBARDBURY K9P2E5  APPEARANCES ARE TYPICAL.",
         [("ADDRESS", "6797 WHITE PLAZA APT. 236"), ("ADDRESS", "HUBBARDBURY"),
          ("POSTCODE", "K9P2E5")]),
        ("gp: dr ward, 67761 jack via, donaldland dl6  vehicle seen",
         [("ADDRESS", "67761 jack via"), ("ADDRESS", "donaldland"), ("POSTCODE", "dl6")]),
        ("GP: Dr Larsen, Level 4, 5 Burns Approach, Port Tappmouth 5285  Home",
         [("ADDRESS", "Level 4, 5 Burns Approach"), ("ADDRESS", "Port Tappmouth"),
          ("POSTCODE", "5285")]),
        ("Address: H.No. 53, Mitter Ganj, Sirsa 18925  on file.",
         [("ADDRESS", "53, Mitter Ganj"), ("ADDRESS", "Sirsa"), ("POSTCODE", "18925")]),
        # a unit and a street with no house number
        ("Lives at Flat 35k, Barker Rest, Abdulmouth, postcode 7412.",
         [("ADDRESS", "Flat 35k, Barker Rest"), ("ADDRESS", "Abdulmouth"),
          ("POSTCODE", "7412")]),
        # a unit after the street does not swallow the comma before the town
        ("Lives at 44 Timothy Crescent Apt. 138, Sheilastad 4426.",
         [("ADDRESS", "44 Timothy Crescent Apt. 138"), ("ADDRESS", "Sheilastad"),
          ("POSTCODE", "4426")]),
        # a state's code between the town and the ZIP
        ("Home address 4417 Old Kettle Rd, Fresno, CA 93726.",
         [("ADDRESS", "4417 Old Kettle Rd"), ("ADDRESS", "Fresno"), ("POSTCODE", "93726")]),
        # after "lives at" a full stop ends the street, not a saint's name
        ("Lives at 5 Main St. Then moved.", [("ADDRESS", "5 Main St.")]),
        ("Please return to Unit 5146 Box 1772 DPO AE 91410 in case of an issue.",
         [("ADDRESS", "Unit 5146 Box 1772 DPO AE 91410")]),
    ],
)
def test_address_lines(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found_all(text) == expected


@pytest.mark.parametrize(
    "text, place",
    [
        ("MOTHER IS 90 AND LIVES IN PORT PAIGEVIEW. THE DOSE WAS 12 MGY.", "PORT PAIGEVIEW"),
        ("mother is 93 and lives in smith hill. study exported.", "smith hill"),
        ("This 100-year-old woman from Stuartstone presented after 10 days.", "Stuartstone"),
        ("AMBULANCE PLATE DC45 EJG FROM MCCARTYPORT. SEEN TODAY.", "MCCARTYPORT"),
        ("PARESIS IN A 45-YEAR-OLD MAN, SUMMERSBERG, 11 AUGUST 1955.", "SUMMERSBERG"),
        ("Accession A851719597 at Bird Radiology. Appearances are typical.", "Bird Radiology"),
        ("scanned at st kelly's hospital. known boerhaave syndrome.", "st kelly's hospital"),
        ("Alice B., reviewed at UCSF on Jan 20th.", "UCSF"),
        ("John Smith, who presented at Cedars-Sinai on April 12, 2023.", "Cedars-Sinai"),
        ("Sarah L., who was seen at our Chicago clinic last month?", "Chicago"),
        ("seen by Dr. Emily S. at Children's Hospital Boston in July 2022?",
         "Children's Hospital Boston"),
        ("seeing Dr. Emily Clark at the county hospital, MRN: 123.", "county hospital"),
        # a county is removed under HIPAA's Safe Harbor, unlike a state
        ("Palliative care for a patient from King County, who had hip surgery.", "King County"),
        ("PATIENT PRESENTED TO U OF MD MED CENTER ON 9/14.", "U OF MD MED CENTER"),
        ("PT WAS SCREENED BY HOLY CROSS REHAB TODAY.", "HOLY CROSS REHAB"),
        ("ref Paul M's case at UCLA med center 08/22/2023.", "UCLA med center"),
        ("ambulance plate yz15 clt from port tiffany. ur number: 1112719", "port tiffany"),
        ("She lives in New York with her son.", "New York"),
    ],
)
def test_places_by_cue_and_institution(text: str, place: str) -> None:
    assert ("ADDRESS", place) in _found_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her travel history to the Ohio River Valley last summer.",
        "Following recent recommendations from Mayo Clinic.",
        "NEURO: He is awake, MAE on command, alert.",
        "Urine via Foley cath. Weaned to Cool Neb. Blood drawn from Quinton cath.",
        "Pt transferred to CCU from WARD 3 for management.",
        "TRAVEL TO RADIOLOGY FOR PICC INSERTION.",
        "RUE DVT- WAS THERAPEUTIC ON 600U/HR OF HEPARIN.",
        "lines: 2 piv and l radial a-line.",
        "RECEIVED 1 UNIT REG VIA SSI.",
        "transferred to Intensive Care. Then moved to North wing.",
        "Seen in ICU on Monday. Diagnosed in January 2020.",
        "Pt in cardiac rehab. Referred to pulmonary rehab. Discharged to rehab.",
        "WANTED TO LEAVE HOSPITAL. GOING BACK TO THE HOSPITAL.",
        "Daughter here from England.",
        "The lesion was graded GCS E3V4M6 on arrival.",
        "A woman from Nebraska presented with fever; her brother is from Norway.",
        "Seen in the ENT clinic, the HIV clinic and the GYN clinic.",
        "Fracture in a 45-year-old man, otherwise well, 3 days ago.",
        "The company, according to the Socialeffort Inc. website.",
        "A 28-year-old man, HIV-positive, 2 weeks of fever.",
        "Two views of the chest. 3 ORTHOGONAL VIEWS. Level 4, 5 mm lesion.",
    ],
)
def test_no_place_in_clinical_text(text: str) -> None:
    assert _found_all(text) == []
