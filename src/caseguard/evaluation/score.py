"""Scoring a detector against annotated text: recall, precision and F1, per category.

Two views of the same comparison:

* **entity level** - a gold span is *found* when a predicted span overlaps it
  (any label for the overall figure and for the "any label" column, the same label
  for the "label-matched" column); a predicted span is *correct* when it overlaps a
  gold span (any label / the same label).
* **character level** - the characters inside gold spans against the characters
  inside predicted spans, per category and overall.

Overlap, not exact boundaries, is the unit because a partially redacted identifier
is still mostly removed and detectors disagree on boundaries ("Dr Smith" vs "Smith").
A document with no gold spans that still receives a prediction is a *false-alarm
document*: it measures over-redaction of clean text.

    result = score(gold_records, {"doc-1": [{"start": 0, "end": 4, "label": "NAME"}]})
    print(result.overall.recall_any, result.false_alarm_documents)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from caseguard.findings import Category

__all__ = [
    "Counts",
    "DetectFn",
    "ErrorCase",
    "EvalResult",
    "evaluate",
    "evaluate_records",
    "predict",
    "read_jsonl",
    "render_table",
    "render_text",
    "score",
    "write_jsonl",
]

# detect_fn(text) -> [(start, end, label)]; label is a Category or its value
DetectFn = Callable[[str], Sequence[tuple[int, int, Category | str]]]

_SNIPPET_CONTEXT = 30


@dataclass
class Counts:
    """Tallies for one category (or overall), in spans or in characters."""

    gold: int = 0
    found_any: int = 0  # gold overlapped by a prediction of any label
    found_label: int = 0  # gold overlapped by a prediction of the same label
    predicted: int = 0
    correct_any: int = 0  # predictions overlapping gold of any label
    correct_label: int = 0  # predictions overlapping gold of the same label

    @property
    def recall_any(self) -> float:
        return _ratio(self.found_any, self.gold)

    @property
    def recall_label(self) -> float:
        return _ratio(self.found_label, self.gold)

    @property
    def precision_any(self) -> float:
        return _ratio(self.correct_any, self.predicted)

    @property
    def precision_label(self) -> float:
        return _ratio(self.correct_label, self.predicted)

    @property
    def f1_any(self) -> float:
        return _f1(self.recall_any, self.precision_any)

    @property
    def f1_label(self) -> float:
        return _f1(self.recall_label, self.precision_label)

    def add(self, other: Counts) -> None:
        for name in ("gold", "found_any", "found_label", "predicted", "correct_any",
                     "correct_label"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        for name in ("recall_any", "recall_label", "precision_any", "precision_label",
                     "f1_any", "f1_label"):
            out[name] = round(getattr(self, name), 4)
        return out


@dataclass(frozen=True)
class ErrorCase:
    """One missed gold span, false positive or mislabelled span, with its text for review."""

    kind: str  # "missed" | "false_positive" | "mislabelled"
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    context: str
    other_labels: tuple[str, ...] = ()  # for "mislabelled": the labels that did overlap

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["other_labels"] = list(self.other_labels)
        return out


@dataclass
class EvalResult:
    """The outcome of one evaluation run."""

    documents: int = 0
    negative_documents: int = 0  # documents with no gold span
    false_alarm_documents: int = 0  # ... of which received at least one prediction
    overall: Counts = field(default_factory=Counts)
    categories: dict[str, Counts] = field(default_factory=dict)
    overall_chars: Counts = field(default_factory=Counts)
    category_chars: dict[str, Counts] = field(default_factory=dict)
    missed: list[ErrorCase] = field(default_factory=list)
    false_positives: list[ErrorCase] = field(default_factory=list)
    mislabelled: list[ErrorCase] = field(default_factory=list)

    @property
    def false_alarm_rate(self) -> float:
        return _ratio(self.false_alarm_documents, self.negative_documents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "negative_documents": self.negative_documents,
            "false_alarm_documents": self.false_alarm_documents,
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "entity": {
                "overall": self.overall.to_dict(),
                "categories": {k: v.to_dict() for k, v in sorted(self.categories.items())},
            },
            "character": {
                "overall": self.overall_chars.to_dict(),
                "categories": {k: v.to_dict() for k, v in sorted(self.category_chars.items())},
            },
            "errors": {
                "missed": len(self.missed),
                "false_positives": len(self.false_positives),
                "mislabelled": len(self.mislabelled),
            },
        }

    def errors(self) -> Iterator[ErrorCase]:
        yield from self.missed
        yield from self.mislabelled
        yield from self.false_positives

    def write_errors(self, path: Path) -> None:
        """Write every missed, mislabelled and false-positive span as JSON Lines."""
        write_jsonl(path, (e.to_dict() for e in self.errors()))


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str

    def overlaps(self, other: _Span) -> bool:
        return self.start < other.end and other.start < self.end


def _label(value: object) -> str:
    try:
        return Category(str(value)).value
    except ValueError:
        raise ValueError(f"unknown category {value!r}; expected one of "
                         f"{', '.join(c.value for c in Category)}") from None


def _spans(raw: Iterable[Mapping[str, Any]], text_len: int | None, doc_id: str) -> list[_Span]:
    out = []
    for s in raw:
        start, end = int(s["start"]), int(s["end"])
        if start < 0 or end <= start or (text_len is not None and end > text_len):
            raise ValueError(f"{doc_id}: span [{start}, {end}) is empty or outside the text")
        out.append(_Span(start, end, _label(s["label"])))
    return out


def _snippet(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _SNIPPET_CONTEXT) : start]
    right = text[end : end + _SNIPPET_CONTEXT]
    return f"{left}[{text[start:end]}]{right}".replace("\n", " ")


def _chars(spans: Iterable[_Span]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for s in spans:
        out.setdefault(s.label, set()).update(range(s.start, s.end))
    return out


def _score_document(result: EvalResult, doc_id: str, text: str, gold: list[_Span],
                    pred: list[_Span]) -> None:
    result.documents += 1
    if not gold:
        result.negative_documents += 1
        if pred:
            result.false_alarm_documents += 1

    for g in gold:
        c = result.categories.setdefault(g.label, Counts())
        overlapping = [p for p in pred if p.overlaps(g)]
        c.gold += 1
        result.overall.gold += 1
        if overlapping:
            c.found_any += 1
            result.overall.found_any += 1
            if any(p.label == g.label for p in overlapping):
                c.found_label += 1
                result.overall.found_label += 1
            else:
                result.mislabelled.append(ErrorCase(
                    "mislabelled", doc_id, g.start, g.end, g.label, text[g.start:g.end],
                    _snippet(text, g.start, g.end),
                    tuple(sorted({p.label for p in overlapping}))))
        else:
            result.missed.append(ErrorCase("missed", doc_id, g.start, g.end, g.label,
                                           text[g.start:g.end], _snippet(text, g.start, g.end)))

    for p in pred:
        c = result.categories.setdefault(p.label, Counts())
        overlapping = [g for g in gold if g.overlaps(p)]
        c.predicted += 1
        result.overall.predicted += 1
        if overlapping:
            c.correct_any += 1
            result.overall.correct_any += 1
            if any(g.label == p.label for g in overlapping):
                c.correct_label += 1
                result.overall.correct_label += 1
        else:
            result.false_positives.append(ErrorCase(
                "false_positive", doc_id, p.start, p.end, p.label, text[p.start:p.end],
                _snippet(text, p.start, p.end)))

    gold_chars, pred_chars = _chars(gold), _chars(pred)
    all_gold = set().union(*gold_chars.values()) if gold_chars else set()
    all_pred = set().union(*pred_chars.values()) if pred_chars else set()
    for label in gold_chars.keys() | pred_chars.keys():
        g_set, p_set = gold_chars.get(label, set()), pred_chars.get(label, set())
        result.category_chars.setdefault(label, Counts()).add(Counts(
            gold=len(g_set), found_any=len(g_set & all_pred), found_label=len(g_set & p_set),
            predicted=len(p_set), correct_any=len(p_set & all_gold),
            correct_label=len(p_set & g_set)))
    # overall characters: a character inside several spans counts once
    matched: set[int] = set()
    for label, idx in gold_chars.items():
        matched |= idx & pred_chars.get(label, set())
    result.overall_chars.add(Counts(
        gold=len(all_gold), found_any=len(all_gold & all_pred), found_label=len(matched),
        predicted=len(all_pred), correct_any=len(all_pred & all_gold),
        correct_label=len(matched)))


def score(gold: Iterable[Mapping[str, Any]],
          predicted: Mapping[str, Sequence[Mapping[str, Any]]]) -> EvalResult:
    """Compare gold records (``{"id", "text", "spans"}``) with predicted spans by document id.

    A gold document missing from ``predicted`` counts as one with no prediction.
    Labels must be `Category` values; an unknown label raises ``ValueError``.
    """
    result = EvalResult()
    for record in gold:
        doc_id, text = str(record["id"]), str(record["text"])
        g = _spans(record.get("spans", ()), len(text), doc_id)
        p = _spans(predicted.get(doc_id, ()), len(text), doc_id)
        _score_document(result, doc_id, text, g, p)
    return result


def predict(records: Iterable[Mapping[str, Any]], detect_fn: DetectFn) -> Iterator[dict[str, Any]]:
    """Run ``detect_fn`` over each record's text; yield detect lines ``{"id", "spans"}``."""
    for record in records:
        spans = sorted((int(s), int(e), _label(lab)) for s, e, lab in detect_fn(record["text"]))
        yield {"id": record["id"],
               "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}


def evaluate_records(records: Iterable[Mapping[str, Any]], detect_fn: DetectFn) -> EvalResult:
    """Score ``detect_fn`` on gold records held in memory."""
    gold = list(records)
    predicted = {str(p["id"]): p["spans"] for p in predict(gold, detect_fn)}
    return score(gold, predicted)


def evaluate(gold_path: Path | str, detect_fn: DetectFn) -> EvalResult:
    """Score ``detect_fn`` on a gold JSON Lines file."""
    return evaluate_records(read_jsonl(Path(gold_path)), detect_fn)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Read one JSON object per non-blank line."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """Write records one JSON object per line; return how many were written."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def render_table(result: EvalResult, title: str = "caseguard eval") -> Table:
    """A Rich table: one row per category then the overall row; figures in percent."""
    table = Table(title=title, caption=(
        f"{result.documents} documents; false-alarm documents: {result.false_alarm_documents}"
        f" of {result.negative_documents} without gold ({_pct(result.false_alarm_rate)}%)."
        " R any = found by any label; R lab = found by the same label."))
    for header in ("category", "gold", "R any", "R lab", "pred", "P any", "P lab", "F1 any",
                   "char R", "char P"):
        table.add_column(header, justify="left" if header == "category" else "right")
    rows = [(k, result.categories[k], result.category_chars.get(k, Counts()))
            for k in sorted(result.categories)]
    rows.append(("overall", result.overall, result.overall_chars))
    for i, (name, c, ch) in enumerate(rows):
        table.add_row(name, str(c.gold), _pct(c.recall_any), _pct(c.recall_label),
                      str(c.predicted), _pct(c.precision_any), _pct(c.precision_label),
                      _pct(c.f1_any), _pct(ch.recall_any), _pct(ch.precision_any),
                      end_section=i == len(rows) - 2, style="bold" if name == "overall" else None)
    return table


def render_text(result: EvalResult) -> str:
    """The same figures as `render_table`, as plain text for logs and files."""
    header = (f"{'category':<12} {'gold':>6} {'R any':>6} {'R lab':>6} {'pred':>6} {'P any':>6}"
              f" {'P lab':>6} {'F1 any':>6} {'char R':>6} {'char P':>6}")
    lines = [header]
    rows = [(k, result.categories[k], result.category_chars.get(k, Counts()))
            for k in sorted(result.categories)]
    rows.append(("overall", result.overall, result.overall_chars))
    for name, c, ch in rows:
        lines.append(
            f"{name:<12} {c.gold:>6} {_pct(c.recall_any):>6} {_pct(c.recall_label):>6}"
            f" {c.predicted:>6} {_pct(c.precision_any):>6} {_pct(c.precision_label):>6}"
            f" {_pct(c.f1_any):>6} {_pct(ch.recall_any):>6} {_pct(ch.precision_any):>6}")
    lines.append(f"documents {result.documents}; false-alarm documents "
                 f"{result.false_alarm_documents} of {result.negative_documents} without gold")
    return "\n".join(lines)
