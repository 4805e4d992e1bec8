"""Record numbers, national numbers, vehicles and devices: what is found and what survives."""

from __future__ import annotations

import pytest

from caseguard.findings import Category
from caseguard.text.contact import PhoneDetector
from caseguard.text.engine import TextEngine
from caseguard.text.identifiers import DETECTORS as ID_DETECTORS
from caseguard.text.vehicles import DETECTORS as VEHICLE_DETECTORS
from caseguard.text.vehicles import vin_check_digit_ok

from .detectors import MIN_CONFIDENCE, DetectorFamily

DETECTORS = (*ID_DETECTORS, *VEHICLE_DETECTORS)

FAMILY = DetectorFamily(DETECTORS)
found = FAMILY.found
best_for = FAMILY.best_for

ID = Category.ID_NUMBER
VEHICLE = Category.VEHICLE
DEVICE = Category.DEVICE_ID

POSITIVES = [
    ("mrn 2280", ID, "2280"),
    ("MRN: 00123456", ID, "00123456"),
    ("UR no. 123456 admitted", ID, "123456"),
    ("Acc# A12345", ID, "A12345"),
    ("accession number RAD-2021-0042", ID, "RAD-2021-0042"),
    ("URN 7781234", ID, "7781234"),
    ("HID: 99812", ID, "99812"),
    ("hospital number RX1234567", ID, "RX1234567"),
    ("Patient ID: P-00123", ID, "P-00123"),
    ("case no. 2021/4471", ID, "2021/4471"),
    ("medical record number is 5512873", ID, "5512873"),
    ("acct 00991122", ID, "00991122"),
    ("policy number XK-88123-01", ID, "XK-88123-01"),
    ("member ID W123456789", ID, "W123456789"),
    ("Medicaid beneficiary no. 77123", ID, "77123"),
    ("driver's licence number D1234-56789", ID, "D1234-56789"),
    ("NPI 1234567893", ID, "1234567893"),
    ("DEA # AB1234563", ID, "AB1234563"),
    ("death certificate no. 2021-0034567", ID, "2021-0034567"),
    ("NHS number 943 476 5919", ID, "943 476 5919"),
    ("nhs 9434765919", ID, "9434765919"),
    ("her number was 943-476-5919 on the form", ID, "943-476-5919"),
    ("SSN 123-45-6789", ID, "123-45-6789"),
    ("social security 123456789", ID, "123456789"),
    ("Medicare 2123 45670 1", ID, "2123 45670 1"),
    ("medicare card 2123456701", ID, "2123456701"),
    ("TFN 123 456 782", ID, "123 456 782"),
    ("IHI 8003 6012 3456 7894", ID, "8003 6012 3456 7894"),
    ("ihi 8003601234567894", ID, "8003601234567894"),
    ("card 3782 822463 10005", ID, "3782 822463 10005"),
    ("SIN 130 692 544", ID, "130 692 544"),
    ("card 4111 1111 1111 1111", ID, "4111 1111 1111 1111"),
    ("paid with 5500-0000-0000-0004", ID, "5500-0000-0000-0004"),
    ("IBAN GB82 WEST 1234 5698 7654 32 for refunds", ID, "GB82 WEST 1234 5698 7654 32"),
    ("iban de89370400440532013000", ID, "de89370400440532013000"),
    ("ref 88123456 on the letter", ID, "88123456"),
    ("reg AB12 CDE", VEHICLE, "AB12 CDE"),
    ("car registration: AB12CDE", VEHICLE, "AB12CDE"),
    ("struck by a van, plate 7ABC123", VEHICLE, "7ABC123"),
    ("licence plate XYZ 123", VEHICLE, "XYZ 123"),
    ("rego 1AB 2CD", VEHICLE, "1AB 2CD"),
    ("pedestrian vs car AB12 CDE", VEHICLE, "AB12 CDE"),
    ("VIN 1HGCM82633A004352", VEHICLE, "1HGCM82633A004352"),
    ("vin 1hgcm82633a004352", VEHICLE, "1hgcm82633a004352"),
    ("chassis WVWZZZ1JZXW000001", VEHICLE, "WVWZZZ1JZXW000001"),
    ("pacemaker S/N PJN123456", DEVICE, "PJN123456"),
    ("serial no. 12-3456-78", DEVICE, "12-3456-78"),
    ("SN: XA99812", DEVICE, "XA99812"),
    ("implant serial number ABC123456", DEVICE, "ABC123456"),
    ("device ID D4-5521-X", DEVICE, "D4-5521-X"),
    ("lot 4471822", DEVICE, "4471822"),
    ("model number M-9000", DEVICE, "M-9000"),
    ("station name CTAWP12345", DEVICE, "CTAWP12345"),
    ("Station Name: MR_SCANNER_3", DEVICE, "MR_SCANNER_3"),
    ("IMEI 49-015420-323751-8", DEVICE, "49-015420-323751-8"),
    ("phone 490154203237518 found", DEVICE, "490154203237518"),
    ("MAC 00:1A:2B:3C:4D:5E", DEVICE, "00:1A:2B:3C:4D:5E"),
    ("mac 00-1a-2b-3c-4d-5e", DEVICE, "00-1a-2b-3c-4d-5e"),
    ("arrived by car, registration 15G 9136.", VEHICLE, "15G 9136"),
    ("arrived by car, registration CO 4642.", VEHICLE, "CO 4642"),
    ("Ambulance plate HH17LQU from", VEHICLE, "HH17LQU"),
    ("Ambulance plate 96-UX43 from Shea Ville.", VEHICLE, "96-UX43"),
    ("AMBULANCE PLATE TI 8639 FROM LAKE SERGIO.", VEHICLE, "TI 8639"),
    ("PPS number 6978915L.", ID, "6978915L"),
    ("a/c no 12345678", ID, "12345678"),
    # the label is the evidence: these numbers fail every checksum and look like no date
    ("seen in clinic (SSN: 987-65-4321)?", ID, "987-65-4321"),
    ("treated at the clinic, SS# 987-65-4321.", ID, "987-65-4321"),
    ("admitted in May, with MRN 987-65-4321?", ID, "987-65-4321"),
    ("MRN# 789-45-123.", ID, "789-45-123"),
    ("His insurance number is 987-65-4321.", ID, "987-65-4321"),
    ("my driver's license number is 2270-66-1551", ID, "2270-66-1551"),
    ("medical record 12345-JH needing respiratory therapy", ID, "12345-JH"),
    ("prophylaxis? Med Rec#: CC-789654", ID, "CC-789654"),
    ("seen on Tuesday. Med rec #: JH-12345.", ID, "JH-12345"),
    ("(HICN: B123456789)?", ID, "B123456789"),
    ("(MBI: 1EG4TE5MK73)", ID, "1EG4TE5MK73"),
    ("insurance policy HZ-987654.", ID, "HZ-987654"),
    ("AFib is a concern, ins is ABC-987654.", ID, "ABC-987654"),
    ("ins. #789-1234-567", ID, "789-1234-567"),
    ("monitored with MRN: UCLA-T1D-2023?", ID, "UCLA-T1D-2023"),
    ("EMR: 456123789.", ID, "456123789"),
    ("Aadhaar 5273 6184 0939.", ID, "5273 6184 0939"),
    ("I lost my card 314159265358973 yesterday", ID, "314159265358973"),
    # a label a few words before an identifier-shaped value
    ("Also, any insurance issues with HMO-234567?", ID, "HMO-234567"),
    ("MRN for this admission: 00123456", ID, "00123456"),
    ("follow-up for the patient ID 67890, seen", ID, "67890"),
    ("hit by a car, registration 444-971. Insulin", VEHICLE, "444-971"),
    ("the driver of the van, rego 961306, was", VEHICLE, "961306"),
]


@pytest.mark.parametrize(("text", "category", "expected"), POSITIVES)
def test_finds(text: str, category: Category, expected: str) -> None:
    finding = best_for(text, expected)
    assert finding is not None, f"nothing covers {expected!r}"
    assert finding.category is category
    assert finding.text == expected


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [(t.upper(), c, e.upper()) for t, c, e in POSITIVES]
    + [(t.lower(), c, e.lower()) for t, c, e in POSITIVES],
)
def test_finds_in_any_case(text: str, category: Category, expected: str) -> None:
    finding = best_for(text, expected)
    assert finding is not None
    assert finding.category is category


def test_labelled_number_outscores_bare_digits() -> None:
    labelled = best_for("MRN 88123456", "88123456")
    bare = best_for("value 88123456", "88123456")
    assert labelled is not None and bare is not None
    assert labelled.confidence > bare.confidence > MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "expected"),
    [("SSN 666-12-3456", None), ("SSN 000-12-3456", None), ("SSN 923-45-6789", None)],
)
def test_invalid_ssn_is_not_an_ssn(text: str, expected: None) -> None:
    assert all(f.detector != "us-ssn" for f in found(text))


def test_a_label_vouches_for_a_number_that_fails_the_checksum() -> None:
    finding = best_for("SSN 923-45-6789", "923-45-6789")
    assert finding is not None and finding.category is ID
    assert finding.detector == "id-number"


def test_a_labelled_number_keeps_its_label_next_to_a_telephone_number() -> None:
    # the telephone label further back does not make the record number a telephone number
    text = "Tel: 0497 335 731\n\nUR number: 72014195\nSIN 197 821 259."
    engine = TextEngine(detectors=[PhoneDetector(), *(cls() for cls in DETECTORS)])
    categories = {f.text: f.category for f in engine.detect(text)}
    assert categories["0497 335 731"] is Category.PHONE
    assert categories["72014195"] is ID
    assert categories["197 821 259"] is ID


def test_aadhaar_needs_its_check_digit() -> None:
    good = best_for("ref 5273 6184 0939", "5273 6184 0939")
    assert good is not None and good.detector == "in-aadhaar"
    assert all(f.detector != "in-aadhaar" for f in found("ref 5273 6184 0938"))


@pytest.mark.parametrize("text", ["Dictated by Dr Ross on 20141024.", "scanned 19980213; seen"])
def test_eight_digits_that_read_as_a_date_are_a_date(text: str) -> None:
    digits = next(t for t in text.replace(";", " ").replace(".", " ").split() if t.isdigit())
    finding = best_for(text, digits)
    assert finding is not None and finding.category is Category.DATE


def test_eight_digits_that_are_no_date_stay_a_number() -> None:
    finding = best_for("value 20141399 on file", "20141399")
    assert finding is not None and finding.category is ID


def test_a_plate_of_digits_needs_a_vehicle() -> None:
    assert all(f.category is not VEHICLE for f in found("GMC registration 4471822 confirmed"))


def test_vin_check_digit() -> None:
    assert vin_check_digit_ok("1HGCM82633A004352")
    assert not vin_check_digit_ok("1HGCM82643A004352")
    assert not vin_check_digit_ok("1HGC\u212a82633A004352")  # a Kelvin sign for the K


def test_vin_with_a_look_alike_letter_is_still_reported() -> None:
    vin = "1HGC\u212a82633A004352"
    finding = best_for(f"code {vin}", vin)
    assert finding is not None and finding.category is Category.VEHICLE


def test_vin_with_bad_check_digit_scores_lower() -> None:
    good = best_for("code 1HGCM82633A004352", "1HGCM82633A004352")
    bad = best_for("code 1HGCM82643A004352", "1HGCM82643A004352")
    assert good is not None and bad is not None
    assert good.confidence > bad.confidence


NEGATIVES = [
    "T2 hyperintense lesion at C5-C6",
    "L4/5 disc protrusion",
    "mass measuring 3.2 cm",
    "effective dose 40 mSv",
    "nodule 5 x 4 mm",
    "GCS 14 on arrival",
    "BI-RADS 4",
    "PACS version 1.2.3",
    "dose 5 mg/kg",
    "e.g. a cyst, i.e. benign",
    "day 3 post-op",
    "BP 120/80, HR 88",
    "SpO2 96% on air",
    "pH 7.35, INR 1.2",
    "WBC 12.5 x 10^9/L",
    "Hb 135 g/L",
    "platelets 250000 per microlitre was 250000/uL",
    "viral load 1200000 copies",
    "DLP 1250 mGy.cm",
    "case 1 of the series",
    "patient 3 of 12",
    "chart 12/03/2021",
    "a lot of small nodules",
    "serial imaging showed growth",
    "serial CT at 3 months",
    "model of care",
    "CA 19-9 45",
    "registration with the GP",
    "reg the findings",
    "HbA1c 48 mmol/mol",
    "BRCA1 and BRCA2 carriers",
    "grade 2 of 4, stage T2N1M0",
    "for 1000000 years",
    "platelets 150000",
    "SNOMED 399068003, LOINC 24590-2, RxNorm 197361",
    "PMID 31234567",
    "512 x 512 matrix, DLP 1250 mGy.cm",
    "lot no. 2 of the trial",
    # assist-control ventilator settings ("a/c" is not an account here)
    "Settings: A/C 700*12 50% 5 peep.", "CONTINUES ON A/C 10/700/.50/5 WITH STABLE ABG",
    "ventilatory support with A/C 500x12/fio2 .4/+5 peep", "conts on a/c peep10, 700x10",
    "on a/c 600x12, 65% 5 peep", "A/C 14X700X100%",
    # "reg" is regular insulin or a regimen in a note
    "currently pt is on regular insulin 2 u/hr", "received 20u NPH and 10u reg SQ at 11am",
    "given NPH and Reg at 9PM.", "RR-REG 14-22 BS CL.", "covered with reg. insulin q6hrs",
    "2U REG. NA LOW 129 HAS HAD", "medical regime over this 4 hrs", "reg. insulin x1",
    "She was put on a MS04 PCA, lytes were repleted", "REPEAT 2 AMPS HC03 IVP.",
    # words that name an identifier only sometimes, before clinical numbers
    "ins 2350cc, outs 1200", "ins 12500 / outs 9800", "ins gtt, BS 154 at 1800",
    "insulin SS 151-200 2 units", "sliding scale coverage 151-200", "policy 2019-20 applies",
    "Medicare covered 12345 patients", "med rec 10/12 done", "med rec completed 2019",
    "underwent EMR 2019", "EMR of a 25 mm polyp", "MBI 99mTc sestamibi",
    "chart review of 12345 patients", "MRN 12/03/2021", "Medicaid expansion in 2014",
    "card 3 of 10", "registration 2019-2020",
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
