"""Checking an upload before anything is created, and staging it for the worker.

Staged uploads live in the data folder's ``staging`` area (never blob storage),
one folder per upload, so the worker can requeue or purge them after a restart.

Every check runs before the case row exists, so bad input never leaves a
half-created case: an oversized upload is 413, a type the platform does not take
is 415, an unsafe archive (traversal, bomb) or a malformed form is 400.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastapi import UploadFile

from caseguard.dicom.inputs import ZipLimits, check_zip
from caseguard.errors import InputError
from caseguard.files import DICOM_SUFFIXES, TEXT_SUFFIXES
from caseguard.web.adapters import IMAGE_SUFFIXES
from caseguard.web.processing import BODY_FOLDER, BODY_NAME, CLAIM_FILE

__all__ = ["ACCEPTED_SUFFIXES", "CLAIM_FILE", "StagedUpload", "UploadRejected", "stage_upload"]

ACCEPTED_SUFFIXES = TEXT_SUFFIXES | DICOM_SUFFIXES | IMAGE_SUFFIXES | {".zip"}
CHUNK = 1 << 20


class UploadRejected(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        self.message, self.status = message, status
        super().__init__(message)


@dataclass
class StagedUpload:
    folder: Path
    files: int

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def claim(self, case_id: int) -> None:
        """Tie the folder to its case, so a restart can requeue it or fail the case."""
        (self.folder / CLAIM_FILE).write_text(str(case_id), "ascii")
        stamp = time.time()
        os.utime(self.folder, (stamp, stamp))  # its expiry counts from here


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base)[:120]
    return cleaned.lstrip(".") or "file"


def stage_upload(body: str, files: list[UploadFile], max_bytes: int, max_files: int,
                 root: Path, zip_limits: ZipLimits | None = None) -> StagedUpload:
    """Copy the upload into a new folder under ``root`` (``in/NNN/name``) after checking it."""
    files = [f for f in files if f.filename]
    if not body.strip() and not files:
        raise UploadRejected("Add the case text or at least one file.")
    if len(files) > max_files:
        raise UploadRejected(f"At most {max_files} files per upload.")
    limits = zip_limits or ZipLimits(max_total_bytes=max_bytes * 20,
                                     max_member_bytes=max_bytes * 20)
    for upload in files:
        suffix = PurePosixPath(upload.filename or "").suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise UploadRejected(
                f"{_safe_name(upload.filename or '')}: files of type {suffix or 'without a suffix'}"
                f" are not accepted; use text ({', '.join(sorted(TEXT_SUFFIXES))}), DICOM, "
                "images or a zip of them.", 415)
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=root))
    try:
        total = len(body.encode("utf-8"))
        if body.strip():
            (folder / "in" / BODY_FOLDER).mkdir(parents=True)
            (folder / "in" / BODY_FOLDER / BODY_NAME).write_text(body, "utf-8")
        for number, upload in enumerate(files, 1):
            target = folder / "in" / f"{number:03d}" / _safe_name(upload.filename or "")
            target.parent.mkdir(parents=True)
            with target.open("wb") as handle:
                while chunk := upload.file.read(CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise UploadRejected(
                            f"The upload is too large: the limit is {max_bytes // 1_000_000} MB.",
                            413)
                    handle.write(chunk)
            _check_content(target, limits)
        return StagedUpload(folder, len(files))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _check_content(path: Path, limits: ZipLimits) -> None:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        if not zipfile.is_zipfile(path):
            raise UploadRejected(f"{path.name} is not a zip archive.", 415)
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip(archive, path.name, limits)
        except InputError as exc:
            raise UploadRejected(f"{path.name} was refused: {_tail(str(exc))}") from None
        except zipfile.BadZipFile:
            raise UploadRejected(f"{path.name} is a damaged zip archive.", 415) from None
    elif suffix in TEXT_SUFFIXES:
        with path.open("rb") as handle:
            if b"\x00" in handle.read(8192):
                raise UploadRejected(f"{path.name} holds binary data, not text.", 415)
    elif suffix in DICOM_SUFFIXES:
        with path.open("rb") as handle:
            head = handle.read(132)
        if head[128:132] != b"DICM":
            raise UploadRejected(f"{path.name} is not a DICOM file (no DICM preamble).", 415)


def _tail(message: str) -> str:
    return message.split(": ", 1)[-1]
