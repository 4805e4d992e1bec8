"""DICOM series of a case: which file belongs to which series, for the summary per series.

`SeriesScrubber` is the case's DICOM `Scrubber`: one per case, so one key, one date offset
and one UID map for every file. It also notes each file's series as the file is read,
before anything in it is cleaned, so the summary can group files without reading them
twice. Series are named by number, modality and their description after cleaning; the
original Series Instance UID appears only as a keyed fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class SeriesScrubber(Scrubber):
    """A `Scrubber` that remembers the series of the file it last read."""

    last: _Seen | None = None

    def pixel_flags(self, ds: Dataset) -> list[str]:
        self.last = _Seen(
            str(ds.get("SeriesInstanceUID", "") or ""),
            str(ds.get("SeriesNumber", "") or ""),
            str(ds.get("Modality", "") or ""),
            str(ds.get("SeriesDescription", "") or ""),
        )
        return super().pixel_flags(ds)


class SeriesBook:
    """Series of a case in the order first seen, with counts of what changed in each."""

    def __init__(self, scrubber: SeriesScrubber) -> None:
        self.scrubber = scrubber
        self._series: dict[str, Series] = {}

    def add(self, seen: _Seen | None, result: FileResult | None) -> None:
        series = self._get(seen)
        series.files += 1
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
        return list(self._series.values())
