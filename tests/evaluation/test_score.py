"""The scorer on small hand-made cases: overlap rules, labels, characters, false alarms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caseguard.evaluation import evaluate, render_table, render_text, score, write_jsonl

TEXT = "Seen by Dr Jane Okafor on 3 March 2021 at Leeds."
#       0123456789012345678901234567890123456789012345678
NAME = {"start": 11, "end": 22, "label": "NAME"}  # "Jane Okafor"
DATE = {"start": 26, "end": 38, "label": "DATE"}  # "3 March 2021"
ADDR = {"start": 42, "end": 47, "label": "ADDRESS"}  # "Leeds"


def gold(*spans: dict[str, Any], text: str = TEXT, doc_id: str = "d1") -> dict[str, Any]:
    return {"id": doc_id, "text": text, "spans": list(spans)}


def span(start: int, end: int, label: str) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label}


@pytest.mark.parametrize(
    ("predicted", "found_any", "found_label", "correct_any", "correct_label"),
    [
        ([], 0, 0, 0, 0),
        ([span(11, 22, "NAME")], 1, 1, 1, 1),  # exact
        ([span(16, 22, "NAME")], 1, 1, 1, 1),  # partial overlap is enough
        ([span(8, 12, "NAME")], 1, 1, 1, 1),  # "Dr J" overlaps by one character
        ([span(8, 11, "NAME")], 0, 0, 0, 0),  # touching is not overlapping
        ([span(11, 22, "ADDRESS")], 1, 0, 1, 0),  # found, but with another label
        ([span(11, 15, "NAME"), span(16, 22, "NAME")], 1, 1, 2, 2),  # split in two
        ([span(0, 4, "NAME")], 0, 0, 0, 0),  # a false positive
    ],
)
def test_entity_overlap_rules(predicted: list[dict[str, Any]], found_any: int,
                              found_label: int, correct_any: int, correct_label: int) -> None:
    result = score([gold(NAME)], {"d1": predicted})
    c = result.overall
    assert (c.gold, c.found_any, c.found_label) == (1, found_any, found_label)
    assert (c.predicted, c.correct_any, c.correct_label) == (
        len(predicted), correct_any, correct_label)


def test_per_category_any_label_and_label_matched() -> None:
    # NAME found as NAME, DATE found as NAME (mislabelled), ADDRESS missed, one FP IP
    predicted = [span(11, 22, "NAME"), span(26, 38, "NAME"), span(0, 4, "IP")]
    result = score([gold(NAME, DATE, ADDR)], {"d1": predicted})
    cats = result.categories
    assert (cats["NAME"].recall_any, cats["NAME"].recall_label) == (1.0, 1.0)
    assert (cats["DATE"].recall_any, cats["DATE"].recall_label) == (1.0, 0.0)
    assert cats["ADDRESS"].recall_any == 0.0
    # the NAME predictions: both overlap gold, one overlaps a NAME gold
    assert (cats["NAME"].precision_any, cats["NAME"].precision_label) == (1.0, 0.5)
    assert cats["IP"].precision_any == 0.0
    assert result.overall.recall_any == pytest.approx(2 / 3)
    assert result.overall.precision_any == pytest.approx(2 / 3)
    assert result.overall.f1_any == pytest.approx(2 / 3)
    assert [e.text for e in result.missed] == ["Leeds"]
    assert [e.text for e in result.false_positives] == ["Seen"]
    assert [(e.text, e.other_labels) for e in result.mislabelled] == [("3 March 2021", ("NAME",))]


def test_character_level() -> None:
    # gold "Jane Okafor" (11 chars); prediction "Okafor on" (9 chars, 6 inside gold)
    result = score([gold(NAME)], {"d1": [span(16, 25, "NAME")]})
    ch = result.overall_chars
    assert (ch.gold, ch.found_any, ch.predicted, ch.correct_any) == (11, 6, 9, 6)
    assert ch.recall_any == pytest.approx(6 / 11)
    assert ch.precision_any == pytest.approx(6 / 9)
    assert result.category_chars["NAME"].found_label == 6


def test_character_level_counts_overlapping_predictions_once() -> None:
    result = score([gold(NAME)], {"d1": [span(11, 22, "NAME"), span(11, 22, "ADDRESS")]})
    assert result.overall_chars.predicted == 11
    assert result.overall_chars.found_label == 11
    assert result.category_chars["ADDRESS"].correct_label == 0


@pytest.mark.parametrize(
    ("predicted", "false_alarms"),
    [({}, 0), ({"neg": [span(0, 4, "NAME")]}, 1), ({"d1": [span(0, 4, "NAME")]}, 0)],
)
def test_false_alarm_documents(predicted: dict[str, list[dict[str, Any]]],
                               false_alarms: int) -> None:
    records = [gold(NAME), gold(text="Hodgkin lymphoma, T2 bright.", doc_id="neg")]
    result = score(records, predicted)
    assert (result.documents, result.negative_documents) == (2, 1)
    assert result.false_alarm_documents == false_alarms


@pytest.mark.parametrize(
    "bad",
    [span(0, 4, "PERSON"), span(5, 5, "NAME"), span(40, 99, "NAME")],
)
def test_invalid_spans_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        score([gold(bad)], {})


def test_evaluate_reads_gold_and_runs_detect_fn(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    write_jsonl(path, [gold(NAME, DATE), gold(text="No identifiers here.", doc_id="neg")])

    def detect(text: str) -> list[tuple[int, int, str]]:
        at = text.find("Okafor")
        return [(at, at + 6, "NAME")] if at >= 0 else []

    result = evaluate(path, detect)
    assert result.overall.found_any == 1 and result.overall.gold == 2
    assert result.false_alarm_documents == 0
    as_dict = result.to_dict()
    assert as_dict["entity"]["categories"]["DATE"]["recall_any"] == 0.0
    json.dumps(as_dict)
    errors = tmp_path / "errors.jsonl"
    result.write_errors(errors)
    lines = [json.loads(x) for x in errors.read_text().splitlines()]
    assert [(e["kind"], e["text"]) for e in lines] == [("missed", "3 March 2021")]
    assert "[3 March 2021]" in lines[0]["context"]


def test_renderers_show_every_category_and_overall() -> None:
    result = score([gold(NAME, DATE)], {"d1": [span(11, 22, "NAME")]})
    table = render_table(result)
    assert table.row_count == 3
    text = render_text(result)
    assert all(word in text for word in ("NAME", "DATE", "overall"))
