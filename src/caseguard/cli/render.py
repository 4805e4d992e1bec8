"""Reports on the terminal: a table per text file, a summary per DICOM file and image,
the verdict and the re-identification risk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from caseguard.cli.options import console, err
from caseguard.findings import DocumentReport, Report, line_col

__all__ = ["print_failure", "print_report", "print_verdict"]


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


def print_failure(doc: DocumentReport) -> None:
    """One line on stderr for a file that could not be processed."""
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


def print_verdict(report: Report) -> None:
    """The case's verdict, what is left to do and the re-identification risk, if assessed."""
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


def print_report(report: Report, explain: bool) -> None:
    """Every file's findings, a summary line, and with ``explain`` why each was raised."""
    for doc in report.documents:
        if doc.error:
            print_failure(doc)
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
    print_verdict(report)
