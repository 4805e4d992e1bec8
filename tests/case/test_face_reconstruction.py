"""Head CT and MR volumes are flagged: a face can be rendered from a 3D series of the head."""

from pathlib import Path

import pytest

from caseguard.case import check_case
from caseguard.case.samples import ct_slices


def _series(folder: Path, body_part: str, slices: int, spacing: float) -> None:
    folder.mkdir(parents=True)
    for ds in ct_slices(slices, spacing):
        ds.BodyPartExamined = body_part
        ds.save_as(folder / f"IM{ds.InstanceNumber:04d}.dcm", enforce_file_format=False)


@pytest.mark.parametrize(
    "body_part, slices, spacing, flagged",
    [
        ("HEAD", 30, 5.0, True),      # 145 mm of head: a face can be rendered
        ("CHEST", 30, 5.0, False),    # not the head
        ("HEAD", 3, 5.0, False),      # a few slices are not a volume
        ("BRAIN", 25, 1.0, False),    # 24 mm: too thin a slab to hold a face
    ],
)
def test_head_volumes_are_flagged(
    tmp_path: Path, body_part: str, slices: int, spacing: float, flagged: bool
) -> None:
    case = tmp_path / "case"
    _series(case / "series", body_part, slices, spacing)
    (case / "case.md").write_text("Teaching case without identifiers.\n")
    report = check_case(case, key="k")
    series = [s for s in report.series if s.files == slices]
    assert len(series) == 1
    assert bool(series[0].face_reconstructable) is flagged
    reasons = " ".join(report.verdict.reasons)
    assert ("face can be reconstructed" in reasons) is flagged
