"""Burned-in text: identifying words are filled, clinical labels stay, DICOM arrays too."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from caseguard.findings import Category
from caseguard.image import redact_array, scrub_image
from caseguard.policy import Policy


def _overlay(lines: list[tuple[tuple[int, int], str]], size: int = 512) -> Image.Image:
    rng = np.random.default_rng(3)
    im = Image.fromarray(rng.normal(40, 15, (size, size)).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    for xy, text in lines:
        draw.text(xy, text, font=ImageFont.load_default(size=16), fill=255)
    return im


def test_phi_words_filled_and_clinical_labels_kept() -> None:
    im = _overlay([((6, 6), "SMITH, JOHN"), ((6, 30), "MRN 48213977"),
                   ((6, 480), "T2 AX"), ((400, 480), "W:400 L:40")])
    pixels = np.asarray(im)[None]
    out, findings = redact_array(pixels, Policy.default())
    categories = {f.category for f in findings}
    assert {Category.NAME, Category.ID_NUMBER} <= categories
    assert out[0, 8:24, 8:60].max() < 100  # the name is gone
    assert np.array_equal(out[0, 470:512, :], pixels[0, 470:512, :])  # labels untouched


def test_sixteen_bit_frames_are_read_windowed_and_filled_in_place() -> None:
    im = _overlay([((6, 6), "DOB 03/04/1952")])
    pixels = (np.asarray(im).astype(np.uint16) * 16)[None]  # 12-bit range
    out, findings = redact_array(pixels)
    assert out.dtype == np.uint16 and out.shape == pixels.shape
    assert any(f.category is Category.DATE for f in findings)
    assert out[0, 8:22, 40:120].max() < 16 * 100


def test_remove_all_fills_every_text_box() -> None:
    im = _overlay([((6, 480), "T2 AX")])
    base = Policy.default()
    strict = Policy(base.version, base.rules, 0.3, {"image": {"text_on_images": "remove-all"}})
    out, _ = redact_array(np.asarray(im)[None], strict)
    assert out[0, 482:496, 8:40].max() < 100


@pytest.mark.slow
def test_seeded_overlays_recall() -> None:
    from caseguard.image.ocr_eval import evaluate

    scores = evaluate(12)
    assert scores["phi_recall"] >= 0.8
    assert scores["clinical_wrongly_covered"] <= 0.05


def test_scrubbed_file_has_text_filled(tmp_path: object) -> None:
    from pathlib import Path

    im = _overlay([((6, 6), "Name: Jane Okafor")])
    src = Path(str(tmp_path)) / "us.png"
    im.save(src)
    result = scrub_image(src, Path(str(tmp_path)) / "clean.png")
    assert any(f.category is Category.NAME and f.box for f in result.findings)
    assert result.preview_png and result.preview_png.startswith(b"\x89PNG")
    assert not result.lossless
