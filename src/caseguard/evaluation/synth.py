"""A seeded generator of annotated synthetic teaching-case text.

Each document is a radiology-style case description, an image caption or a
discharge-style note, in mixed case, ALL CAPS or lower case, with gold spans for
every text category of the policy (NAME, INITIALS, DATE, AGE_OVER_89, ADDRESS,
POSTCODE, PHONE, FAX, EMAIL, ID_NUMBER, VEHICLE, DEVICE_ID, URL, IP) interleaved
with hard negatives that must stay unannotated (see `synth_negatives`).

    for record in generate(500, seed=TUNE_SEED):
        ...  # {"id": "synth-<seed>-<i>", "text": ..., "spans": [{"start", "end", "label"}]}

Seeds: the same seed gives the same documents (for one Faker version).
`TUNE_SEED` and seeds below `HELDOUT_SEED_BASE` are for developing detectors;
`HELDOUT_SEED` and every seed from `HELDOUT_SEED_BASE` up are reserved for the
held-out measure and must not be looked at while tuning.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from caseguard.evaluation.synth_negatives import (
    NEGATIVE_SLOTS,
    negative_sentence,
    negative_sentences,
)
from caseguard.evaluation.synth_values import LOCALES, Values
from caseguard.findings import Category

__all__ = [
    "HELDOUT_SEED",
    "HELDOUT_SEED_BASE",
    "TEXT_CATEGORIES",
    "TUNE_SEED",
    "generate",
    "is_heldout_seed",
    "negative_sentences",
]

TUNE_SEED = 1729
HELDOUT_SEED_BASE = 1_000_000
HELDOUT_SEED = 1_000_003

# the categories that text can carry and the generator covers
TEXT_CATEGORIES = frozenset({
    Category.NAME, Category.INITIALS, Category.DATE, Category.AGE_OVER_89, Category.ADDRESS,
    Category.POSTCODE, Category.PHONE, Category.FAX, Category.EMAIL, Category.ID_NUMBER,
    Category.VEHICLE, Category.DEVICE_ID, Category.URL, Category.IP,
})


def is_heldout_seed(seed: int) -> bool:
    return seed >= HELDOUT_SEED_BASE


@dataclass
class _Case:
    """One document being written: its persona, its text so far and its gold spans."""

    values: Values
    rng: random.Random
    first: str
    last: str
    female: bool
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[tuple[int, int, Category]] = field(default_factory=list)

    def add(self, text: str, category: Category | None = None) -> None:
        stripped = text.strip()
        if category is not None and stripped:
            start = self.length + text.index(stripped)
            self.spans.append((start, start + len(stripped), category))
        self.parts.append(text)
        self.length += len(text)

    def initials(self) -> str:
        f, la = self.first[:1].upper(), self.last[:1].upper()
        return self.values.choice((f"{f}.{la}.", f"{f}. {la}.", f"{f}{la}", f"{f}.{la}"))


_V = Callable[[_Case], str]
_PHI_SLOTS: dict[str, tuple[Category, _V]] = {
    "pt_first": (Category.NAME, lambda c: c.first),
    "pt_last": (Category.NAME, lambda c: c.last),
    "pt_full": (Category.NAME, lambda c: f"{c.first} {c.last}"),
    "pt_rev": (Category.NAME, lambda c: f"{c.last.upper()}, {c.first}"),
    "dr_last": (Category.NAME, lambda c: c.values.last_name()),
    "dr_full": (Category.NAME, lambda c: f"{c.values.first_name()} {c.values.last_name()}"),
    "dr_init": (Category.NAME, lambda c: f"{c.values.first_name()[0]}. {c.values.last_name()}"),
    "rel_first": (Category.NAME, lambda c: c.values.first_name()),
    "initials": (Category.INITIALS, lambda c: c.initials()),
    "initials_bare": (Category.INITIALS, lambda c: f"{c.first[:1]}{c.last[:1]}".upper()),
    "date": (Category.DATE, lambda c: c.values.date()),
    "age90": (Category.AGE_OVER_89, lambda c: c.values.age_over_89()),
    "street": (Category.ADDRESS, lambda c: c.values.street()),
    "town": (Category.ADDRESS, lambda c: c.values.town()),
    "hospital": (Category.ADDRESS, lambda c: c.values.hospital()),
    "postcode": (Category.POSTCODE, lambda c: c.values.postcode()),
    "phone": (Category.PHONE, lambda c: c.values.phone()),
    "fax": (Category.FAX, lambda c: c.values.phone()),
    "email": (Category.EMAIL, lambda c: c.values.email(c.first, c.last)),
    "url": (Category.URL, lambda c: c.values.url()),
    "ip": (Category.IP, lambda c: c.values.ip()),
    "mrn": (Category.ID_NUMBER, lambda c: c.values.record_number()),
    "accession": (Category.ID_NUMBER, lambda c: c.values.accession()),
    "nhs": (Category.ID_NUMBER, lambda c: c.values.nhs_number()),
    "ssn": (Category.ID_NUMBER, lambda c: c.values.ssn()),
    "medicare": (Category.ID_NUMBER, lambda c: c.values.medicare_au()),
    "sin": (Category.ID_NUMBER, lambda c: c.values.sin_ca()),
    "pps": (Category.ID_NUMBER, lambda c: c.values.pps_ie()),
    "aadhaar": (Category.ID_NUMBER, lambda c: c.values.aadhaar_in()),
    "plate": (Category.VEHICLE, lambda c: c.values.plate()),
    "vin": (Category.VEHICLE, lambda c: c.values.vin()),
    "serial": (Category.DEVICE_ID, lambda c: c.values.serial()),
}
_GRAMMAR: dict[str, _V] = {
    "title": lambda c: c.values.choice(("Mrs", "Ms", "Miss")) if c.female else "Mr",
    "his": lambda c: "her" if c.female else "his",
    "His": lambda c: "Her" if c.female else "His",
    "man": lambda c: "woman" if c.female else "man",
    "sex": lambda c: "F" if c.female else "M",
    "relation": lambda c: c.values.choice(("wife", "husband", "daughter", "son", "mother",
                                           "brother", "sister", "partner", "granddaughter")),
    "n": lambda c: str(c.rng.randint(1, 6)),
}

OPENERS = (
    "{pt_full}, {young_age}, presented to {hospital} with {symptom}.",
    "{title} {pt_last} ({initials}), a {age90}-year-old {man}, was admitted on {date} with "
    "{symptom}.",
    "Pt {initials_bare}, {young_age}, seen in ED on {date} with {symptom}.",
    "{pt_first} is {young_age} referred from {town} with {symptom}.",
    "{age90} yo {sex} with {eponym}, admitted {date} via {hospital}.",
    "History: {young_age} ({initials}) with {symptom} since {date}.",
    "This {age90}-year-old {man} from {town} presented {reltime} with {symptom}.",
    "{title} {pt_full} was transferred from {hospital} on {date}.",
)
PHI_SENTENCES = (
    "Seen by Dr {dr_last} at {hospital} on {date}.",
    "Referred by Dr. {dr_full} (tel {phone}).",
    "{His} {relation} {rel_first} was present and consented to publication.",
    "Next of kin: {rel_first} {pt_last}, mobile {phone}.",
    "Address: {street}, {town} {postcode}.",
    "Lives at {street}, {town}, postcode {postcode}.",
    "Home postcode {postcode}.",
    "Fax results to {fax}.",
    "Fax: {fax}  Phone: {phone}",
    "Contact the family at {email}.",
    "Please email {email} with questions.",
    "Images are available at {url}.",
    "Study exported from workstation {ip}.",
    "Login from IP {ip} was recorded.",
    "MRN {mrn}.",
    "UR number: {mrn}",
    "Hospital ID {mrn}; accession no. {accession}.",
    "NHS number {nhs}.",
    "SSN {ssn} on file.",
    "Medicare number {medicare}.",
    "SIN {sin}.",
    "PPS number {pps}.",
    "Aadhaar {aadhaar}.",
    "Accession {accession} at {hospital}.",
    "{pt_rev} DOB {date}",
    "DOB: {date}; scanned {date}.",
    "The patient arrived by car, registration {plate}.",
    "Vehicle VIN {vin} was involved in the collision.",
    "Ambulance plate {plate} from {town}.",
    "Pacemaker serial number {serial} was confirmed MR-conditional.",
    "Scanner S/N {serial}.",
    "Insulin pump serial {serial} was removed before imaging.",
    "Follow-up with Dr {dr_init} on {date} at {hospital}.",
    "Discussed with {pt_first}'s {relation} {rel_first} ({phone}).",
    "Pt {initials_bare} consented on {date}.",
    "Initials {initials}, aged {age90}.",
    "Mother is {age90} and lives in {town}.",
)
SIGNATURES = (
    "Reported by Dr {dr_full}, Consultant Radiologist.",
    "-- {dr_init}, {hospital}",
    "Dictated by {dr_full} on {date}.",
    "Signed: Dr {dr_last} ({email})",
    "c.c. Dr {dr_full}, {hospital}, fax {fax}",
)
CAPTIONS = (
    "Figure {n}: {sequence} axial image of {pt_full} ({initials}), {date}, showing {eponym}.",
    "Fig. {n}. {pt_first}, {age90}, {finding} at {level}; scanned at {hospital}.",
    "Image {n}: CT of {title} {pt_last} on {date}; {finding} ({measure}).",
    "Figure {n} - {sequence} of pt {initials_bare} at {level}, acc {accession}.",
    "Case {n}: {eponym} in {young_age}, {town}, {date}.",
)
NOTE_HEADERS = (
    "DISCHARGE SUMMARY\nName: {pt_full}\nDOB: {date}\nMRN: {mrn}\nAdmitted: {date}",
    "Patient: {pt_rev}\nNHS No: {nhs}\nGP: Dr {dr_last}, {street}, {town} {postcode}",
    "Name: {pt_full}  Age: {age90}\nUR: {mrn}  Ward: 4B\nTel: {phone}",
    "RADIOLOGY REPORT\nPatient {pt_full}, DOB {date}\nAccession: {accession}\n"
    "Referrer: Dr {dr_full}",
    "Referrer: Dr {dr_full}",
)

_SLOT = re.compile(r"\{(\w+)\}")


def _write(case: _Case, template: str) -> None:
    for i, piece in enumerate(_SLOT.split(template)):
        if i % 2 == 0:
            case.add(piece)
        elif piece in _PHI_SLOTS:
            category, make = _PHI_SLOTS[piece]
            case.add(make(case), category)
        elif piece in NEGATIVE_SLOTS:
            options = NEGATIVE_SLOTS[piece]
            case.add(options[case.rng.randrange(len(options))])
        else:
            case.add(_GRAMMAR[piece](case))


def _write_negative(case: _Case) -> None:
    case.add(negative_sentence(case.rng))


def _compose(case: _Case) -> None:
    rng = case.rng
    kind = rng.choices(("case", "caption", "note"), weights=(5, 2, 3))[0]
    pick = case.values.choice
    body: list[str | None] = [None] * rng.randint(1, 4)  # None: a negative sentence
    body += [pick(PHI_SENTENCES) for _ in range(rng.randint(2, 4))]
    rng.shuffle(body)
    if kind == "caption":
        _write(case, pick(CAPTIONS))
        if rng.random() < 0.5:
            case.add(" ")
            _write_negative(case)
        return
    if kind == "note":
        _write(case, pick(NOTE_HEADERS))
        case.add("\n\n")
    else:
        _write(case, pick(OPENERS))
        case.add(" ")
    for i, template in enumerate(body):
        if i:
            case.add("\n" if kind == "note" else " ")
        if template is None:
            _write_negative(case)
        else:
            _write(case, template)
    if rng.random() < 0.5:
        case.add("\n")
        _write(case, pick(SIGNATURES))


def _recase(text: str, rng: random.Random) -> str:
    roll = rng.random()
    changed = text.upper() if roll < 0.15 else text.lower() if roll < 0.25 else text
    # a few letters change length when recased ("ß" -> "SS"); the offsets must hold
    return changed if len(changed) == len(text) else text


def generate(n: int, seed: int = TUNE_SEED) -> Iterator[dict[str, Any]]:
    """``n`` annotated documents in gold form, ids ``synth-<seed>-<i>``."""
    values = Values(seed)
    rng = random.Random(seed ^ 0x5EED)
    for i in range(n):
        values.use_locale(LOCALES[rng.randrange(len(LOCALES))])
        case = _Case(values, rng, values.first_name(), values.last_name(), rng.random() < 0.5)
        _compose(case)
        text = _recase("".join(case.parts), rng)
        yield {
            "id": f"synth-{seed}-{i}",
            "text": text,
            "spans": [{"start": s, "end": e, "label": c.value} for s, e, c in case.spans],
        }
