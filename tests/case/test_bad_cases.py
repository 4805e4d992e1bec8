"""Cases that are not what they should be: each gets a clear answer, nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caseguard.case import check_case, scrub_case

from .build import PHI_TEXT, case_folder, photo, snapshot, zip_bytes, zip_folder


def _nested_zip(tmp: Path) -> Path:
    case = case_folder(tmp, slices=1)
    return zip_folder(case, tmp / "case.zip", {"more/series.zip": zip_bytes({"a.txt": b"x"})})


def _unknown_type(tmp: Path) -> Path:
    case = case_folder(tmp, slices=1)
    (case / "video.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    return case


def _link_out(tmp: Path) -> Path:
    case = case_folder(tmp, slices=1)
    secret = tmp / "secret.txt"
    secret.write_text("Patient Jane Okafor")
    os.symlink(secret, case / "notes.txt")
    return case


@pytest.mark.parametrize(
    "build, refused, kind, reason",
    [
        (_nested_zip, "more/series.zip", "UnsupportedInput", "inside a zip archive"),
        (_unknown_type, "video.mp4", "UnsupportedInput", "not handled"),
        (_link_out, "notes.txt", "UnsafeInput", "outside the case"),
    ],
)
def test_refused_files_are_named_with_a_reason_and_never_copied(
    tmp_path: Path, build: object, refused: str, kind: str, reason: str
) -> None:
    case = build(tmp_path)  # type: ignore[operator]
    before = snapshot(case) if case.is_dir() else {"zip": case.read_bytes()}
    out = tmp_path / "out"
    report = scrub_case(case, out, key="k")
    failures = {Path(d.source).as_posix(): d for d in report.failures}
    match = [d for name, d in failures.items() if name.endswith(refused)]
    assert match, failures
    assert match[0].error_kind == kind and reason in (match[0].error or "")
    assert report.verdict.status == "blocked"
    assert not any(p.name == Path(refused).name for p in out.rglob("*"))
    assert (out / "case.md").exists(), "the rest of the case is still written"
    after = snapshot(case) if case.is_dir() else {"zip": case.read_bytes()}
    assert after == before


@pytest.mark.parametrize(
    "files, has_text, has_images",
    [
        ({"case.md": PHI_TEXT}, True, False),  # text only
        ({}, False, True),  # a photo and nothing else
        ({"case.md": ""}, False, True),  # an empty text
    ],
)
def test_text_only_and_no_text_cases(
    tmp_path: Path, files: dict[str, str], has_text: bool, has_images: bool
) -> None:
    case = tmp_path / "case"
    case.mkdir()
    for name, text in files.items():
        (case / name).write_text(text)
    if has_images:
        photo(case / "knee.jpg")
    report = check_case(case)
    assert not report.failures
    assert (report.risk is not None) == has_text
    assert bool(report.images) == has_images
    assert not any("refused" in reason for reason in report.verdict.reasons)


def test_output_inside_the_case_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from caseguard.errors import OutputError

    case = case_folder(tmp_path, slices=1)
    before = snapshot(case)
    with pytest.raises(OutputError, match="inside the input"):
        scrub_case(case, case / "out", key="k")
    assert snapshot(case) == before


def test_binary_file_posing_as_text_is_refused(tmp_path: Path) -> None:
    case = case_folder(tmp_path, slices=1)
    (case / "notes.txt").write_bytes(bytes(range(256)) * 4)
    report = check_case(case)
    assert [d.error_kind for d in report.failures] == ["UnreadableInput"]
