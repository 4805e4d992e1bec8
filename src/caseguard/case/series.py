"""DICOM series of a case: which file belongs to which series, for the summary per series.

`SeriesScrubber` is the case's DICOM `Scrubber`: one per case, so one key, one date offset
and one UID map for every file. It also notes each file's series as the file is read,
before anything in it is cleaned, so the summary can group files without reading them
twice. Series are named by number, modality and their description after cleaning; the
original Series Instance UID appears only as a keyed fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from pydicom.dataset import Dataset

from caseguard.case.report import Series
from caseguard.dicom.result import FileResult
from caseguard.dicom.scrub import Scrubber

__all__ = ["SeriesBook", "SeriesScrubber"]


@dataclass(frozen=True)
class _Seen:
    uid: str
    number: str
    modality: str
    description: str
    region: str = ""  # body part, protocol and descriptions, for the head check
    z: float | None = None
    frames: int = 1


# Words that say a series covers the head or face.
_HEAD = regex.compile(
    r"\b(?:head|brain|skull|cran\w*|face|facial|sinus\w*|orbit\w*|maxill\w*|mandib\w*|tmj|"
    r"petrous|iam|iac|temporal\s+bone|neuro\w*|cerebr\w*|dental|cone\s*beam|cbct|headneck|"
    r"neck|carotid|cow|circle\s+of\s+willis|pituitary|sella)\b",
    regex.IGNORECASE,
)
_VOLUME_MODALITIES = frozenset({"CT", "MR", "PT"})
# a 3D series this long can be rendered as a surface; thin stacks of a few slices cannot
MIN_SLICES = 20
MIN_EXTENT_MM = 60.0


class SeriesScrubber(Scrubber):
    """A `Scrubber` that remembers the series of the file it last read."""

    last: _Seen | None = None

    def pixel_flags(self, ds: Dataset) -> list[str]:
        region = " ".join(
            str(ds.get(k, "") or "")
            for k in ("BodyPartExamined", "ProtocolName", "StudyDescription", "SeriesDescription")
        )
        position = ds.get("ImagePositionPatient")
        try:
            z = float(position[2]) if position is not None and len(position) == 3 else None
        except (TypeError, ValueError):
            z = None
        try:
            frames = int(ds.get("NumberOfFrames", 1) or 1)
        except (TypeError, ValueError):
            frames = 1
        self.last = _Seen(
            str(ds.get("SeriesInstanceUID", "") or ""),
            str(ds.get("SeriesNumber", "") or ""),
            str(ds.get("Modality", "") or ""),
            str(ds.get("SeriesDescription", "") or ""),
            region, z, frames,
        )
        return super().pixel_flags(ds)


class SeriesBook:
    """Series of a case in the order first seen, with counts of what changed in each."""

    def __init__(self, scrubber: SeriesScrubber) -> None:
        self.scrubber = scrubber
        self._series: dict[str, Series] = {}
        self._volume: dict[str, _Volume] = {}

    def add(self, seen: _Seen | None, result: FileResult | None) -> None:
        series = self._get(seen)
        series.files += 1
        if seen is not None:
            volume = self._volume.setdefault(seen.uid, _Volume())
            volume.add(seen)
        if result is None:
            series.failed += 1
            return
        series.actions.update(result.actions_by_kind())
        if result.needs_pixel_check:
            series.pixel_check += 1
            for note in result.notes:
                if note not in series.notes:
                    series.notes.append(note)

    def _get(self, seen: _Seen | None) -> Series:
        uid = seen.uid if seen else ""
        if uid not in self._series:
            key = self.scrubber.context.digest("series-summary", uid).hex()[:12] if uid else "-"
            self._series[uid] = Series(key, self._label(seen, len(self._series) + 1),
                                       seen.modality if seen else "")
        return self._series[uid]

    def _label(self, seen: _Seen | None, ordinal: int) -> str:
        if seen is None or not seen.uid:
            return "Files without a series"
        parts = [f"Series {seen.number or ordinal}"]
        if seen.modality:
            parts.append(seen.modality)
        if seen.description.strip():
            parts.append(self.scrubber.clean_text(seen.description.strip()))
        return " · ".join(parts)

    def summary(self) -> list[Series]:
        for uid, series in self._series.items():
            volume = self._volume.get(uid)
            if volume is not None:
                series.face_reconstructable = volume.face_risk()
        return list(self._series.values())


@dataclass
class _Volume:
    """What a series covers: enough to tell whether a face can be rendered from it."""

    modality: str = ""
    head: bool = False
    slices: int = 0
    z_min: float | None = None
    z_max: float | None = None

    def add(self, seen: _Seen) -> None:
        self.modality = self.modality or seen.modality.upper()
        self.head = self.head or bool(_HEAD.search(seen.region))
        self.slices += max(1, seen.frames)
        if seen.z is not None:
            self.z_min = seen.z if self.z_min is None else min(self.z_min, seen.z)
            self.z_max = seen.z if self.z_max is None else max(self.z_max, seen.z)

    def face_risk(self) -> str:
        """Why a face can be reconstructed from this series, or "" when it cannot."""
        if self.modality not in _VOLUME_MODALITIES or not self.head or self.slices < MIN_SLICES:
            return ""
        extent = (
            self.z_max - self.z_min
            if self.z_min is not None and self.z_max is not None else None
        )
        if extent is not None and self.slices > 1 and extent < MIN_EXTENT_MM:
            return ""
        covered = f", {extent:.0f} mm" if extent is not None else ""
        return (
            f"a face can be reconstructed from this series ({self.modality} of the head, "
            f"{self.slices} slices{covered})"
        )
