"""The caseguard command line: check, scrub, detect and eval.

Exit status: 0 nothing found, 1 identifying information found, 2 an input could
not be processed (named in the output; the other inputs are still processed).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from caseguard.errors import CaseguardError
from caseguard.findings import DocumentReport, Report, line_col
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext

app = typer.Typer(
    help=(
        "caseguard keeps patient-identifying information out of medical teaching cases.\n\n"
        "Check files for names, dates, addresses, phone numbers, record numbers and other "
        "identifiers, then write de-identified copies with a report of every change."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

EXIT_FOUND = 1
EXIT_INPUT_ERROR = 2

PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", help="Policy TOML file (default: the platform policy built in)."),
]
OverrideOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--policy-override",
        help="Institution override TOML; may tighten the policy, never relax it. Repeatable.",
    ),
]


def _engine(policy: Path | None, overrides: list[Path] | None) -> TextEngine:
    try:
        loaded = Policy.load(policy, overrides or [])
    except CaseguardError as exc:
        err.print(f"[red]policy error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    return TextEngine(loaded)


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


def _context(key: str | None, case_id: str) -> CaseContext:
    return CaseContext.from_optional_key(key, case_id)


KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key", envvar="CASEGUARD_KEY",
        help="Secret key for surrogates, date shifts and UIDs; the same key gives the same "
        "output. Without one a random key is used and the run cannot be repeated.",
    ),
]
CaseIdOption = Annotated[
    str, typer.Option("--case-id", help="Identity of the case; one date shift per case.")
]


@app.command()
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
    engine = _engine(policy, policy_override)
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
        _print_report(report, explain)
    raise typer.Exit(_status(report))


def _print_dicom(source: str, details: dict[str, Any], explain: bool) -> None:
    changes = details.get("changes", [])
    by_action: dict[str, int] = {}
    for change in changes:
        by_action[change["action"]] = by_action.get(change["action"], 0) + 1
    summary = ", ".join(f"{n} {a}" for a, n in sorted(by_action.items())) or "nothing to change"
    console.print(f"[yellow]● {escape(source)}[/yellow] (DICOM): {len(changes)} attribute(s): "
                  f"{summary}")
    for note in details.get("notes", []):
        console.print(f"    [bold red]burned-in text check needed:[/bold red] {escape(note)}")
    if explain:
        table = Table(show_header=True, box=None, padding=(0, 1))
        for column in ("attribute", "keyword", "action", "rule", "option"):
            table.add_column(column)
        for change in changes:
            table.add_row(
                change["path"], change["keyword"], change["action"], change["rule"],
                change["option"] or "",
            )
        console.print(table)


def _print_failure(doc: DocumentReport) -> None:
    # named errors already begin with the file's name ("cut.jpg: truncated JPEG")
    message = doc.error or ""
    if not message.startswith(f"{doc.source}: "):
        message = f"{doc.source}: {message}"
    err.print(f"[red]✗[/red] {escape(message)} ({doc.error_kind})")


def _print_image(source: str, details: dict[str, Any], flags: list[str]) -> None:
    findings = details.get("findings", [])
    if not findings and not flags:
        console.print(f"[green]✓ {escape(source)}[/green] (image): nothing found")
        return
    colour = "red" if "blocked" in flags else "yellow"
    console.print(f"[{colour}]● {escape(source)}[/{colour}] (image): {len(findings)} finding(s)")
    for item in findings:
        where = item.get("location", "")
        text = f" {item['text']!r}" if item.get("text") else ""
        console.print(
            f"    {item['category']:<11} {escape(str(where))}{escape(text)} "
            f"[dim]({item['detector']}, {float(item['confidence']):.2f})[/dim]"
        )
    if details.get("blocked_reason"):
        console.print(f"    [bold red]blocked:[/bold red] {escape(str(details['blocked_reason']))}")


def _print_verdict(report: Report) -> None:
    verdict = getattr(report, "verdict", None)
    if verdict is None:
        return
    colour = {"ready": "green", "review": "yellow", "blocked": "red"}.get(verdict.status, "white")
    console.print(f"[bold {colour}]verdict: {escape(verdict.status.label)}[/bold {colour}]")
    for reason in verdict.reasons:
        console.print(f"  • {escape(reason)}")
    risk = getattr(report, "risk", None)
    suggestions = {str(f.get("suggestion", "")) for f in getattr(risk, "factors", None) or []}
    for item in verdict.todo:
        if item not in suggestions:  # the risk section below gives it with its reason
            console.print(f"  [bold]to do:[/bold] {escape(item)}")
    if risk is not None and getattr(risk, "factors", None):
        console.print(f"[bold]re-identification risk: {escape(str(risk.level))}[/bold]")
        for factor in risk.factors:
            console.print(
                f"  • {escape(str(factor.get('kind', '')))}: "
                f"{escape(str(factor.get('explanation', '')))}"
            )
            if factor.get("suggestion"):
                console.print(f"    [dim]suggestion:[/dim] {escape(str(factor['suggestion']))}")


def _print_explain(report: Report) -> None:
    rows = report.explain() if hasattr(report, "explain") else []
    if not rows:
        return
    table = Table(title="why each finding was raised", title_justify="left")
    for column in ("source", "category", "on", "rule", "conf.", "why"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            escape(Path(str(row["source"])).name), escape(str(row["category"])),
            escape(str(row["on"])), escape(str(row["rule"])),
            f"{float(row['confidence']):.2f}" if row.get("confidence") is not None else "",
            escape(str(row["why"])),
        )
    console.print(table)


def _print_report(report: Report, explain: bool) -> None:
    for doc in report.documents:
        if doc.error:
            _print_failure(doc)
            continue
        if doc.kind == "dicom":
            _print_dicom(doc.source, doc.details, explain)
            continue
        if doc.kind == "image":
            _print_image(doc.source, doc.details, doc.flags)
            continue
        if not doc.findings:
            console.print(f"[green]✓ {escape(doc.source)}[/green]: nothing found")
            continue
        table = Table(title=f"{doc.source}: {len(doc.findings)} finding(s)", title_justify="left")
        for column in ("category", "line:col", "text", "detector", "conf.", "action"):
            table.add_column(column)
        if explain:
            table.add_column("why")
        for f in doc.findings:
            line, col = line_col(doc.text, f.start)
            row = [
                f.category.value, f"{line}:{col}", escape(f.text), f.detector,
                f"{f.confidence:.2f}", f.action.value if f.action else "",
            ]
            if explain:
                row.append(escape(f.explanation))
            table.add_row(*row)
        console.print(table)
    counts = report.counts()
    summary = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "none"
    dicom = [d for d in report.documents if d.kind == "dicom" and not d.error]
    if dicom:
        attributes = sum(len(d.details.get("changes", [])) for d in dicom)
        flagged = sum(bool(d.flags) for d in dicom)
        summary += f"; {attributes} DICOM attribute(s) to change in {len(dicom)} file(s)"
        if flagged:
            summary += f", {flagged} need a burned-in text check"
    console.print(
        f"[bold]{len(report.findings)} finding(s)[/bold] in {len(report.documents)} file(s): "
        f"{summary}"
        + (f"; [red]{len(report.failures)} file(s) failed[/red]" if report.failures else "")
    )
    if explain:
        _print_explain(report)
    _print_verdict(report)


@app.command()
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
    engine = _engine(policy, policy_override)
    context = _context(key, case_id)
    if what_if:
        dry = check_files(paths, engine, context)
        _print_report(dry, explain=True)
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
            _print_failure(doc)
        elif not quiet:
            count = len(doc.changes) or len(doc.details.get("changes", []))
            console.print(f"[green]✓[/green] {escape(doc.source)}: {count} change(s)")
            for note in doc.details.get("notes", []):
                console.print(f"    [bold red]burned-in text check needed:[/bold red] "
                              f"{escape(note)}")
    _print_verdict(report)
    total = sum(len(d.changes) or len(d.details.get("changes", [])) for d in report.documents)
    console.print(
        f"[bold]{total} change(s)[/bold] in "
        f"{len(report.documents)} file(s) → {escape(str(out))} (report: "
        f"{escape(str(out / 'report.json'))})"
    )
    raise typer.Exit(EXIT_INPUT_ERROR if report.failures else 0)


@app.command()
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
    engine = _engine(policy, policy_override)
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


DATASETS = (
    "physionet-deid-gold", "presidio-research-synth", "asq-phi", "deidgate-seed", "synth",
    "synth-negatives",
)


@app.command("eval")
def eval_(
    gold: Annotated[
        Path | None,
        typer.Argument(help="Gold JSON Lines: detect's output form plus \"text\"."),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset", "-d",
            help="Score a public set from the data folder instead of a file: "
            + ", ".join(DATASETS) + ".",
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(help="tune or heldout (PhysioNet: patients 1-81 / 82-163)."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="CASEGUARD_DATA", help="Folder of public data sets."),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="Documents to generate for synth sets.")] = 1000,
    seed: Annotated[
        int | None, typer.Option(help="Seed for synth sets (default: the held-out seed).")
    ] = None,
    errors: Annotated[
        Path | None, typer.Option("--errors", help="Write missed spans and false alarms here.")
    ] = None,
    save_gold: Annotated[
        Path | None,
        typer.Option("--save-gold", help="Also write the gold set (converted or generated) here "
                     "as JSON Lines, for outside scorers."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    policy: PolicyOption = None,
    policy_override: OverrideOption = None,
) -> None:
    """Score the detectors on annotated text: recall, precision and F1 per category.

    Entity level (a gold span counts as found when a prediction overlaps it) and
    character level. Give a gold file, or --dataset to convert a public set on the fly.
    """
    from rich.progress import track

    from caseguard import evaluation
    from caseguard.evaluation import synth

    if (gold is None) == (dataset is None):
        err.print("[red]error:[/red] give a gold file or --dataset, not both or neither")
        raise typer.Exit(EXIT_INPUT_ERROR)
    engine = _engine(policy, policy_override)
    try:
        if gold is not None:
            if not gold.exists():
                err.print(f"[red]error:[/red] {escape(str(gold))}: no such file")
                raise typer.Exit(EXIT_INPUT_ERROR)
            records = list(evaluation.read_jsonl(gold))
            title = str(gold)
        elif dataset == "synth":
            records = list(synth.generate(n, seed if seed is not None else synth.HELDOUT_SEED))
            title = f"synth n={n} seed={seed if seed is not None else synth.HELDOUT_SEED}"
        elif dataset == "synth-negatives":
            records = list(
                synth.negative_sentences(n, seed if seed is not None else synth.HELDOUT_SEED)
            )
            title = f"synth-negatives n={n}"
        elif dataset in DATASETS:
            records = list(evaluation.convert(dataset, data_dir, split))
            title = f"{dataset} ({split or 'all'})"
        else:
            err.print(f"[red]error:[/red] unknown --dataset {dataset!r}; use one of {DATASETS}")
            raise typer.Exit(EXIT_INPUT_ERROR)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    if save_gold is not None:
        evaluation.write_jsonl(save_gold, records)
    detect_fn = evaluation.engine_detect_fn(engine)
    predicted = {
        str(p["id"]): p["spans"]
        for p in evaluation.predict(
            track(records, description="detecting", console=err, transient=True), detect_fn
        )
    }
    result = evaluation.score(records, predicted)
    if errors is not None:
        result.write_errors(errors)
    if output_format == "json":
        print(json.dumps({"title": title, **result.to_dict()}, indent=2))
    else:
        console.print(evaluation.render_table(result, title=f"caseguard eval: {title}"))


@app.command()
def batch(
    source: Annotated[Path, typer.Argument(help="Archive folder (or zip) of DICOM files.")],
    out: Annotated[Path, typer.Argument(help="Output folder; a rerun resumes where it stopped.")],
    key: KeyOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Local processes (default: CPUs).")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Address of a Dask scheduler to run the work on instead."),
    ] = None,
    case_id: Annotated[
        str, typer.Option("--case-id", help="Identity used for date shifts and pseudonyms.")
    ] = "archive",
    policy: PolicyOption = None,
    policy_override: OverrideOption = None,
) -> None:
    """De-identify a whole DICOM archive: progress bar, resumable, local processes or Dask.

    Files already done are skipped on a rerun; a crash or Ctrl-C leaves no partial file.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from caseguard.batch import run_batch
    from caseguard.batch.runner import FileOutcome

    if not source.exists():
        err.print(f"[red]error:[/red] {escape(str(source))}: no such file or folder")
        raise typer.Exit(EXIT_INPUT_ERROR)
    if key is None:
        err.print("[red]error:[/red] batch runs need --key (or CASEGUARD_KEY) so a resumed run "
                  "maps UIDs and dates the same way")
        raise typer.Exit(EXIT_INPUT_ERROR)
    engine = _engine(policy, policy_override)
    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=False,
    ) as bar:
        task = bar.add_task("de-identifying", total=None)

        def tick(outcome: FileOutcome) -> None:
            bar.advance(task)

        try:
            summary = run_batch(
                source, out, engine.policy, key, workers=workers, dask_address=dask,
                progress=tick, case_id=case_id,
            )
        except CaseguardError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(EXIT_INPUT_ERROR) from None
    console.print(
        f"[bold]{summary.done} done[/bold], {summary.skipped} already done, "
        f"{len(summary.failed)} failed in {summary.seconds:.1f} s"
    )
    if summary.actions:
        console.print("actions: " + ", ".join(
            f"{n} {a}" for a, n in sorted(summary.actions.items())
        ))
    if summary.needs_pixel_check:
        console.print(f"[yellow]{len(summary.needs_pixel_check)} file(s) need a burned-in "
                      "text check[/yellow]")
    for name, reason in summary.failed:
        err.print(f"[red]✗ {escape(name)}[/red]: {escape(reason)}")
    raise typer.Exit(EXIT_INPUT_ERROR if summary.failed else 0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Seed a demo institution, accounts and a published case, "
                     "and print the logins."),
    ] = False,
) -> None:
    """Serve the platform: upload gate, review, publishing, reports and moderation.

    SQLite and a local folder (./caseguard-data) by default; set DATABASE_URL for
    PostgreSQL and CASEGUARD_DATA for another folder.
    """
    from caseguard.web.app import serve as run_server

    run_server(host, port, seed_demo=demo)


audit_app = typer.Typer(help="The platform's hash-chained audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", envvar="DATABASE_URL",
                     help="Database of the platform (default: the local SQLite one)."),
    ] = None,
) -> None:
    """Check that no audit event was altered or deleted; exit 1 if the chain is broken."""
    from caseguard.store.db import audit_verify as verify
    from caseguard.web.settings import Settings

    url = database_url or Settings.from_env().database_url
    try:
        check = verify(url)
    except CaseguardError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    if check.ok:
        console.print(f"[green]✓ audit chain intact[/green]: {check.events} event(s)")
        return
    problem = escape(str(check.problem))
    console.print(f"[red]✗ audit chain broken at event {check.seq}[/red]: {problem}")
    raise typer.Exit(EXIT_FOUND)


def _open(source: str) -> Any:
    try:
        return open(source, encoding="utf-8")
    except OSError as exc:
        err.print(f"[red]error:[/red] {escape(source)}: {exc.strerror}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None


def main() -> None:
    """Entry point of the ``caseguard`` command."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


if __name__ == "__main__":
    main()
