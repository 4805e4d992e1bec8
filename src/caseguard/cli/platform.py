"""The commands for archives and the platform: batch, serve and audit verify."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from caseguard.cli.options import (
    EXIT_FOUND,
    EXIT_INPUT_ERROR,
    KeyOption,
    OverrideOption,
    PolicyOption,
    console,
    err,
    text_engine,
)
from caseguard.errors import CaseguardError

__all__ = ["audit_app", "audit_verify", "batch", "serve"]


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
    engine = text_engine(policy, policy_override)
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
