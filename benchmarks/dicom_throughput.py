"""DICOM de-identification throughput: caseguard against a plain pydicom read+write loop.

    python benchmarks/dicom_throughput.py [--files 2000] [--workers 1 2]

Writes copies of pydicom's bundled test files (each with its own UIDs) to a temporary
folder, then times, over the same files in the same run: pydicom ``dcmread`` + ``save_as``
(the floor any de-identifier pays), caseguard in this process, and caseguard with each
``--workers`` count. Prints files/s, MB/s, the ratio to the baseline and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pydicom
from pydicom.data import get_testdata_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caseguard.batch import run_batch  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    policy = Policy.default()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        size_mb = make_archive(work / "in", args.files) / 1e6
        print(f"{args.files} files, {size_mb:.1f} MB")
        rows = []
        warm = work / "warm"
        shutil.copytree(work / "in" / "s000", warm / "s000")
        start = time.perf_counter()
        run_batch(warm, work / "warm-out", policy, b"bench-key", workers=1)
        print(f"one-time start-up (text engine dictionaries): {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        baseline(work / "in", work / "base")
        base_s = time.perf_counter() - start
        rows.append(("pydicom dcmread+save_as", base_s))
        for workers in args.workers:
            out = work / f"cg{workers}"
            start = time.perf_counter()
            summary = run_batch(work / "in", out, policy, b"bench-key", workers=workers)
            elapsed = time.perf_counter() - start
            assert summary.done == args.files and not summary.failed, summary.failed[:3]
            rows.append((f"caseguard --workers {workers}", elapsed))
            shutil.rmtree(out)
        print(f"{'run':<28}{'files/s':>10}{'MB/s':>9}{'vs baseline':>13}")
        for label, seconds in rows:
            print(f"{label:<28}{args.files / seconds:>10.0f}{size_mb / seconds:>9.1f}"
                  f"{base_s / seconds:>13.2f}")
        print(f"peak memory (max of this process and one worker): {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
