"""The shipped tables match their public sources, and the compiled rules read them right."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path

import pytest

from caseguard.dicom.profile import DicomOptions, compile_rules
from caseguard.dicom.tables import (
    EDITION,
    build_profile,
    build_safe_private,
    load_profile,
    load_safe_private,
    read_source_csv,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "dicom"


def _shipped(name: str) -> object:
    return json.loads(resources.files("caseguard").joinpath(f"data/dicom/{name}").read_text())


@pytest.mark.skipif(not SHARED.exists(), reason="source tables not available")
def test_shipped_profile_equals_source_table() -> None:
    rows = read_source_csv(SHARED / "ps3.15-table-e.1-1_2025b.csv")
    assert _shipped("basic_profile.json") == build_profile(rows)


@pytest.mark.skipif(not SHARED.exists(), reason="source tables not available")
def test_source_json_and_csv_agree_on_every_action() -> None:
    source = json.loads((SHARED / "ps3.15-table-e.1-1_2025b.json").read_text())
    by_tag = {r.tag: r for r in load_profile()}
    assert len(source) == len(by_tag) == 647
    for row in source:
        assert by_tag[row["tag"]].basic_profile == row["basicProfile"], row["tag"]


@pytest.mark.skipif(not SHARED.exists(), reason="source tables not available")
def test_shipped_safe_private_equals_knowledge_base() -> None:
    rows = read_source_csv(SHARED / "tcia-private-tag-kb_2024-02-01.csv")
    assert _shipped("safe_private.json") == build_safe_private(rows)


def test_profile_states_its_edition_and_counts() -> None:
    doc = _shipped("basic_profile.json")
    assert isinstance(doc, dict) and doc["edition"] == EDITION == "2025b"
    codes = [r.basic_profile for r in load_profile()]
    assert (codes.count("X"), codes.count("D"), codes.count("U"), codes.count("X/Z/U*")) == (
        409, 92, 55, 2)


def test_safe_private_holds_only_keyed_elements() -> None:
    safe = load_safe_private()
    assert (0x0009, "FDMS 1.0", 0x08) in safe
    assert all(group % 2 == 1 and creator for group, creator, _ in safe)


@pytest.mark.parametrize(
    ("tag", "options", "action"),
    [
        (0x00100010, {}, "Z"),  # Patient's Name
        (0x00080050, {}, "Z"),  # Accession Number
        (0x00080018, {}, "U"),  # SOP Instance UID
        (0x00080018, {"retain_uids": True}, "K"),
        (0x00020003, {}, "U"),  # Media Storage SOP Instance UID
        (0x00080020, {}, "C"),  # Study Date: modified dates on by default
        (0x00080020, {"retain_long_modified_dates": False}, "Z"),
        (0x00080080, {}, "X"),  # Institution Name X/Z/D, type 3
        (0x00080080, {"retain_institution_identity": True}, "K"),
        (0x00181000, {}, "D"),  # Device Serial Number: type 1 in enhanced IODs
        (0x00181000, {"retain_device_identity": True}, "K"),
        (0x00101010, {}, "K"),  # Patient's Age under Retain Patient Characteristics
        (0x00101010, {"retain_patient_characteristics": False}, "X"),
        (0x00081030, {}, "C"),  # Study Description under Clean Descriptors
        (0x00081030, {"clean_descriptors": False}, "X"),
        (0x0040A730, {}, "C"),  # Content Sequence under Clean Structured Content
        (0x00081140, {}, "U*"),  # Referenced Image Sequence X/Z/U*
        (0x00081070, {}, "Z"),  # Operators' Name: type 2 in RT Series
    ],
)
def test_compiled_rule(tag: int, options: dict[str, bool], action: str) -> None:
    opts = dataclasses.replace(DicomOptions(), **options)
    assert compile_rules(opts)[tag].action == action
