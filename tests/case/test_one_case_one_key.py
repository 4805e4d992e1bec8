"""A case checked and scrubbed as one: one key, one date shift, renamed names, whole output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pydicom
import pytest
import regex

from caseguard.case import check_case, scrub_case
from caseguard.case.names import name_text

from .build import PHI_TEXT, case_folder, ct_series, photo, snapshot, zip_folder


def test_text_and_dicom_dates_move_by_the_same_offset(tmp_path: Path) -> None:
    case = case_folder(tmp_path)
    original = pydicom.dcmread(next((case / "ct").iterdir()))
    assert original.StudyDate == "20040119" and "19/01/2004" in PHI_TEXT
    out = tmp_path / "out"
    scrub_case(case, out, key="one key", case_id="case-7")
    text = (out / "case.md").read_text()
    day, month, year = regex.search(r"(\d\d)/(\d\d)/(\d{4})", text).groups()
    text_shift = (dt.date(int(year), int(month), int(day)) - dt.date(2004, 1, 19)).days
    for path in (out / "ct").iterdir():
        study = pydicom.dcmread(path).StudyDate
        dicom_shift = (dt.datetime.strptime(study, "%Y%m%d").date() - dt.date(2004, 1, 19)).days
        assert dicom_shift == text_shift != 0


def test_same_key_same_output_and_one_patient_id_across_the_series(tmp_path: Path) -> None:
    case = case_folder(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    scrub_case(case, first, key="k", case_id="c")
    scrub_case(case, second, key="k", case_id="c")
    assert (first / "case.md").read_text() == (second / "case.md").read_text()
    ids = {pydicom.dcmread(p).PatientID for p in (first / "ct").iterdir()}
    series = {pydicom.dcmread(p).SeriesInstanceUID for p in (first / "ct").iterdir()}
    assert len(ids) == 1 and len(series) == 1
    assert ids == {pydicom.dcmread(p).PatientID for p in (second / "ct").iterdir()}


@pytest.mark.parametrize(
    "name, is_folder, expected",
    [
        ("smith_john_ct.dcm", False, "smith john ct"),
        ("MRI.knee.2021-03-04.jpg", False, "MRI knee 2021-03-04"),
        ("Okonkwo, Margaret", True, "Okonkwo Margaret"),
        ("IM0001", False, "IM0001"),
        ("series+02", True, "series 02"),
    ],
)
def test_names_are_read_as_words(name: str, is_folder: bool, expected: str) -> None:
    assert name_text(name, is_folder) == expected


def test_identifying_names_are_renamed_and_references_follow(tmp_path: Path) -> None:
    case = tmp_path / "case"
    ct_series(case / "smith_john", 2, name="smith_john_{:02d}.dcm")
    photo(case / "margaret_okonkwo_knee.jpg")
    (case / "case.md").write_text("Knee: ![photo](margaret_okonkwo_knee.jpg)\n")
    (case / "case.json").write_text(json.dumps({
        "title": "Baker cyst", "presentation": "Seen by Dr Jane Okafor.",
        "images": [{"file": "margaret_okonkwo_knee.jpg", "caption": "Swollen calf"}],
    }))
    out = tmp_path / "out"
    report = scrub_case(case, out, key="k")
    assert report.renamed["margaret_okonkwo_knee.jpg"] == "photo-01.jpg"
    assert report.renamed["smith_john/smith_john_01.dcm"] == "series-01/image-01.dcm"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "case.json", "case.md", "photo-01.jpg", "report.html", "report.json",
        "series-01/image-01.dcm", "series-01/image-02.dcm",
    ]
    assert "(photo-01.jpg)" in (out / "case.md").read_text()
    data = json.loads((out / "case.json").read_text())
    assert data["images"][0]["file"] == "photo-01.jpg"
    assert "Okafor" not in data["presentation"]
    names = [d for d in report.documents if d.kind == "name"]
    assert {d.source for d in names} >= {"smith_john", "margaret_okonkwo_knee.jpg"}
    assert all(d.findings for d in names)


def test_dicomdir_whose_files_are_renamed_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case"
    ct_series(case / "smith_john", 1)
    (case / "DICOMDIR").write_bytes(b"\x00" * 200)
    report = check_case(case)
    refused = {d.source: d for d in report.failures}
    assert "DICOMDIR" in refused
    assert "references would break" in (refused["DICOMDIR"].error or "")
    assert report.verdict.status == "blocked"


def test_zip_case_is_read_and_written_as_a_folder(tmp_path: Path) -> None:
    archive = zip_folder(case_folder(tmp_path), tmp_path / "case.zip")
    out = tmp_path / "out"
    report = scrub_case(archive, out, key="k")
    assert not report.failures
    assert (out / "case.md").exists() and (out / "photos" / "knee.jpg").exists()
    assert len(list((out / "ct").iterdir())) == 3
    assert "Okonkwo" not in (out / "case.md").read_text()


def test_scrub_leaves_the_input_untouched_and_no_temporary_folder(tmp_path: Path) -> None:
    case = case_folder(tmp_path)
    before = snapshot(case)
    scrub_case(case, tmp_path / "out", key="k")
    assert snapshot(case) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case", "out"]


def test_a_crash_half_way_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = case_folder(tmp_path)
    calls = {"n": 0}
    from caseguard.case import run

    real = run.deidentify_source

    def crash(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "deidentify_source", crash)
    with pytest.raises(KeyboardInterrupt):
        scrub_case(case, tmp_path / "out", key="k")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case"]


def test_previous_output_is_replaced_but_a_foreign_folder_is_not(tmp_path: Path) -> None:
    from caseguard.errors import OutputError

    case = case_folder(tmp_path)
    out = tmp_path / "out"
    scrub_case(case, out, key="k")
    (out / "stale.txt").write_text("from before")
    scrub_case(case, out, key="k")
    assert not (out / "stale.txt").exists() and (out / "report.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("keep me")
    with pytest.raises(OutputError, match="holds other files"):
        scrub_case(case, foreign, key="k")
    assert (foreign / "thesis.docx").read_text() == "keep me"


def test_example_case_002(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "case-002"
    if not example.exists():
        pytest.skip("examples are not shipped with this copy")
    out = tmp_path / "out"
    report = scrub_case(example, out, key="example-key", case_id="case-002")
    assert not report.failures
    data = json.loads((out / "case.json").read_text())
    assert data["images"][0]["file"] == "photos/photo-01.jpg"
    assert (out / "photos" / "photo-01.jpg").exists()
    assert "Okonkwo" not in (out / "case.json").read_text()
    assert [s.files for s in report.series] == [3]
