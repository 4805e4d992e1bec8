"""The commands on files: check (list findings), scrub (write de-identified copies) and
detect (spans in JSON Lines, for outside scorers)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from caseguard.cli.options import (
    EXIT_FOUND,
    EXIT_INPUT_ERROR,
    CaseIdOption,
    KeyOption,
    OverrideOption,
    PolicyOption,
    console,
    err,
    text_engine,
)
from caseguard.cli.render import print_failure, print_report, print_verdict
from caseguard.errors import CaseguardError
from caseguard.findings import Report
from caseguard.text.transforms import CaseContext

__all__ = ["check", "detect", "scrub"]


def _missing(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        for p in missing:
            err.print(f"[red]error:[/red] {escape(str(p))}: no such file or folder")
        raise typer.Exit(EXIT_INPUT_ERROR)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None]]:
    """A transient progress line on stderr while files are processed (hidden when piped)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} file(s)"),
        console=err, transient=True, disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None)

        def tick(name: str) -> None:
            bar.update(task, advance=1, description=f"{label} {name[-60:]}")

        yield tick


def _status(report: Report) -> int:
    if report.failures:
        return EXIT_INPUT_ERROR
    verdict = getattr(report, "verdict", None)
    if verdict is not None and verdict.status != "ready":
        return EXIT_FOUND
    return EXIT_FOUND if any(d.has_findings for d in report.documents) else 0


def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to check.")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text (a table per file), json or jsonl.")
    ] = "text",
    policy: PolicyOption = None,
    policy_override: OverrideOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show which rule fired on what: every finding, image finding, risk factor "
            "and DICOM attribute.",
        ),
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report as one self-contained HTML page."),
    ] = None,
) -> None:
    """List identifying information in text and DICOM files, folders and zips; change nothing.

    Exits 1 when anything is found, so it works in scripts and as a pre-commit hook;
    2 when a file could not be read.
    """
    from caseguard.files import check_files

    if output_format not in {"text", "json", "jsonl"}:
        err.print(f"[red]error:[/red] --format must be text, json or jsonl, not {output_format!r}")
        raise typer.Exit(EXIT_INPUT_ERROR)
    _missing(paths)
    engine = text_engine(policy, policy_override)
    with _progress("checking") as tick:
        report = check_files(paths, engine, CaseContext.random(), progress=tick)
    if html is not None:
        from caseguard.report import write_html

        write_html(report, html)
    if output_format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    elif output_format == "jsonl":
        for doc in report.documents:
            if doc.error:
                error = {"source": doc.source, "error": doc.error, "kind": doc.error_kind}
                print(json.dumps(error))
            for finding in doc.findings:
                print(json.dumps({"source": doc.source, **finding.to_dict(doc.text)}))
    else:
        print_report(report, explain)
    raise typer.Exit(_status(report))


def scrub(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to de-identify.")],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for the de-identified copies and report.json."),
    ],
    key: KeyOption = None,
    case_id: CaseIdOption = "case",
    policy: PolicyOption = None,
    policy_override: OverrideOption = None,
    what_if: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help="Dry run: list, per file, every change and why (rule and option); write nothing.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
) -> None:
    """Write de-identified copies of files to --out, with report.json listing every change.

    Inputs are never modified. Every file of one run is one case: the same person gets
    the same surrogate name and every date moves by the same offset in all of them.
    """
    from caseguard.files import check_files, scrub_files

    _missing(paths)
    engine = text_engine(policy, policy_override)
    context = CaseContext.from_optional_key(key, case_id)
    if what_if:
        dry = check_files(paths, engine, context)
        print_report(dry, explain=True)
        raise typer.Exit(EXIT_INPUT_ERROR if dry.failures else 0)
    try:
        with _progress("scrubbing") as tick:
            report = scrub_files(paths, out, engine, context, progress=tick)
    except CaseguardError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    report.key_note = "given" if key else "random (pass --key to make the run repeatable)"
    for doc in report.documents:
        if doc.error:
            print_failure(doc)
        elif not quiet:
            count = len(doc.changes) or len(doc.details.get("changes", []))
            console.print(f"[green]✓[/green] {escape(doc.source)}: {count} change(s)")
            for note in doc.details.get("notes", []):
                console.print(f"    [bold red]burned-in text check needed:[/bold red] "
                              f"{escape(note)}")
    print_verdict(report)
    total = sum(len(d.changes) or len(d.details.get("changes", [])) for d in report.documents)
    console.print(
        f"[bold]{total} change(s)[/bold] in "
        f"{len(report.documents)} file(s) → {escape(str(out))} (report: "
        f"{escape(str(out / 'report.json'))})"
    )
    raise typer.Exit(EXIT_INPUT_ERROR if report.failures else 0)


def detect(
    source: Annotated[
        str, typer.Argument(help="JSON Lines file of {\"id\", \"text\"}, or - for standard input.")
    ],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Input and output are JSON Lines.")] = True,
    policy: PolicyOption = None,
    policy_override: OverrideOption = None,
) -> None:
    """Detect identifying spans in JSON Lines: the stable interface for outside scorers.

    Reads lines {"id": ..., "text": ...}; writes lines
    {"id": ..., "spans": [{"start": int, "end": int, "label": CATEGORY}]}
    with character offsets into text.
    """
    engine = text_engine(policy, policy_override)
    handle = sys.stdin if source == "-" else _open(source)
    bad = 0
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            record: dict[str, Any] = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            err.print(f"[red]line {number}:[/red] not a {{\"id\", \"text\"}} JSON object ({exc})")
            bad += 1
            continue
        spans = [
            {"start": f.start, "end": f.end, "label": f.category.value}
            for f in engine.detect(text)
        ]
        sys.stdout.write(json.dumps({"id": record.get("id"), "spans": spans}) + "\n")
    if bad:
        raise typer.Exit(EXIT_INPUT_ERROR)


def _open(source: str) -> Any:
    try:
        return open(source, encoding="utf-8")
    except OSError as exc:
        err.print(f"[red]error:[/red] {escape(source)}: {exc.strerror}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
