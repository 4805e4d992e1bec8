"""Measuring caseguard: annotated data sets, a synthetic case generator and the scorer."""

from caseguard.evaluation.converters import (
    ConversionNotes,
    available_sets,
    convert,
    default_data_dir,
)
from caseguard.evaluation.detect import detect_records, engine_detect_fn
from caseguard.evaluation.score import (
    Counts,
    DetectFn,
    ErrorCase,
    EvalResult,
    evaluate,
    evaluate_records,
    predict,
    read_jsonl,
    render_table,
    render_text,
    score,
    write_jsonl,
)

__all__ = [
    "ConversionNotes",
    "Counts",
    "DetectFn",
    "ErrorCase",
    "EvalResult",
    "available_sets",
    "convert",
    "default_data_dir",
    "detect_records",
    "engine_detect_fn",
    "evaluate",
    "evaluate_records",
    "predict",
    "read_jsonl",
    "render_table",
    "render_text",
    "score",
    "write_jsonl",
]
