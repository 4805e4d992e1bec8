"""Scrubbing uploads off the request: a worker thread, a job per upload, visible progress.

An upload arrives in a temporary folder (never permanent storage). The worker scrubs
it with the case's key and policy into another temporary folder, stores only the
scrubbed output in blob storage, records findings for review and removes both
folders whatever happens. DICOM slices get a PNG rendering for the case page.

Uploads are staged under the data folder, each tied to its case by a claim file.
Uploads no worker ran are not left behind: at start-up `Worker.recover()` requeues
every queued or interrupted case whose staged folder survived, fails the others
with a status that tells the contributor to upload again, and purges folders no
case claims; while running, the worker purges staged folders older than the
expiry that it does not hold in its queue. One server process runs the worker of a
data folder.
"""

from __future__ import annotations

import io
import logging
import queue
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from caseguard.dicom.inputs import ZipLimits, iter_sources
from caseguard.errors import CaseguardError
from caseguard.files import scrub_files
from caseguard.findings import DocumentReport
from caseguard.store.audit import append_event
from caseguard.store.blobs import BlobStore
from caseguard.store.db import Database
from caseguard.store.models import CaseRow, DocumentRow, FindingRow
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.web.adapters import assess_risk, image_details
from caseguard.web.rules import case_policy, case_text

__all__ = ["BODY_FOLDER", "BODY_NAME", "CLAIM_FILE", "Job", "Recovery", "Worker",
           "render_dicom_png"]

log = logging.getLogger(__name__)
BODY_NAME = "case.md"
BODY_FOLDER = "000"  # in/000/case.md is the text typed into the form; files follow
CLAIM_FILE = "case-id"  # written in a staged folder once its case row exists
INTERRUPTED = ("This upload was not scrubbed because the server stopped before it could be "
               "processed, and its files were deleted; upload the files again.")
EXPIRED = ("This upload waited too long to be scrubbed and its files were deleted; "
           "upload the files again.")
UNFINISHED = ("queued", "running")


@dataclass
class Recovery:
    """What start-up recovery did, for the log and for tests."""

    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    purged: int = 0


@dataclass(frozen=True)
class Job:
    case_id: int
    folder: Path  # temporary: holds in/ (the upload) and out/ (scrubbed output)


class Worker:
    """One background thread that processes uploads in arrival order."""

    def __init__(self, db: Database, blobs: BlobStore, staging: Path | None = None,
                 expiry_s: float = 6 * 3600.0, start: bool = True, warm: bool = False) -> None:
        self.db, self.blobs = db, blobs
        self.staging, self.expiry_s, self.warm = staging, expiry_s, warm
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._held: set[Path] = set()  # folders of jobs submitted and not finished
        self._held_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="caseguard-scrub", daemon=True)
        if start:
            self._thread.start()

    def start(self) -> None:
        if not self._thread.is_alive():
            self._thread.start()

    def submit(self, job: Job) -> None:
        with self._held_lock:
            self._held.add(job.folder)
        self._queue.put(job)

    def wait_idle(self) -> None:
        self._queue.join()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        if self.warm:
            from caseguard.web.warmup import warm_up

            warm_up()
        tick = min(300.0, max(1.0, self.expiry_s / 4))
        while True:
            try:
                job = self._queue.get(timeout=tick)
            except queue.Empty:
                self._sweep_logged()
                continue
            try:
                if job is None:
                    return
                if not (job.folder / "in").is_dir():
                    self._fail(job.case_id, EXPIRED, "staged files missing")
                else:
                    self._process(job)
            except Exception as exc:  # a failed job must not kill the worker
                log.exception("processing case %s failed", job.case_id if job else "?")
                if job is not None:
                    self._set(job.case_id, "failed", f"processing failed: {type(exc).__name__}")
            finally:
                if job is not None:
                    shutil.rmtree(job.folder, ignore_errors=True)
                    with self._held_lock:
                        self._held.discard(job.folder)
                self._queue.task_done()

    def _sweep_logged(self) -> None:
        try:
            self.sweep()
        except Exception:  # sweeping again at the next tick is enough
            log.exception("purging expired uploads failed")

    def sweep(self, now: float | None = None) -> int:
        """Purge staged folders older than the expiry that no queued job holds."""
        if self.staging is None or not self.staging.is_dir():
            return 0
        stamp = time.time() if now is None else now
        purged = 0
        for folder in sorted(self.staging.iterdir()):
            with self._held_lock:
                held = folder in self._held
            try:
                old = stamp - folder.stat().st_mtime > self.expiry_s
            except OSError:
                continue
            if held or not old:
                continue
            case_id = _claimed(folder)
            shutil.rmtree(folder, ignore_errors=True)
            purged += 1
            if case_id is not None:
                self._fail(case_id, EXPIRED, "upload expired", only_unfinished=True)
        return purged

    def recover(self) -> Recovery:
        """At start-up, before serving: requeue, fail or purge uploads left by a stop."""
        out = Recovery()
        folders: dict[int, list[Path]] = {}
        if self.staging is not None and self.staging.is_dir():
            for folder in sorted(self.staging.iterdir(), key=lambda f: f.stat().st_mtime):
                case_id = _claimed(folder)
                if case_id is None or not (folder / "in").is_dir():
                    shutil.rmtree(folder, ignore_errors=True)  # no case was ever created
                    out.purged += 1
                else:
                    folders.setdefault(case_id, []).append(folder)
        jobs: list[Job] = []
        with self.db.write() as session:
            unfinished = session.scalars(select(CaseRow).where(
                CaseRow.processing.in_(UNFINISHED))).all()
            for case in unfinished:
                found = folders.pop(case.id, [])
                if found and case.state != "removed":
                    for folder in found:
                        shutil.rmtree(folder / "out", ignore_errors=True)  # partial output
                        jobs.append(Job(case.id, folder))
                    case.processing = "queued"
                    case.progress = "waiting to be scrubbed (queued again after a restart)"
                    append_event(session, "system", "case.requeued", case_id=case.id,
                                 reason="server restarted before the upload was scrubbed")
                    out.requeued.append(case.id)
                else:
                    for folder in found:
                        shutil.rmtree(folder, ignore_errors=True)
                        out.purged += 1
                    case.processing, case.progress = "failed", INTERRUPTED
                    append_event(session, "system", "case.processing_failed", case_id=case.id,
                                 reason="upload lost in a restart")
                    out.failed.append(case.id)
        for leftover in folders.values():  # claimed by cases already done or failed
            for folder in leftover:
                shutil.rmtree(folder, ignore_errors=True)
                out.purged += 1
        for job in jobs:
            self.submit(job)
        if out.requeued or out.failed or out.purged:
            log.warning("recovered uploads: requeued %s, failed %s, purged %d folder(s)",
                        out.requeued, out.failed, out.purged)
        return out

    def _fail(self, case_id: int, message: str, reason: str,
              only_unfinished: bool = False) -> None:
        with self.db.write() as session:
            case = session.get(CaseRow, case_id)
            if case is None or (only_unfinished and case.processing not in UNFINISHED):
                return
            case.processing, case.progress = "failed", message
            append_event(session, "system", "case.processing_failed", case_id=case_id,
                         reason=reason)

    def _set(self, case_id: int, processing: str, progress: str) -> None:
        with self.db.write() as session:
            case = session.get(CaseRow, case_id)
            if case is not None:
                case.processing, case.progress = processing, progress[:300]

    def _process(self, job: Job) -> None:
        with self.db.read() as session:
            case = session.get(CaseRow, job.case_id)
            if case is None or case.state == "removed":
                return
            policy = case_policy(session, case.owner_id)
            key = bytes.fromhex(case.key_hex)
            start_index = len(case.documents)
        engine = TextEngine(policy)
        context = CaseContext.from_key(key, f"case-{job.case_id}")
        inputs = [f for d in sorted((job.folder / "in").iterdir()) for f in sorted(d.iterdir())]
        rows: list[DocumentRow] = []
        for number, path in enumerate(inputs, 1):
            self._set(job.case_id, "running", f"scrubbing {number} of {len(inputs)}: {path.name}")
            out = job.folder / "out" / str(number)
            report = scrub_files([path], out, engine, context)
            targets = _targets(path, out)
            for doc in report.documents:
                rows.append(
                    self._document(job.case_id, start_index + len(rows), doc, targets, engine,
                                   context, is_body=path.parent.name == BODY_FOLDER)
                )
        with self.db.write() as session:
            case = session.get(CaseRow, job.case_id)
            if case is None or case.state == "removed":
                for row in rows:
                    for key_ in (row.blob_key, row.preview_key):
                        if key_:
                            self.blobs.delete(key_)
                return
            case.documents.extend(rows)
            session.flush()
            case.risk = assess_risk(case_text(self.blobs, case), policy)
            case.processing, case.progress = "done", f"{len(rows)} document(s) ready for review"
            findings = sum(len(r.findings) for r in rows)
            append_event(session, "system", "case.processed", case_id=case.id,
                         policy_version=policy.version,
                         data={"documents": len(rows), "findings": findings,
                               "risk": case.risk.get("level", "low")})

    def _document(
        self, case_id: int, index: int, doc: DocumentReport, targets: dict[str, tuple[str, Path]],
        engine: TextEngine, context: CaseContext, is_body: bool,
    ) -> DocumentRow:
        relative, target = targets.get(doc.source, (Path(doc.source).name, Path()))
        name = "case text" if is_body else engine.scrub(relative, context).text
        if doc.error or not target.is_file():
            return DocumentRow(name=name, kind="error", position=index,
                               error=_strip_paths(doc.error or "no output written"))
        suffix = target.suffix.lower() if len(target.suffix) <= 10 else ""
        blob_key = f"cases/{case_id}/docs/{index}{suffix}"
        data = target.read_bytes()
        self.blobs.put(blob_key, data)
        row = DocumentRow(name=name, kind="body" if is_body else doc.kind, position=index,
                          blob_key=blob_key)
        if doc.kind == "text":
            row.findings = _finding_rows(doc)
        elif doc.kind == "dicom":
            row.details = _dicom_details(doc.details)
            row.series, row.position, png = _dicom_slice(data, index)
            if png is not None:
                row.preview_key = f"cases/{case_id}/previews/{index}.png"
                self.blobs.put(row.preview_key, png)
        else:
            boxes, blocked = image_details(doc.details)
            row.details = {"boxes": [_clean_box(b) for b in boxes]}
            row.blocked_reason = blocked
        return row


def _claimed(folder: Path) -> int | None:
    try:
        text = (folder / CLAIM_FILE).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _targets(root: Path, out: Path) -> dict[str, tuple[str, Path]]:
    """Each source name of a run mapped to its relative name and output file."""
    mapping: dict[str, tuple[str, Path]] = {}
    for item in iter_sources(root, ZipLimits(), on_error=lambda exc: None):
        relative = item.relative if root.is_dir() or item.member else Path(item.relative).name
        # reports name a source by its full name or by its relative one, depending on kind
        for key in (item.name, item.relative, relative, f"{root.name}!{item.member}"):
            mapping.setdefault(key, (relative, out / relative))
    return mapping


def _strip_paths(message: str) -> str:
    # errors name the temporary folder; the contributor only needs the file's own name
    head, sep, tail = message.partition(": ")
    return f"{Path(head.split('!')[-1]).name}: {tail}" if sep else message


def _finding_rows(doc: DocumentReport) -> list[FindingRow]:
    rows: list[FindingRow] = []
    shift = 0
    for change in sorted(doc.changes, key=lambda c: c.finding.start):
        f = change.finding
        start = f.start + shift
        rows.append(FindingRow(
            category=f.category.value, start=start, end=start + len(change.replacement),
            original=f.text, replacement=change.replacement, explanation=f.explanation,
            detector=f.detector, confidence=round(f.confidence, 3),
        ))
        shift += len(change.replacement) - len(f.text)
    return rows


def _dicom_details(details: dict[str, Any]) -> dict[str, Any]:
    # the old values are the identifiers themselves: keep what changed, never what it was
    changes = [
        {k: c.get(k) for k in ("keyword", "action", "rule") if isinstance(c, dict)}
        for c in details.get("changes", [])
    ]
    return {"changes": changes, "flags": list(details.get("flags", [])),
            "notes": [str(n) for n in details.get("notes", [])][:20]}


def _clean_box(box: dict[str, Any]) -> dict[str, Any]:
    return {k: box.get(k) for k in ("category", "box", "frame", "explanation", "action")}


def _dicom_slice(data: bytes, index: int) -> tuple[str, int, bytes | None]:
    try:
        import pydicom

        ds = pydicom.dcmread(io.BytesIO(data), force=True)
        series = str(ds.get("SeriesDescription", "") or ds.get("SeriesInstanceUID", "") or "")
        number = int(ds.get("InstanceNumber", index) or index)
    except Exception:
        return "", index, None
    return series[:200], number, render_dicom_png(data)


def render_dicom_png(data: bytes, frame: int = 0) -> bytes | None:
    """A grey-scale PNG of one frame, windowed by the file's own VOI settings."""
    try:
        import numpy as np
        import pydicom
        from PIL import Image
        from pydicom.pixels.processing import apply_modality_lut, apply_voi_lut

        ds = pydicom.dcmread(io.BytesIO(data), force=True)
        pixels = ds.pixel_array
        if getattr(ds, "NumberOfFrames", 1) and int(getattr(ds, "NumberOfFrames", 1) or 1) > 1:
            pixels = pixels[frame]
        if str(ds.get("PhotometricInterpretation", "")).startswith(("RGB", "YBR")):
            image = Image.fromarray(np.asarray(pixels, dtype=np.uint8), mode="RGB")
        else:
            values = apply_voi_lut(apply_modality_lut(pixels, ds), ds).astype("float64")
            low, high = float(values.min()), float(values.max())
            scaled = (values - low) / (high - low or 1.0) * 255.0
            if str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1":
                scaled = 255.0 - scaled
            image = Image.fromarray(scaled.astype(np.uint8), mode="L")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    except (CaseguardError, Exception):
        return None
