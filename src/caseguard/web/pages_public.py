"""Public pages: the case list, a case page, its files, the report form, sign-in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseguard.store.audit import append_event
from caseguard.store.models import CaseRow, DocumentRow, Institution, User
from caseguard.web.deps import NotFound, can_see_case, page, platform, signed_in, visible_case
from caseguard.web.moderation import REPORT_REASONS, file_report
from caseguard.web.rules import document_text
from caseguard.web.security import (
    SESSION_COOKIE,
    check_csrf,
    check_password,
    close_session,
    hash_password,
    now,
    open_session,
)

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp", ".tif": "image/tiff",
               ".tiff": "image/tiff", ".bmp": "image/bmp", ".dcm": "application/dicom"}


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = signed_in(request, session)
        cases = session.scalars(
            select(CaseRow).where(CaseRow.state == "published")
            .order_by(CaseRow.published_at.desc()).limit(200)
        ).all()
        return page(request, "index.html", {"cases": cases}, user)


def case_view(request: Request, case: CaseRow) -> dict[str, Any]:
    """Texts, images and DICOM series of a case, ready for a template."""
    blobs = platform(request).blobs
    texts = [(d, document_text(blobs, d)) for d in case.documents if d.kind in ("body", "text")]
    images = [d for d in case.documents if d.kind == "image"]
    series: dict[str, list[DocumentRow]] = {}
    for doc in case.documents:
        if doc.kind == "dicom":
            series.setdefault(doc.series or "series", []).append(doc)
    for slices in series.values():
        slices.sort(key=lambda d: d.position)
    return {"case": case, "texts": texts, "images": images, "series": series}


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = signed_in(request, session)
        case = visible_case(session, case_id, user, documents=True)
        ctx = case_view(request, case)
        ctx["reasons"] = REPORT_REASONS
        return page(request, "case.html", ctx, user)


@router.get("/cases/{case_id}/files/{doc_id}")
def case_file(request: Request, case_id: int, doc_id: int, preview: bool = False) -> Response:
    p = platform(request)
    with p.db.read() as session:
        user = signed_in(request, session)
        case = visible_case(session, case_id, user)
        doc = session.get(DocumentRow, doc_id)
        if doc is None or doc.case_id != case.id:
            raise NotFound()
        key = doc.preview_key if preview else doc.blob_key
        if key is None:
            raise NotFound("This file has no stored content.")
        suffix = "." + key.rsplit(".", 1)[-1].lower() if "." in key else ""
        if doc.kind in ("body", "text") and not preview:
            body = document_text(p.blobs, doc).encode("utf-8")
            return Response(body, media_type="text/plain; charset=utf-8")
        headers = {"Cache-Control": "private, no-store"}
        return Response(p.blobs.get(key), media_type=MEDIA_TYPES.get(suffix,
                        "application/octet-stream"), headers=headers)


@router.post("/cases/{case_id}/report", response_class=HTMLResponse)
def report_case(
    request: Request, case_id: int, reason: Annotated[str, Form()],
    details: Annotated[str, Form()] = "", contact: Annotated[str, Form()] = "",
) -> Response:
    reference, hidden, user = file_public_report(request, case_id, reason, details, contact)
    return page(request, "report_done.html", {"reference": reference, "hidden": hidden}, user,
                status_code=201)


def file_public_report(
    request: Request, case_id: int, reason: str, details: str, contact: str
) -> tuple[str, bool, User | None]:
    """Rate-limit and file a reader's report (form or API); a case being quarantined or
    removed may still be reported. Returns the reference, whether the case is now hidden,
    and the signed-in user, if any."""
    p = platform(request)
    client = request.client.host if request.client else "?"
    p.limiter.hit(f"report:{client}", p.settings.report_limit, p.settings.report_window_s)
    with p.db.write() as session:
        user = signed_in(request, session)
        case = session.get(CaseRow, case_id)
        if case is None or (case.state not in ("removed", "quarantined")
                            and not can_see_case(case, user)):
            raise NotFound("This case does not exist or is not available.")
        report = file_report(session, case, reason, details, contact)
        return report.reference, case.state == "quarantined", user


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/", expired: int = 0) -> Response:
    message = "Your session has expired; sign in again." if expired else ""
    return page(request, "login.html", {"next": next, "message": message})


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, email: Annotated[str, Form()], password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    p = platform(request)
    client = request.client.host if request.client else "?"
    p.limiter.hit(f"login:{client}:{email.lower()}", p.settings.login_attempts,
                  p.settings.login_window_s)
    with p.db.write() as session:
        user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
        if user is None or not check_password(user.password_hash, password):
            return page(request, "login.html", {"next": next,
                        "message": "Wrong e-mail address or password."}, status_code=401)
        token = open_session(session, user, p.settings.session_hours)
        append_event(session, f"user:{user.id}", "user.login")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=p.settings.secure_cookies, path="/",
                        max_age=int(p.settings.session_hours * 3600))
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    p = platform(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with p.db.write() as session:
            close_session(session, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request) -> Response:
    with platform(request).db.read() as session:
        institutions = session.scalars(select(Institution).order_by(Institution.name)).all()
        return page(request, "register.html", {"institutions": institutions})


@router.post("/register", response_class=HTMLResponse)
def register(
    request: Request, email: Annotated[str, Form()], display_name: Annotated[str, Form()],
    password: Annotated[str, Form()], institution_id: Annotated[str, Form()] = "",
) -> Response:
    p = platform(request)
    email = email.strip().lower()
    problems = []
    if "@" not in email or len(email) > 320:
        problems.append("Enter a valid e-mail address.")
    if len(password) < 10:
        problems.append("The password needs at least 10 characters.")
    if not display_name.strip():
        problems.append("Enter a display name.")
    with p.db.write() as session:
        inst = int(institution_id) if institution_id.isdigit() else None
        if inst is not None and session.get(Institution, inst) is None:
            problems.append("Choose an institution from the list.")
        if problems:
            institutions = session.scalars(select(Institution)).all()
            return page(request, "register.html", {"institutions": institutions,
                        "problems": problems}, status_code=400)
        user = User(email=email, display_name=display_name.strip()[:200],
                    password_hash=hash_password(password), role="contributor",
                    institution_id=inst, created_at=now())
        session.add(user)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            return page(request, "register.html", {"institutions": [], "problems": [
                "An account with this e-mail address already exists."]}, status_code=409)
        append_event(session, f"user:{user.id}", "user.registered")
        token = open_session(session, user, p.settings.session_hours)
    response = RedirectResponse("/account", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=p.settings.secure_cookies, path="/")
    return response
