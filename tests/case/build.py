"""Small synthetic cases for tests: case text, photos with EXIF, a CT series, made on the fly.

The series and photos come from `caseguard.case.samples`, which the benchmarks use too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from caseguard.case.samples import ct_series, photo

PHI_TEXT = (
    "# Ruptured Baker cyst\n\n"
    "Mrs Margaret Okonkwo (MRN 40012873) was scanned on 19/01/2004.\n"
    "She lives in Bridgeford and works as a lighthouse keeper.\n"
    "Call 07700 900123. Background: Crohn disease. GCS 15, 5 x 4 mm cyst.\n"
)


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
