"""Check or scrub a whole case, one key for all of it, and write the result whole or not at all.

One call order per case:

1. refuse an output folder inside the input, or one that is not ours to replace;
2. collect the case's files (refusing archives inside it, unknown types, links out of it);
3. check every file and folder name; plan neutral names for those that identify someone
   (a DICOMDIR whose references would break is refused);
4. each file through its engine, with one `CaseContext`: the text engine, the DICOM
   profile (`SeriesScrubber`), the image engine; references follow renamed files;
5. the re-identification risk of the case's text, then the verdict;
6. when scrubbing: ``report.json`` and ``report.html`` beside the files, all of it in a
   temporary folder beside ``out`` that is renamed to ``out`` at the very end.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from caseguard.case.bundle import Member, collect
from caseguard.case.engines import assess_risk, check_image, scrub_image
from caseguard.case.names import RenamePlan, plan_names
from caseguard.case.report import CaseReport
from caseguard.case.series import SeriesBook, SeriesScrubber
from caseguard.case.text import (
    follow,
    json_strings,
    link_targets,
    parse_case_json,
    pointer,
    rebuild,
    rewrite_json,
)
from caseguard.case.verdict import decide
from caseguard.dicom.api import deidentify_source
from caseguard.errors import CaseguardError, OutputError, UnsupportedInput
from caseguard.files import read_bytes, read_text
from caseguard.findings import DocumentReport, Finding, Span
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.textio import write_atomic

__all__ = ["MAX_IMAGE_BYTES", "run_case"]

MAX_IMAGE_BYTES = 512 * 1024 * 1024
Progress = Callable[[str], None]


def run_case(
    paths: list[Path],
    out: Path | None,
    engine: TextEngine,
    context: CaseContext,
    progress: Progress | None = None,
) -> CaseReport:
    """Check (``out`` None) or scrub the case made of ``paths``; see the module docstring."""
    if out is not None:
        _check_output(paths, out)
    report = CaseReport(policy_version=engine.policy.version, case_id=context.case_id,
                        scrubbed=out is not None)
    members, refusals = collect(paths)
    for refusal in refusals:
        report.documents.append(_failed(refusal.source, refusal.error))
    plan = plan_names(members, engine)
    _report_names(report, plan)
    staging = _staging(out) if out is not None else None
    try:
        _Run(report, plan, engine, context, staging, progress).all(members)
        if staging is not None and out is not None:
            _fix_outputs(report, staging, out)
            write_atomic(staging / "report.json",
                         json.dumps(report.to_dict(), indent=2).encode("utf-8"))
            from caseguard.report import render_html

            write_atomic(staging / "report.html", render_html(report).encode("utf-8"))
            _move_into_place(staging, out)
            staging = None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return report


class _Run:
    """The per-file part of one run: every file through its engine, with shared state."""

    def __init__(self, report: CaseReport, plan: RenamePlan, engine: TextEngine,
                 context: CaseContext, staging: Path | None, progress: Progress | None) -> None:
        self.report, self.plan, self.engine, self.context = report, plan, engine, context
        self.staging, self.progress = staging, progress
        self.scrubber = SeriesScrubber(engine.policy, context.key, context.case_id)
        self.series = SeriesBook(self.scrubber)
        self.texts: list[tuple[str, list[Finding]]] = []

    def all(self, members: list[Member]) -> None:
        refused = self._broken_dicomdirs(members)
        for member in members:
            if self.progress:
                self.progress(member.relative)
            doc = DocumentReport(source=member.relative, kind=member.kind)
            try:
                if member.relative in refused:
                    raise refused[member.relative]
                self._one(member, doc)
            except CaseguardError as exc:
                doc.error, doc.error_kind = str(exc), type(exc).__name__
                if member.kind == "dicom":
                    self.series.add(None, None)
            if doc.kind != "case-json" or doc.error:
                self.report.documents.append(doc)
        self.report.series = self.series.summary()
        self._risk()
        self.report.verdict = decide(self.report)

    def _broken_dicomdirs(self, members: list[Member]) -> dict[str, CaseguardError]:
        out: dict[str, CaseguardError] = {}
        for member in members:
            if not member.is_dicomdir:
                continue
            folder = PurePosixPath(member.relative).parent.as_posix()
            renamed = self.plan.renamed_under("" if folder == "." else folder)
            if renamed:
                out[member.relative] = UnsupportedInput(
                    f"names below this DICOMDIR identify the patient ({renamed[0]}) and are "
                    "renamed, so its references would break; remove the DICOMDIR (viewers "
                    "open the files without it) or rename the files and rebuild it",
                    member.relative,
                )
        return out

    def _target(self, member: Member) -> Path | None:
        return self.staging / self.plan.new_path(member.relative) if self.staging else None

    def _one(self, member: Member, doc: DocumentReport) -> None:
        target = self._target(member)
        if member.kind == "dicom":
            self.scrubber.last = None
            result = deidentify_source(member.source, target, self.scrubber)
            self.series.add(self.scrubber.last, result)
            doc.details, doc.flags = result.to_dict(), list(result.flags)
        elif member.kind == "image":
            data = read_bytes(member.source, MAX_IMAGE_BYTES)
            if target is None:
                outcome = check_image(data, member.relative, self.engine.policy)
            else:
                outcome = scrub_image(data, member.relative, target, self.engine.policy,
                                      self.context)
            doc.details = outcome.result.to_dict()
            if outcome.result.findings:
                doc.flags.append("image_findings")
            if outcome.result.blocked_reason:
                doc.flags.append("blocked")
            self.report.images[member.relative] = outcome
        elif member.kind == "case-json":
            self._case_json(member, target)
        else:
            self._text(member, doc, target)

    def _text(self, member: Member, doc: DocumentReport, target: Path | None) -> None:
        doc.kind = "text"
        doc.text = read_text(member.source)
        if target is None:
            doc.findings = self.engine.detect(doc.text)
        else:
            scrubbed = self.engine.scrub(doc.text, self.context)
            doc.findings, doc.changes = scrubbed.findings, scrubbed.changes
            base, new_base = _folders(member.relative, self.plan)
            links = link_targets(doc.text, base, new_base, self.plan)
            write_atomic(target, rebuild(doc.text, doc.changes, links).encode("utf-8"))
        self.texts.append((doc.text, doc.findings))

    def _case_json(self, member: Member, target: Path | None) -> None:
        data = parse_case_json(read_text(member.source), member.relative)
        base, new_base = _folders(member.relative, self.plan)

        def field(path: tuple[str | int, ...], value: str) -> str:
            doc = DocumentReport(source=f"{member.relative}#{pointer(path)}", text=value)
            if target is None or not value.strip():
                doc.findings = self.engine.detect(value) if value.strip() else []
                new = value
            else:
                scrubbed = self.engine.scrub(value, self.context)
                doc.findings, doc.changes, new = scrubbed.findings, scrubbed.changes, scrubbed.text
            self.report.documents.append(doc)
            self.texts.append((value, doc.findings))
            return new

        if target is None:
            for path, value in json_strings(data):
                field(path, value)
            return
        cleaned = rewrite_json(data, field, lambda ref: follow(ref, base, new_base, self.plan))
        write_atomic(target, (json.dumps(cleaned, indent=2, ensure_ascii=False) + "\n")
                     .encode("utf-8"))

    def _risk(self) -> None:
        if not any(text.strip() for text, _ in self.texts):
            return
        parts: list[str] = []
        shifted: list[Finding] = []
        offset = 0
        for text, findings in self.texts:
            parts.append(text)
            shifted.extend(replace(f, span=Span(f.start + offset, f.end + offset))
                           for f in findings)
            offset += len(text) + 2
        self.report.risk = assess_risk("\n\n".join(parts), self.engine.policy, shifted)


def _folders(relative: str, plan: RenamePlan) -> tuple[str, str]:
    """The folder of a file inside the case, before and after renaming."""
    old = PurePosixPath(relative).parent.as_posix()
    new = PurePosixPath(plan.new_path(relative)).parent.as_posix()
    return ("" if old == "." else old), ("" if new == "." else new)


def _failed(source: str, error: CaseguardError) -> DocumentReport:
    return DocumentReport(source=source, error=str(error), error_kind=type(error).__name__)


def _report_names(report: CaseReport, plan: RenamePlan) -> None:
    for check in plan.checks:
        parent = PurePosixPath(check.path).parent.as_posix()
        report.documents.append(DocumentReport(
            source=check.path, kind="name", text=check.text, findings=check.findings,
            details={"renamed_to": check.new_name, "folder": check.is_folder,
                     "in": "" if parent == "." else parent},
        ))
    report.renamed = {old: new for old, new in plan.paths.items() if old != new}


def _check_output(paths: list[Path], out: Path) -> None:
    out_resolved = out.resolve()
    for path in paths:
        src = path.resolve()
        if out_resolved == src or (src.is_dir() and out_resolved.is_relative_to(src)):
            raise OutputError(f"output folder {out} is inside the input {path}; choose another")
        if src.is_relative_to(out_resolved):
            raise OutputError(f"{out} would overwrite its input {path}; choose another folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder; choose another")
    if out.is_dir() and any(out.iterdir()) and not (out / "report.json").is_file():
        raise OutputError(f"{out} exists and holds other files; choose an empty or new folder")


def _staging(out: Path) -> Path:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
        # mkdtemp makes a private folder; the bundle should get the user's usual permissions
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        return staging
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror})") from None


def _move_into_place(staging: Path, out: Path) -> None:
    """Rename the finished bundle to ``out``; a previous caseguard output there is replaced."""
    old: Path | None = None
    try:
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / "previous")
        os.replace(staging, out)
    except OSError as exc:
        if old is not None and (old / "previous").exists() and not out.exists():
            os.replace(old / "previous", out)
        raise OutputError(f"{out}: cannot move the result into place ({exc.strerror})") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _fix_outputs(report: CaseReport, staging: Path, out: Path) -> None:
    """Output paths in the report name where the files end up, not the staging folder."""
    prefix = str(staging)
    for doc in report.documents:
        output: Any = doc.details.get("output")
        if isinstance(output, str) and output.startswith(prefix):
            doc.details["output"] = str(out) + output[len(prefix):]
