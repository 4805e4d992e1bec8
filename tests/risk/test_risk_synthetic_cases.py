"""A small run of the synthetic evaluation (benchmarks/risk_eval.py runs the full one)."""

from __future__ import annotations

from caseguard.risk import Level, assess
from caseguard.risk.synth import RISKY_KINDS, TUNE_SEED, generate


def test_generator_is_balanced_and_seeded() -> None:
    cases = generate(TUNE_SEED, 60)
    assert len(cases) == 60
    assert sum(c.risky for c in cases) == 30
    assert {c.kind for c in cases if c.risky} == set(RISKY_KINDS)
    assert len({c.text for c in cases}) == 60
    assert generate(TUNE_SEED + 1, 10) != generate(TUNE_SEED, 10)


def test_risky_cases_flagged_and_ordinary_cases_pass() -> None:
    cases = generate(TUNE_SEED, 120)
    risky = [c for c in cases if c.risky]
    ordinary = [c for c in cases if not c.risky]
    flagged = sum(assess(c.text).level is not Level.LOW for c in risky)
    false_alarms = sum(assess(c.text).level is not Level.LOW for c in ordinary)
    assert flagged / len(risky) >= 0.95
    assert false_alarms / len(ordinary) <= 0.10
