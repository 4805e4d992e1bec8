"""The caseguard command line: check, scrub, detect and eval.

Exit status: 0 nothing found, 1 identifying information found, 2 an input could
not be processed (named in the output; the other inputs are still processed).

The commands live by concern and are registered below, in the order ``caseguard --help``
lists them: `files` (check, scrub, detect), `evaluate` (eval) and `platform` (batch,
serve, audit); `options` holds what they share and `render` prints reports.
"""

from __future__ import annotations

import os

import typer

from caseguard.cli.evaluate import eval_
from caseguard.cli.files import check, detect, scrub
from caseguard.cli.platform import audit_app, batch, serve

__all__ = ["app", "main"]

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
app.command()(check)
app.command()(scrub)
app.command()(detect)
app.command("eval")(eval_)
app.command()(batch)
app.command()(serve)
app.add_typer(audit_app, name="audit")


def main() -> None:
    """Entry point of the ``caseguard`` command."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
