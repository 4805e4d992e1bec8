"""The JSON API under ``/api``: the same rules as the pages, for scripts and the page scripts.

Unsafe methods need the ``X-CSRF-Token`` header (the value of the ``cg_csrf`` cookie,
also returned by ``GET /api/csrf``).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from caseguard.store.audit import event_dict, verify_chain
from caseguard.store.models import AuditEvent, CaseRow
from caseguard.web.deps import (
    NotFound,
    owned_case,
    platform,
    require,
    signed_in,
    visible_case,
)
from caseguard.web.moderation import decide
from caseguard.web.pages_account import publish_case, resolve_finding
from caseguard.web.pages_public import file_public_report
from caseguard.web.pages_staff import queue_items
from caseguard.web.rules import case_policy, discipline_for, document_text, publish_blockers
from caseguard.web.security import check_csrf, csrf_token

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], tags=["api"])


class ReportIn(BaseModel):
    reason: Literal["personal_information", "identifiable_patient", "other"]
    details: str = Field("", max_length=5000)
    contact: str = Field("", max_length=320)


class FindingIn(BaseModel):
    action: Literal["accept", "reject", "edit"]
    value: str = Field("", max_length=500)


class DecisionIn(BaseModel):
    action: Literal["approve", "remove", "redact_restore", "dismiss_restore", "push_back"]
    statement: str = Field(min_length=1, max_length=5000)
    breach: bool = False
    redacted_text: str | None = None


def _case_summary(case: CaseRow) -> dict[str, Any]:
    return {"id": case.id, "title": case.title, "state": case.state,
            "published_at": case.published_at.isoformat() if case.published_at else None}


@router.get("/csrf")
def get_csrf(request: Request) -> dict[str, str]:
    return {"token": csrf_token(request)}


@router.get("/cases")
def list_cases(request: Request) -> dict[str, Any]:
    with platform(request).db.read() as session:
        cases = session.scalars(select(CaseRow).where(CaseRow.state == "published")
                                .order_by(CaseRow.published_at.desc()).limit(200)).all()
        return {"cases": [_case_summary(c) for c in cases]}


@router.get("/cases/{case_id}")
def get_case(request: Request, case_id: int) -> dict[str, Any]:
    p = platform(request)
    with p.db.read() as session:
        case = visible_case(session, case_id, signed_in(request, session), documents=True)
        docs = [{"id": d.id, "name": d.name, "kind": d.kind, "series": d.series,
                 "text": document_text(p.blobs, d) if d.kind in ("body", "text") else None,
                 "url": f"/cases/{case.id}/files/{d.id}" if d.blob_key else None}
                for d in case.documents if d.kind != "error"]
        return {**_case_summary(case), "documents": docs}


@router.post("/cases/{case_id}/reports", status_code=201)
def report(request: Request, case_id: int, body: ReportIn) -> dict[str, Any]:
    reference, hidden, _ = file_public_report(
        request, case_id, body.reason, body.details, body.contact
    )
    return {"reference": reference, "case_hidden": hidden}


@router.get("/me")
def me(request: Request) -> dict[str, Any]:
    with platform(request).db.read() as session:
        user = require(request, session)
        d = discipline_for(session, user.id, case_policy(session, user.id))
        return {"id": user.id, "email": user.email, "role": user.role,
                "institution_id": user.institution_id,
                "discipline": {"strikes": d.strikes, "warning": d.warning,
                               "suspended": d.suspended, "message": d.message}}


@router.get("/my/cases")
def my_cases(request: Request) -> dict[str, Any]:
    with platform(request).db.read() as session:
        user = require(request, session)
        cases = session.scalars(select(CaseRow).where(CaseRow.owner_id == user.id)).all()
        return {"cases": [_case_summary(c) for c in cases]}


@router.get("/cases/{case_id}/status")
def status(request: Request, case_id: int) -> dict[str, Any]:
    with platform(request).db.read() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        return {"processing": case.processing, "progress": case.progress, "state": case.state,
                "blockers": publish_blockers(case)}


@router.get("/cases/{case_id}/findings")
def findings(request: Request, case_id: int) -> dict[str, Any]:
    with platform(request).db.read() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        return {"findings": [
            {"id": f.id, "document": d.id, "category": f.category, "start": f.start,
             "end": f.end, "original": f.original, "replacement": f.replacement,
             "status": f.status, "value": f.value, "explanation": f.explanation}
            for d in case.documents for f in d.findings], "risk": case.risk}


@router.post("/cases/{case_id}/findings/{finding_id}")
def resolve(request: Request, case_id: int, finding_id: int, body: FindingIn) -> dict[str, Any]:
    with platform(request).db.write() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        finding = resolve_finding(session, case, finding_id, body.action, body.value, user)
        session.flush()
        return {"id": finding.id, "status": finding.status, "value": finding.value,
                "blockers": publish_blockers(case)}


@router.post("/cases/{case_id}/publish")
def publish(request: Request, case_id: int) -> dict[str, Any]:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session)
        case = owned_case(session, case_id, user)
        return {"state": publish_case(p, session, case, user)}


@router.get("/moderation/queue")
def moderation_queue(request: Request) -> dict[str, Any]:
    p = platform(request)
    with p.db.read() as session:
        require(request, session, "moderator")
        items = queue_items(session, p.settings.moderation_target_hours)
        for item in items:
            item["since"] = str(item["since"])
        return {"target_hours": p.settings.moderation_target_hours, "items": items}


@router.post("/moderation/cases/{case_id}/decisions", status_code=201)
def decision(request: Request, case_id: int, body: DecisionIn) -> dict[str, Any]:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session, "moderator")
        case = session.get(CaseRow, case_id)
        if case is None:
            raise NotFound()
        made = decide(session, p.blobs, case, user, body.action, body.statement, body.breach,
                      body.redacted_text)
        return {"decision": made.id, "state": case.state}


@router.get("/audit")
def audit(request: Request, after: int = 0, limit: int = 200) -> dict[str, Any]:
    with platform(request).db.read() as session:
        require(request, session, "admin")
        events = session.scalars(select(AuditEvent).where(AuditEvent.seq > after)
                                 .order_by(AuditEvent.seq).limit(min(limit, 1000))).all()
        return {"events": [event_dict(e) for e in events]}


@router.get("/audit/verify")
def audit_check(request: Request) -> JSONResponse:
    with platform(request).db.read() as session:
        require(request, session, "admin")
        check = verify_chain(session)
        return JSONResponse({"ok": check.ok, "events": check.events, "problem": check.problem,
                             "seq": check.seq})
