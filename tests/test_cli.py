"""The command line as a user runs it: exit codes, formats, bad input, and no input modified."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseguard.cli import app

runner = CliRunner()
PHI = "Seen by Dr Jane Okafor on 3 March 2021. Call 020 7946 0321 or jane.okafor@example.org.\n"
CLEAN = "Ruptured Baker cyst, 5 x 4 mm, T2 hyperintense; GCS 15; day 3 post-op.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    case.mkdir()
    (case / "note.txt").write_text(PHI)
    (case / "clean.md").write_text(CLEAN)
    return case


def test_check_exit_codes(folder: Path) -> None:
    assert runner.invoke(app, ["check", str(folder / "clean.md")]).exit_code == 0
    result = runner.invoke(app, ["check", str(folder / "note.txt")])
    assert result.exit_code == 1
    assert "NAME" in result.output and "Okafor" in result.output


def test_check_json_and_jsonl(folder: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(folder)])
    report = json.loads(result.output)
    assert report["summary"]["documents"] == 2
    categories = {f["category"] for d in report["documents"] for f in d["findings"]}
    assert {"NAME", "DATE", "PHONE", "EMAIL"} <= categories
    result = runner.invoke(app, ["check", "--format", "jsonl", str(folder / "note.txt")])
    lines = [json.loads(line) for line in result.output.splitlines()]
    keys = {"source", "category", "line", "col", "detector", "confidence"}
    assert all(keys <= set(x) for x in lines)


def test_scrub_writes_copies_and_report_and_leaves_input(folder: Path, tmp_path: Path) -> None:
    before = (folder / "note.txt").read_bytes()
    out = tmp_path / "out"
    result = runner.invoke(app, ["scrub", str(folder), "-o", str(out), "--key", "k"])
    assert result.exit_code == 0, result.output
    assert (folder / "note.txt").read_bytes() == before
    scrubbed = (out / "note.txt").read_text()
    for value in ("Okafor", "3 March 2021", "7946 0321", "jane.okafor@example.org"):
        assert value not in scrubbed
    assert (out / "clean.md").read_text() == CLEAN
    report = json.loads((out / "report.json").read_text())
    changes = [c for d in report["documents"] for c in d.get("changes", [])]
    assert changes and all(c["replacement"] and c["explanation"] for c in changes)
    again = tmp_path / "again"
    runner.invoke(app, ["scrub", str(folder), "-o", str(again), "--key", "k"])
    assert (again / "note.txt").read_text() == scrubbed


def test_scrub_refuses_output_inside_input(folder: Path) -> None:
    result = runner.invoke(app, ["scrub", str(folder), "-o", str(folder / "out")])
    assert result.exit_code == 2
    assert "inside the input" in " ".join(result.output.split())
    assert not (folder / "out").exists()


def test_scrub_refuses_to_overwrite_input(folder: Path) -> None:
    result = runner.invoke(app, ["scrub", str(folder / "note.txt"), "-o", str(folder)])
    assert result.exit_code == 2
    assert (folder / "note.txt").read_text() == PHI


@pytest.mark.parametrize(
    "name, data, expect_error",
    [
        ("binary.txt", bytes(range(256)) * 4, "UnreadableInput"),
        ("empty.txt", b"", None),
        ("utf16.txt", PHI.encode("utf-16"), None),
        ("latin1.txt", "Seen by Dr Zoë Müller on 3 March 2021.".encode("latin-1"), None),
        ("long.txt", ("word " * 200_000 + PHI).encode(), None),
    ],
)
def test_bad_input_is_named_and_the_run_goes_on(
    tmp_path: Path, name: str, data: bytes, expect_error: str | None
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(PHI)
    result = runner.invoke(app, ["check", "--format", "json", str(tmp_path)])
    report = json.loads(result.output)
    docs = {Path(d["source"]).name: d for d in report["documents"]}
    assert docs["good.txt"]["findings"], "the good file was still checked"
    if expect_error:
        assert docs[name]["error"]["kind"] == expect_error
        assert result.exit_code == 2
    else:
        assert "error" not in docs[name]
        assert result.exit_code == 1
    if name in {"utf16.txt", "latin1.txt"}:
        assert any(f["category"] == "NAME" for f in docs[name]["findings"])


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "absent.txt")])
    assert result.exit_code == 2
    assert "no such file" in " ".join(result.output.split())


def test_detect_jsonl_interface() -> None:
    lines = "\n".join(
        json.dumps({"id": i, "text": t}) for i, t in enumerate([PHI, CLEAN])
    ) + "\nnot json\n"
    result = runner.invoke(app, ["detect", "--jsonl", "-"], input=lines)
    out = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o["id"] for o in out] == [0, 1]
    assert out[1]["spans"] == []
    for span in out[0]["spans"]:
        assert set(span) == {"start", "end", "label"}
        assert PHI[span["start"] : span["end"]].strip()
    assert result.exit_code == 2  # the malformed line is reported


def test_eval_on_a_gold_file(tmp_path: Path) -> None:
    start = PHI.index("Jane")
    gold = {"id": "a", "text": PHI, "spans": [{"start": start, "end": start + 11, "label": "NAME"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    result = runner.invoke(app, ["eval", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["title"] == str(path)


def test_policy_override_that_relaxes_is_refused(folder: Path, tmp_path: Path) -> None:
    override = tmp_path / "inst.toml"
    override.write_text('[categories.NAME]\naction = "keep"\n')
    result = runner.invoke(app, ["check", "--policy-override", str(override), str(folder)])
    assert result.exit_code == 2
    assert "relax" in " ".join(result.output.split())


def test_help_reads_well() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "scrub", "detect", "eval"):
        assert command in result.output


def test_eval_saves_the_generated_gold_for_outside_scorers(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    result = runner.invoke(
        app, ["eval", "-d", "synth", "--n", "5", "--seed", "7", "--save-gold", str(path),
              "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == 5
    assert all({"id", "text", "spans"} <= set(r) for r in records)
    again = runner.invoke(app, ["eval", str(path), "--format", "json"])
    assert json.loads(again.stdout)["documents"] == 5
