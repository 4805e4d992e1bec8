"""Seconds per image for each pass, beside a plain decode+encode, and peak memory.

Passes: metadata strip (inspect + lossless/clean encode), OCR pass (read + find text),
face pass, and the whole `scrub_image`. onnxruntime runs on one intra-op thread, so the
CPU seconds of the process are the cost on one core; wall seconds are shown beside them
(they grow when the machine is shared).

    python benchmarks/image_throughput.py --count 5
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from PIL import Image

from caseguard.image import faces, ocr, scrub_image
from caseguard.image.decode import open_image
from caseguard.image.faces import detect_faces
from caseguard.image.metadata import inspect_metadata
from caseguard.image.options import ImageOptions
from caseguard.image.redact import find_text
from caseguard.image.synth import make_case
from caseguard.text.engine import TextEngine


def _jpeg(seed: int, size: int) -> bytes:
    out = io.BytesIO()
    make_case(seed, size).image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _time(fn: Callable[[bytes], object], images: list[bytes]) -> tuple[float, float]:
    fn(images[0])  # warm-up: model loading is not per image
    started, cpu = time.perf_counter(), time.process_time()
    for data in images:
        fn(data)
    n = len(images)
    return (time.process_time() - cpu) / n, (time.perf_counter() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5)
    args = parser.parse_args()
    ocr.configure(threads=1)
    faces.configure(threads=1)
    engine, options = TextEngine(), ImageOptions()

    def decode_encode(data: bytes) -> object:
        out = io.BytesIO()
        Image.open(io.BytesIO(data)).save(out, "JPEG", quality=90)
        return out

    def metadata(data: bytes) -> object:
        return inspect_metadata(data, open_image(data).source_image, engine)

    def ocr_pass(data: bytes) -> object:
        return find_text(np.asarray(Image.open(io.BytesIO(data)).convert("L")), engine, options)

    def face_pass(data: bytes) -> object:
        return detect_faces(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")))

    def full(data: bytes) -> object:
        return scrub_image(data, None, preview=False)

    print(f"{'size':>10} {'pass':>16} {'cpu s/img':>10} {'wall s/img':>11}")
    for size in (512, 2048):
        images = [_jpeg(seed, size) for seed in range(args.count)]
        for name, fn in (("decode+encode", decode_encode), ("metadata", metadata),
                         ("ocr", ocr_pass), ("faces", face_pass), ("full scrub", full)):
            cpu, wall = _time(fn, images)
            print(f"{size:>10} {name:>16} {cpu:10.3f} {wall:11.3f}")
        tracemalloc.start()
        full(images[0])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{size:>10} {'peak MiB (py)':>16} {peak / 2**20:9.1f}")


if __name__ == "__main__":
    main()
