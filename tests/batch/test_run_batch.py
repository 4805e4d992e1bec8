"""Scenario: an archive run on a local pool, in-process, and on a real Dask cluster; resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file

from caseguard.batch import FileOutcome, run_batch
from caseguard.batch.journal import JOURNAL_NAME

KEY = b"batch-key"
NAMES = ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "rtplan.dcm", "test-SR.dcm")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for i in range(3):
        for name in NAMES:
            ds = pydicom.dcmread(str(get_testdata_file(name, download=False)))
            ds.SOPInstanceUID = f"1.2.826.0.1.3680043.8.498.{i + 1}{len(name)}"
            target = root / f"p{i}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            ds.save_as(target, enforce_file_format=False)
    (root / "p0" / "README.txt").write_text("not an image")
    (root / "p1" / "cut.dcm").write_bytes((root / "p1" / "CT_small.dcm").read_bytes()[:3000])
    return root


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*") if p.is_file() and p.name != JOURNAL_NAME
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_local_run_summarises(archive: Path, tmp_path: Path, workers: int) -> None:
    seen: list[FileOutcome] = []
    summary = run_batch(archive, tmp_path / "out", None, KEY, workers=workers,
                        progress=seen.append)
    assert (summary.done, summary.skipped) == (15, 0)
    assert sorted(f for f, _ in summary.failed) == ["p0/README.txt", "p1/cut.dcm"]
    assert summary.actions["U"] > 0 and summary.actions["X"] > 0
    assert len(seen) == 17
    # the three files flagged for burned-in text were read and carry none: nothing left over
    assert summary.needs_pixel_check == []
    assert not list((tmp_path / "out").rglob("*.part"))


def test_dask_cluster_gives_the_same_output(archive: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    run_batch(archive, tmp_path / "local", None, KEY, workers=1)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        summary = run_batch(archive, tmp_path / "dask", None, KEY,
                            dask_address=cluster.scheduler_address)
    assert summary.done == 15
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")


def test_interrupted_run_resumes(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    count = 0

    def interrupt(outcome: FileOutcome) -> None:
        nonlocal count
        count += 1
        if count == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(archive, out, None, KEY, workers=1, progress=interrupt)
    first = _outputs(out)
    resumed = run_batch(archive, out, None, KEY, workers=1)
    assert resumed.skipped == len(first) > 0
    assert resumed.done + resumed.skipped == 15
    shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
    run_batch(archive, tmp_path / "fresh", None, KEY, workers=1)
    assert _outputs(out) == _outputs(tmp_path / "fresh")


def test_output_missing_from_disk_is_redone(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(archive, out, None, KEY, workers=1)
    (out / "p2" / "MR_small.dcm").unlink()
    again = run_batch(archive, out, None, KEY, workers=1)
    assert (again.done, again.skipped) == (1, 14)
