"""The shipped DICOM reference tables: PS3.15 Table E.1-1 (edition 2025b) and safe private tags.

Two data files live in ``caseguard/data/dicom/``:

- ``basic_profile.json``: every row of DICOM PS3.15 Annex E Table E.1-1, edition **2025b**
  ("Application Level Confidentiality Profile Attributes"), with its Basic Profile action
  and the action of each option column (an empty column means the option does not change it).
- ``safe_private.json``: the private data elements that TCIA's Private Tag Knowledge Base
  (2024-02-01) keeps (disposition ``k``) and never deletes, hashes or offsets in any context,
  keyed by group, private creator and element byte. Only Retain Safe Private reads it.

Both are generated from the public source tables by ``scripts/build_dicom_profile.py``; the
``build_*`` functions here do the conversion so that tests can compare the shipped files
with their sources.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "EDITION",
    "OPTION_COLUMNS",
    "ProfileRow",
    "build_profile",
    "build_safe_private",
    "load_profile",
    "load_safe_private",
]

EDITION = "2025b"
KB_DATE = "2024-02-01"

# The option columns of Table E.1-1, in the order the standard prints them.
OPTION_COLUMNS = (
    "retain_safe_private",
    "retain_uids",
    "retain_device_identity",
    "retain_institution_identity",
    "retain_patient_characteristics",
    "retain_long_full_dates",
    "retain_long_modified_dates",
    "clean_descriptors",
    "clean_structured_content",
    "clean_graphics",
)
ACTION_CODES = frozenset({"X", "Z", "D", "U", "K", "C", "X/Z", "X/D", "X/Z/D", "X/Z/U*", "Z/D"})


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One row of Table E.1-1: a tag (or wildcard pattern) and what each column says."""

    tag: str
    name: str
    in_std_comp_iod: bool
    basic_profile: str
    options: Mapping[str, str]


def build_profile(rows: Iterable[Mapping[str, str]]) -> dict[str, Any]:
    """Turn the source CSV rows (columns as in the shared README) into the shipped document."""
    out = []
    for raw in rows:
        action = raw["basic_profile"].strip()
        if action not in ACTION_CODES:
            raise ValueError(f"{raw['tag']}: unknown Basic Profile action {action!r}")
        options = {c: raw[c].strip() for c in OPTION_COLUMNS if raw.get(c, "").strip()}
        out.append({
            "tag": raw["tag"].strip(),
            "name": " ".join(raw["name"].split()),
            "in_std_comp_iod": raw["in_std_comp_iod"].strip() == "Y",
            "basic_profile": action,
            "options": options,
        })
    out.sort(key=lambda r: str(r["tag"]))
    return {
        "standard": "DICOM PS3.15 Annex E, Table E.1-1",
        "edition": EDITION,
        "columns": ["basic_profile", *OPTION_COLUMNS],
        "rows": out,
    }


# The last path component of a KB pattern, e.g. (0009,"GEMS_IDEN_01",02); the export lost
# some opening quotes, so quotes around the creator are optional.
_LAST = re.compile(r'\(([0-9A-Fa-f]{4}),"?(.*?)"?,([0-9A-Fa-f]{2})\)$')


def build_safe_private(rows: Iterable[Mapping[str, str]]) -> dict[str, Any]:
    """Private elements the KB keeps everywhere it lists them (and never treats otherwise)."""
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    unsafe: set[tuple[str, str, str]] = set()
    for raw in rows:
        pattern = raw["element_sig_pattern"].strip()
        last = pattern[pattern.rfind("](") + 1 :] if "](" in pattern else pattern
        match = _LAST.match(last)
        if match is None:
            continue
        group, creator, element = match.group(1).lower(), match.group(2).strip(), match.group(3)
        if int(group, 16) % 2 == 0 or not creator or creator.startswith("Unnamed Private Block"):
            continue
        key = (group, creator, element.lower())
        disposition = raw["private_disposition"].strip().lower()
        if disposition != "k":
            unsafe.add(key)
            continue
        entry = seen.setdefault(key, {"vrs": set(), "name": raw["tag_name"].split(":")[-1]})
        entry["vrs"].add(raw["vr"].strip())
    elements = [
        {"group": g, "creator": c, "element": e, "vrs": sorted(v["vrs"]), "name": v["name"]}
        for (g, c, e), v in sorted(seen.items())
        if (g, c, e) not in unsafe
    ]
    return {
        "source": "TCIA Private Tag Knowledge Base",
        "date": KB_DATE,
        "rule": "disposition k in every row for (group, private creator, element); no d/h/o",
        "elements": elements,
    }


def read_source_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _data(name: str) -> Any:
    text = resources.files("caseguard").joinpath(f"data/dicom/{name}").read_text("utf-8")
    return json.loads(text)


@cache
def load_profile() -> tuple[ProfileRow, ...]:
    doc = _data("basic_profile.json")
    return tuple(
        ProfileRow(r["tag"], r["name"], r["in_std_comp_iod"], r["basic_profile"], r["options"])
        for r in doc["rows"]
    )


@cache
def load_safe_private() -> frozenset[tuple[int, str, int]]:
    """(group, private creator, element byte) of every private element known to be safe."""
    doc = _data("safe_private.json")
    return frozenset(
        (int(e["group"], 16), e["creator"], int(e["element"], 16)) for e in doc["elements"]
    )
