"""Measuring burned-in text removal on seeded synthetic images (see `caseguard.image.synth`).

A PHI word counts as removed when at least 90% of its box is filled and OCR of the
output no longer reads it; a clinical word counts as wrongly covered when more than
half of its box is filled; field labels ("Name:", "MRN") count as neither.
"""

from __future__ import annotations

import re
import time

import numpy as np

from caseguard.image.ocr import read_lines
from caseguard.image.options import ImageOptions
from caseguard.image.redact import find_text
from caseguard.image.result import Box
from caseguard.image.synth import make_case
from caseguard.text.engine import TextEngine

__all__ = ["evaluate"]


def _covered(box: Box, mask: np.ndarray) -> float:
    x0, y0, x1, y1 = box
    region = mask[max(0, y0):y1, max(0, x0):x1]
    return float(region.mean()) if region.size else 0.0


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def evaluate(count: int, seed: int = 1000, verbose: bool = False) -> dict[str, float]:
    engine, options = TextEngine(), ImageOptions()
    phi = removed = clinical = wrong = 0
    started = time.perf_counter()
    for i in range(count):
        case = make_case(seed + i)
        pixels = np.asarray(case.image)
        hits = find_text(pixels, engine, options)
        mask = np.zeros(pixels.shape[:2], dtype=bool)
        out = pixels.copy()
        for hit in hits:
            x0, y0, x1, y1 = hit.box
            mask[y0:y1, x0:x1] = True
            out[y0:y1, x0:x1] = 0
        after = _norm(" ".join(line.text for line in read_lines(out)))
        for word in case.words:
            cover = _covered(word.box, mask)
            if word.phi:
                phi += 1
                token = _norm(word.text)
                gone = cover >= 0.9 and (len(token) < 3 or token not in after)
                removed += gone
                if verbose and not gone:
                    print(f"missed {word.text!r} in case {seed + i} (covered {cover:.2f})")
            elif word.phi is False:
                clinical += 1
                wrong += cover > 0.5
                if verbose and cover > 0.5:
                    print(f"covered clinical {word.text!r} in case {seed + i}")
    return {
        "images": count,
        "phi_words": phi,
        "phi_recall": removed / max(1, phi),
        "clinical_words": clinical,
        "clinical_wrongly_covered": wrong / max(1, clinical),
        "seconds_per_image": (time.perf_counter() - started) / max(1, count),
    }
