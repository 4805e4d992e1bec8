"""DICOM de-identification throughput: caseguard against a plain pydicom read+write loop.

    python benchmarks/dicom_throughput.py [--files 2000] [--workers 1 2] [--repeat 3]
                                          [--pixels both|read|flag]

Writes copies of pydicom's bundled test files (each with its own UIDs) to a temporary
folder, then times, over the same files in the same run: pydicom ``dcmread`` + ``save_as``
(the floor any de-identifier pays), caseguard in this process, and caseguard with each
``--workers`` count. Prints files/s, MB/s, the ratio to the baseline (by wall time, and by
CPU time, which other work on a shared machine disturbs less) and peak memory.

Two of the eight templates are flagged for burned-in text (secondary capture), and
caseguard reads their pixels (OCR). ``--pixels flag`` measures the attribute path alone:
flagged files are flagged for review but their pixels are not read. ``both`` (the
default) prints both rows. With ``--repeat N`` every row is run N times, interleaved, and
the best time of each is kept.

The text engine's dictionaries load once per process, before any timing (a one-off).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydicom
from pydicom.data import get_testdata_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import caseguard.dicom.api as dicom_api  # noqa: E402
from caseguard.batch import run_batch  # noqa: E402
from caseguard.dicom.result import NEEDS_PIXEL_CHECK  # noqa: E402
from caseguard.policy import Policy  # noqa: E402

TEMPLATES = ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "MR_small_RLE.dcm", "rtdose.dcm",
             "test-SR.dcm", "SC_rgb_rle.dcm", "rtstruct.dcm")


def make_archive(folder: Path, count: int) -> int:
    templates = [
        pydicom.dcmread(str(get_testdata_file(n, download=False)), force=True) for n in TEMPLATES
    ]
    total = 0
    for i in range(count):
        ds = templates[i % len(templates)]
        ds.SOPInstanceUID = f"1.2.826.0.1.3680043.8.498.{i + 1}"
        ds.StudyInstanceUID = f"1.2.826.0.1.3680043.8.499.{i // 50 + 1}"
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        target = folder / f"s{i // 50:03d}" / f"{i:06d}.dcm"
        target.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(target, enforce_file_format=False)
        total += target.stat().st_size
    return total


def baseline(source: Path, out: Path) -> int:
    files = 0
    for path in sorted(source.rglob("*.dcm")):
        target = out / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        pydicom.dcmread(path, force=True).save_as(target, enforce_file_format=False)
        files += 1
    return files


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _flag_only(
    ds: Any, reasons: list[str], policy: Any, changes: Any
) -> tuple[list[str], list[str]]:
    """The pixel review replaced by its verdict without reading: flagged, for a person."""
    return ([NEEDS_PIXEL_CHECK] if reasons else []), list(reasons)


def _set_review(review: Callable[..., Any]) -> None:
    # the API looks the name up in its module at each call; forked workers inherit the choice
    setattr(dicom_api, "review_pixels", review)  # noqa: B010 - not an exported name


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="best of N interleaved runs")
    parser.add_argument("--pixels", choices=("both", "read", "flag"), default="both")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    policy = Policy.default()
    review = getattr(dicom_api, "review_pixels")  # noqa: B009 - swapped below, by name
    modes = {"both": ("read", "flag"), "read": ("read",), "flag": ("flag",)}[args.pixels]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        size_mb = make_archive(work / "in", args.files) / 1e6
        print(f"{args.files} files, {size_mb:.1f} MB")
        warm = work / "warm"
        shutil.copytree(work / "in" / "s000", warm / "s000")
        start = time.perf_counter()
        run_batch(warm, work / "warm-out", policy, b"bench-key", workers=1)
        print(f"one-time start-up (text engine dictionaries): {time.perf_counter() - start:.1f} s")

        def caseguard(workers: int, mode: str) -> Callable[[], object]:
            def run() -> None:
                _set_review(review if mode == "read" else _flag_only)
                out = work / f"cg{workers}{mode}"
                try:
                    summary = run_batch(work / "in", out, policy, b"bench-key", workers=workers)
                finally:
                    _set_review(review)
                assert summary.done == args.files and not summary.failed, summary.failed[:3]
                shutil.rmtree(out)
            return run

        def plain() -> None:
            baseline(work / "in", work / "base")
            shutil.rmtree(work / "base")

        runs: list[tuple[str, Callable[[], object]]] = [("pydicom dcmread+save_as", plain)]
        for workers in args.workers:
            for mode in modes:
                label = f"caseguard --workers {workers}" + (", pixels flagged" if mode == "flag"
                                                            else "")
                runs.append((label, caseguard(workers, mode)))
        best: dict[str, tuple[float, float]] = {}
        for _ in range(max(1, args.repeat)):
            for label, run in runs:
                wall, cpu = _timed(run)
                old = best.get(label)
                best[label] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
        base_wall, base_cpu = best[runs[0][0]]
        print(f"{'run':<40}{'files/s':>9}{'MB/s':>7}{'vs baseline':>13}{'CPU s':>8}"
              f"{'vs baseline (CPU)':>19}")
        for label, _run in runs:
            wall, cpu = best[label]
            print(f"{label:<40}{args.files / wall:>9.0f}{size_mb / wall:>7.1f}"
                  f"{base_wall / wall:>13.2f}{cpu:>8.1f}{base_cpu / cpu:>19.2f}")
        print(f"peak memory (max of this process and one worker): {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
