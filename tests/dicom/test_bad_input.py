"""Bad input gets a named error, nothing half-written, and the input is never touched."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from caseguard.dicom import Failure, deidentify_file, deidentify_path
from caseguard.dicom.inputs import ZipLimits
from caseguard.errors import OutputError, UnreadableInput, UnsafeInput, UnsupportedInput

from .phi import bundled_file


def _random_bytes(tmp: Path) -> Path:
    (tmp / "noise.dcm").write_bytes(bytes(range(256)) * 40)
    return tmp / "noise.dcm"


def _empty(tmp: Path) -> Path:
    (tmp / "empty.dcm").write_bytes(b"")
    return tmp / "empty.dcm"


def _text(tmp: Path) -> Path:
    (tmp / "notes.dcm").write_text("Patient Jane Doe, MRN 1234567\n" * 20)
    return tmp / "notes.dcm"


def _cut(tmp: Path) -> Path:
    data = bundled_file("CT_small.dcm").read_bytes()
    (tmp / "cut.dcm").write_bytes(data[: len(data) // 2])
    return tmp / "cut.dcm"


def _bundled(name: str) -> Callable[[Path], Path]:
    return lambda _tmp: bundled_file(name)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (_random_bytes, UnsupportedInput),
        (_empty, UnsupportedInput),
        (_text, UnsupportedInput),
        (_cut, UnreadableInput),
        (_bundled("MR_truncated.dcm"), UnreadableInput),
        (_bundled("rtplan_truncated.dcm"), UnreadableInput),
        (_bundled("no_meta.dcm"), UnsupportedInput),  # garbage when forced: refused, not parsed
    ],
)
def test_bad_file_raises_named_error_and_writes_nothing(
    tmp_path: Path, make: Callable[[Path], Path], error: type[Exception]
) -> None:
    source = make(tmp_path)
    before = source.read_bytes()
    out = tmp_path / "out" / "x.dcm"
    with pytest.raises(error):
        deidentify_file(source, out, key=b"k")
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    "name", ["ExplVR_LitEndNoMeta.dcm", "ExplVR_BigEndNoMeta.dcm", "badVR.dcm", "SC_rgb_jpeg.dcm"]
)
def test_odd_but_readable_files_are_processed(tmp_path: Path, name: str) -> None:
    result = deidentify_file(bundled_file(name), tmp_path / name, key=b"k")
    assert (tmp_path / name).exists() and result.changes


def test_output_over_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.dcm"
    source.write_bytes(bundled_file("CT_small.dcm").read_bytes())
    with pytest.raises(OutputError):
        deidentify_file(source, source, key=b"k")


def _zip(tmp: Path, members: dict[str, bytes]) -> Path:
    path = tmp / "case.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("member", ["../escape.dcm", "/abs.dcm", "a/../../b.dcm", "C:/x.dcm"])
def test_zip_path_traversal_is_unsafe(tmp_path: Path, member: str) -> None:
    path = _zip(tmp_path, {"ok.dcm": b"x", member: b"y"})
    with pytest.raises(UnsafeInput):
        list(deidentify_path(path, tmp_path / "out", key=b"k"))
    assert not (tmp_path / "out").exists()


def test_zip_bomb_is_unsafe(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"bomb.dcm": b"\0" * (8 << 20)})
    with pytest.raises(UnsafeInput):
        list(deidentify_path(path, tmp_path / "out", key=b"k"))
    small = ZipLimits(max_total_bytes=1000)
    path = _zip(tmp_path, {"a.dcm": b"1" * 600, "b.dcm": b"2" * 600})
    with pytest.raises(UnsafeInput):
        list(deidentify_path(path, tmp_path / "out", key=b"k", limits=small))


def test_zip_members_are_streamed_and_bad_ones_reported(tmp_path: Path) -> None:
    good = bundled_file("CT_small.dcm").read_bytes()
    path = _zip(tmp_path, {"s/1.dcm": good, "s/notes.txt": b"hello"})
    results = list(deidentify_path(path, tmp_path / "out", key=b"k"))
    assert (tmp_path / "out" / "s" / "1.dcm").exists()
    failures = [r for r in results if isinstance(r, Failure)]
    assert [f.error for f in failures] == ["UnsupportedInput"]


def test_bytes_stream_input_is_not_modified(tmp_path: Path) -> None:
    source = tmp_path / "in.dcm"
    source.write_bytes(bundled_file("MR_small.dcm").read_bytes())
    before = io.BytesIO(source.read_bytes()).getvalue()
    deidentify_file(source, tmp_path / "out.dcm", key=b"k")
    assert source.read_bytes() == before
