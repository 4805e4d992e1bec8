"""A whole case checked end to end: 1 text, 3 photos with EXIF, a 100-slice CT series.

    .venv/bin/python benchmarks/case_check.py [--slices 100] [--scrub]

The case is generated in a temporary folder (photos with Pillow, the series from pydicom's
bundled CT_small.dcm with its own UIDs and slice positions, by `caseguard.case.samples`),
then checked (or scrubbed) once in this process, on one core. Prints wall time and peak
memory (target: <= 10 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from PIL import Image

TEXT = """# Ruptured Baker cyst mimicking DVT

## Presentation
Mrs Margaret Okonkwo (MRN 40012873, DOB 14/02/1951) was seen by Dr. Alan Whitcombe on
3 March 2021 with a painful, swollen left calf. Contact: 07700 900123, m.okonkwo@example.com.

## Findings
Ultrasound shows a ruptured Baker cyst, 5 x 4 mm fluid tracking into the calf, no DVT.
CT chest (100 slices) is normal. GCS 15 throughout.

## Discussion
Ruptured popliteal cysts mimic DVT; ultrasound settles it.
"""


def build(root: Path, slices: int) -> Path:
    from caseguard.case.samples import ct_series, photo

    case = root / "case"
    case.mkdir(parents=True)
    (case / "case.md").write_text(TEXT)
    for index in range(3):
        picture = Image.effect_noise((1600, 1200), 40 + index).convert("RGB")
        photo(case / "photos" / f"knee-{index + 1}.jpg", picture=picture,
              serial=f"SN-7731-{index}")
    ct_series(case / "ct", slices)
    return case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=100)
    parser.add_argument("--scrub", action="store_true", help="scrub instead of check")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from caseguard.case.run import run_case
    from caseguard.text.engine import TextEngine
    from caseguard.text.transforms import CaseContext

    with tempfile.TemporaryDirectory(prefix="caseguard-bench-") as folder:
        case = build(Path(folder), args.slices)
        size = sum(p.stat().st_size for p in case.rglob("*") if p.is_file())
        out = Path(folder) / "out" if args.scrub else None
        if args.tracemalloc:
            tracemalloc.start()
        start = time.perf_counter()
        engine = TextEngine()
        engine.detect(TEXT)  # word lists and gazetteers load on first use
        loaded = time.perf_counter()
        report = run_case([case], out, engine, CaseContext.from_key("bench", "bench"))
        end = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
    seconds = end - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"case: 1 text, 3 photos (1600x1200), {args.slices} CT slices, "
          f"{size / 1e6:.1f} MB; {'scrub' if args.scrub else 'check'} on one core")
    print(f"wall time      {seconds:6.2f} s  end to end, target <= 10 s")
    print(f"  text engine  {loaded - start:6.2f} s  loading word lists and gazetteers")
    print(f"  the case     {end - loaded:6.2f} s  names, text, photos (metadata, OCR, faces), "
          "DICOM, risk")
    print(f"peak RSS       {rss:6.1f} MB")
    if args.tracemalloc:
        print(f"peak Python    {peak / 1e6:6.1f} MB (tracemalloc; slows the run)")
    print(f"documents      {len(report.documents)}; findings {len(report.findings)}; "
          f"series {len(report.series)}; verdict {report.verdict.status.value}")
    return 0 if seconds <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
