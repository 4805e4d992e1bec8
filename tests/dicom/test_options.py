"""Annex E options from the policy's [dicom] table, the dry run, and free text via the engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pydicom
import pytest

from caseguard.dicom import Scrubber, Source, deidentify_file, deidentify_source, what_if
from caseguard.dicom.values import cap_age, shift_da, shift_dt
from caseguard.errors import PolicyError
from caseguard.policy import Policy
from caseguard.text.transforms import CaseContext

from .phi import bundled_file

KEY = b"options-key"


def _policy(**dicom: Any) -> Policy:
    return dataclasses.replace(Policy.default(), extra={"dicom": dicom})


def _run(tmp_path: Path, ds: pydicom.Dataset, policy: Policy, **kw: Any) -> pydicom.Dataset:
    src = tmp_path / "in.dcm"
    ds.save_as(src, enforce_file_format=False)
    deidentify_source(Source(src, "in.dcm"), tmp_path / "out.dcm", Scrubber(policy, KEY, **kw))
    return pydicom.dcmread(tmp_path / "out.dcm")


def _ct() -> pydicom.Dataset:
    return pydicom.dcmread(bundled_file("CT_small.dcm"))


def test_dates_shift_by_the_case_offset(tmp_path: Path) -> None:
    ds = _ct()
    ds.StudyDate, ds.AcquisitionDateTime = "20230314", "20230314101500.25+0100"
    out = _run(tmp_path, ds, _policy())
    days = CaseContext.from_key(KEY, "case").date_offset_days
    expected = (dt.date(2023, 3, 14) + dt.timedelta(days)).strftime("%Y%m%d")
    assert out.StudyDate == expected
    assert out.AcquisitionDateTime == expected + "101500.25+0100"
    assert out.StudyTime == ds.StudyTime


def test_full_removal_without_longitudinal_option(tmp_path: Path) -> None:
    ds = _ct()
    ds.StudyDate = "20230314"
    out = _run(tmp_path, ds, _policy(retain_long_modified_dates=False))
    assert out.StudyDate == "" and out.LongitudinalTemporalInformationModified == "REMOVED"


@pytest.mark.parametrize(
    ("age", "expected"), [("095Y", "090Y"), ("089Y", "089Y"), ("006M", "006M")]
)
def test_ages_over_89_are_capped(tmp_path: Path, age: str, expected: str) -> None:
    ds = _ct()
    ds.PatientAge = age
    assert _run(tmp_path, ds, _policy()).PatientAge == expected


@pytest.mark.parametrize(
    ("options", "keyword", "kept"),
    [
        ({}, "InstitutionName", False),
        ({"retain_institution_identity": True}, "InstitutionName", True),
        ({}, "StationName", False),
        ({"retain_device_identity": True}, "StationName", True),
        ({"retain_uids": True}, "SOPInstanceUID", True),
        ({}, "SOPInstanceUID", False),
    ],
)
def test_retain_options(tmp_path: Path, options: dict[str, bool], keyword: str, kept: bool) -> None:
    ds = _ct()
    ds.InstitutionName, ds.StationName = "St Elsewhere", "CT01"
    out = _run(tmp_path, ds, _policy(**options))
    assert (out.get(keyword) == ds.get(keyword)) is kept


def test_retain_safe_private_keeps_only_known_safe(tmp_path: Path) -> None:
    ds = _ct()
    ds.private_block(0x0009, "FDMS 1.0", create=True).add_new(0x08, "UL", 7)
    ds.private_block(0x0011, "NOBODY KNOWS", create=True).add_new(0x01, "LO", "Jane Doe")
    out = _run(tmp_path, ds, _policy(retain_safe_private=True))
    assert out.get_private_item(0x0009, 0x08, "FDMS 1.0").value == 7
    assert "NOBODY KNOWS" not in [e.value for e in out if e.tag.is_private_creator]
    assert b"Jane Doe" not in (tmp_path / "out.dcm").read_bytes()
    codes = [item.CodeValue for item in out.DeidentificationMethodCodeSequence]
    assert "113111" in codes and "113100" in codes
    assert not any(e.tag.is_private for e in _run(tmp_path, ds, _policy()))


def test_overlays_and_curves_are_removed(tmp_path: Path) -> None:
    ds = pydicom.dcmread(bundled_file("examples_overlay.dcm"))
    ds.add_new(0x50000010, "US", 1)
    out = _run(tmp_path, ds, _policy())
    assert not [e.tag for e in out if 0x5000 <= e.tag.group <= 0x60FF]
    assert out.PixelData == ds.PixelData


@pytest.mark.parametrize(
    ("bad", "message"),
    [({"retain_uid": True}, "unknown"), ({"retain_uids": "yes"}, "true or false"),
     ({"retain_long_full_dates": True}, "exclude")],
)
def test_bad_dicom_options_are_policy_errors(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Scrubber(_policy(**bad), KEY)


def test_free_text_goes_through_the_text_cleaner(tmp_path: Path) -> None:
    seen: list[str] = []

    def cleaner(text: str) -> str:
        seen.append(text)
        return "[CLEANED]"

    ds = _ct()
    ds.StudyDescription, ds.ImageComments = "CT for Mr Okafor", "call 0412 345 678"
    src = tmp_path / "in.dcm"
    ds.save_as(src, enforce_file_format=False)
    deidentify_source(Source(src, "in.dcm"), tmp_path / "o.dcm",
                      Scrubber(_policy(), KEY, text_cleaner=cleaner))
    out = pydicom.dcmread(tmp_path / "o.dcm")
    assert {"CT for Mr Okafor", "call 0412 345 678"} <= set(seen)
    assert out.StudyDescription == out.ImageComments == "[CLEANED]"


def test_text_engine_removes_email_from_descriptions(tmp_path: Path) -> None:
    ds = _ct()
    ds.SeriesDescription = "Axial, report to jane.okafor@clinic.example"
    out = _run(tmp_path, ds, _policy())
    assert "jane.okafor" not in out.SeriesDescription and out.SeriesDescription.startswith("Axial")


def test_what_if_lists_changes_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in.dcm"
    src.write_bytes(bundled_file("CT_small.dcm").read_bytes())
    changes = what_if(src, _policy(), KEY)
    assert list(tmp_path.iterdir()) == [src]
    assert {"PatientName", "SOPInstanceUID"} <= {c.keyword for c in changes}
    written = deidentify_file(src, tmp_path / "o.dcm", _policy(), KEY)
    assert [c.path for c in written.changes] == [c.path for c in changes]


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (shift_da, "20240229", "20230228"),
        (shift_da, "20240101-20240131", "20221231-20230130"),
        (shift_da, "2024", "2022"),
        (shift_da, "not a date", None),
        (shift_dt, "20240301120000", "20230301120000"),
    ],
)
def test_shift_values(function: Any, value: str, expected: str | None) -> None:
    assert function(value, -366) == expected


def test_cap_age_keeps_other_units() -> None:
    assert [cap_age(a) for a in ("120Y", "090Y", "045Y", "100W")] == ["090Y", "090Y", "045Y",
                                                                       "100W"]
