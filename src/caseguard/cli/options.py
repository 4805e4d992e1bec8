"""What the commands share: the options for policy, key and case, the consoles, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from caseguard.errors import CaseguardError
from caseguard.policy import Policy
from caseguard.text.engine import TextEngine

__all__ = [
    "EXIT_FOUND",
    "EXIT_INPUT_ERROR",
    "CaseIdOption",
    "KeyOption",
    "OverrideOption",
    "PolicyOption",
    "console",
    "err",
    "text_engine",
]

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


def text_engine(policy: Path | None, overrides: list[Path] | None) -> TextEngine:
    """The engine for ``--policy`` and ``--policy-override``; exit 2 on a bad policy."""
    try:
        loaded = Policy.load(policy, overrides or [])
    except CaseguardError as exc:
        err.print(f"[red]policy error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    return TextEngine(loaded)
