"""Faces: found in photographs (block by default, cover on request), none on scan-like images."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from caseguard.findings import Category
from caseguard.image import scrub_image
from caseguard.image.faces import detect_faces
from caseguard.image.synth import make_case
from caseguard.policy import Policy

skdata = pytest.importorskip("skimage.data")


@pytest.mark.parametrize("name", ["astronaut", "camera"])
def test_faces_found_in_photographs(name: str) -> None:
    assert detect_faces(np.asarray(getattr(skdata, name)()))


def test_several_small_faces_found() -> None:
    face = Image.fromarray(skdata.astronaut()).crop((150, 30, 300, 210)).resize((75, 90))
    canvas = Image.new("RGB", (640, 480), (200, 200, 200))
    for x in (20, 220, 420):
        canvas.paste(face, (x, 150))
    assert len(detect_faces(np.asarray(canvas))) == 3


def test_no_faces_on_scan_like_images() -> None:
    found = [seed for seed in range(40) if detect_faces(np.asarray(make_case(seed, 384).image))]
    assert found == []


def _astronaut_jpeg() -> bytes:
    out = io.BytesIO()
    Image.fromarray(skdata.astronaut()).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_face_blocks_file_by_default(tmp_path: Path) -> None:
    result = scrub_image(_astronaut_jpeg(), tmp_path / "a.jpg")
    assert result.blocked_reason and "face" in result.blocked_reason
    assert not (tmp_path / "a.jpg").exists()


def test_face_covered_on_request(tmp_path: Path) -> None:
    base = Policy.default()
    policy = Policy(base.version, base.rules, 0.3, {"image": {"faces": "cover"}})
    result = scrub_image(_astronaut_jpeg(), tmp_path / "a.jpg", policy)
    assert result.blocked_reason is None
    faces = [f for f in result.findings if f.category is Category.FACE]
    assert faces and faces[0].box is not None
    assert not detect_faces(np.asarray(Image.open(tmp_path / "a.jpg")))
