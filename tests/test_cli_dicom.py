"""DICOM through the command line: check, scrub, --what-if and batch, mixed with other files."""

import json
import shutil
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from typer.testing import CliRunner

from caseguard.cli import app

runner = CliRunner()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    (folder / "series").mkdir(parents=True)
    for name in ("CT_small.dcm", "MR_small.dcm"):
        path = get_testdata_file(name)
        assert path is not None
        shutil.copy(path, folder / "series" / name)
    (folder / "case.md").write_text("Seen by Dr Jane Okafor on 3 March 2021.\n")
    (folder / "movie.xyz").write_bytes(b"\x00\x01binary")
    return folder


def test_check_lists_dicom_changes_and_refuses_unknown_types(case: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(case)])
    report = json.loads(result.output)
    docs = {Path(d["source"]).name: d for d in report["documents"]}
    assert docs["CT_small.dcm"]["kind"] == "dicom"
    keywords = {c["keyword"] for c in docs["CT_small.dcm"]["dicom"]["changes"]}
    assert {"PatientName", "SOPInstanceUID", "InstitutionName"} <= keywords
    assert docs["movie.xyz"]["error"]["kind"] == "UnsupportedInput"
    assert docs["case.md"]["findings"]
    assert result.exit_code == 2  # the unsupported file is named and the run fails at the end


def test_scrub_writes_deidentified_dicom_with_consistent_date_shift(
    case: Path, tmp_path: Path
) -> None:
    (case / "movie.xyz").unlink()
    out = tmp_path / "out"
    result = runner.invoke(app, ["scrub", str(case), "-o", str(out), "--key", "k"])
    assert result.exit_code == 0, result.output
    original = pydicom.dcmread(case / "series" / "CT_small.dcm")
    scrubbed = pydicom.dcmread(out / "series" / "CT_small.dcm")
    assert scrubbed.PatientName != original.PatientName
    assert scrubbed.SOPInstanceUID != original.SOPInstanceUID
    assert scrubbed.PixelData == original.PixelData
    assert scrubbed.PatientIdentityRemoved == "YES"
    assert "InstitutionName" not in scrubbed
    assert (out / "case.md").exists() and "Okafor" not in (out / "case.md").read_text()
    assert pydicom.dcmread(case / "series" / "CT_small.dcm").PatientName == original.PatientName


def test_what_if_writes_nothing(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["scrub", str(case / "series"), "-o", str(out), "--what-if"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "PatientName" in result.output and "E.1-1" in result.output
    assert not out.exists()


def test_batch_runs_and_resumes(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "archive-out"
    args = ["batch", str(case / "series"), str(out), "--key", "k", "--workers", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "2 done" in first.output
    second = runner.invoke(app, args)
    assert "0 done, 2 already done" in second.output


def test_batch_needs_a_key(case: Path, tmp_path: Path) -> None:
    args = ["batch", str(case), str(tmp_path / "o")]
    result = runner.invoke(app, args, env={"CASEGUARD_KEY": ""})
    assert result.exit_code == 2
