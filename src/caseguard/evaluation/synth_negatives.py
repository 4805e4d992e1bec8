"""Clinical language that must survive de-identification: the generator's hard negatives.

Eponyms that are also surnames ("Wilson disease", "Smith fracture"), anatomy and
measurements ("C5-C6", "5 x 4 mm", "40 mSv"), MR sequences, drugs, scores,
relative time and ages under 90. None of it is identifying; a detector that marks
it over-redacts. `negative_sentences` builds PHI-free sentences from these lists
for the over-redaction measure.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["NEGATIVE_SLOTS", "negative_sentences"]

EPONYMS = (
    "Hodgkin lymphoma", "non-Hodgkin lymphoma", "Crohn disease", "Crohn's disease",
    "Parkinson disease", "Parkinson's disease", "Wilson disease", "Bell palsy",
    "Bell's palsy", "Baker cyst", "Baker's cyst", "Guillain-Barre syndrome",
    "Alzheimer disease", "Addison disease", "Cushing syndrome", "Graves disease",
    "Hashimoto thyroiditis", "Paget disease of bone", "Barrett oesophagus",
    "Barrett's esophagus", "Meckel diverticulum", "Wernicke encephalopathy",
    "Kawasaki disease", "Legg-Calve-Perthes disease", "Osgood-Schlatter disease",
    "Wilms tumour", "Ewing sarcoma", "Kaposi sarcoma", "Hirschsprung disease",
    "Huntington disease", "Marfan syndrome", "Down syndrome", "Turner syndrome",
    "Budd-Chiari syndrome", "Dandy-Walker malformation", "Chiari I malformation",
    "Sjogren syndrome", "Takayasu arteritis", "Colles fracture", "Smith fracture",
    "Jones fracture", "Monteggia fracture-dislocation", "Bankart lesion", "Hill-Sachs lesion",
    "Schmorl node", "Virchow node", "Morison pouch", "Brodie abscess", "Boerhaave syndrome",
    "Mallory-Weiss tear", "Zenker diverticulum", "Klatskin tumour", "Pancoast tumour",
    "Warthin tumour", "Krukenberg tumour", "von Hippel-Lindau disease",
    "Sturge-Weber syndrome", "Creutzfeldt-Jakob disease", "Erdheim-Chester disease",
    "Scheuermann disease", "Kienbock disease", "Lisfranc injury", "Segond fracture",
    "Salter-Harris II fracture", "Todd paresis", "Horner syndrome", "Brown-Sequard syndrome",
    "Wallenberg syndrome", "Fahr disease", "Moyamoya disease", "Pott disease",
    "Still disease", "Behcet disease", "Whipple disease", "a Whipple procedure",
    "a Hartmann procedure", "Nissen fundoplication", "Roux-en-Y gastric bypass",
    "Weber B ankle fracture", "Le Fort II fracture", "Garden III neck of femur fracture",
    "Schatzker II tibial plateau fracture", "Stanford type A dissection",
)
FINDINGS = (
    "a well-defined lytic lesion", "a ring-enhancing mass", "subsegmental atelectasis",
    "a small pleural effusion", "free fluid in the pelvis", "periventricular white matter change",
    "an intussusception", "diffuse bowel wall thickening", "a displaced fracture",
    "a spiculated nodule", "a calcified granuloma", "mild hydronephrosis",
    "restricted diffusion", "a fluid-fluid level", "a target sign", "a double duct sign",
    "extensive lymphadenopathy", "a pneumoperitoneum", "marrow oedema", "a syrinx",
)
SITES = (
    "the right lower lobe", "the left parietal lobe", "segment VII of the liver",
    "the pancreatic head", "the left kidney", "the terminal ileum", "the sigmoid colon",
    "the right femoral neck", "the medial meniscus", "the thyroid isthmus",
    "the pituitary fossa", "the anterior mediastinum", "the distal radius", "the left adrenal",
)
LEVELS = ("C5-C6", "C6/7", "L4/5", "L5/S1", "L4-L5", "T12", "T11-T12", "C2", "S1", "L3",
          "T4-T6", "C1-C2")
SEQUENCES = ("T2", "T1", "T2-weighted", "T1 post-contrast", "FLAIR", "DWI", "STIR", "SWI",
             "T2*", "ADC", "MRCP", "PD fat-sat")
MEASURES = ("3.2 cm", "5 x 4 mm", "12 x 8 x 6 mm", "2.5 cm", "8 mm", "1.1 x 0.9 cm",
            "15 mm", "4.7 cm", "0.6 cm", "22 x 18 mm", "7 cm", "180 mL")
PHYSICS = ("120 kVp", "250 mAs", "1.5 T", "3 T", "b = 1000 s/mm2", "a 0.625 mm slice thickness")
RADIATION = ("40 mSv", "12 mGy", "DLP 850 mGy.cm", "CTDIvol 14 mGy", "7.2 mSv", "0.1 mSv")
VALUES = ("SUVmax 8.4", "45 HU", "-20 HU", "ADC 0.8 x 10-3 mm2/s", "an ejection fraction of 35%")
DRUGS = (
    "warfarin", "apixaban", "rivaroxaban", "heparin", "metformin", "insulin glargine",
    "prednisolone", "methotrexate", "infliximab", "adalimumab", "rituximab", "levodopa",
    "carbidopa-levodopa", "penicillamine", "trientine", "levothyroxine", "carbimazole",
    "hydrocortisone", "fludrocortisone", "amoxicillin", "co-amoxiclav", "vancomycin",
    "piperacillin-tazobactam", "gadobutrol", "iohexol", "furosemide", "morphine",
    "paracetamol", "ibuprofen", "tamoxifen", "cisplatin", "doxorubicin", "thiamine",
    "alteplase", "tenecteplase", "ondansetron", "omeprazole", "aspirin", "clopidogrel",
)
DOSES = ("5 mg", "10 mg daily", "1 g IV", "500 mg twice daily", "40 mg", "0.1 mmol/kg",
         "2.5 mg weekly", "100 mcg", "75 mg", "20 units")
SCORES = (
    "GCS 14", "GCS 3/15", "GCS E3V4M6", "BI-RADS 4", "BI-RADS 5", "LI-RADS 5", "PI-RADS 3",
    "TI-RADS 4", "Bosniak IIF", "ASPECTS 8", "NIHSS 12", "Gleason 3+4=7", "APGAR 9",
    "Wells score 6", "CHA2DS2-VASc 3", "Fazekas grade 2", "Spetzler-Martin grade III",
    "Fisher grade 3", "Hunt and Hess grade 2", "Child-Pugh B", "MELD 18", "BMI 31",
    "ECOG 1", "Tanner stage 3", "Kellgren-Lawrence grade 3", "mRS 2", "Ranson 4",
)
RELATIVE_TIME = (
    "day 3 post-op", "two weeks later", "on day 5 of admission", "48 hours after presentation",
    "three months earlier", "at the 6-week follow-up", "the following morning",
    "on postoperative day 2", "at 18 months", "six years before", "the previous evening",
    "on the second day", "after 10 days of antibiotics", "a year later", "within 24 hours",
)
YOUNG_AGES = (
    "a 45-year-old man", "a 7-year-old girl", "a 62-year-old woman", "a 34-year-old",
    "a 3-month-old infant", "an 89-year-old man", "a 71-year-old retired teacher",
    "a 58 yo F", "a 16-year-old boy", "a 28-year-old pregnant woman", "an 80-year-old",
    "a 52-year-old smoker", "a 9-day-old neonate", "a 67-year-old farmer",
)
SYMPTOMS = (
    "worsening headache", "right upper quadrant pain", "a painless neck lump",
    "progressive dysphagia", "haematuria", "a tremor", "acute confusion", "fever and rigors",
    "knee swelling", "back pain radiating to the leg", "haemoptysis", "weight loss",
    "a first seizure", "facial weakness", "bloody diarrhoea",
)

NEGATIVE_SLOTS: dict[str, tuple[str, ...]] = {
    "eponym": EPONYMS, "finding": FINDINGS, "site": SITES, "level": LEVELS,
    "sequence": SEQUENCES, "measure": MEASURES, "physics": PHYSICS, "radiation": RADIATION,
    "value": VALUES, "drug": DRUGS, "dose": DOSES, "score": SCORES, "reltime": RELATIVE_TIME,
    "young_age": YOUNG_AGES, "symptom": SYMPTOMS,
}

NEGATIVE_TEMPLATES = (
    "{young_age} presented with {symptom}; imaging showed {finding} in {site}.",
    "Appearances are typical of {eponym}.",
    "{sequence} images demonstrate {finding} measuring {measure} in {site}.",
    "There is disc protrusion at {level} with mild canal narrowing.",
    "Started on {drug} {dose}; {score} on arrival.",
    "Switched from {drug} to {drug} {reltime}; {value}.",
    "Follow-up imaging {reltime} showed interval resolution.",
    "The effective dose was {radiation}.",
    "The lesion measured {value} on {sequence}.",
    "Differential diagnosis includes {eponym} and {eponym}.",
    "Known {eponym}, treated with {drug}.",
    "{finding} at {level}, {measure}, {sequence} hyperintense.",
    "The lesion was graded {score} and biopsy was recommended.",
    "{reltime}, a repeat scan showed {finding} ({measure}).",
    "History of {eponym}; now {symptom}.",
    "Acquired at {physics} with {sequence} and contrast-enhanced sequences.",
    "{young_age} with {eponym} on {drug}.",
    "No features of {eponym} were seen; {score}.",
    "Compression fracture of {level} with {measure} of height loss.",
    "Teaching point: {eponym} may mimic {eponym} on {sequence}.",
)


def _fill(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        options = NEGATIVE_SLOTS[out[start + 1 : end]]
        out = out[:start] + options[rng.randrange(len(options))] + out[end + 1 :]
    return out[0].upper() + out[1:]


def negative_sentence(rng: random.Random) -> str:
    """One PHI-free sentence of clinical language (mixed case)."""
    return _fill(NEGATIVE_TEMPLATES[rng.randrange(len(NEGATIVE_TEMPLATES))], rng)


def negative_phrase(slot: str) -> Callable[[random.Random], str]:
    options = NEGATIVE_SLOTS[slot]
    return lambda rng: options[rng.randrange(len(options))]


def negative_sentences(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` distinct PHI-free sentences as gold records with no spans.

    About one in six is written in capitals and one in ten in lower case, as real
    notes are. Ids are ``synth-neg-<seed>-<i>``.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    attempts = 0
    while len(seen) < n:
        attempts += 1
        if attempts > n * 50:
            raise ValueError(f"cannot make {n} distinct negative sentences")
        text = negative_sentence(rng)
        roll = rng.random()
        if roll < 0.16:
            text = text.upper()
        elif roll < 0.26:
            text = text.lower()
        if text in seen:
            continue
        yield {"id": f"synth-neg-{seed}-{len(seen)}", "text": text, "spans": []}
        seen.add(text)
