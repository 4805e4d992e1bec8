"""The verdict: levels, explanations and suggestions, offsets, policy and determinism."""

from __future__ import annotations

import json

import pytest

from caseguard.errors import PolicyError
from caseguard.findings import Category, Finding, Span
from caseguard.policy import Policy
from caseguard.risk import FactorKind, Level, RiskSettings, assess
from caseguard.risk.settings import DEFAULT_WEIGHTS, DEFAULTS
from caseguard.risk.synth import TUNE_SEED, generate


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("A 47-year-old farmer from Tain presented with haemoptysis.", {"high"}),
        ("A 47-year-old farmer from Tain.", {"high", "review"}),
        ("A man in his 50s with pneumonia.", {"low"}),
        ("A 62-year-old man with community-acquired pneumonia.", {"low"}),
        ("A woman in her 30s with classic Hodgkin lymphoma.", {"low"}),
        ("A woman in her 40s from Tain with Erdheim-Chester disease.", {"review", "high"}),
        ("A man in his 30s injured in the school shooting.", {"review", "high"}),
        ("A 35-year-old Polish woman seen on 3 March.", {"review", "high"}),
        ("A 70-YEAR-OLD FISHERMAN FROM A REMOTE ISLAND WITH ERDHEIM-CHESTER DISEASE.", {"high"}),
        ("This is the first reported case of this appearance.", {"review"}),
        ("Baker cyst, Bell palsy and Crohn disease; GCS 14; C5-C6; day 3 post-op.", {"low"}),
    ],
)
def test_level(text: str, levels: set[str]) -> None:
    assert assess(text).level.value in levels


def test_every_factor_explains_itself_and_suggests_a_rewrite() -> None:
    text = "A 47-year-old farmer from Tain was injured in a bus crash. He works at Tesco."
    result = assess(text)
    assert result.factors
    for factor in result.factors:
        assert factor.explanation.endswith(".") and factor.suggestion
        assert factor.weight > 0
        for evidence in factor.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
    quasi = next(f for f in result.factors if f.kind is FactorKind.QUASI_IDENTIFIERS)
    assert '"47-year-old" -> "in his 40s"' in quasi.suggestion
    assert '"farmer" -> "a rural worker"' in quasi.suggestion


def test_age_band_follows_the_patients_sex() -> None:
    result = assess("A 47-year-old woman, a farmer from Tain.")
    replacements = {e.text: e.replacement for f in result.factors for e in f.evidence}
    assert replacements["47-year-old"] == "in her 40s"


def test_to_dict_is_json() -> None:
    result = assess("A 47-year-old farmer from Tain with Erdheim-Chester disease.")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "high"
    assert {f["kind"] for f in data["factors"]} == {"quasi_identifiers", "rarity"}
    assert all({"start", "end", "text"} <= set(e) for f in data["factors"] for e in f["evidence"])


def test_deterministic() -> None:
    text = generate(TUNE_SEED, 20)[0].text
    assert assess(text).to_dict() == assess(text).to_dict()
    assert [c.text for c in generate(TUNE_SEED, 20)] == [c.text for c in generate(TUNE_SEED, 20)]


def test_place_finding_of_the_text_engine_counts() -> None:
    text = "A man in his 40s, a joiner, seen at Kilmuir Community Hub."
    start = text.index("Kilmuir")
    finding = Finding(
        Category.ADDRESS, Span(start, start + 7), "Kilmuir", "town", 0.8, "gazetteer town"
    )
    without = assess(text)
    with_place = assess(text, findings=[finding])
    assert with_place.score > without.score
    assert with_place.level is not Level.LOW


def test_policy_table_changes_thresholds_and_weights() -> None:
    base = Policy.default()
    strict = type(base)(
        base.version, base.rules, base.min_confidence,
        {**base.extra, "risk": {"review_threshold": 0.3, "weights": {"rare_disease": 3.0}}},
    )
    text = "Imaging showed Erdheim-Chester disease."
    assert assess(text).level is Level.LOW
    assert assess(text, policy=strict).level is Level.HIGH


@pytest.mark.parametrize(
    "table",
    [{"review_threshold": "high"}, {"unknown": 1}, {"weights": {"nope": 1.0}},
     {"review_threshold": 3.0, "high_threshold": 2.0}, {"weights": []}],
)
def test_bad_risk_table_is_refused(table: dict[str, object]) -> None:
    with pytest.raises(PolicyError):
        RiskSettings.from_mapping(table)


def test_defaults_apply_when_the_table_is_absent() -> None:
    settings = RiskSettings.from_mapping({})
    assert settings.review_threshold == DEFAULTS["review_threshold"]
    assert dict(settings.weights) == dict(DEFAULT_WEIGHTS)
