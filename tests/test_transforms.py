"""Transforms: redact, mask, surrogate (consistent and keyed), date shift, age generalisation."""

import pytest

from caseguard import Action, CaseContext, Category, Finding, Policy, Span, TextEngine
from caseguard.text.transforms import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, replacement_for


def _finding(category: Category, text: str) -> Finding:
    return Finding(category, Span(0, len(text)), text, "test", 0.9, "test")


def test_redact_and_mask() -> None:
    ctx = CaseContext.from_key(b"k")
    assert replacement_for(_finding(Category.NAME, "Jo Bloggs"), Action.REDACT, ctx) == "[NAME]"
    assert replacement_for(_finding(Category.PHONE, "020 7946"), Action.MASK, ctx) == "*** ****"


def test_name_surrogate_is_consistent_per_word_and_keeps_case() -> None:
    ctx = CaseContext.from_key(b"k", "case-1")
    full = replacement_for(_finding(Category.NAME, "John Smith"), Action.SURROGATE, ctx)
    short = replacement_for(_finding(Category.NAME, "SMITH"), Action.SURROGATE, ctx)
    assert full != "John Smith"
    assert full.split()[1].upper() == short
    again = CaseContext.from_key(b"k", "case-1")
    assert replacement_for(_finding(Category.NAME, "John Smith"), Action.SURROGATE, again) == full
    other = CaseContext.from_key(b"other", "case-1")
    assert replacement_for(_finding(Category.NAME, "John Smith"), Action.SURROGATE, other) != full


def test_date_offset_is_keyed_and_in_range() -> None:
    a = CaseContext.from_key(b"k", "case-1").date_offset_days
    assert a == CaseContext.from_key(b"k", "case-1").date_offset_days
    assert -SHIFT_MAX_DAYS <= a <= -SHIFT_MIN_DAYS
    offsets = {CaseContext.from_key(b"k", f"case-{i}").date_offset_days for i in range(20)}
    assert len(offsets) > 10


def test_shifted_dates_keep_their_interval() -> None:
    engine = TextEngine()
    ctx = CaseContext.from_key(b"k", "case-1")
    out = engine.scrub("Admitted 01/03/2021, discharged 11/03/2021.", ctx).text
    import re
    from datetime import datetime

    dates = [datetime.strptime(d, "%d/%m/%Y") for d in re.findall(r"\d\d/\d\d/\d{4}", out)]
    assert len(dates) == 2 and (dates[1] - dates[0]).days == 10
    assert "2021" not in out or dates[0].year != 2021 or dates[0].month != 3


def test_age_over_89_generalised() -> None:
    out = TextEngine().scrub("A 93-year-old woman.", CaseContext.from_key(b"k")).text
    assert "93" not in out and "90 or older" in out


def test_same_key_same_output_different_key_different() -> None:
    text = "Mrs Margaret Okonkwo, MRN 40012873, seen 3 March 2021; call 07700 900123."
    engine = TextEngine()
    one = engine.scrub(text, CaseContext.from_key(b"k", "c")).text
    two = engine.scrub(text, CaseContext.from_key(b"k", "c")).text
    three = engine.scrub(text, CaseContext.from_key(b"z", "c")).text
    assert one == two != three
    for value in ("Okonkwo", "40012873", "March 2021", "07700 900123"):
        assert value not in one


@pytest.mark.parametrize("action", ["redact", "mask"])
def test_policy_action_is_applied(action: str, tmp_path: object) -> None:
    policy = Policy.default()
    from dataclasses import replace

    from caseguard.policy import CategoryRule

    rules = dict(policy.rules)
    rules[Category.NAME] = CategoryRule(Action(action))
    engine = TextEngine(replace(policy, rules=rules))
    out = engine.scrub("Seen by Dr Jane Okafor.", CaseContext.from_key(b"k")).text
    assert "Okafor" not in out
    assert ("[NAME]" in out) == (action == "redact")
