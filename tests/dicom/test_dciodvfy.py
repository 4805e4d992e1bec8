"""De-identified output is no less valid than its input, by dciodvfy (skipped when absent)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from caseguard.dicom import deidentify_file

from .phi import bundled_file

pytestmark = pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="dciodvfy not installed")

# Values in messages (UIDs, lengths) differ after remapping; compare the message shapes.
_VALUE = re.compile(r"<[^>]*>|\"[^\"]*\"|\d+(\.\d+)+")


def _errors(path: Path) -> set[str]:
    run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, timeout=60)
    lines = (run.stdout + run.stderr).splitlines()
    return {_VALUE.sub("<v>", line) for line in lines if line.startswith("Error")}


@pytest.mark.parametrize(
    "name",
    ["CT_small.dcm", "MR_small.dcm", "test-SR.dcm", "rtplan.dcm", "rtstruct.dcm", "rtdose.dcm",
     "JPEG2000.dcm", "liver_1frame.dcm", "waveform_ecg.dcm", "examples_overlay.dcm"],
)
def test_no_new_dciodvfy_errors(tmp_path: Path, name: str) -> None:
    source = bundled_file(name)
    deidentify_file(source, tmp_path / name, key=b"k")
    assert sorted(_errors(tmp_path / name) - _errors(source)) == []
