"""Checking and scrubbing files: tell each input's kind, hand it to its engine, collect a report.

`check_files` and `scrub_files` treat everything given in one run as one case (one key, one
date shift, one UID map); the case logic itself (file names, case.json, risk, verdict,
writing the bundle whole) lives in `caseguard.case`. This module is the per-file part:

- `kind_of` decides what a file is: case text (``.md``, ``.txt``...), ``case.json``, DICOM,
  an image; anything else (a zip inside a zip, an unknown type) is refused with a reason,
  never copied through.
- `read_text` and `read_bytes` read one file whole, within a size limit, with named errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from caseguard.dicom.inputs import Source, ZipLimits
from caseguard.errors import InputError, UnsupportedInput
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.textio import MAX_TEXT_BYTES, decode_text

if TYPE_CHECKING:
    from caseguard.case.report import CaseReport

__all__ = [
    "DICOM_SUFFIXES",
    "IMAGE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Kind",
    "check_files",
    "kind_of",
    "read_bytes",
    "read_text",
    "scrub_files",
]

Progress = Callable[[str], None]
Kind = str  # "text" | "case-json" | "dicom" | "image"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".csv", ".tsv", ".json", ".rst"})
DICOM_SUFFIXES = frozenset({".dcm", ".dicom", ".dic", ".ima"})
IMAGE_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".webp", ".gif", ".bmp", ".heic", ".heif",
})
ARCHIVE_SUFFIXES = frozenset({".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"})
_IMAGE_MAGIC = (
    b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a",
)


def check_files(
    paths: list[Path],
    engine: TextEngine,
    context: CaseContext | None = None,
    progress: Progress | None = None,
) -> CaseReport:
    """Everything identifying in the inputs, taken as one case; nothing is written."""
    from caseguard.case.run import run_case

    return run_case(paths, None, engine, context or CaseContext.random(), progress)


def scrub_files(
    paths: list[Path],
    out: Path,
    engine: TextEngine,
    context: CaseContext,
    progress: Progress | None = None,
) -> CaseReport:
    """Write the de-identified case under ``out`` with ``report.json`` and ``report.html``.

    The bundle is written into a temporary folder beside ``out`` and renamed into place at
    the end, so ``out`` is either the whole result or absent.
    """
    from caseguard.case.run import run_case

    return run_case(paths, out, engine, context, progress)


def kind_of(item: Source) -> Kind:
    """What a case file is, or `UnsupportedInput` saying why it cannot be part of a case."""
    name = PurePosixPath(item.relative).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        where = "inside a zip archive" if item.member else "inside a case"
        raise UnsupportedInput(
            f"an archive ({suffix}) {where} is not opened; unpack it into the case folder",
            item.name,
        )
    if name.lower() == "case.json":
        return "case-json"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in DICOM_SUFFIXES or name.upper() == "DICOMDIR":
        return "dicom"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    with item.open(ZipLimits()) as handle:
        head = handle.read(132)
    if head[128:132] == b"DICM":
        return "dicom"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if not suffix:
        return "text"  # decoded later; binary data is refused there with a reason
    raise UnsupportedInput(
        f"files of type {suffix!r} are not handled; remove it from the case or convert it",
        item.name,
    )


def read_bytes(item: Source, limit: int) -> bytes:
    """A whole file, refused when over ``limit`` bytes (read one byte further to know)."""
    with item.open(ZipLimits()) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"file over the {limit} byte limit", item.name)
    return data


def read_text(item: Source) -> str:
    """A text file decoded (UTF-8/16/32 with or without BOM, else Windows-1252)."""
    return decode_text(read_bytes(item, MAX_TEXT_BYTES), item.name)
