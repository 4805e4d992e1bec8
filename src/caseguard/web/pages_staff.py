"""Moderators', administrators' and institution administrators' pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseguard.store.audit import append_event, event_dict, iter_events, verify_chain
from caseguard.store.models import (
    Appeal,
    AuditEvent,
    CaseRow,
    Decision,
    Institution,
    ReportRow,
    Strike,
    User,
)
from caseguard.web.deps import NotFound, page, platform, require
from caseguard.web.moderation import (
    DECISIONS,
    REPORT_REASONS,
    ModerationError,
    decide,
    decide_appeal,
    lift_strike,
)
from caseguard.web.pages_public import case_view
from caseguard.web.rules import discipline_for, institution_policy
from caseguard.web.security import ROLES, Forbidden, check_csrf, now

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
MODERATORS = ("moderator",)


def queue_items(session: Session, target_hours: float) -> list[dict[str, object]]:
    """Open reports and cases waiting for review, oldest first, with their age."""
    items: list[dict[str, object]] = []
    stamp = now()
    for report in session.scalars(select(ReportRow).where(ReportRow.status == "open")):
        case = session.get(CaseRow, report.case_id)
        items.append({"kind": "report", "since": report.created_at, "case_id": report.case_id,
                      "title": case.title if case else "", "state": case.state if case else "",
                      "label": f"{report.reference}: {REPORT_REASONS.get(report.reason, '')}"})
    for case in session.scalars(select(CaseRow).where(CaseRow.state.in_(
            ("pending_review", "quarantined")))):
        if case.state == "quarantined" and any(i["case_id"] == case.id for i in items):
            continue
        items.append({"kind": case.state, "since": case.updated_at, "case_id": case.id,
                      "title": case.title, "state": case.state,
                      "label": "waiting for approval" if case.state == "pending_review"
                      else "quarantined"})
    for item in items:
        since = item["since"]
        age = stamp - since if hasattr(since, "year") else timedelta()  # type: ignore[operator]
        hours = age.total_seconds() / 3600
        item["age_hours"] = round(hours, 1)
        item["overdue"] = hours > target_hours
    items.sort(key=lambda i: str(i["since"]))
    return items


@router.get("/moderation", response_class=HTMLResponse)
def moderation_queue(request: Request) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = require(request, session, *MODERATORS)
        appeals = session.scalars(select(Appeal).where(Appeal.status == "open")
                                  .order_by(Appeal.created_at)).all()
        decisions = {a.decision_id: session.get(Decision, a.decision_id) for a in appeals}
        return page(request, "moderation.html", {
            "items": queue_items(session, p.settings.moderation_target_hours),
            "target": p.settings.moderation_target_hours, "appeals": appeals,
            "decisions": decisions, "labels": DECISIONS}, user)


@router.get("/moderation/cases/{case_id}", response_class=HTMLResponse)
def moderation_case(request: Request, case_id: int) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = require(request, session, *MODERATORS)
        case = session.get(CaseRow, case_id)
        if case is None:
            raise NotFound()
        ctx = case_view(request, case)
        ctx.update({
            "reports": session.scalars(select(ReportRow).where(ReportRow.case_id == case.id)
                                       .order_by(ReportRow.created_at)).all(),
            "events": session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                      .order_by(AuditEvent.seq)).all(),
            "decisions": DECISIONS, "reasons": REPORT_REASONS,
            "owner": session.get(User, case.owner_id),
        })
        return page(request, "moderation_case.html", ctx, user)


@router.post("/moderation/cases/{case_id}/decide")
def moderation_decide(
    request: Request, case_id: int, action: Annotated[str, Form()],
    statement: Annotated[str, Form()], breach: Annotated[str, Form()] = "",
    redacted_text: Annotated[str | None, Form()] = None,
) -> Response:
    p = platform(request)
    with p.db.write() as session:
        user = require(request, session, *MODERATORS)
        case = session.get(CaseRow, case_id)
        if case is None:
            raise NotFound()
        decide(session, p.blobs, case, user, action, statement, breach == "yes", redacted_text)
    return RedirectResponse("/moderation?notice=Decision+recorded", status_code=303)


@router.post("/moderation/appeals/{appeal_id}")
def moderation_appeal(request: Request, appeal_id: int, outcome: Annotated[str, Form()],
                      statement: Annotated[str, Form()]) -> Response:
    with platform(request).db.write() as session:
        user = require(request, session, *MODERATORS)
        appeal = session.get(Appeal, appeal_id)
        if appeal is None:
            raise NotFound()
        decide_appeal(session, appeal, user, outcome, statement)
    return RedirectResponse("/moderation?notice=Appeal+decided", status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request) -> Response:
    with platform(request).db.read() as session:
        user = require(request, session, "admin")
        users = session.scalars(select(User).order_by(User.id)).all()
        strikes = session.scalars(select(Strike).order_by(Strike.id.desc())).all()
        institutions = session.scalars(select(Institution).order_by(Institution.name)).all()
        discipline = {u.id: discipline_for(session, u.id) for u in users}
        return page(request, "admin.html", {"users": users, "strikes": strikes, "roles": ROLES,
                    "institutions": institutions, "discipline": discipline}, user)


@router.post("/admin/users/{user_id}/role")
def admin_role(request: Request, user_id: int, role: Annotated[str, Form()]) -> Response:
    with platform(request).db.write() as session:
        admin = require(request, session, "admin")
        target = session.get(User, user_id)
        if target is None:
            raise NotFound()
        if role not in ROLES:
            raise ModerationError(f"Choose one of {', '.join(ROLES)}.", 400)
        append_event(session, f"user:{admin.id}", "user.role", reason=role,
                     data={"user": target.id, "from": target.role, "to": role})
        target.role = role
    return RedirectResponse("/admin?notice=Role+changed", status_code=303)


@router.post("/admin/strikes/{strike_id}/lift")
def admin_lift(request: Request, strike_id: int, reason: Annotated[str, Form()]) -> Response:
    with platform(request).db.write() as session:
        admin = require(request, session, "admin")
        strike = session.get(Strike, strike_id)
        if strike is None:
            raise NotFound()
        lift_strike(session, strike, admin, reason)
    return RedirectResponse("/admin?notice=Strike+lifted", status_code=303)


@router.post("/admin/institutions")
def admin_institution(request: Request, name: Annotated[str, Form(min_length=2,
                      max_length=200)]) -> Response:
    with platform(request).db.write() as session:
        admin = require(request, session, "admin")
        if session.scalars(select(Institution).where(Institution.name == name.strip())).first():
            raise ModerationError("An institution with this name exists.")
        inst = Institution(name=name.strip(), policy_override="")
        session.add(inst)
        session.flush()
        append_event(session, f"user:{admin.id}", "institution.created",
                     data={"institution": inst.id})
    return RedirectResponse("/admin?notice=Institution+added", status_code=303)


def _institution_for(session: Session, user: User, inst_id: int) -> Institution:
    inst = session.get(Institution, inst_id)
    if inst is None:
        raise NotFound()
    if user.role != "admin" and user.institution_id != inst.id:
        raise Forbidden("You administer another institution.")
    return inst


@router.get("/institutions/{inst_id}", response_class=HTMLResponse)
def institution_page(request: Request, inst_id: int) -> Response:
    with platform(request).db.read() as session:
        user = require(request, session, "institution_admin")
        inst = _institution_for(session, user, inst_id)
        members = session.scalars(select(User).where(User.institution_id == inst.id)).all()
        return page(request, "institution.html", {"inst": inst, "members": members}, user)


@router.post("/institutions/{inst_id}/policy")
def institution_policy_save(request: Request, inst_id: int,
                            policy: Annotated[str, Form(max_length=20000)]) -> Response:
    with platform(request).db.write() as session:
        user = require(request, session, "institution_admin")
        inst = _institution_for(session, user, inst_id)
        version = institution_policy(policy, inst.name).version  # refuses anything relaxing
        inst.policy_override, inst.updated_at = policy, now()
        append_event(session, f"user:{user.id}", "institution.policy", policy_version=version,
                     data={"institution": inst.id})
    return RedirectResponse(f"/institutions/{inst_id}?notice=Policy+saved", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> Response:
    with platform(request).db.read() as session:
        user = require(request, session, "admin")
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())
                                 .limit(500)).all()
        return page(request, "audit.html", {"events": events, "check": verify_chain(session)},
                    user)


@router.get("/admin/audit/export")
def audit_export(request: Request) -> Response:
    with platform(request).db.read() as session:
        require(request, session, "admin")
        lines = [json.dumps(event_dict(e), sort_keys=True) for e in iter_events(session)]
    return Response("\n".join(lines) + "\n", media_type="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="audit.jsonl"'})
