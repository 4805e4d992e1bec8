"""Throughput of the text engine against a floor: one compiled-regex pass over the same corpus.

    python benchmarks/text_throughput.py [--docs N] [--jsonl FILE] [--seed S] [--per-detector]

Generates N synthetic case descriptions into a temporary JSON Lines file (or uses
the given one), then, in one process: (a) the baseline, reading that file and one
``\\b\\w+\\b`` findall over every document, and (b) ``TextEngine().detect`` over
every document. Prints
documents/s and MB/s for both (by the wall clock and by the process's CPU time, which a busy
machine disturbs less), how many times slower the engine is, and peak memory.

Before timing, ``TextEngine.warm_up`` loads every word list and reads a short text that
touches every detector, so that lexicons, word frequencies, telephone metadata and the
Hyperscan database of the detectors' gates and prefilters (`caseguard.text.gates`), all
built on first use, stay outside it.
``--per-detector`` adds a second pass that times each detector on its own (CPU seconds over
the corpus, the shared `Document` views and the one Hyperscan pass over each text built
outside the timing) and lists them, dearest first.
That pass meets warm caches (telephone numbers already validated in the first), so it
under-counts work done once per distinct value.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from caseguard.evaluation.synth import TUNE_SEED, generate
from caseguard.text.document import Document
from caseguard.text.engine import TextEngine


def write_corpus(docs: int, seed: int, folder: Path) -> Path:
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(docs, seed):
            fh.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return path


def read_corpus(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    return texts[:limit] if limit else texts


def baseline(path: Path, limit: int | None) -> tuple[float, float, int]:
    """Wall and CPU seconds to read the corpus and run one compiled-regex pass; tokens found."""
    word = re.compile(r"\b\w+\b")
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(word.findall(text)) for text in read_corpus(path, limit))
    return time.perf_counter() - start, time.process_time() - cpu, tokens


def timed(texts: list[str], work: Callable[[str], object]) -> tuple[float, float, int]:
    """Wall and CPU seconds for one pass, and how many items it produced (so it is not elided)."""
    produced = 0
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        out = work(text)
        produced += len(out) if isinstance(out, list) else 1
    return time.perf_counter() - start, time.process_time() - cpu, produced


def per_detector(engine: TextEngine, texts: list[str]) -> dict[str, float]:
    """CPU seconds each detector spends over the corpus (shared views built beforehand)."""
    spent = dict.fromkeys((detector.name for detector in engine.detectors), 0.0)
    clock = time.process_time
    for text in texts:
        doc = Document(text)
        _ = doc.tokens, doc.lower, doc.upper_case, doc.prescan()  # what every detector shares
        for detector in engine.detectors:
            start = clock()
            for _finding in detector.detect(doc):
                pass
            spent[detector.name] += clock() - start
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=1000,
                        help="documents to generate (or the first N of --jsonl)")
    parser.add_argument("--seed", type=int, default=TUNE_SEED)
    parser.add_argument("--jsonl", type=Path, help="read texts from this JSON Lines file")
    parser.add_argument("--no-tracemalloc", action="store_true",
                        help="skip tracemalloc (it slows allocation-heavy code)")
    parser.add_argument("--per-detector", action="store_true",
                        help="also time each detector on its own")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.jsonl or write_corpus(args.docs, args.seed, Path(tmp))
        limit = args.docs if args.jsonl else None
        texts = read_corpus(path, limit)
        if not texts:
            print("no documents", file=sys.stderr)
            return 1
        base_s, base_cpu, base_n = baseline(path, limit)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    engine = TextEngine()
    engine.warm_up()  # lexicons and tables load outside the timing
    if not args.no_tracemalloc:
        tracemalloc.start()
    engine_s, engine_cpu, findings = timed(texts, engine.detect)
    traced_peak = tracemalloc.get_traced_memory()[1] / 1e6 if tracemalloc.is_tracing() else None
    tracemalloc.stop()
    # ru_maxrss is kilobytes on Linux
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    table = Table(title=f"text throughput: {len(texts)} documents, {megabytes:.2f} MB")
    for header in ("pass", "seconds", "CPU s", "docs/s", "MB/s", "MB/s (CPU)", "output"):
        table.add_column(header, justify="left" if header == "pass" else "right")
    for name, secs, cpu, out, unit in (
        ("read + regex baseline", base_s, base_cpu, base_n, "tokens"),
        ("TextEngine.detect", engine_s, engine_cpu, findings, "findings"),
    ):
        table.add_row(name, f"{secs:.3f}", f"{cpu:.3f}", f"{len(texts) / secs:,.0f}",
                      f"{megabytes / secs:.2f}", f"{megabytes / max(cpu, 1e-9):.2f}",
                      f"{out:,} {unit}")
    console = Console()
    console.print(table)
    console.print(f"engine / baseline time: {engine_s / base_s:,.1f}x")
    if traced_peak is not None:
        console.print(f"peak traced allocation during detect: {traced_peak:.1f} MB")
    console.print(f"peak resident memory of the process: {maxrss_mb:.0f} MB")
    if args.per_detector:
        spent = per_detector(engine, texts)
        total = sum(spent.values())
        detail = Table(title="CPU seconds per detector")
        for header in ("detector", "seconds", "share"):
            detail.add_column(header, justify="left" if header == "detector" else "right")
        for name, secs in sorted(spent.items(), key=lambda item: -item[1]):
            detail.add_row(name, f"{secs:.3f}", f"{secs / total:.0%}")
        detail.add_row("all detectors", f"{total:.3f}", "100%")
        console.print(detail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
