"""Faces in DICOM: a photograph stored as DICOM is refused; radiology is not face-checked."""

from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import FileMetaDataset
from pydicom.uid import ImplicitVRLittleEndian, generate_uid

from caseguard.case import check_case


def _face_photograph(target: Path) -> None:
    try:
        source = get_testdata_file("OT-PAL-8-face.dcm", download=False)  # pydicom-data
    except Exception:  # a missing data set: skip below
        source = None
    if source is None:
        pytest.skip("pydicom-data is not installed")
    ds = pydicom.dcmread(source, force=True)
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    target.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(target, enforce_file_format=True)


def test_a_dicom_face_photograph_blocks_the_case(tmp_path: Path) -> None:
    case = tmp_path / "case"
    _face_photograph(case / "photo" / "face.dcm")
    (case / "case.md").write_text("A teaching case.\n")
    report = check_case(case, key="k")
    doc = next(d for d in report.documents if d.kind == "dicom")
    assert "face" in doc.flags
    assert report.verdict.status == "blocked"
    assert any("face" in reason for reason in report.verdict.reasons)


def test_radiology_images_are_not_searched_for_faces(tmp_path: Path) -> None:
    source = get_testdata_file("JPEG-LL.dcm", download=False)  # NM whole body, a silhouette
    assert source is not None
    ds = pydicom.dcmread(source)
    ds.SOPInstanceUID = generate_uid()
    case = tmp_path / "case"
    (case / "nm").mkdir(parents=True)
    ds.save_as(case / "nm" / "wb.dcm", enforce_file_format=False)
    (case / "case.md").write_text("A teaching case.\n")
    report = check_case(case, key="k")
    doc = next(d for d in report.documents if d.kind == "dicom")
    assert "face" not in doc.flags
