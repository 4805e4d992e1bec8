"""Streets, P.O. boxes, institutions and towns."""

import random

import pytest

from caseguard.text import institutions
from caseguard.text.document import Document
from caseguard.text.merge import merge_findings
from caseguard.text.place_words import boundaries
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
        # a large city frequent in text, in capitals after a preposition
        ("SON FLEW IN FROM MIAMI OVERNIGHT AND IS AT THE BEDSIDE.", ["MIAMI"]),
        # a capital the writer kept in a note written in lower case
        ("skin intact. social: daughter of Reisterstown visited during the evening, no change",
         ["Reisterstown"]),
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
        "PT WENT HOME WITH THE PLAN AGREED. THRASHES AROUND ALOT IN BED.",
        "skin intact. plan: wean as tolerated.\nReading of the scan is pending, no change",
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
        ("Seen by Dr. Jane Doe on 02/20/2024 at UCSF, s/p albuterol.", "UCSF"),
        ("GP: Dr Henry, 8 Richard Road, RD 5, Taihape 7402. Seen today.", "Taihape"),
        ("The dose was 7.2 mSv. Lives at 874 Moon Oval, New Alan, postcode 938825.",
         "874 Moon Oval"),
        ("GP: Dr Chaney, 2/952 Anderson Circlet, Andersonville E1. Seen.", "Andersonville"),
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
        "Started at 5 mg; kept at MAP goal; seen at ICU; BP at 120 over 80.",
        "She lives at 12 Weeks, and has pain. Living at 40 Percent, she said.",
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


@pytest.mark.parametrize(
    "text, expected",
    [
        # a street type that leads the name, the house number after it
        ("Tomomi lives at 86036 Rua do Arenque 1634, Goiânia.",
         [("ADDRESS", "86036 Rua do Arenque 1634"), ("ADDRESS", "Goiânia")]),
        ("Timotea lives on Via dei Fiorentini 17 with her son.",
         [("ADDRESS", "Via dei Fiorentini 17")]),
        ("ul. Słowicza 10 Apt. 360\nWrocław",
         [("ADDRESS", "ul. Słowicza 10"), ("ADDRESS", "Apt. 360"), ("ADDRESS", "Wrocław")]),
        # a type joined to the name, or standing apart after it
        ("Address: Mellemstræde 74, Vordingborg",
         [("ADDRESS", "Mellemstræde 74, Vordingborg")]),
        ("Pedestrians enter on hegyalja út 98. from the east.",
         [("ADDRESS", "hegyalja út 98.")]),
        ("she lives at 255 hersnapvej 18, københavn k",
         [("ADDRESS", "255 hersnapvej 18"), ("ADDRESS", "københavn k")]),
        # the French order: number, type, name
        ("The bus drops you off at 31 Rue tachkent St.", [("ADDRESS", "31 Rue tachkent")]),
        # town, region, country and code laid out in columns after a street or a unit
        ("Augsburger Strasse 36\nSuite 960\nSchuld\nGermany 10069",
         [("ADDRESS", "Augsburger Strasse 36"), ("ADDRESS", "Suite 960"), ("ADDRESS", "Schuld"),
          ("POSTCODE", "10069")]),
        ("24 Clarke Avenue\n>Apt. 805\n>Pines Beach\n>New Zealand 34694",
         [("ADDRESS", "24 Clarke Avenue"), ("ADDRESS", "Apt. 805"), ("ADDRESS", "Pines Beach"),
          ("POSTCODE", "34694")]),
        ("Avda. Rio Nalon 58  Apt. 461  Soto del Barco   Spain 61709",
         [("ADDRESS", "Avda. Rio Nalon 58"), ("ADDRESS", "Apt. 461"),
          ("ADDRESS", "Soto del Barco"), ("POSTCODE", "61709")]),
        ("2437 Main St Suite 442\n   Mill Village\n    NS\n    B0J 2H0",
         [("ADDRESS", "2437 Main St Suite 442"), ("ADDRESS", "Mill Village"),
          ("POSTCODE", "B0J 2H0")]),
        # a postal code after a known town
        ("He moved to Paris 75015 last year.", [("ADDRESS", "Paris"), ("POSTCODE", "75015")]),
    ],
)
def test_international_address_lines(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found_all(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Given via NG tube 2 times daily, then via the femoral artery 5 days later.",
        "VIA NG TUBE 3 TIMES. RUE DVT 2 WEEKS AGO.",
        "CVP 9-13 via TLC. BP via AL 88-120/49. Bi-PAP via PB 7200 vent.",
        "L4-5 disc. Given 2 units PRBC. Applied 2 route of administration.",
        "Rue 3. Plaza 3 days.",
        "Lives at Apt. 4\nHistory of asthma.",
    ],
)
def test_no_international_street_in_clinical_text(text: str) -> None:
    assert [c for c, t in _found_all(text) if c == "ADDRESS" and t != "Apt. 4"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Seen in Boston 2019 and again in 2021.",
        "Treated at Heidelberg 12345 units of heparin.",
        "Flown to Denver 5000 feet up.",
    ],
)
def test_no_postcode_after_town_for_years_and_counts(text: str) -> None:
    assert [t for c, t in _found_all(text) if c == "POSTCODE"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # the continental order: street, then the postal code before the town
        ("Lives at Skoanveien 226, 8200 Fauske.",
         [("ADDRESS", "Skoanveien 226"), ("POSTCODE", "8200"), ("ADDRESS", "Fauske")]),
        ("Adresse: 12 rue de Rivoli, 75001 Paris",
         [("ADDRESS", "12 rue de Rivoli"), ("POSTCODE", "75001"), ("ADDRESS", "Paris")]),
        ("Calle Mayor, 5, 28013 Madrid",
         [("ADDRESS", "Calle Mayor, 5"), ("POSTCODE", "28013"), ("ADDRESS", "Madrid")]),
        ("Rue de la Loi 16, 1000 Bruxelles",
         [("ADDRESS", "Rue de la Loi 16"), ("POSTCODE", "1000"), ("ADDRESS", "Bruxelles")]),
    ],
)
def test_code_before_town(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found_all(text) == expected


def test_unit_before_hospital_is_not_its_name() -> None:
    text = "THE EFFECTIVE DOSE WAS 7.2 MSV. HOSPITAL ID TW453428."
    assert [t for c, t in _found_all(text) if c == "ADDRESS"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # after "lives at", capitalised words and a number are a street with no street type
        ("Tilly Nicholson lives at 10252 Μεγάλη Άμμος 184, ΠΑΦΟΣ",
         [("ADDRESS", "10252 Μεγάλη Άμμος 184"), ("ADDRESS", "ΠΑΦΟΣ")]),
        ("He lives at Golfskálinn 78, Borgarnes",
         [("ADDRESS", "Golfskálinn 78"), ("ADDRESS", "Borgarnes")]),
        # the town before a state's or a province's code and a postal code
        ("Mill Village NS B0J 2H0", [("ADDRESS", "Mill Village"), ("POSTCODE", "B0J 2H0")]),
        ("Boston, MA 02115", [("ADDRESS", "Boston"), ("POSTCODE", "02115")]),
    ],
)
def test_street_after_cue_and_town_before_state(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found_all(text) == expected


@pytest.mark.parametrize(
    "text", ["Lives at Home 2 with family.", "Mother lives at Hebrew Senior Life 2 miles away."]
)
def test_no_street_after_cue_without_a_name(text: str) -> None:
    assert _found_all(text) == []


def test_compass_named_institution_after_care_cue() -> None:
    text = "John K.'s case reviewed at Northwestern on Feb 10th 2023."
    assert _found_all(text) == [("ADDRESS", "Northwestern")]


def test_town_with_a_particle_closing_an_address() -> None:
    text = "2274 Via delle Coste 41\n??? Apt. 322\n??? Colle Di Tora\n??? Italy 95787"
    assert _found_all(text) == [
        ("ADDRESS", "2274 Via delle Coste 41"), ("ADDRESS", "Apt. 322"),
        ("ADDRESS", "Colle Di Tora"), ("POSTCODE", "95787"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Postfach 1234, 80331 München",
         [("ADDRESS", "Postfach 1234"), ("POSTCODE", "80331"), ("ADDRESS", "München")]),
        ("Caixa Postal 55, São Paulo", [("ADDRESS", "Caixa Postal 55"), ("ADDRESS", "São Paulo")]),
    ],
)
def test_post_office_boxes_in_other_languages(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found_all(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Access via Hickman 2 lumen line. Drained via Foley 16 Fr.",
        "Fed via the Dobhoff 2 days, then Via Dobhoff 3 days.",
        "Given 2 via NG tube; 3 via PEG.",
    ],
)
def test_via_a_device_is_not_a_street(text: str) -> None:
    assert list(StreetDetector().detect(Document(text))) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Looking to support Connotate in Costamezzana 43015 in its mission.",
         [("ADDRESS", "Costamezzana"), ("POSTCODE", "43015")]),
        ("Data Explorer in ÖVERTURINGEN 840 24 in its mission.",
         [("ADDRESS", "ÖVERTURINGEN"), ("POSTCODE", "840 24")]),
    ],
)
def test_place_and_postal_code(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found_all(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In MICU 12345 was the bed number. Treated in Room 12345.",
        "Test in PICU 14000 mg given. Counted in Jan 20231 cells.",
    ],
)
def test_no_place_and_code_for_counts_and_units(text: str) -> None:
    assert [c for c, _ in _found_all(text) if c == "POSTCODE"] == []


def test_no_town_before_a_state_and_a_count() -> None:
    doc = Document("Enrolled at Stanford PA 12500 patients in total.")
    assert list(StreetDetector().detect(doc)) == []


@pytest.mark.parametrize(
    "text, place",
    [
        ("46 year old male came into GH on 7/18 with chest pain.", "GH"),
        ("He was med-flighted to GH and went to the cath lab.", "GH"),
        ("intubated and tranfered to GH for further care.", "GH"),
        ("PT SENT TO ED AT GH. PT WAS SOMNOLENT.", "GH"),
        ("given ativan enroute to gh, did begin to wake", "gh"),
        ("social- retired from GH. Is married.", "GH"),
        ("BRINGING IN A CONSULT FROM THE GBMC. HO SPOKE WITH DR.", "GBMC"),
        ("PT MAY BE W/U BY GBMC FOR POSSIBLE TRANSPLANT.", "GBMC"),
        ("transfered to floor. to go to quartermain 6.", "quartermain"),
        ("IN RESP DISTRESS ON QUARTERMAIN 6; CODE CALLED.", "QUARTERMAIN"),
        ("PLAN ? TRANSFER TODAY TO QUARTERMAIN 2", "QUARTERMAIN"),
        ("pt transferred to 209 quartermain.", "quartermain"),
        ("TAKEN TO LAUREL REGIONAL WHERE CK'S WERE POSITIVE.", "LAUREL REGIONAL"),
        ("FAMILY REPORTS THAT AT UNION MEMORIAL, HER SKIN BECAME IRRITATED.", "UNION MEMORIAL"),
        ("COPD W HOME O2--CARE RECEIVED @ BALTIMORE VA. IDDM.", "BALTIMORE VA"),
        ("PT WAS TRANSFERED TO THE ZAGARIA CAMPUS FOR GI STUDIES.", "ZAGARIA CAMPUS"),
        ("D/C TPN. TO GO TO ST. MARY ON TUESDAY PER CASE WORKER.", "ST. MARY"),
        ("HPI FROM F-MICU/QUARTERMAIN/CCU TEAMS AND NSG STAFF.", "QUARTERMAIN"),
    ],
)
def test_hospital_initials_wards_and_short_names_after_care_cues(text: str, place: str) -> None:
    assert ("ADDRESS", place) in _found_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pt sent to OR, then to CT. Sent to IR. Transferred to floor. To 5W.",
        "ON LEVO 4. ON CPAP 5, PEEP 5. TO OR 2 AT 0900.",
        "Patient was seen by PT and OT. Consult from GI. Retired from teaching.",
        "Regional anesthesia was given. No regional lymphadenopathy. Memorial service held.",
        "Corrected VA 20/40 OD, near VA J1.",
        "Line placed via Hickman 2 lumen. Urine via Foley 16 Fr.",
        "HARD STOOL NOTED ON ADM OF SUPP. GIVEN SS ENEMA.",
        "INTUBATED AND TRANSFERRED TO THE MCIU. Pt transfered to the NISICU.",
        "she is to recieve 1 bag on-call to or. Sent to ED at 0900.",
        "PT TRANSFERRED TO SNF. SEEN BY PCP AND VNA.",
        "DUE TO ST ELEVATION. FROM ST DEPRESSION. admitted to micua.",
        "MICU/SICU team, ED/floor, then Lasix/ER.",
    ],
)
def test_no_institution_after_care_cues_in_clinical_text(text: str) -> None:
    assert _found_all(text) == []


def test_foreign_streets_yield_street_spans() -> None:
    from caseguard.text.foreign_streets import foreign_streets

    text = "Skoanveien 226, 8200 Fauske; 29 Rue de Tanger; via Foley 16 Fr"
    spans = [text[a:b] for a, b in foreign_streets(Document(text), caseless=False)]
    assert spans == ["Skoanveien 226", "29 Rue de Tanger"]


@pytest.mark.parametrize(
    "text",
    [
        "".join(chr(c) for c in range(128)),
        "St. John's_Wood-9, NY 10001",
        "Zoë's café, 3 Rue d'Orsay",
    ],
)
def test_boundaries_blank_every_character_but_letters_and_digits(text: str) -> None:
    expected = "".join(c if c.isalpha() or c.isdigit() else " " for c in text)
    assert boundaries(text) == expected


def test_the_words_before_an_institution_are_searched_from_the_fifth_run_back() -> None:
    # what InstitutionDetector does: the search starts at the fifth run of non-space
    # characters before the keyword, and finds what a search of the whole window finds
    rng = random.Random(3)
    pieces = ["St. ", "Saint ", "saint  ", "st ", "Mary's ", "O'Neil ", "a&b ", "-x ", ".y ",
              "Royal ", "Free ", "\t", "\n", " ", "12 ", ", ", "Zoë ", "\u017ft. ", "\u00a0",
              "\u2009", "\x1c", "x\u0345 ", "12Royal "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) + "Hospital"
        end = len(text) - len("Hospital")
        start = max(0, end - 80)
        runs = [run.start() for run in institutions._NON_SPACE.finditer(text, start, end)]
        first = runs[-5] if len(runs) > 5 else start
        bounded = institutions._LAST_WORDS.search(text, first, end)
        whole = institutions._LAST_WORDS.search(text, start, end)
        assert (bounded is None) == (whole is None), text
        if bounded is not None and whole is not None:
            assert bounded.span(1) == whole.span(1), text
