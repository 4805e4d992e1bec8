"""The eval command: score the detectors on a gold file or a public data set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from caseguard.cli.options import (
    EXIT_INPUT_ERROR,
    OverrideOption,
    PolicyOption,
    console,
    err,
    text_engine,
)

__all__ = ["DATASETS", "eval_"]

DATASETS = (
    "physionet-deid-gold", "presidio-research-synth", "asq-phi", "deidgate-seed", "synth",
    "synth-negatives",
)


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
    engine = text_engine(policy, policy_override)
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
