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


@pytest.mark.parametrize(
    "text, expected",
    [
        # a first name and a surname that are also eponyms
        ("Cancer in a 58-year-old male, James Brown, treated with cisplatin.", ["James Brown"]),
        ("Next of kin: Stewart White, mobile 0412 345 678.", ["Stewart White"]),
        ("Bryan Maclean's sister called.", ["Bryan Maclean's"]),
        # a title and an initial
        ("Follow-up with Dr A. Morris on 3 March.", ["A. Morris"]),
        ("follow-up with dr a. morris on 3 march at the clinic as planned.", ["a. morris"]),
        ("-- A. Collins, consultant radiologist", ["A. Collins"]),
        ("AS PER E. WELSH: BILATERAL PLEURAL EFFUSIONS. PLAN TO DIURESE.", ["E. WELSH"]),
        # titles where capitals carry no signal
        ("IMAGE 6: CT OF MR SHAW ON 23/10/1960; DIFFUSE BOWEL WALL THICKENING.", ["SHAW"]),
        ("MISS THOMAS WHITE WAS TRANSFERRED FROM THE WARD WITH PAIN.", ["THOMAS WHITE"]),
        ("image 2: ct of miss kelly on 15-jun-1956; periventricular change.", ["kelly"]),
        # frames: an age after a name, a date of birth, bracketed initials
        ("Jay is a 58 yo F referred with a neck lump.", ["Jay"]),
        ("RANDY HARRIS, A 52-YEAR-OLD SMOKER, PRESENTED WITH HAEMOPTYSIS.", ["RANDY HARRIS"]),
        ("Known history. SMITH, Jay DOB 26 July 1970 with a lump.", ["SMITH", "Jay"]),
        ("Patient Faith Wright, DOB 25/12/2023, accession A61.", ["Faith Wright"]),
        ("T1 axial image of Heather Hall (HH), showing a cyst.", ["Heather Hall"]),
        ("MR WONG (N.W.), A 102-YEAR-OLD MAN, WAS ADMITTED.", ["WONG"]),
        # first names that are words, with a surname or an initial
        ("COPD in a 70yo male, Frank L., presented with dyspnoea.", ["Frank L"]),
        ("For a 60yo male, Jack Thompson, with lung cancer.", ["Jack Thompson"]),
        # "name is", a kid, two names and what people do
        ("Her maiden name is Key.", ["Key"]),
        ("I would like to remove my kid Marie from the will.", ["Marie"]),
        ("Usamov and Bowers were precision engineers.", ["Usamov", "Bowers"]),
        # after a title, an unknown word goes on with the name in any case
        ("MR. EDWIN PRZYBYLO IS AN 83 YR OLD MALE WHO PRESENTED WITH PAIN.", ["EDWIN PRZYBYLO"]),
        ("MR LOMISH HAD AN IMPROVED DAY TODAY. IN NO DISTRESS OVERNIGHT.", ["LOMISH"]),
        ("Handed over by Dr Will Cole (attending).", ["Will Cole"]),
        ("IV NURSE VIRGINIA SALLESE CALLED AND SAID THE LINE WAS OUT.", ["VIRGINIA SALLESE"]),
        ("Hi Victor, I'm writing about the scan.", ["Victor"]),
        ("NAME: APRIL DAVENPORT  AGE: 93  UR: 71-33553-9", ["APRIL DAVENPORT"]),
        ("HEIGHT LOSS NOTED. DICTATED BY BILLY JOHNSON ON MAR 31, 2000.", ["BILLY JOHNSON"]),
        ("Patient Christian White, DOB 1999-12-18.", ["Christian White"]),
        ("Founded by Monjeau, Graves and Reed in Leeds.", ["Monjeau", "Graves", "Reed"]),
        ("Dale and White were precision engineers.", ["Dale", "White"]),
        ("VISIT, MET W/ CASEWORKER LEONA LABOWICH. PLAN UNCHANGED.", ["LEONA LABOWICH"]),
        # speakers of dialogue; "Mr." before a word that is also English, in mixed case
        ('Oskar: "Where am I?" Marta: "At the clinic."', ["Oskar", "Marta"]),
        ("Mr. Given was reviewed on the ward.", ["Given"]),
        ("Seen with her daughter Lorna-Mae and son Piotr today.", ["Lorna-Mae", "Piotr"]),
        # a rare dictionary word before a listed surname is a first name
        ("Her great grandfather was called Yulan Peres.", ["Yulan"]),
        ("THE SURGEON WILL TALK TO MARGARET ABOUT THE PLAN TOMORROW.", ["MARGARET"]),
        # an unknown surname ending like a drug ("-one") is still a surname
        ("POTASSIUM 5.9. K. SCIARRONE AWARE, REPEAT AT 1400.", ["K. SCIARRONE"]),
        # joined by a hyphen to a relative or a title; a relative's role in brackets
        ("SOCIAL: SON-DMITRI CALLED TWICE OVERNIGHT.", ["DMITRI"]),
        ("TRANSFER PLANNED PER CARDIOLOGY-DR. OKONJO TODAY.", ["OKONJO"]),
        ("Visited by Oksana Wierzbicki (daughter) this afternoon.", ["Oksana Wierzbicki"]),
        ("K 5.9 ON REPEAT, J HARTLEY NOTIFIED.", ["J HARTLEY"]),
        # people addressed, speakers, what they are called, a first name before a verb
        ("Cora, can you ring the ward back?", ["Cora"]),
        ("Don't go to town, Derrick!", ["Derrick"]),
        ("Halldór: What a day. Matthew: Remember me?", ["Halldór", "Matthew"]),
        ("Sandrine: Where is he?\n\t Matthew: Remember me?", ["Sandrine", "Matthew"]),
        ("He asked, Mattias, could you stay? Then left, Dorota!", ["Mattias", "Dorota"]),
        ("Everyone calls me borna.", ["borna"]),
        ('"Keep going," says Du Cane.', ["Du Cane"]),
        ("Dexter lives on a farm now.", ["Dexter"]),
        # a surname before "family", also when it is a rare word ("romero", a fish)
        ("SEDATED. UPDATED ROMERO FAMILY ON PLAN OF CARE.", ["ROMERO"]),
        ("Spoke with the Carter family at the bedside.", ["Carter"]),
        # whoever calls or visits is a person, even when the name is also a word
        ("wbc pending. social: bob visited during the evening.", ["bob"]),
        ("Plan unchanged. Bill called twice overnight.", ["Bill"]),
        ("Discussed with Pt. Kowalczyk and cc Nakamura.", ["Kowalczyk", "Nakamura"]),
        ("His wife Presnt visited today.", ["Presnt"]),
        # before a telephone number's label; between a staff role and "aware"
        ("Wife and son are devoted. Lopie Certusi cell# 410-322-1419.", ["Lopie Certusi"]),
        ("rate of 40 in sinus. NP grace made aware, eps consulted.", ["grace"]),
        ("K 5.9 ON REPEAT. RN KOWALSKI NOTIFIED.", ["KOWALSKI"]),
        # a capital the writer kept in a note written in lower case
        ("resp: on cpap. social: pt concerned about his business Przybylski and co today",
         ["Przybylski"]),
        # an initial after "w/", a name after a credential's full stop
        ("Plan discussed w/ J. Kowalczyk this am.", ["J. Kowalczyk"]),
        ("Handover from Dana Lutz RN. Rosalind Ferreira RN took over.", ["Dana Lutz",
                                                                         "Rosalind Ferreira"]),
        # a title or a relative outweighs the drug's words beside the name
        ("Dr Mullins applied the dressing. Daughter Meg drip-fed him.", ["Mullins", "Meg"]),
        ("Discussed with Rzepka and Wojcik; Lasix and Vanco given.", ["Rzepka", "Wojcik"]),
    ],
)
def test_names_found_by_frames_and_cues(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Stevens Johnson syndrome after carbamazepine. An Austin Flint murmur.",
        "MR BRAIN WAS NORMAL. MS FLARE ON 3/4/21 TREATED WITH STEROIDS.",
        "DOUBLE EXCORIATION ON BUTTOCKS AND IN PERI AREA. ALL DRESSINGS CHANGED.",
        "RESP: REMAINS ON RA STAS 99%. RR REGULAR 14-22, BREATH SOUNDS CLEAR.",
        "Crohn and Colitis were discussed; Parkinson and Alzheimer were ruled out.",
        "Known Crohn, Graves and Addison disease.",
        "ACCESS: RIGHT IJ PA LINE. LEFT SUBCLAVIAN TRIPLE LUMEN IN PLACE.",
        "Pain in L. leg; treated with I. V. fluids.",
        "Wilson disease, 45, with Kayser-Fleischer rings.",
        "A 58 yo F with Le Fort II fracture. Known Le Fort II fracture, treated with ORIF.",
        # misspelt drugs and clinical words are not unknown names
        "Started Labetelol drip; Triponin pending, Imtermittant runs of VT.",
        # drugs by brand, clipped words, "D/C'd"
        "Started on Kefzol 1 g, Bactroban to the wound; Afeb overnight, Bronch done.",
        "Lines D/C'd this morning; Clinda and Dobut continued, Phos repleted.",
        # "MR" and "MS" ending a sentence; relatives misspelt; section headings
        "Severe MR. Arrived on the ward intubated. Changes in MS. Aspiration precautions.",
        "Visited by his dauther and grandaughter; wife is spokesperson.",
        "Neuro: Alert and oriented.\nPlan: Wean to extubate.\nSocial: Wife in.",
        # in capitals, a rare surname that is also a word is the word
        "WOUND PACKED, GAUZE APPLIED. RIGHT FOOT DUSKY AND COOL.",
        "POST-MR BRAIN NORMAL. R HAND PRESENT. L ARM AWARE OF TOUCH.",
        "Indication: headache.\nTechnique: axial images.\nReferrer: on file.",
        "Yes, Doctor! Is it benign, Doctor? Thanks!",
        "aNeuro: Alert. xPlan: Wean.",
        "lines out today -- surgery will call back. son & dauther visited. pupils perla.",
        # rare dictionary words and dressings on their own
        "Sats 94% on 2 L via Nasal Cannula. Given Kaolin; Duoderm intact, Replete at goal.",
        "KEEP FAMILY AWARE. LARGE FAMILY AT BEDSIDE, YOUNG FAMILY MEMBERS VISITED.",
        # cubic centimetres
        "DRAINED 600 CC SERO/SANG FROM R SITE.",
        # a slip of a common word after a relative
        # words of a drug, a dressing or a device beside a name-like word
        "Destin lotion applied. STARTED BICARB 150 MEG DRIP. Placed on a Passey valve.",
        "called out to floor with stabel dose of milrinone. Sedated with IV Fentenly @ 50mcg.",
        "ACCESS: LSC QUENTIN, RSC CL. CREAN APPLIED TO SITES.",
        # acronyms after cue words
        "SEEN BY IR FOR PICC. C/V CONTINUES WITH SR, FREQ PVCS. RETURNS FROM NG BILIOUS.",
        # no vowel; an unknown word listed beside drugs
        "Vent settings Pcv 24, rate 22. Family here. Hsb is ENT physician.",
        "Afebrile on po Flagyl, Vanco and Levoq. Temp 100.9, receiving Vano, Ceftaz, Flagyl.",
        "MD made aware. HO MADE AWARE. RN team aware. Pt home phone 410-322-1419.",
        "ECHO showed 25% EF w/ 3-4+MR. Given total 6u PRBC. AS/MS. Given fluids.",
        "WIFE AGRESS THAT HE IS COMFORTABLE. SON PRESNT TILL 2100. husband visisted.",
        "IR CALLED AND PATIENT WOULD NEED A LINE. SON CALLED. WILL CALLED BACK.",
        "Carter family members visited. Family history of diabetes. YOUNG FAMILY.",
    ],
)
def test_frames_leave_clinical_language(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pt AT, a 9-day-old neonate, seen in ED.", ["AT"]),
        ("Figure 3 - SWI of pt CP at L4-L5, acc LI52044593.", ["CP"]),
        ("HISTORY: A 52-YEAR-OLD SMOKER (J.C.) WITH WEIGHT LOSS.", ["J.C."]),
        ("mr robinson (j.r), a 92-year-old man, was admitted to the ward today.", ["j.r"]),
        ("care of pt at home was discussed with the family today and all agreed.", []),
        ("Acute lymphoblastic leukemia (ALL), in remission.", []),
        ("History: an 80-year-old (C. T.) with a painless neck lump.", ["C. T."]),
        ("A MASS IN THE LEFT ADRENAL. PT AM CONSENTED ON 22/7/33. NO MORE.", ["AM"]),
        ("pt is consented for the procedure today and the family agrees.", []),
        ("Transfers: Pt MAX assist of two. Pt CDB well, Pt NTS'd for thick sputum.", []),
        # "M" for male stands alone ("45M"), not at the end of a word ("OM"); "NOC" is night
        ("A 45M (JS) WITH CHEST PAIN.", ["JS"]),
        ("SVG TO RAMUS/OM (OLD)--ELEVATED. NPN (NOC): PT REMAINS INTUBATED.", []),
        # letters written onto a number or into a word
        ("Dsg D and I. X-ray confirmed placement. Tolerating NC at 3L. O2Sat 99%.", []),
        ("Seen with J. S. and A. B. today.", ["J. S.", "A. B."]),
    ],
)
def test_initials_described_as_a_person(text: str, expected: list[str]) -> None:
    assert _initials(text) == expected
