"""Running caseguard's text engine over records, in the interchange form that eval scores.

    detect_fn = engine_detect_fn()
    for line in detect_records(read_jsonl(path), detect_fn):
        ...  # {"id": ..., "spans": [{"start", "end", "label"}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from caseguard.evaluation.score import DetectFn, predict
from caseguard.findings import Category
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine

__all__ = ["detect_records", "engine_detect_fn"]


def engine_detect_fn(engine: TextEngine | None = None,
                     policy: Policy | None = None) -> DetectFn:
    """A ``detect_fn`` for `evaluate` backed by a `TextEngine` (the default one if not given)."""
    text_engine = engine or TextEngine(policy)

    def detect(text: str) -> list[tuple[int, int, Category | str]]:
        return [(f.start, f.end, f.category) for f in text_engine.detect(text)]

    return detect


def detect_records(records: Iterable[Mapping[str, Any]],
                   detect_fn: DetectFn | None = None) -> Iterator[dict[str, Any]]:
    """Detect lines ``{"id", "spans"}`` for records that have ``"id"`` and ``"text"``."""
    return predict(records, detect_fn or engine_detect_fn())
