"""Where DICOM input comes from: a file, a folder (recursive, DICOMDIR included) or a zip.

`iter_sources` yields `Source` objects lazily, so an archive of millions of files is never
listed in memory at once. Zip archives are checked before any member is read: member names
that leave the archive's folder (absolute, ``..``, drive letters) and zip bombs (too much in
total, or a member that expands too far) raise `UnsafeInput`. Members are read one at a
time, with the declared size enforced while decompressing.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from caseguard.errors import InputError, UnreadableInput, UnsafeInput

__all__ = ["Source", "ZipLimits", "check_zip", "iter_sources"]

_SKIP_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may expand to before it counts as a zip bomb."""

    max_total_bytes: int = 64 * 2**30
    max_member_bytes: int = 4 * 2**30
    max_ratio: float = 200.0
    max_members: int = 5_000_000


@dataclass(frozen=True)
class Source:
    """One input file: a path on disk, or a member of a zip archive."""

    path: Path
    relative: str
    member: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    def open(self, limits: ZipLimits | None = None) -> BinaryIO:
        """A seekable stream of the file's bytes (a zip member is read into memory alone)."""
        if self.member is None:
            return self.path.open("rb")
        return io.BytesIO(read_member(self.path, self.member, limits or ZipLimits()))


def _safe_member_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\x00" in name:
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." not in parts and not (parts and ":" in parts[0])


def check_zip(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The archive's file members, or `UnsafeInput` if any is unsafe."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeInput(f"{len(infos)} members exceed the limit of {limits.max_members}", name)
    total = 0
    members = []
    for info in infos:
        if not _safe_member_name(info.filename):
            raise UnsafeInput(f"member {info.filename!r} would be written outside the output", name)
        if info.is_dir():
            continue
        if info.external_attr >> 16 & 0o170000 == 0o120000:
            raise UnsafeInput(f"member {info.filename!r} is a symbolic link", name)
        total += info.file_size
        if info.file_size > limits.max_member_bytes or total > limits.max_total_bytes:
            raise UnsafeInput("archive expands beyond the size limit (zip bomb?)", name)
        if info.file_size > 1 << 20 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise UnsafeInput(
                f"member {info.filename!r} expands "
                f"{info.file_size / max(info.compress_size, 1):.0f} times (zip bomb?)",
                name,
            )
        members.append(info)
    return members


def read_member(path: Path, member: str, limits: ZipLimits) -> bytes:
    """One member's bytes, refusing more than its header declared (headers can lie)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
            if info.file_size > limits.max_member_bytes:
                raise UnsafeInput(f"member {member!r} exceeds the size limit", str(path))
            with archive.open(info) as fh:
                data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise UnreadableInput(f"cannot read member {member!r} ({exc})", str(path)) from None
    if len(data) > info.file_size:
        raise UnsafeInput(f"member {member!r} expands beyond its declared size", str(path))
    return data


def _is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)


def _zip_sources(path: Path, relative: str, limits: ZipLimits) -> Iterator[Source]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = check_zip(archive, str(path), limits)
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(f"not a readable zip archive ({exc})", str(path)) from None
    stem = relative[: -len(".zip")] if relative.lower().endswith(".zip") else relative
    for info in members:
        if PurePosixPath(info.filename).name in _SKIP_NAMES:
            continue
        yield Source(path, f"{stem}/{info.filename}" if stem else info.filename, info.filename)


def iter_sources(
    root: Path,
    limits: ZipLimits | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Source]:
    """Every candidate file under ``root``, in a stable (sorted) order, lazily.

    A bad or unsafe zip archive raises, or, with ``on_error``, is reported there and skipped.
    """
    limits = limits or ZipLimits()
    if root.is_file():
        if _is_zip(root):
            yield from _zip_sources(root, "", limits)
        else:
            yield Source(root, root.name)
        return
    if not root.is_dir():
        raise UnreadableInput("no such file or folder", str(root))
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            raise UnreadableInput(f"cannot list folder ({exc.strerror})", str(folder)) from None
        files = []
        for entry in entries:
            if entry.is_symlink() or entry.name in _SKIP_NAMES or entry.name.startswith("."):
                continue  # links could lead out of the input; dot files are never images
            if entry.is_dir():
                stack.append(Path(entry.path))
            elif entry.is_file():
                files.append(Path(entry.path))
        for path in reversed(files):
            relative = path.relative_to(root).as_posix()
            if _is_zip(path):
                try:
                    yield from _zip_sources(path, relative, limits)
                except InputError as exc:
                    if on_error is None:
                        raise
                    on_error(exc)
            else:
                yield Source(path, relative)
