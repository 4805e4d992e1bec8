"""Phone, fax, e-mail, link, IP and handle detectors: what they find and what they leave alone."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from caseguard.findings import Category
from caseguard.text import contact
from caseguard.text.contact import DETECTORS as PHONE_DETECTORS
from caseguard.text.links import DETECTORS as LINK_DETECTORS

from .detectors import DetectorFamily

DETECTORS = (*PHONE_DETECTORS, *LINK_DETECTORS)
FAMILY = DetectorFamily(DETECTORS)
found = FAMILY.found
best_for = FAMILY.best_for

POSITIVES = [
    ("Call (617) 555 0199 today", Category.PHONE, "(617) 555 0199"),
    ("call 617-555-0199 x1234 after 5pm", Category.PHONE, "617-555-0199 x1234"),
    ("neighbour's number is 555-1234.", Category.PHONE, "555-1234"),
    ("Tel 020 7946 0958", Category.PHONE, "020 7946 0958"),
    ("TEL: 020 7946 0958", Category.PHONE, "020 7946 0958"),
    ("mob 0412 345 678", Category.PHONE, "0412 345 678"),
    ("daughter on +61 2 9876 5432", Category.PHONE, "+61 2 9876 5432"),
    ("ring +44 20 7946 0958 ext. 12", Category.PHONE, "+44 20 7946 0958 ext. 12"),
    ("phone (02) 9876 5432", Category.PHONE, "(02) 9876 5432"),
    ("contact 98765 43210 (India)", Category.PHONE, "98765 43210"),
    ("reached at +1 415 555 2671", Category.PHONE, "+1 415 555 2671"),
    ("Radiology front desk ext. 4412", Category.PHONE, "ext. 4412"),
    ("page x4412 for results", Category.PHONE, "x4412"),
    ("ph: 021 555 0134", Category.PHONE, "021 555 0134"),
    ("call 9876-5432", Category.PHONE, "9876-5432"),
    ("+353 1 234 5678 (Ireland)", Category.PHONE, "+353 1 234 5678"),
    ("son +91 98765 43210", Category.PHONE, "+91 98765 43210"),
    ("freephone 0800 123 456", Category.PHONE, "0800 123 456"),
    ("Pt phone number: 07700 900123", Category.PHONE, "07700 900123"),
    ("Fax 020 7946 0959", Category.FAX, "020 7946 0959"),
    ("FAX: (617) 555-0123", Category.FAX, "(617) 555-0123"),
    ("facsimile +44 20 7946 0959", Category.FAX, "+44 20 7946 0959"),
    ("T: 020 7946 0958 F: 020 7946 0959", Category.FAX, "020 7946 0959"),
    ("T: 020 7946 0958 F: 020 7946 0959", Category.PHONE, "020 7946 0958"),
    ("tel. 9876 5432 fax. 9876 5433", Category.FAX, "9876 5433"),
    ("Email john.smith@example.com for images", Category.EMAIL, "john.smith@example.com"),
    ("EMAIL JOHN.SMITH@NHS.NET", Category.EMAIL, "JOHN.SMITH@NHS.NET"),
    ("write to j.doe+rad@mail.hospital.org.au.", Category.EMAIL, "j.doe+rad@mail.hospital.org.au"),
    ("reply to jsmith [at] example [dot] com", Category.EMAIL, "jsmith [at] example [dot] com"),
    ("see https://example.org/cases/123?x=1.", Category.URL, "https://example.org/cases/123?x=1"),
    ("images at www.myclinic.com.au/patients", Category.URL, "www.myclinic.com.au/patients"),
    ("WWW.EXAMPLE.COM", Category.URL, "WWW.EXAMPLE.COM"),
    ("blog at johnsmithrecovery.com", Category.URL, "johnsmithrecovery.com"),
    ("posted on facebook.com/jane.doe.77", Category.URL, "facebook.com/jane.doe.77"),
    ("uploaded to myrecovery.blogspot.jp/post/12", Category.URL, "myrecovery.blogspot.jp/post/12"),
    ("workstation 192.168.10.23 logged", Category.IP, "192.168.10.23"),
    ("server ip 10.0.0.1", Category.IP, "10.0.0.1"),
    ("host 2001:db8::8a2e:370:7334", Category.IP, "2001:db8::8a2e:370:7334"),
    ("HOST FE80::1FF:FE23:4567:890A", Category.IP, "FE80::1FF:FE23:4567:890A"),
    ("on twitter as @jsmith_77", Category.CONTACT, "@jsmith_77"),
    ("her Instagram @jane.doe.runs", Category.CONTACT, "@jane.doe.runs"),
    ("skype: john.smith77", Category.CONTACT, "john.smith77"),
    # how nursing notes write them
    ("daughter (Marcela) called (201-223-4567) and", Category.PHONE, "(201-223-4567)"),
    ("DAUGHTER-KRISSY---301 944-5032 & GRAND", Category.PHONE, "301 944-5032"),
    ("they can be reached at 202 2671093. pt", Category.PHONE, "202 2671093"),
    ("his wife (201/324/1423) confirms", Category.PHONE, "201/324/1423"),
    ("dtr Frances Baker- 212- 476- 8356.", Category.PHONE, "212- 476- 8356"),
    ("CELLULAR-410 202-6694 & HOME", Category.PHONE, "410 202-6694"),
    ("Pager: #54321", Category.PHONE, "54321"),
    ("PG 33445", Category.PHONE, "33445"),
    ("reached at beeper number 55037 for consents", Category.PHONE, "55037"),
    ("call 617 555 0199 2 days later", Category.PHONE, "617 555 0199"),
    ("Desk: +41 (0)96 471 07 95 Fax", Category.PHONE, "+41 (0)96 471 07 95"),
    ("Phone: 0496 46 46 70", Category.PHONE, "0496 46 46 70"),
    ("Mobile: 03.93.92.16.85", Category.PHONE, "03.93.92.16.85"),
    ("son Amol (4244130901).", Category.PHONE, "(4244130901)"),
]


@pytest.mark.parametrize(("text", "category", "expected"), POSITIVES)
def test_finds(text: str, category: Category, expected: str) -> None:
    finding = best_for(text, expected)
    assert finding is not None, f"nothing covers {expected!r}"
    assert finding.category is category
    assert finding.text == expected


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [(t.lower(), c, e.lower()) for t, c, e in POSITIVES]
    + [(t.upper(), c, e.upper()) for t, c, e in POSITIVES],
)
def test_finds_in_any_case(text: str, category: Category, expected: str) -> None:
    finding = best_for(text, expected)
    assert finding is not None
    assert finding.category is category


NEGATIVES = [
    "T2 hyperintense lesion at C5-C6",
    "L4/5 disc protrusion",
    "mass measuring 3.2 cm",
    "effective dose 40 mSv",
    "nodule 5 x 4 mm",
    "GCS 14 on arrival",
    "BI-RADS 4",
    "PACS version 1.2.3",
    "firmware version 10.2.0.15",
    "dose 5 mg/kg",
    "dose 5mg/kg/day i.v. then p.o.",
    "e.g. a cyst, i.e. benign",
    "day 3 post-op",
    "BP 120/80, HR 88",
    "SpO2 96% on air",
    "pH 7.35, INR 1.2",
    "WBC 12.5 x 10^9/L",
    "Hb 135 g/L",
    "on 12/03/2021 and 2021-03-04",
    "MRN: 00123456",
    "mrn 2280",
    "ratio 3:2:1",
    "at 10:30:45",
    "platelets 250 x10^9",
    "Fig. 2.a shows the lesion",
    "lesion @ 3 o'clock",
    "vertebrae T11-L2",
    "CA 19-9 was 45",
    "512 x 512 matrix",
    "SNOMED 399068003, RxNorm 197361",
    "dates 2021 03 04 and 1/2/2021",
    "between 1999-2003, at 1200-1300 hrs",
    "Smith et al. 2019;45(3):123-130. doi:10.1016/j.jrad.2019.05.012",
    "lesion 10-15 mm, HR 120-140 bpm",
    "adrenaline 1:100000 at 14:30",
    "series 3 image 45 of 210; slice 102/240",
    "seen @home, review @night",
    # vital signs, blood gases and ventilator settings in ICU notes
    "bp 100-120/60's", "BP 95-130/60-70.", "ABG drawn at 1400 was 119/51/7.39 with",
    "ABG 7.43/41/76/28 WITH O2 SAT 96%", "CO/CI/SVR 10.1/4.72/230 c/w TD",
    "Pt remains on AC 750X10 40% 7.5 peep.", "GOAL FOR FLUID BALANCE IS 500-1000CC NEG.",
    "increased tv to 900-1000cc, rr 12", "transfused one UPRBC 2400-0400. tol. well.",
    "CK DRAWN AT 1515 373. DR JONES AWARE.", "rate 10-600-50%, am abg pnd",
    "abg 36 - 46 - 104 - 27 - 96%.", "ABG: 169-33-7.38-20--4. Strong cough.",
    "ABG 7.38 47 72 95%", "ID: Remains febrile, 101- 101.4 Rectal.",
    "Bl glucose @ 0600-281, pt given 6u", "SVR 954-1183; RECEIVED 40 IV KCL",
    "phoslo as ordered.to start TPN", "FEET ARE WARM.CO AND CI",
    "HEMODYNAMICALLY STABLE.NITRO/AGGRESTAT GTT", "on these settings: 80/48/7.45.34.7. he",
    # numbers either side of a sentence's end
    "CVP 12-18. 500 CC NEG SO FAR", "PEEP VT 460. 2100 BECAME TACHYPNEIC",
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


def test_capitals_after_at_in_a_note_in_capitals_are_not_a_handle() -> None:
    assert found("BP 92-135/42-58. IVF @KVO. LOPRESSOR HELD") == []


def _validity_region_by_region(number_text: str) -> tuple[str | None, bool]:
    """`_phone_validity` as it reads without the shortcut: every region parsed in turn."""
    possible = False
    digits = "".join(c for c in number_text if c.isdigit())
    regions = contact.PHONE_REGIONS
    if len(digits) >= 10 and not number_text.startswith("+"):
        regions = tuple(r for r in regions if (r in ("US", "IN")) != digits.startswith("0")
                        or r == "IN")
    for region in regions:
        try:
            number = phonenumbers.parse(number_text, region)
        except phonenumbers.NumberParseException:
            continue
        if number.country_code == 1:
            valid = any(phonenumbers.is_valid_number_for_region(number, r) for r in ("US", "CA"))
        else:
            valid = phonenumbers.is_valid_number(number)
        if valid:
            return region, True
        possible = possible or phonenumbers.is_possible_number(number)
        if number_text.startswith("+"):
            break
    return None, possible


def _random_numbers(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    prefixes = ["", "", "", "0", "00", "011", "1", "0011", "1831", "44", "61", "91", "353",
                "64", "0161", "(0", "(0)"]
    separators = [" ", "-", ".", " - ", "\u2013", "  ", ") ", "", "", ""]
    numbers = []
    for _ in range(count):
        digits = rng.choice(prefixes) + "".join(
            rng.choice("0123456789") for _ in range(rng.randint(5, 13))
        )
        text = "".join(c + (rng.choice(separators) if rng.random() < 0.2 else "") for c in digits)
        numbers.append(("+" if rng.random() < 0.05 else "") + text.strip())
    return numbers


@pytest.mark.parametrize("seed", [1, 2])
def test_validity_skips_only_regions_that_cannot_change_it(seed: int) -> None:
    known = ["020 7946 0958", "0412 345 678", "(617) 555-0199", "011 44 20 7946 0958"]
    for text in [*_random_numbers(3000, seed), *known]:
        assert contact._phone_validity.__wrapped__(text) == _validity_region_by_region(text), text
