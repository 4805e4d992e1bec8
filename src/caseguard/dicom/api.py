"""De-identify DICOM files, folders and zip archives; or say what would change (dry run).

    deidentify_path("study/", "out/", policy, key)       # every file, DICOMDIR included
    deidentify_file("in.dcm", "out.dcm", policy, key)     # one file -> FileResult
    what_if("in.dcm", policy, key)                        # the changes, nothing written

One call order per file: read (named errors) -> pixel flags -> scrub (file meta, body,
every sequence) -> flagged pixels read, burned-in text filled (`caseguard.dicom.pixels`)
-> write to a temporary file -> rename into place. Inputs are never modified, and an
output is either complete or absent.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from caseguard.dicom.files import read_dataset, write_dataset
from caseguard.dicom.inputs import Source, ZipLimits, iter_sources
from caseguard.dicom.pixels import review_pixels
from caseguard.dicom.result import AttributeChange, FileResult
from caseguard.dicom.scrub import Scrubber
from caseguard.errors import CaseguardError, InputError, OutputError, UnreadableInput
from caseguard.policy import Policy

__all__ = ["Failure", "deidentify_file", "deidentify_path", "deidentify_source", "what_if"]


@dataclass(frozen=True)
class Failure:
    """An input that could not be de-identified, and why (the rest of a run goes on)."""

    source: str
    error: str
    reason: str


def deidentify_source(
    source: Source, target: Path | None, scrubber: Scrubber, limits: ZipLimits | None = None
) -> FileResult:
    """De-identify one input; write it to ``target`` unless None (dry run)."""
    if target is not None:
        _refuse_overwriting_input(source, target)
    with source.open(limits) as fh:
        ds = read_dataset(fh, source.name)
    # pydicom warns about every odd value it decodes; the result reports what matters
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reasons = scrubber.pixel_flags(ds)
        try:
            changes = scrubber.scrub(ds)
        except CaseguardError:
            raise
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise UnreadableInput(
                f"malformed attribute value ({type(exc).__name__}: {exc})", source.name
            ) from None
        flags, notes = review_pixels(ds, reasons, scrubber.policy, changes)
        if target is not None:
            write_dataset(ds, target)
    return FileResult(
        source=source.name,
        output=str(target) if target is not None else None,
        changes=changes,
        flags=flags,
        notes=notes,
    )


def _refuse_overwriting_input(source: Source, target: Path) -> None:
    if source.member is None and target.exists() and target.resolve() == source.path.resolve():
        raise OutputError(f"{target}: output would overwrite its input")


def deidentify_file(
    path: str | Path,
    output: str | Path,
    policy: Policy | None = None,
    key: bytes | str = b"",
    case_id: str = "case",
) -> FileResult:
    """De-identify one DICOM file into ``output``."""
    source = Path(path)
    return deidentify_source(Source(source, source.name), Path(output),
                             Scrubber(policy, key, case_id))


def what_if(
    path: str | Path, policy: Policy | None = None, key: bytes | str = b"", case_id: str = "case"
) -> list[AttributeChange]:
    """The attribute changes de-identifying ``path`` would make; writes nothing."""
    source = Path(path)
    return deidentify_source(Source(source, source.name), None,
                             Scrubber(policy, key, case_id)).changes


def deidentify_path(
    path: str | Path,
    out_dir: str | Path | None,
    policy: Policy | None = None,
    key: bytes | str = b"",
    case_id: str = "case",
    limits: ZipLimits | None = None,
) -> Iterator[FileResult | Failure]:
    """De-identify every file under ``path`` (a file, folder or zip) into ``out_dir``.

    Files keep their relative paths (a DICOMDIR's references stay valid). A bad file yields
    a `Failure` and the rest goes on; an unsafe archive raises `UnsafeInput` before any of
    its members is read. ``out_dir`` None is a dry run.
    """
    root = Path(path)
    scrubber = Scrubber(policy, key, case_id)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None and root.is_dir() and out.resolve().is_relative_to(root.resolve()):
        raise OutputError(f"{out}: the output folder is inside the input")
    for source in iter_sources(root, limits):
        target = out / source.relative if out is not None else None
        try:
            yield deidentify_source(source, target, scrubber, limits)
        except InputError as exc:
            yield Failure(source.name, type(exc).__name__, str(exc))
