"""Checking and scrubbing files: find the inputs, dispatch each by kind, collect a report.

A multi-file run never stops at a bad file: the file's error is recorded in the
report under its name, the rest go on, and the caller decides the exit status.
Output is written only to a separate folder, each file whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from caseguard.errors import CaseguardError, OutputError, UnsafeInput
from caseguard.findings import DocumentReport, Report
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.textio import read_text_file, write_atomic

__all__ = ["InputFile", "check_files", "discover", "scrub_files"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class InputFile:
    """A file to process, and the name it has relative to the input it came from."""

    path: Path
    relative: Path


def discover(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Every file under the given paths, in a stable order; hidden files are skipped."""
    for root in paths:
        if root.is_dir():
            base = root.resolve()
            for path in sorted(root.rglob("*")):
                if path.is_symlink():
                    target = path.resolve()
                    if not target.is_relative_to(base):
                        yield InputFile(path, path.relative_to(root))
                        continue
                if path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts):
                    yield InputFile(path, path.relative_to(root))
        else:
            yield InputFile(root, Path(root.name))


def _check_link(item: InputFile, roots: set[Path]) -> None:
    if item.path.is_symlink():
        target = item.path.resolve()
        if not any(target.is_relative_to(r) for r in roots):
            raise UnsafeInput("symbolic link points outside the input", str(item.path))


def check_files(
    paths: list[Path], engine: TextEngine, progress: Progress | None = None
) -> Report:
    report = Report(policy_version=engine.policy.version)
    roots = {p.resolve() for p in paths if p.is_dir()}
    for item in discover(paths):
        if progress:
            progress(str(item.path))
        doc = DocumentReport(source=str(item.path))
        try:
            _check_link(item, roots)
            doc.text = read_text_file(item.path)
            doc.findings = engine.detect(doc.text)
        except CaseguardError as exc:
            doc.error, doc.error_kind = str(exc), type(exc).__name__
        report.documents.append(doc)
    return report


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
    report = Report(policy_version=engine.policy.version)
    roots = {p.resolve() for p in paths if p.is_dir()}
    for item in discover(paths):
        if progress:
            progress(str(item.path))
        doc = DocumentReport(source=str(item.path))
        try:
            _check_link(item, roots)
            target = out / item.relative
            if target.resolve() == item.path.resolve():
                raise OutputError(f"{target} would overwrite its input; choose another folder")
            doc.text = read_text_file(item.path)
            scrubbed = engine.scrub(doc.text, context)
            doc.findings, doc.changes = scrubbed.findings, scrubbed.changes
            write_atomic(target, scrubbed.text.encode("utf-8"))
        except CaseguardError as exc:
            doc.error, doc.error_kind = str(exc), type(exc).__name__
        report.documents.append(doc)
    write_atomic(out / "report.json", json.dumps(report.to_dict(), indent=2).encode("utf-8"))
    return report

