"""Run DICOM de-identification over a whole archive, resumably, on one machine or a cluster.

    summary = run_batch("archive/", "out/", policy, key, workers=8)
    summary = run_batch("archive/", "out/", policy, key, dask_address="tcp://sched:8786")

The archive is walked lazily; at most a few tasks per worker are in flight, so millions of
files never sit in memory. Each file goes through `process_one` (the same function on a
local process pool or on Dask workers), which writes through a temporary file and rename;
the parent then appends the file to the done-journal. A crash or Ctrl-C loses at most the
files in flight, and the next run skips everything the journal lists.

The whole archive is one case for keyed choices (``case_id``): the same patient gets the
same pseudonym, UIDs map the same way in every file, and dates move by one offset.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import os
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from caseguard.batch.journal import Journal
from caseguard.dicom.api import deidentify_source
from caseguard.dicom.inputs import Source, ZipLimits, iter_sources
from caseguard.dicom.scrub import Scrubber
from caseguard.errors import CaseguardError, InputError, OutputError
from caseguard.policy import Policy

__all__ = ["BatchSettings", "BatchSummary", "FileOutcome", "process_one", "run_batch"]

Progress = Callable[["FileOutcome"], None]


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs to de-identify one file (sent once per task; small)."""

    policy: Policy
    key: bytes
    case_id: str = "archive"
    limits: ZipLimits = field(default_factory=ZipLimits)

    @cached_property
    def token(self) -> str:
        return hashlib.sha256(pickle.dumps((self.policy, self.key, self.case_id))).hexdigest()


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file."""

    relative: str
    status: str  # done | skipped | failed
    error: str | None = None
    actions: dict[str, int] = field(default_factory=dict)
    needs_pixel_check: bool = False


@dataclass
class BatchSummary:
    """Totals of a run: files done, skipped (already complete), failed with reasons."""

    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)
    needs_pixel_check: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, outcome: FileOutcome) -> None:
        if outcome.status == "done":
            self.done += 1
            self.actions.update(outcome.actions)
            if outcome.needs_pixel_check:
                self.needs_pixel_check.append(outcome.relative)
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed.append((outcome.relative, outcome.error or "unknown error"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "actions": dict(self.actions),
            "needs_pixel_check": list(self.needs_pixel_check),
            "seconds": round(self.seconds, 3),
        }


_SCRUBBERS: dict[str, Scrubber] = {}


def _scrubber(settings: BatchSettings) -> Scrubber:
    scrubber = _SCRUBBERS.get(settings.token)
    if scrubber is None:
        scrubber = Scrubber(settings.policy, settings.key, settings.case_id)
        _SCRUBBERS[settings.token] = scrubber
    return scrubber


def process_one(settings: BatchSettings, source: Source, target: str) -> FileOutcome:
    """De-identify one file; never raises for bad input (the outcome says why it failed)."""
    scrubber = _scrubber(settings)
    try:
        result = deidentify_source(source, Path(target), scrubber, settings.limits)
    except CaseguardError as exc:
        return FileOutcome(source.relative, "failed", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a worker must report, not die, on one odd file
        return FileOutcome(source.relative, "failed", f"unexpected {type(exc).__name__}: {exc}")
    return FileOutcome(
        source.relative, "done", None, dict(result.actions_by_kind()), result.needs_pixel_check
    )


def run_batch(
    in_dir: str | Path,
    out_dir: str | Path,
    policy: Policy | None = None,
    key: bytes | str = b"",
    workers: int | None = None,
    dask_address: str | None = None,
    progress: Progress | None = None,
    case_id: str = "archive",
    limits: ZipLimits | None = None,
) -> BatchSummary:
    """De-identify every DICOM file under ``in_dir`` into ``out_dir``; resumable.

    ``workers``: local processes (default: CPU count; 1 runs in this process). With
    ``dask_address`` the tasks go to that Dask scheduler instead, via `distributed.Client`.
    """
    started = time.perf_counter()
    root, out = Path(in_dir), Path(out_dir)
    if out.resolve().is_relative_to(root.resolve()) and root.is_dir():
        raise OutputError(f"{out}: the output folder is inside the input")
    settings = BatchSettings(
        policy or Policy.default(),
        key.encode("utf-8") if isinstance(key, str) else key,
        case_id,
        limits or ZipLimits(),
    )
    summary = BatchSummary()

    def report(outcome: FileOutcome) -> None:
        summary.add(outcome)
        if progress is not None:
            progress(outcome)

    def archive_failed(exc: InputError) -> None:
        report(FileOutcome(exc.path or str(root), "failed", f"{type(exc).__name__}: {exc}"))

    out.mkdir(parents=True, exist_ok=True)
    with Journal(out) as journal:
        todo = _pending(iter_sources(root, settings.limits, archive_failed), out, journal, report)
        if dask_address is None and (workers or os.cpu_count() or 1) <= 1:
            for source, target in todo:
                _finish(process_one(settings, source, str(target)), journal, report)
        elif dask_address is None:
            count = workers or os.cpu_count() or 1
            if multiprocessing.get_start_method() == "fork":
                # built once here, inherited by every forked worker instead of rebuilt in each
                _scrubber(settings).warm_up()
            with cf.ProcessPoolExecutor(max_workers=count) as pool:
                _drive(pool, count, settings, todo, journal, report)
        else:
            from distributed import Client

            with Client(dask_address) as client:  # type: ignore[no-untyped-call]
                count = max(1, sum(client.nthreads().values()))
                _drive(client.get_executor(pure=False), count, settings, todo, journal, report)
    summary.seconds = time.perf_counter() - started
    return summary


def _pending(
    sources: Iterator[Source], out: Path, journal: Journal, report: Progress
) -> Iterator[tuple[Source, Path]]:
    for source in sources:
        target = out / source.relative
        if journal.is_complete(source.relative, target):
            report(FileOutcome(source.relative, "skipped"))
        else:
            yield source, target


def _finish(outcome: FileOutcome, journal: Journal, report: Progress) -> None:
    if outcome.status == "done":
        journal.record(outcome.relative)
    report(outcome)


def _drive(
    executor: cf.Executor,
    slots: int,
    settings: BatchSettings,
    todo: Iterator[tuple[Source, Path]],
    journal: Journal,
    report: Progress,
) -> None:
    """Keep a bounded number of tasks in flight; journal each as it completes."""
    in_flight: set[cf.Future[FileOutcome]] = set()
    limit = slots * 4
    try:
        for source, target in todo:
            in_flight.add(executor.submit(process_one, settings, source, str(target)))
            if len(in_flight) >= limit:
                finished, in_flight = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    _finish(future.result(), journal, report)
        for future in cf.as_completed(in_flight):
            _finish(future.result(), journal, report)
    except BaseException:
        for future in in_flight:
            future.cancel()
        raise
