"""The README's examples are real: its quoted output is what the commands print."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from caseguard.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
EXAMPLE = ROOT / "examples" / "case-001"
runner = CliRunner()


def _block_after(marker: str) -> list[str]:
    start = README.index(marker)
    block = README[start:].split("```", 2)[1]
    return block.splitlines()[1:]


def test_check_output_in_readme_is_what_check_finds() -> None:
    rows = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in _block_after("`caseguard check examples/case-001`")
        if line.startswith("│")
    ]
    assert len(rows) >= 10
    result = runner.invoke(app, ["check", "--format", "json", str(EXAMPLE)])
    assert result.exit_code == 1
    found = {
        (f["category"], f["text"]) for d in json.loads(result.output)["documents"]
        for f in d["findings"]
    }
    for category, _, text, *_ in rows:
        if not category:
            continue  # a wrapped cell's second line
        prefix = text.rstrip("…")
        assert any(c == category and t.startswith(prefix) for c, t in found), (category, text)


def test_scrub_excerpt_in_readme_is_what_scrub_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["scrub", str(EXAMPLE), "-o", str(out), "--key", "example-key",
              "--case-id", "case-001"],
    )
    assert result.exit_code == 0, result.output
    scrubbed = (out / "case.md").read_text()
    flat = re.sub(r"\s+", " ", scrubbed)
    lines = [
        line for line in _block_after("`caseguard scrub examples/case-001")
        if line.strip() and line.strip() != "..."
    ]
    assert lines
    for line in lines:
        assert re.sub(r"\s+", " ", line.strip()) in flat, line
