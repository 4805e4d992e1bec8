"""Converters of the public annotated sets; run only where the shared data folder exists."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from caseguard.evaluation.converters import (
    ConversionNotes,
    _find_all,
    available_sets,
    convert,
    default_data_dir,
)

DATA = default_data_dir()
needs_data = pytest.mark.skipif(not (DATA / "text").is_dir(), reason="shared data not present")


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("Anna S. saw Anna S. again", "Anna S.", [(0, 7), (12, 19)]),
        ("in 2012 on 12 May", "12", [(11, 13)]),  # not inside a longer number
        ("Annabelle and Anna", "Anna", [(14, 18)]),  # not inside a longer word
        ("clinic (chartMRN04857211)", "04857211", [(16, 24)]),  # glued to a label
        ("at Children\u2019s Clinic", "Children's Clinic", [(3, 20)]),  # typographic quote
        ("nothing here", "Anna", []),
    ],
)
def test_find_all(text: str, value: str, expected: list[tuple[int, int]]) -> None:
    assert _find_all(text, value) == expected


def test_unknown_set_or_split_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        list(convert("no-such-set", tmp_path))
    with pytest.raises(ValueError):
        list(convert("asq-phi", tmp_path, "train"))


def test_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASEGUARD_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
    assert available_sets() == []


@needs_data
def test_all_sets_are_available() -> None:
    assert set(available_sets(DATA)) == {
        "physionet-deid-gold", "presidio-research-synth", "asq-phi", "deidgate-seed"}


@needs_data
@pytest.mark.parametrize(
    ("name", "records", "min_spans"),
    [("physionet-deid-gold", 2434, 1779), ("presidio-research-synth", 1500, 2200),
     ("asq-phi", 1051, 2900), ("deidgate-seed", 15, 36)],
)
def test_set_converts_with_matching_surfaces(name: str, records: int, min_spans: int) -> None:
    notes = ConversionNotes()
    docs = list(convert(name, DATA, notes=notes))
    assert len(docs) == records == notes.records
    assert sum(len(d["spans"]) for d in docs) >= min_spans
    assert not notes.mismatched and len(notes.not_found) == 0
    for d in docs:
        for s in d["spans"]:
            piece = d["text"][s["start"] : s["end"]]
            assert piece and piece == piece.strip()


@needs_data
def test_physionet_split_by_patient() -> None:
    tune = {d["id"] for d in convert("physionet-deid-gold", DATA, "tune")}
    heldout = {d["id"] for d in convert("physionet-deid-gold", DATA, "heldout")}
    assert not tune & heldout and len(tune) + len(heldout) == 2434
    assert all(int(i.split("-")[1]) <= 81 for i in tune)
    assert all(int(i.split("-")[1]) >= 82 for i in heldout)


@needs_data
def test_presidio_drops_labels_outside_the_policy() -> None:
    notes = ConversionNotes()
    labels = Counter(s["label"] for d in convert("presidio-research-synth", DATA, notes=notes)
                     for s in d["spans"])
    assert set(notes.dropped) == {
        "TITLE", "NRP", "ORGANIZATION", "AGE (under 90)", "GPE (country or US state)"
    }
    assert labels["NAME"] == 857


@needs_data
def test_asq_negatives_stay_in() -> None:
    docs = list(convert("asq-phi", DATA))
    assert sum(not d["spans"] for d in docs) == 219
