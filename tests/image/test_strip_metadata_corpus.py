"""Every corpus file scrubbed: no identifying tag survives (as exiftool sees it), JPEGs
without pixel changes are stripped losslessly, and the report names what was inside."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from caseguard.findings import Category
from caseguard.image import ImageResult, scrub_image
from caseguard.image.corpus import IDENTIFYING_TAGS, PLANTED, build_corpus
from caseguard.image.jpeg import scan_data

EXIFTOOL = shutil.which("exiftool")


@pytest.fixture(scope="module")
def scrubbed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, ImageResult]]:
    src = tmp_path_factory.mktemp("corpus")
    out = tmp_path_factory.mktemp("clean")
    paths = build_corpus(src)
    if EXIFTOOL:  # an EXIF thumbnail that Pillow cannot write
        thumb = src / "thumb.jpg"
        Image.new("RGB", (32, 24), (200, 10, 10)).save(thumb)
        target = src / "jpg-00.jpg"
        subprocess.run([EXIFTOOL, "-q", "-overwrite_original", f"-ThumbnailImage<={thumb}",
                        str(target)], check=True)
        thumb.unlink()
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    results = {}
    for path in paths:
        results[path.name] = (path, out / path.name, scrub_image(path, out / path.name))
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digests[path.name]
    return results


def test_corpus_is_large_and_covers_every_format(scrubbed: dict[str, object]) -> None:
    assert len(scrubbed) >= 50
    assert {name.rsplit(".", 1)[1] for name in scrubbed} >= {"jpg", "png", "tif", "webp", "gif",
                                                             "bmp"}


@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed")
def test_exiftool_finds_nothing_identifying(
    scrubbed: dict[str, tuple[Path, Path, ImageResult]],
) -> None:
    outputs = [str(out) for _, out, _ in scrubbed.values()]
    inputs = [str(src) for src, _, _ in scrubbed.values()]
    before = json.loads(subprocess.run([EXIFTOOL, "-j", "-a", "-G1", *inputs],
                                       capture_output=True, check=True).stdout)
    planted_seen = sum(any(v in json.dumps(rec) for v in PLANTED.values()) for rec in before)
    assert planted_seen >= 40  # the corpus really carries the planted values
    after = json.loads(subprocess.run([EXIFTOOL, "-j", "-a", "-G1", *outputs],
                                      capture_output=True, check=True).stdout)
    for record in after:
        names = {key.split(":", 1)[-1] for key in record}
        leaked = names & set(IDENTIFYING_TAGS)
        text = json.dumps({k: v for k, v in record.items() if k != "SourceFile"})
        values = [v for v in PLANTED.values() if v in text]
        assert not leaked and not values, (record["SourceFile"], leaked, values)
        groups = {key.split(":", 1)[0] for key in record if ":" in key}
        assert not groups & {"XMP-dc", "XMP-x", "IPTC", "ICC-header", "GPS", "ExifIFD", "IFD1"
                             if record["SourceFile"].endswith(".jpg") else "-"}


@pytest.mark.parametrize("name", [f"jpg-{i:02d}.jpg" for i in range(14) if i % 5 != 4])
def test_jpeg_without_pixel_changes_is_stripped_losslessly(
    scrubbed: dict[str, tuple[Path, Path, ImageResult]], name: str,
) -> None:
    src, out, result = scrubbed[name]
    assert result.lossless
    assert scan_data(out.read_bytes()) == scan_data(src.read_bytes())
    with Image.open(src) as a, Image.open(out) as b:
        assert np.array_equal(np.asarray(a), np.asarray(b))


def test_rotated_jpeg_is_reencoded_upright(
    scrubbed: dict[str, tuple[Path, Path, ImageResult]],
) -> None:
    src, out, result = scrubbed["jpg-04.jpg"]
    assert not result.lossless
    with Image.open(src) as a, Image.open(out) as b:
        assert b.size == (a.height, a.width)
        assert "exif" not in b.info


@pytest.mark.parametrize(("name", "categories"), [
    ("jpg-00.jpg", {Category.NAME, Category.DATE, Category.DEVICE_ID, Category.ADDRESS,
                    Category.ID_NUMBER}),
    ("png-00.png", {Category.NAME, Category.DATE}),
    ("tif-00.tif", {Category.NAME, Category.DATE, Category.DEVICE_ID}),
    ("gif-00.gif", {Category.NAME}),
    ("webp-00.webp", {Category.NAME, Category.ADDRESS}),
])
def test_report_names_what_was_inside(
    scrubbed: dict[str, tuple[Path, Path, ImageResult]], name: str, categories: set[Category],
) -> None:
    result = scrubbed[name][2]
    assert categories <= {f.category for f in result.findings}
    texts = " ".join(f.text for f in result.findings)
    assert "Okafor" in texts or "Kowalski" in texts or "Walsh" in texts
    assert result.actions


def test_planted_free_text_goes_through_the_text_engine(
    scrubbed: dict[str, tuple[Path, Path, ImageResult]],
) -> None:
    found = scrubbed["jpg-00.jpg"][2].findings
    assert any(f.location == "EXIF:ImageDescription" and "Walsh" in f.text for f in found)
    assert any(f.location.startswith("XMP") and "Johnson" in f.text for f in found)
    assert any(f.location == "JPEG:comment" and "Kowalski" in f.text for f in found)
