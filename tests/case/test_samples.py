"""The synthetic CT series and photos the tests and benchmarks build cases from."""

from __future__ import annotations

from pathlib import Path

import pydicom
from PIL import Image

from caseguard.case.samples import ct_series, ct_slices, photo


def test_slices_are_one_series_of_separate_instances() -> None:
    slices = list(ct_slices(4, spacing=5.0))
    assert len({ds.SeriesInstanceUID for ds in slices}) == 1
    assert len({ds.SOPInstanceUID for ds in slices}) == 4
    assert [ds.InstanceNumber for ds in slices] == [1, 2, 3, 4]
    assert [ds.ImagePositionPatient[2] - slices[0].ImagePositionPatient[2]
            for ds in slices] == [0.0, 5.0, 10.0, 15.0]
    assert [ds.SliceLocation for ds in slices] == [ds.ImagePositionPatient[2] for ds in slices]
    for ds in slices:
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID


def test_a_new_series_each_time() -> None:
    first, second = next(ct_slices(1)), next(ct_slices(1))
    assert first.SeriesInstanceUID != second.SeriesInstanceUID


def test_series_saved_by_name(tmp_path: Path) -> None:
    paths = ct_series(tmp_path / "ct", 2, name="slice_{:02d}.dcm", description="AX HEAD")
    assert [p.name for p in paths] == ["slice_01.dcm", "slice_02.dcm"]
    ds = pydicom.dcmread(paths[1])
    assert ds.InstanceNumber == 2
    assert ds.SeriesDescription == "AX HEAD"


def test_photo_carries_identifying_exif(tmp_path: Path) -> None:
    picture = Image.new("RGB", (64, 48))
    path = photo(tmp_path / "photos" / "knee.jpg", artist="Dr A Person", picture=picture,
                 serial="SN-1")
    with Image.open(path) as saved:
        exif = saved.getexif()
        assert saved.size == (64, 48)
    assert exif[0x013B] == "Dr A Person"
    assert "Dr A Person" in exif[0x010E]
    assert exif[0xA431] == "SN-1"
