"""Burned-in text in DICOM pixel data: filled and recorded, or left byte-identical."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import FileDataset
from pydicom.uid import ExplicitVRLittleEndian, RLELossless

from caseguard.dicom import deidentify_file
from caseguard.dicom.pixels import CLEAN_PIXEL_DATA

NAME_BAR = "SMITH^JOHN  MRN 48213977"


def _frame(text: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    im = Image.fromarray(rng.rayleigh(30, (256, 320)).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=16)
    if text:
        draw.rectangle((0, 0, 320, 22), fill=0)
        draw.text((4, 3), text, font=font, fill=255)
    draw.text((270, 232), "LIVER", font=font, fill=255)
    return np.asarray(im)


def _us(path: Path, texts: list[str], colour: bool = False, rle: bool = False) -> Path:
    """A US-like file made from pydicom's CT_small.dcm, one frame per text."""
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    assert isinstance(ds, FileDataset)
    frames = np.stack([_frame(t, i) for i, t in enumerate(texts)])
    if colour:
        frames = np.repeat(frames[..., None], 3, axis=-1)
    array = frames[0] if len(texts) == 1 else frames
    ds.Modality = "US"
    ds.BurnedInAnnotation = "YES"
    for keyword in ("RescaleIntercept", "RescaleSlope", "WindowCenter", "WindowWidth"):
        if keyword in ds:
            delattr(ds, keyword)
    ds.set_pixel_data(array, "RGB" if colour else "MONOCHROME2", 8)
    if rle:
        ds.compress(RLELossless)
    ds.save_as(path, enforce_file_format=True)
    return path


def _run(src: Path, tmp_path: Path) -> tuple[object, FileDataset]:
    result = deidentify_file(src, tmp_path / "out.dcm", key=b"k")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = dcmread(tmp_path / "out.dcm")
    return result, out


@pytest.mark.slow
@pytest.mark.parametrize(("colour", "rle"), [(False, False), (True, False), (False, True)])
def test_name_bar_filled_and_recorded(tmp_path: Path, colour: bool, rle: bool) -> None:
    src = _us(tmp_path / "us.dcm", [NAME_BAR], colour, rle)
    before = dcmread(src)
    result, out = _run(src, tmp_path)
    assert not result.needs_pixel_check  # type: ignore[attr-defined]
    assert any(c.keyword == "PixelData" for c in result.changes)  # type: ignore[attr-defined]
    assert out.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    assert out.BurnedInAnnotation == "NO"
    assert (out.Rows, out.Columns, out.BitsAllocated) == (
        before.Rows, before.Columns, before.BitsAllocated)
    assert out.PhotometricInterpretation == ("RGB" if colour else "MONOCHROME2")
    codes = [item.CodeValue for item in out.DeidentificationMethodCodeSequence]
    assert CLEAN_PIXEL_DATA[0] in codes
    pixels = out.pixel_array
    assert pixels[2:20, 4:100].max() < 100  # the name is gone
    assert pixels[232:250, 270:316].max() > 200  # the clinical label stays


@pytest.mark.slow
def test_multi_frame_only_frames_with_text_change(tmp_path: Path) -> None:
    src = _us(tmp_path / "cine.dcm", [NAME_BAR, "", NAME_BAR])
    before = dcmread(src).pixel_array
    result, out = _run(src, tmp_path)
    assert not result.needs_pixel_check  # type: ignore[attr-defined]
    after = out.pixel_array
    assert after.shape == before.shape and int(out.NumberOfFrames) == 3
    assert np.array_equal(after[1], before[1])
    for index in (0, 2):
        assert after[index, 2:20, 4:100].max() < 100


@pytest.mark.slow
def test_nothing_identifying_leaves_pixel_data_byte_identical(tmp_path: Path) -> None:
    src = _us(tmp_path / "us.dcm", [""])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = dcmread(src)
    result, out = _run(src, tmp_path)
    assert out.PixelData == before.PixelData
    assert out.file_meta.TransferSyntaxUID == before.file_meta.TransferSyntaxUID
    # the header says there is annotation and none was found: a person looks
    assert result.needs_pixel_check  # type: ignore[attr-defined]
    assert any("no identifying text" in n for n in result.notes)  # type: ignore[attr-defined]
