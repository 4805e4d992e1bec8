"""The engine adapter that produces detect lines for eval."""

from __future__ import annotations

from caseguard.evaluation import detect_records, engine_detect_fn, score
from caseguard.text.engine import TextEngine


def test_engine_without_detectors_predicts_nothing() -> None:
    records = [{"id": "a", "text": "Seen by Dr Jane Okafor.",
                "spans": [{"start": 11, "end": 22, "label": "NAME"}]}]
    lines = list(detect_records(records, engine_detect_fn(TextEngine(detectors=[]))))
    assert lines == [{"id": "a", "spans": []}]
    result = score(records, {line["id"]: line["spans"] for line in lines})
    assert result.overall.gold == 1 and result.overall.found_any == 0


def test_detect_lines_are_sorted_category_values() -> None:
    def fake(text: str) -> list[tuple[int, int, str]]:
        return [(5, 9, "DATE"), (0, 4, "NAME")]

    (line,) = detect_records([{"id": 7, "text": "abcd efgh"}], fake)
    assert line == {"id": 7, "spans": [{"start": 0, "end": 4, "label": "NAME"},
                                        {"start": 5, "end": 9, "label": "DATE"}]}
