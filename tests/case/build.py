"""Small synthetic cases for tests: case text, photos with EXIF, a CT series, made on the fly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pydicom
from PIL import Image
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

PHI_TEXT = (
    "# Ruptured Baker cyst\n\n"
    "Mrs Margaret Okonkwo (MRN 40012873) was scanned on 19/01/2004.\n"
    "She lives in Bridgeford and works as a lighthouse keeper.\n"
    "Call 07700 900123. Background: Crohn disease. GCS 15, 5 x 4 mm cyst.\n"
)


def ct_small() -> Path:
    path = get_testdata_file("CT_small.dcm", download=False)
    assert path is not None
    return Path(str(path))


def ct_series(folder: Path, count: int, name: str = "IM{:04d}.dcm",
              description: str = "AX CHEST") -> list[Path]:
    """``count`` slices of one series: CT_small with its own UIDs and positions."""
    folder.mkdir(parents=True, exist_ok=True)
    template = pydicom.dcmread(ct_small())
    series_uid = generate_uid()
    paths = []
    for index in range(count):
        ds = template.copy()
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = index + 1
        ds.ImagePositionPatient = [-158.0, -179.0, -75.0 + 2.5 * index]
        ds.SeriesDescription = description
        path = folder / name.format(index + 1)
        ds.save_as(path, enforce_file_format=False)
        paths.append(path)
    return paths


def photo(path: Path, artist: str = "Dr Jane Okafor", size: tuple[int, int] = (320, 240),
          when: str = "2021:03:03 10:22:00") -> Path:
    """A JPEG with identifying EXIF (artist, date, camera serial)."""
    image = Image.new("RGB", size, (180, 150, 130))
    for x in range(0, size[0], 16):
        for y in range(0, size[1], 16):
            image.putpixel((x, y), (20, 20, 20))
    exif = Image.Exif()
    exif[0x013B] = artist
    exif[0x0132] = when
    exif[0x010E] = f"Knee of patient, taken by {artist}"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="JPEG", exif=exif, quality=90)
    return path


def case_folder(root: Path, slices: int = 3) -> Path:
    """A case with text, one photo and a short CT series."""
    case = root / "case"
    case.mkdir(parents=True)
    (case / "case.md").write_text(PHI_TEXT + "\n![knee](photos/knee.jpg)\n")
    photo(case / "photos" / "knee.jpg")
    ct_series(case / "ct", slices)
    return case


def zip_folder(folder: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    """A zip of a folder's files (plus ``extra`` members)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path (to prove an input was not touched)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


__all__ = ["PHI_TEXT", "case_folder", "ct_series", "photo", "snapshot", "zip_bytes",
           "zip_folder"]
