"""Parts of synthetic cases made on the fly: CT series and photos with identifying EXIF.

    ct_series(case / "ct", 100)                  # IM0001.dcm ... IM0100.dcm, one series
    photo(case / "photos" / "knee.jpg")          # a JPEG with artist, date and description

The series come from pydicom's bundled ``CT_small.dcm`` (nothing is downloaded), each with
its own series and instance UIDs and slice positions. Used by the tests and the benchmarks;
nothing here is needed at run time.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pydicom
from PIL import Image
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

__all__ = ["ct_series", "ct_slices", "photo"]


def ct_slices(count: int, spacing: float = 2.5,
              description: str | None = None) -> Iterator[Dataset]:
    """``count`` slices of one new series, ``spacing`` mm apart along the patient's axis.

    Each slice is a separate copy, so the slices can be kept and changed one by one.
    """
    source = get_testdata_file("CT_small.dcm", download=False)
    if source is None:
        raise FileNotFoundError("pydicom's bundled CT_small.dcm is missing")
    template = pydicom.dcmread(str(source))
    series_uid = generate_uid()
    for index in range(count):
        ds = copy.deepcopy(template)
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = index + 1
        ds.ImagePositionPatient = [-158.0, -179.0, -75.0 + spacing * index]
        ds.SliceLocation = -75.0 + spacing * index
        if description is not None:
            ds.SeriesDescription = description
        yield ds


def ct_series(folder: Path, count: int, name: str = "IM{:04d}.dcm",
              description: str = "AX CHEST", spacing: float = 2.5) -> list[Path]:
    """``count`` slices of one series saved in ``folder``, named by ``name`` from 1."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for ds in ct_slices(count, spacing, description):
        path = folder / name.format(ds.InstanceNumber)
        ds.save_as(path, enforce_file_format=False)
        paths.append(path)
    return paths


def photo(path: Path, artist: str = "Dr Jane Okafor", when: str = "2021:03:03 10:22:00",
          picture: Image.Image | None = None, serial: str | None = None) -> Path:
    """A JPEG with identifying EXIF: artist, date, a description naming the artist and,
    when given, the camera's serial number.

    ``picture`` is what the photo shows; by default a flat 320 x 240 picture with a grid of
    dots.
    """
    if picture is None:
        picture = Image.new("RGB", (320, 240), (180, 150, 130))
        for x in range(0, 320, 16):
            for y in range(0, 240, 16):
                picture.putpixel((x, y), (20, 20, 20))
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x0132] = when  # DateTime
    exif[0x010E] = f"Knee of patient, taken by {artist}"  # ImageDescription
    if serial is not None:
        exif[0xA431] = serial  # BodySerialNumber
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, format="JPEG", exif=exif, quality=90)
    return path
