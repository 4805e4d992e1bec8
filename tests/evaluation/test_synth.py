"""The synthetic case generator: seeded, self-consistent gold, every category, clean negatives."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from stdnum.gb import nhs
from stdnum.us import ssn

from caseguard.evaluation.synth import (
    HELDOUT_SEED,
    TEXT_CATEGORIES,
    TUNE_SEED,
    generate,
    is_heldout_seed,
    negative_sentences,
)
from caseguard.evaluation.synth_negatives import EPONYMS, NEGATIVE_SLOTS
from caseguard.evaluation.synth_values import Values


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return list(generate(500, seed=TUNE_SEED))


def test_same_seed_same_documents() -> None:
    assert list(generate(20, seed=5)) == list(generate(20, seed=5))


def test_different_seed_different_documents() -> None:
    a, b = list(generate(20, seed=5)), list(generate(20, seed=6))
    assert [d["text"] for d in a] != [d["text"] for d in b]
    assert a[0]["id"] == "synth-5-0" and b[19]["id"] == "synth-6-19"


def test_every_gold_span_is_the_text_it_claims(docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        for s in doc["spans"]:
            piece = doc["text"][s["start"] : s["end"]]
            assert piece and piece == piece.strip(), (doc["id"], s)


def test_every_text_category_appears(docs: list[dict[str, Any]]) -> None:
    seen = Counter(s["label"] for d in docs for s in d["spans"])
    assert {c.value for c in TEXT_CATEGORIES} <= set(seen)


def test_documents_come_in_all_three_cases(docs: list[dict[str, Any]]) -> None:
    texts = [d["text"] for d in docs]
    assert any(t.isupper() for t in texts)
    assert any(t.islower() for t in texts)
    assert sum(not t.isupper() and not t.islower() for t in texts) > 300


def test_hard_negatives_are_interleaved_and_unannotated(docs: list[dict[str, Any]]) -> None:
    lowered = [d["text"].lower() for d in docs]
    assert sum(any(e.lower() in t for e in EPONYMS) for t in lowered) > 100
    for doc in docs:
        text = doc["text"].lower()
        for eponym in EPONYMS:
            at = text.find(eponym.lower())
            if at >= 0:
                end = at + len(eponym)
                assert not [s for s in doc["spans"] if at < s["end"] and s["start"] < end], (
                    doc["id"], eponym)


def test_negative_sentences_are_distinct_and_clean() -> None:
    sentences = list(negative_sentences(320, seed=3))
    texts = [s["text"] for s in sentences]
    assert len(set(texts)) == 320
    assert all(s["spans"] == [] for s in sentences)
    assert sentences[0]["id"] == "synth-neg-3-0"
    assert texts == [s["text"] for s in negative_sentences(320, seed=3)]


@pytest.mark.parametrize("slot", ["eponym", "level", "measure", "score", "reltime", "young_age"])
def test_negative_vocabularies_are_used(slot: str) -> None:
    texts = " ".join(s["text"].lower() for s in negative_sentences(400, seed=11))
    assert any(option.lower() in texts for option in NEGATIVE_SLOTS[slot])


@pytest.mark.parametrize(
    ("make", "is_valid"),
    [("nhs_number", nhs.is_valid), ("ssn", ssn.is_valid)],
)
def test_identifiers_carry_valid_checksums(make: str, is_valid: Any) -> None:
    values = Values(42)
    assert all(is_valid(getattr(values, make)()) for _ in range(50))


def test_vin_check_digit() -> None:
    values = Values(1)
    translit = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
                        strict=True))
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    for _ in range(30):
        vin = values.vin()
        total = sum((int(c) if c.isdigit() else translit[c]) * w
                    for c, w in zip(vin, weights, strict=True)) % 11
        assert vin[8] == ("X" if total == 10 else str(total))


def test_seed_conventions() -> None:
    assert not is_heldout_seed(TUNE_SEED)
    assert is_heldout_seed(HELDOUT_SEED)
