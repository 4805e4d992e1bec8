"""A contributor's pages: account, new case, the review screen, publication, appeals."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseguard.store.audit import append_event
from caseguard.store.models import Appeal, CaseRow, Decision, FindingRow, Strike, User
from caseguard.text.engine import TextEngine
from caseguard.text.transforms import CaseContext
from caseguard.web.deps import NotFound, Platform, owned_case, page, platform, require
from caseguard.web.moderation import DECISIONS, ModerationError, file_appeal
from caseguard.web.processing import Job
from caseguard.web.rules import (
    case_policy,
    discipline_for,
    needs_review,
    publish_blockers,
    transition,
)
from caseguard.web.security import Forbidden, check_csrf, now
from caseguard.web.uploads import ACCEPTED_SUFFIXES, StagedUpload, UploadRejected, stage_upload

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = require(request, session)
        cases = session.scalars(select(CaseRow).where(CaseRow.owner_id == user.id)
                                .order_by(CaseRow.id.desc())).all()
        decisions = session.scalars(select(Decision).where(Decision.uploader_id == user.id)
                                    .order_by(Decision.id.desc())).all()
        appeals = {a.decision_id: a for a in session.scalars(select(Appeal).where(
            Appeal.decision_id.in_([d.id for d in decisions])))}
        strikes = session.scalars(select(Strike).where(Strike.user_id == user.id)).all()
        policy = case_policy(session, user.id)
        return page(request, "account.html", {
            "cases": cases, "decisions": decisions, "appeals": appeals, "strikes": strikes,
            "discipline": discipline_for(session, user.id, policy), "labels": DECISIONS,
            "appeal_open": {d.id: (now() - d.created_at).days < p.settings.appeal_days
                            for d in decisions},
            "institution": user.institution, "policy_version": policy.version,
        }, user)


@router.post("/account/confirm-policy")
def confirm_policy(request: Request, confirm: Annotated[str, Form()] = "") -> Response:
    with platform(request).db.write() as session:
        user = require(request, session)
        if confirm != "yes":
            raise ModerationError("Tick the box to confirm you follow the policy.", 400)
        if user.policy_confirmed_at is None:
            user.policy_confirmed_at = now()
            append_event(session, f"user:{user.id}", "user.policy_confirmed",
                         data={"institution": user.institution_id})
    return RedirectResponse("/account?notice=Policy+confirmed", status_code=303)


def _may_upload(session: Session, user: User) -> None:
    if user.policy_confirmed_at is None:
        raise Forbidden("Confirm on your account page that you follow the confidentiality "
                        "policy (and your institution's) before uploading.")
    if discipline_for(session, user.id, case_policy(session, user.id)).suspended:
        raise Forbidden("Your account is suspended; you cannot upload or publish cases.")


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request) -> Response:
    with platform(request).db.read() as session:
        user = require(request, session)
        _may_upload(session, user)
        return page(request, "case_new.html", {"nonce": secrets.token_urlsafe(16),
                    "accepted": sorted(ACCEPTED_SUFFIXES)}, user)


def _start(p: Platform, case_id: int, staged: StagedUpload) -> None:
    staged.claim(case_id)
    p.worker.submit(Job(case_id, staged.folder))


@router.post("/cases/new")
def create_case(
    request: Request, title: Annotated[str, Form(max_length=300)],
    nonce: Annotated[str, Form(min_length=8, max_length=64)],
    body: Annotated[str, Form()] = "", visibility: Annotated[str, Form()] = "public",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = require(request, session)
        _may_upload(session, user)
        existing = session.scalars(select(CaseRow).where(CaseRow.submission_nonce == nonce)).first()
        if existing is not None:
            return _already(request, user, existing)
        policy = case_policy(session, user.id)
    if not title.strip():
        raise UploadRejected("Give the case a title.")
    try:
        staged = stage_upload(body, files or [], p.settings.max_upload_bytes, p.settings.max_files,
                              p.settings.staging_dir)
    except UploadRejected as exc:
        return page(request, "error.html", {"status": exc.status, "message": exc.message}, user,
                    status_code=exc.status)
    key = secrets.token_bytes(32)
    stamp = now()
    try:
        with p.db.write() as session:
            case = CaseRow(owner_id=user.id, title="(processing)", state="draft",
                           visibility="unlisted" if visibility == "unlisted" else "public",
                           key_hex=key.hex(), policy_version=policy.version, processing="queued",
                           progress="waiting to be scrubbed", risk={}, submission_nonce=nonce,
                           created_at=stamp, updated_at=stamp)
            session.add(case)
            session.flush()
            context = CaseContext.from_key(key, f"case-{case.id}")
            case.title = TextEngine(policy).scrub(title.strip(), context).text[:300]
            append_event(session, f"user:{user.id}", "case.transition", case_id=case.id,
                         to_state="draft", reason="created", policy_version=policy.version,
                         data={"files": staged.files})
            case_id = case.id
    except IntegrityError:
        staged.discard()
        with p.db.read() as session:
            dup = session.scalars(select(CaseRow).where(CaseRow.submission_nonce == nonce)).first()
            if dup is None:
                raise
            return _already(request, user, dup)
    except BaseException:
        staged.discard()
        raise
    _start(p, case_id, staged)
    return RedirectResponse(f"/cases/{case_id}/review", status_code=303)


def _already(request: Request, user: User, case: CaseRow) -> Response:
    if case.owner_id != user.id:
        raise UploadRejected("This form was already used; reload it and try again.", 409)
    return page(request, "error.html", {"status": 409, "message":
                "This form was already submitted; your case was created once.",
                "link": f"/cases/{case.id}/review"}, user, status_code=409)


@router.post("/cases/{case_id}/files")
def add_files(request: Request, case_id: int,
              files: Annotated[list[UploadFile], File()]) -> Response:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session)
        _may_upload(session, user)
        case = owned_case(session, case_id, user)
        if case.state != "draft" or case.processing in ("queued", "running"):
            raise ModerationError("Files can be added to a draft once its last upload is done.")
        try:
            staged = stage_upload("", files, p.settings.max_upload_bytes, p.settings.max_files,
                                  p.settings.staging_dir)
        except UploadRejected as exc:
            return page(request, "error.html", {"status": exc.status, "message": exc.message},
                        user, status_code=exc.status)
        case.processing, case.progress = "queued", "waiting to be scrubbed"
        append_event(session, f"user:{user.id}", "case.files_added", case_id=case.id,
                     data={"files": staged.files})
    _start(p, case_id, staged)
    return RedirectResponse(f"/cases/{case_id}/review", status_code=303)


def segments(text: str, findings: list[FindingRow]) -> list[tuple[str, FindingRow | None]]:
    """The scrubbed text cut into plain runs and findings, for highlighting."""
    out: list[tuple[str, FindingRow | None]] = []
    cursor = 0
    for f in sorted(findings, key=lambda f: f.start):
        out.append((text[cursor:f.start], None))
        out.append((text[f.start:f.end], f))
        cursor = f.end
    out.append((text[cursor:], None))
    return out


@router.get("/cases/{case_id}/review", response_class=HTMLResponse)
def review(request: Request, case_id: int) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        texts = []
        for doc in case.documents:
            if doc.kind in ("body", "text") and doc.blob_key:
                texts.append((doc, segments(p.blobs.get(doc.blob_key).decode("utf-8"),
                                            doc.findings)))
        series: dict[str, list[Any]] = {}
        for doc in case.documents:
            if doc.kind == "dicom":
                series.setdefault(doc.series or "series", []).append(doc)
        policy = case_policy(session, user.id)
        return page(request, "review.html", {
            "case": case, "texts": texts, "series": series,
            "images": [d for d in case.documents if d.kind == "image"],
            "errors": [d for d in case.documents if d.kind == "error"],
            "blockers": publish_blockers(case), "review_reasons": needs_review(
                session, case, policy) if case.processing == "done" else [],
        }, user)


def resolve_finding(session: Session, case: CaseRow, finding_id: int, action: str,
                    value: str, user: User) -> FindingRow:
    finding = session.get(FindingRow, finding_id)
    if finding is None or finding.document_id not in {d.id for d in case.documents}:
        raise NotFound("No such finding in this case.")
    if case.state != "draft":
        raise ModerationError("Findings can only be changed while the case is a draft.")
    if action == "accept":
        finding.status, finding.value = "accepted", None
    elif action == "reject":
        finding.status, finding.value = "rejected", None
    elif action == "edit":
        value = value.strip()
        if not value:
            raise ModerationError("Type the replacement text.", 400)
        found = TextEngine(case_policy(session, case.owner_id)).detect(value)
        if found:
            raise ModerationError("The replacement still looks identifying ("
                                  + ", ".join(sorted({f.category.value for f in found}))
                                  + "); choose a more general wording.", 400)
        finding.status, finding.value = "edited", value[:500]
    else:
        raise ModerationError("Choose accept, reject or edit.", 400)
    append_event(session, f"user:{user.id}", f"finding.{finding.status}", case_id=case.id,
                 data={"finding": finding.id, "category": finding.category})
    return finding


@router.post("/cases/{case_id}/findings/{finding_id}")
def finding_form(request: Request, case_id: int, finding_id: int,
                 action: Annotated[str, Form()], value: Annotated[str, Form()] = "") -> Response:
    with platform(request).db.write() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        resolve_finding(session, case, finding_id, action, value, user)
    return RedirectResponse(f"/cases/{case_id}/review#f{finding_id}", status_code=303)


@router.post("/cases/{case_id}/accept-all")
def accept_all(request: Request, case_id: int) -> Response:
    with platform(request).db.write() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        for doc in case.documents:
            for finding in doc.findings:
                if finding.status == "pending":
                    resolve_finding(session, case, finding.id, "accept", "", user)
    return RedirectResponse(f"/cases/{case_id}/review", status_code=303)


def publish_case(p: Platform, session: Session, case: CaseRow, user: User) -> str:
    _may_upload(session, user)
    blockers = publish_blockers(case)
    if blockers:
        raise ModerationError("Cannot publish yet: " + "; ".join(blockers) + ".")
    policy = case_policy(session, user.id)
    from caseguard.web.adapters import assess_risk
    from caseguard.web.rules import case_text

    case.risk = assess_risk(case_text(p.blobs, case), policy)
    for doc in case.documents:
        for finding in doc.findings:
            if finding.status != "rejected":
                finding.original = ""  # the original is no longer needed once published
    reasons = needs_review(session, case, policy)
    case.policy_version = policy.version
    if reasons:
        transition(session, case, "pending_review", user, "; ".join(reasons), policy.version)
    else:
        target = "unlisted" if case.visibility == "unlisted" else "published"
        transition(session, case, target, user, "published by its contributor", policy.version)
    return case.state


@router.post("/cases/{case_id}/publish")
def publish(request: Request, case_id: int) -> Response:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        state = publish_case(p, session, case, user)
    notice = ("Sent+to+moderator+review" if state == "pending_review" else "Published")
    return RedirectResponse(f"/account?notice={notice}", status_code=303)


@router.post("/decisions/{decision_id}/appeal")
def appeal(request: Request, decision_id: int, text: Annotated[str, Form()]) -> Response:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session)
        decision = session.get(Decision, decision_id)
        if decision is None or decision.uploader_id != user.id:
            raise NotFound("No such decision on your cases.")
        file_appeal(session, decision, user, text, p.settings.appeal_days)
    return RedirectResponse("/account?notice=Appeal+sent", status_code=303)
