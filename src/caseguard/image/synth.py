"""Seeded medical-looking images with burned-in text and ground-truth word boxes.

`make_case(seed)` draws a CT, MR, ultrasound or X-ray-like background (numpy noise
and shapes) and overlays text lines at the corners and edges, in Pillow's
built-in font or DejaVu when it is installed, at several sizes, colours (white on
black, black on a light bar, grey) and sometimes rotated by 90 degrees. Every
word is recorded with its box and whether it is identifying (names, dates, IDs,
institutions) or clinical (laterality, sequence, window, scale, series labels).
Used by the OCR tests and `benchmarks/image_ocr_eval.py`; not needed at run time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from caseguard.image.result import Box

__all__ = ["SynthCase", "SynthWord", "make_case"]

_FIRST = ("JOHN", "Jane", "MARIA", "Peter", "AHMED", "Olga", "WEI", "Fatima", "LIAM", "Sofia")
_LAST = ("SMITH", "Okafor", "KOWALSKI", "Nguyen", "FERREIRA", "Schmidt", "OBRIEN", "Haddad",
         "MURPHY", "Tanaka")
_INSTITUTIONS = ("ST MARY'S HOSPITAL", "Royal Infirmary", "NORTHSIDE CLINIC",
                 "Lakeview Medical Center", "CITY GENERAL HOSPITAL")
_CLINICAL = (
    "T2 AX", "T1 SAG", "FLAIR", "DWI b1000", "W:400 L:40", "W:1500 L:-600", "Se:3 Im:12",
    "AP", "PA", "LAT", "SUPINE", "5.0 mm", "kVp 120", "mAs 250", "C+", "ABDOMEN", "LIVER",
    "10 cm", "R", "L", "GCS 14", "ARTERIAL", "PORTAL", "LONG", "TRANS", "RT KIDNEY",
)
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True, slots=True)
class SynthWord:
    """A drawn word: ``phi`` True (identifying), False (clinical) or None (a field label)."""

    text: str
    box: Box
    phi: bool | None


@dataclass
class SynthCase:
    image: Image.Image
    words: list[SynthWord]
    modality: str


def _font(rng: random.Random, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    fonts = [p for p in ("DejaVuSans.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Bold.ttf")
             if (_DEJAVU / p).is_file()]
    if fonts and rng.random() < 0.5:
        return ImageFont.truetype(str(_DEJAVU / rng.choice(fonts)), size)
    return ImageFont.load_default(size=size)


def _background(rng: random.Random, size: int, modality: str) -> np.ndarray:
    nprng = np.random.default_rng(rng.randrange(2**32))
    yy, xx = np.mgrid[0:size, 0:size] / size
    if modality == "US":
        img = np.zeros((size, size))
        angle = np.arctan2(xx - 0.5, yy - 0.05)
        radius = np.hypot(xx - 0.5, yy - 0.05)
        fan = (np.abs(angle) < 0.6) & (radius > 0.1) & (radius < 0.85)
        img[fan] = nprng.rayleigh(45, fan.sum())
    elif modality == "XR":
        img = 60 + 120 * np.exp(-((xx - 0.5) ** 2) / 0.05) + nprng.normal(0, 8, (size, size))
    else:
        body = ((xx - 0.5) / 0.4) ** 2 + ((yy - 0.5) / 0.33) ** 2 < 1
        img = np.where(body, 90 + nprng.normal(0, 15, (size, size)), 0)
        for _ in range(5):
            cx, cy, r = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.03, 0.1)
            img[(xx - cx) ** 2 + (yy - cy) ** 2 < r * r] = rng.uniform(20, 200)
        if modality == "MR":
            img = img * (0.6 + 0.4 * xx)
    return np.clip(img, 0, 255).astype(np.uint8)


def _phi_line(rng: random.Random) -> list[tuple[str, bool | None]]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1935, 2005)
    mrn = str(rng.randint(1000000, 99999999))
    choices: list[list[tuple[str, bool | None]]] = [
        [("Name:", None), (f"{last},", True), (first, True)],
        [(f"{last}^{first}", True)],
        [(f"{first}", True), (f"{last}", True)],
        [("DOB:", None), (f"{day:02d}/{month:02d}/{year}", True)],
        [("MRN", None), (mrn, True)],
        [("ID:", None), (mrn, True)],
        [("Acc#", None), (f"A{mrn}", True)],
        [(f"{day:02d}-{month:02d}-{rng.randint(2015, 2024)}", True),
         (f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", True)],
        [(w, True) for w in rng.choice(_INSTITUTIONS).split()],
        [("Dr", None), (rng.choice(_LAST), True)],
    ]
    return rng.choice(choices)


def make_case(seed: int, size: int | None = None) -> SynthCase:
    """One image with 2-6 text lines and the truth about each word."""
    rng = random.Random(seed)
    modality = rng.choice(("CT", "MR", "US", "XR"))
    size = size or rng.choice((384, 512, 512, 768))
    image = Image.fromarray(_background(rng, size, modality)).convert("RGB")
    draw = ImageDraw.Draw(image)
    words: list[SynthWord] = []
    y_top, y_bottom = 4, size - 4
    for n in range(rng.randint(2, 6)):
        items: list[tuple[str, bool | None]] = (
            _phi_line(rng) if n % 2 == 0 else [(w, False) for w in rng.choice(_CLINICAL).split()]
        )
        font = _font(rng, rng.choice((11, 12, 14, 16, 20)))
        fill, bar = rng.choice((((255, 255, 255), None), ((230, 230, 0), None),
                                ((0, 0, 0), (220, 220, 220)), ((180, 180, 180), None)))
        line_w = sum(draw.textlength(t + " ", font=font) for t, _ in items)
        height = int(font.size * 1.3) if hasattr(font, "size") else 14
        right = rng.random() < 0.4
        x = int(size - line_w - 4) if right else rng.randint(2, 10)
        top = n % 2 == 0
        y = y_top if top else y_bottom - height
        if top:
            y_top += height + 2
        else:
            y_bottom -= height + 2
        if bar is not None:
            draw.rectangle((x - 2, y - 1, x + int(line_w) + 2, y + height), fill=bar)
        for text, phi in items:
            bbox = draw.textbbox((x, y), text, font=font)
            draw.text((x, y), text, font=font, fill=fill)
            words.append(SynthWord(text, (int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3])),
                                   phi))
            x += int(draw.textlength(text + " ", font=font))
    if rng.random() < 0.15:  # a vertical label along the left edge
        text = f"{rng.choice(_LAST)}"
        font = _font(rng, 14)
        layer = Image.new("L", (int(draw.textlength(text, font=font)) + 4, 20), 0)
        ImageDraw.Draw(layer).text((2, 2), text, font=font, fill=255)
        layer = layer.rotate(90, expand=True)
        y = size // 2 - layer.height // 2
        image.paste((255, 255, 255), (2, y), layer)
        words.append(SynthWord(text, (2, y, 2 + layer.width, y + layer.height), True))
    return SynthCase(image, words, modality)
