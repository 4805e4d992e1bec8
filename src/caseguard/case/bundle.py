"""A case bundle: the files of one teaching case, found and sorted by kind.

A case is a folder or a zip holding its text (``case.md`` or ``case.json``: title,
presentation, findings, discussion and a caption per image) and its images (DICOM series in
subfolders, photos, screenshots). `collect` walks every input of a run and returns one
`Member` per file, or a refusal saying why a file cannot be part of a case: an archive
inside the case, an unknown type, a symbolic link leading outside the case, an unsafe zip.
Nothing is read beyond what telling the kind needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from caseguard.dicom.inputs import Source, ZipLimits, iter_sources
from caseguard.errors import InputError, UnsafeInput
from caseguard.files import Kind, kind_of

__all__ = ["Member", "Refusal", "collect"]


@dataclass(frozen=True)
class Member:
    """One file of the case: where it is, its path inside the case, and its kind."""

    source: Source
    relative: str  # POSIX path inside the case, as the bundle will hold it
    kind: Kind

    @property
    def name(self) -> str:
        return PurePosixPath(self.relative).name

    @property
    def is_dicomdir(self) -> bool:
        return self.name.upper() == "DICOMDIR"


@dataclass(frozen=True)
class Refusal:
    """A file or archive left out of the case, and why."""

    source: str
    error: InputError


def collect(paths: list[Path]) -> tuple[list[Member], list[Refusal]]:
    """Every file of the case in a stable order, and every input that was refused."""
    members: list[Member] = []
    refusals: list[Refusal] = []
    seen: set[str] = set()
    for root in paths:
        for link in _links_out_of(root):
            refusals.append(Refusal(str(link), UnsafeInput(
                "symbolic link points outside the case; copy the file into the case instead",
                str(link),
            )))
        for source in _sources(root, refusals):
            relative = _relative(root, source)
            if relative in seen:
                refusals.append(Refusal(source.name, InputError(
                    f"two inputs would both be written as {relative!r}; rename one", source.name,
                )))
                continue
            try:
                kind = kind_of(source)
            except InputError as exc:
                refusals.append(Refusal(source.name, exc))
                continue
            seen.add(relative)
            members.append(Member(source, relative, kind))
    return members, refusals


def _sources(root: Path, refusals: list[Refusal]) -> Iterator[Source]:
    def failed(exc: InputError) -> None:
        refusals.append(Refusal(exc.path or str(root), exc))

    try:
        yield from iter_sources(root, ZipLimits(), on_error=failed)
    except InputError as exc:
        failed(exc)


def _relative(root: Path, source: Source) -> str:
    """The path a file keeps inside the case: relative to a folder, or inside a zip."""
    if root.is_dir() or source.member is not None:
        return source.relative
    return Path(source.relative).name


def _links_out_of(root: Path) -> Iterator[Path]:
    """Symbolic links under ``root`` that lead outside it (the walk itself skips every link).

    A path given by the user is followed; only links found inside a case are suspect.
    """
    if not root.is_dir():
        return
    base = root.resolve()
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(base):
                yield path
