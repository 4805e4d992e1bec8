"""Checking and scrubbing files: find the inputs, dispatch each by kind, collect a report.

Inputs are files, folders and zip archives, walked lazily (`caseguard.dicom.inputs`
refuses unsafe archives). Each file goes to the engine for its kind: text to the
text engine, DICOM to the Annex E profile; a file of any other kind is refused
with a reason, never copied through. A multi-file run never stops at a bad
file: its error is recorded under its name and the rest go on. Output goes only
to a separate folder, each file whole or not at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from caseguard.dicom.api import deidentify_source
from caseguard.dicom.inputs import Source, ZipLimits, iter_sources
from caseguard.dicom.scrub import Scrubber
from caseguard.errors import CaseguardError, InputError, OutputError, UnsafeInput, UnsupportedInput
from caseguard.findings import DocumentReport, Report
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.textio import MAX_TEXT_BYTES, decode_text, write_atomic

__all__ = ["TEXT_SUFFIXES", "check_files", "scrub_files"]

Progress = Callable[[str], None]
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".csv", ".tsv", ".json", ".rst"})
DICOM_SUFFIXES = frozenset({".dcm", ".dicom", ".dic", ".ima"})


def check_files(
    paths: list[Path],
    engine: TextEngine,
    context: CaseContext | None = None,
    progress: Progress | None = None,
) -> Report:
    """Everything identifying in the inputs; nothing is written."""
    return _run(paths, None, engine, context or CaseContext.random(), progress)


def scrub_files(
    paths: list[Path],
    out: Path,
    engine: TextEngine,
    context: CaseContext,
    progress: Progress | None = None,
) -> Report:
    """Write de-identified copies of every input under ``out``, plus ``report.json``."""
    out_resolved = out.resolve()
    for path in paths:
        src = path.resolve()
        if out_resolved == src or (src.is_dir() and out_resolved.is_relative_to(src)):
            raise OutputError(f"output folder {out} is inside the input {path}; choose another")
    report = _run(paths, out, engine, context, progress)
    write_atomic(out / "report.json", json.dumps(report.to_dict(), indent=2).encode("utf-8"))
    return report


def _run(
    paths: list[Path],
    out: Path | None,
    engine: TextEngine,
    context: CaseContext,
    progress: Progress | None,
) -> Report:
    report = Report(policy_version=engine.policy.version)
    scrubber: Scrubber | None = None
    for root in paths:
        for item in _sources(root, report):
            if progress:
                progress(item.name)
            doc = DocumentReport(source=item.name)
            try:
                kind = _kind(item)
                target = _target(out, root, item)
                if kind == "dicom":
                    if scrubber is None:
                        scrubber = Scrubber(engine.policy, context.key, context.case_id)
                    result = deidentify_source(item, target, scrubber)
                    doc.kind, doc.details = "dicom", result.to_dict()
                    doc.flags = list(result.flags)
                else:
                    doc.kind = "text"
                    doc.text = _read_text(item)
                    if target is None:
                        doc.findings = engine.detect(doc.text)
                    else:
                        scrubbed = engine.scrub(doc.text, context)
                        doc.findings, doc.changes = scrubbed.findings, scrubbed.changes
                        write_atomic(target, scrubbed.text.encode("utf-8"))
            except CaseguardError as exc:
                doc.error, doc.error_kind = str(exc), type(exc).__name__
            report.documents.append(doc)
    return report


def _sources(root: Path, report: Report) -> Iterator[Source]:
    def failed(exc: InputError) -> None:
        report.documents.append(
            DocumentReport(source=exc.path or str(root), error=str(exc),
                           error_kind=type(exc).__name__)
        )

    for link in _links_out_of(root):
        failed(UnsafeInput("symbolic link points outside the input; not followed", str(link)))
    try:
        yield from iter_sources(root, ZipLimits(), on_error=failed)
    except InputError as exc:
        failed(exc)


def _links_out_of(root: Path) -> Iterator[Path]:
    """Symbolic links under ``root`` that lead outside it (the walk skips every link)."""
    if root.is_symlink() or not root.is_dir():
        return
    base = root.resolve()
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(base):
                yield path


def _kind(item: Source) -> str:
    name = PurePosixPath(item.relative).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in DICOM_SUFFIXES or name.upper() == "DICOMDIR":
        return "dicom"
    with item.open(ZipLimits()) as handle:
        head = handle.read(132)
    if head[128:132] == b"DICM":
        return "dicom"
    if not suffix:
        return "text"  # decoded below; binary data is refused there with a reason
    raise UnsupportedInput(
        f"files of type {suffix!r} are not handled; remove it from the case or convert it",
        item.name,
    )


def _read_text(item: Source) -> str:
    with item.open(ZipLimits()) as handle:
        data = handle.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"text file over the {MAX_TEXT_BYTES} byte limit", item.name)
    return decode_text(data, item.name)


def _target(out: Path | None, root: Path, item: Source) -> Path | None:
    if out is None:
        return None
    relative = item.relative if root.is_dir() or item.member else Path(item.relative).name
    target = out / relative
    if item.member is None and target.resolve() == item.path.resolve():
        raise OutputError(f"{target} would overwrite its input; choose another folder")
    return target
