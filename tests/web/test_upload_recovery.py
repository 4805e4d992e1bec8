"""Uploads no worker ran: requeued or failed at start-up, purged after the expiry.

A restart stands in as a second application started on the same data folder.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from caseguard.store.models import AuditEvent, CaseRow
from caseguard.web.app import create_app
from caseguard.web.processing import CLAIM_FILE, EXPIRED, INTERRUPTED, Job
from caseguard.web.security import now

from .conftest import World
from .helpers import CASE_TEXT, PHI


def queued_case(world: World, processing: str = "queued") -> int:
    with world.platform.db.write() as session:
        stamp = now()
        case = CaseRow(owner_id=world.ids["alice"], title="Waiting case", state="draft",
                       key_hex=secrets.token_hex(32), policy_version="test",
                       processing=processing, progress="waiting to be scrubbed", risk={},
                       submission_nonce=secrets.token_hex(8), created_at=stamp,
                       updated_at=stamp)
        session.add(case)
        session.flush()
        return case.id


def staged_folder(world: World, case_id: int | None, age_s: float = 0.0) -> Path:
    folder: Path = world.settings.staging_dir / f"upload-{secrets.token_hex(4)}"
    (folder / "in" / "000").mkdir(parents=True)
    (folder / "in" / "000" / "case.md").write_text(CASE_TEXT, "utf-8")
    if case_id is not None:
        (folder / CLAIM_FILE).write_text(str(case_id))
    stamp = time.time() - age_s
    os.utime(folder, (stamp, stamp))
    return folder


def status(world: World, case_id: int) -> tuple[str, str]:
    with world.platform.db.read() as session:
        case = session.get(CaseRow, case_id)
        assert case is not None
        return case.processing, case.progress


def restart(world: World) -> None:
    """A second start on the same data folder; returns once its recovered jobs ran."""
    app = create_app(world.settings)
    app.state.platform.worker.wait_idle()
    app.state.platform.worker.stop()
    app.state.platform.db.dispose()


@pytest.mark.parametrize(("processing", "with_folder", "expected"), [
    ("queued", True, "done"),     # staged files survived: scrubbed after the restart
    ("running", True, "done"),    # interrupted mid-run: partial output dropped, run again
    ("queued", False, "failed"),  # files gone: the contributor is told to upload again
    ("running", False, "failed"),
])
def test_restart_requeues_or_fails_unfinished_uploads(world, processing: str, with_folder: bool,  # type: ignore[no-untyped-def]
                                                      expected: str) -> None:
    case_id = queued_case(world, processing)
    if with_folder:
        folder = staged_folder(world, case_id)
        (folder / "out" / "1").mkdir(parents=True)  # left by the interrupted run
    restart(world)
    state, progress = status(world, case_id)
    assert state == expected, progress
    if expected == "failed":
        assert progress == INTERRUPTED
        page = world.client("alice").get(f"/cases/{case_id}/review")
        assert "upload the files again" in page.text
    else:
        with world.platform.db.read() as session:
            case = session.get(CaseRow, case_id)
            assert case is not None and [d.kind for d in case.documents] == ["body"]
            assert any(f.original == PHI["name"] for f in case.documents[0].findings)
    assert not any(world.settings.staging_dir.iterdir())
    with world.platform.db.read() as session:
        actions = set(session.scalars(select(AuditEvent.action)
                                      .where(AuditEvent.case_id == case_id)))
    assert ("case.requeued" if expected == "done" else "case.processing_failed") in actions


def test_restart_purges_folders_no_unfinished_case_claims(world) -> None:  # type: ignore[no-untyped-def]
    done = queued_case(world, "done")
    orphans = [staged_folder(world, None), staged_folder(world, done),
               staged_folder(world, 999_999)]
    restart(world)
    assert not any(folder.exists() for folder in orphans)
    assert status(world, done)[0] == "done"


def test_expired_staged_upload_is_purged_and_its_case_failed(world) -> None:  # type: ignore[no-untyped-def]
    worker = world.platform.worker
    stale_case, fresh_case = queued_case(world), queued_case(world)
    stale = staged_folder(world, stale_case, age_s=worker.expiry_s + 60)
    fresh = staged_folder(world, fresh_case)
    assert worker.sweep() == 1
    assert not stale.exists() and fresh.exists()
    assert status(world, stale_case) == ("failed", EXPIRED)
    assert status(world, fresh_case)[0] == "queued"


def test_job_whose_files_vanished_fails_with_a_clear_status(world) -> None:  # type: ignore[no-untyped-def]
    case_id = queued_case(world)
    world.platform.worker.submit(Job(case_id, world.settings.staging_dir / "upload-gone"))
    world.wait()
    assert status(world, case_id) == ("failed", EXPIRED)


def test_uploads_are_staged_in_the_data_folder_and_cleaned_up(world) -> None:  # type: ignore[no-untyped-def]
    from .helpers import case_id_of, upload

    case_id = case_id_of(upload(world.client("alice")))
    world.wait()
    assert status(world, case_id)[0] == "done"
    assert world.settings.staging_dir.is_dir()
    assert not any(world.settings.staging_dir.iterdir())
