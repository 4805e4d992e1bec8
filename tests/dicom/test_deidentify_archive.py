"""Scenario: a folder of planted files and a DICOMDIR set is de-identified in one run.

Nothing planted survives (byte search), clinically useful attributes do, UIDs map the same
way in every file, pixel data is untouched, and the DICOMDIR still resolves its records.
"""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest
from pydicom.fileset import FileSet

from caseguard.dicom import FileResult, deidentify_path
from caseguard.policy import Policy

from .phi import SOURCES, Planted, build_archive, original_phi

KEY = b"test-project-key"
CLINICAL = (
    "Modality", "BodyPartExamined", "PixelSpacing", "SliceThickness", "ImageOrientationPatient",
    "ImagePositionPatient", "Rows", "Columns", "WindowCenter", "WindowWidth", "RescaleSlope",
    "RescaleIntercept", "KVP", "ContrastBolusAgent", "EchoTime", "RepetitionTime",
    "PhotometricInterpretation", "BitsAllocated", "SOPClassUID", "PatientSex", "PatientAge",
    "PatientWeight", "ScanningSequence", "MagneticFieldStrength", "FlipAngle",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Planted], list]:
    root = tmp_path_factory.mktemp("archive")
    source, out = root / "in", root / "out"
    planted = build_archive(source)
    results = list(deidentify_path(source, out, Policy.default(), KEY))
    return source, out, planted, results


def _outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


def test_every_file_is_written(run: tuple[Path, Path, dict[str, Planted], list]) -> None:
    source, out, _, results = run
    failures = [r for r in results if not isinstance(r, FileResult)]
    assert failures == []
    assert len(_outputs(out)) == sum(1 for p in source.rglob("*") if p.is_file())


def test_no_planted_value_survives(run: tuple[Path, Path, dict[str, Planted], list]) -> None:
    _, out, planted, _ = run
    needles = {v.encode() for p in planted.values() for v in p.values}
    for path in _outputs(out):
        data = path.read_bytes()
        leaked = sorted(n.decode() for n in needles if n in data)
        assert leaked == [], f"{path.name}: {leaked}"


@pytest.mark.parametrize("name", ["DICOMDIR", "77654033/CR1/6154", "98892001/CT2N/6293"])
def test_dicomdir_set_loses_its_names(
    run: tuple[Path, Path, dict[str, Planted], list], name: str
) -> None:
    source, out, _, _ = run
    original = source / "dicomdirtests" / name
    if not original.exists():
        pytest.skip(f"{name} not bundled in this pydicom")
    values = original_phi(original)
    data = (out / "dicomdirtests" / name).read_bytes()
    assert [v for v in values if v.encode() in data] == []


def test_clinical_attributes_survive(run: tuple[Path, Path, dict[str, Planted], list]) -> None:
    source, out, _, _ = run
    checked = 0
    for name in SOURCES:
        before = pydicom.dcmread(source / name)
        after = pydicom.dcmread(out / name)
        for keyword in CLINICAL:
            if keyword in before:
                assert after.get(keyword) == before.get(keyword), (name, keyword)
                checked += 1
    assert checked > 40


def test_pixel_data_is_byte_identical(run: tuple[Path, Path, dict[str, Planted], list]) -> None:
    source, out, _, _ = run
    for name in SOURCES:
        before, after = pydicom.dcmread(source / name), pydicom.dcmread(out / name)
        assert after.file_meta.TransferSyntaxUID == before.file_meta.TransferSyntaxUID
        if "PixelData" in before:
            assert after.PixelData == before.PixelData, name


def test_uids_are_remapped_consistently(
    run: tuple[Path, Path, dict[str, Planted], list],
) -> None:
    source, out, _, _ = run
    mapping: dict[str, str] = {}
    for name in SOURCES:
        before, after = pydicom.dcmread(source / name), pydicom.dcmread(out / name)
        assert after.file_meta.MediaStorageSOPInstanceUID == after.SOPInstanceUID
        for keyword in ("SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID"):
            old, new = str(before[keyword].value), str(after[keyword].value)
            assert new != old and new.startswith("2.25.") and len(new) <= 64
            assert mapping.setdefault(old, new) == new
        assert after.PatientIdentityRemoved == "YES"
        assert after.LongitudinalTemporalInformationModified == "MODIFIED"
    # MR_small and MR_small_RLE are the same instance: the same study maps the same way
    mr, rle = pydicom.dcmread(out / "MR_small.dcm"), pydicom.dcmread(out / "MR_small_RLE.dcm")
    assert mr.StudyInstanceUID == rle.StudyInstanceUID
    assert mr.PatientID != "" and mr.PatientName != ""


def test_dicomdir_records_resolve_to_remapped_files(
    run: tuple[Path, Path, dict[str, Planted], list],
) -> None:
    _, out, _, _ = run
    fs = FileSet(pydicom.dcmread(out / "dicomdirtests" / "DICOMDIR"))
    instances = list(fs)
    assert instances
    for instance in instances:
        ds = instance.load()
        assert ds.SOPInstanceUID == instance.ReferencedSOPInstanceUIDInFile
        assert ds.SOPInstanceUID.startswith("2.25.")


def test_results_explain_changes_without_phi(
    run: tuple[Path, Path, dict[str, Planted], list],
) -> None:
    _, _, planted, results = run
    ct = next(r for r in results if r.source.endswith("CT_small.dcm"))
    text = repr(ct.to_dict())
    assert not [v for v in planted["CT_small.dcm"].values if v in text]
    paths = {c.path: c for c in ct.changes}
    assert paths["(0010,0010)"].action == "D"
    assert paths["(0008,0080)"].rule == "E.1-1 X/Z/D"
    assert any(">" in p and "[0]" in p for p in paths)  # nested changes carry their path
    assert paths["(0002,0016)"].rule == "file meta"
    jpeg = next(r for r in results if r.source.endswith("JPEG2000.dcm"))
    # flagged for burned-in text, then read: the notes say why and what the reading found
    assert any(n.startswith("pixels: ") for n in jpeg.notes)
    assert jpeg.needs_pixel_check == any(
        "not decodable" in n or "no integer" in n for n in jpeg.notes
    )
