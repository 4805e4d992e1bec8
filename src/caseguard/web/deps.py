"""Request-scoped helpers: the platform object, the signed-in user, role checks, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, selectinload

from caseguard.store.blobs import BlobStore
from caseguard.store.db import Database
from caseguard.store.models import CaseRow, DocumentRow, User
from caseguard.web.cache import PageStore
from caseguard.web.processing import Worker
from caseguard.web.rules import PUBLIC_STATES
from caseguard.web.security import (
    SESSION_COOKIE,
    Forbidden,
    LoginRequired,
    RateLimiter,
    csrf_token,
    user_for_token,
)
from caseguard.web.settings import Settings

__all__ = ["NotFound", "Platform", "can_see_case", "page", "platform", "signed_in"]

STAFF = ("moderator", "admin")


@dataclass
class Platform:
    settings: Settings
    db: Database
    blobs: BlobStore
    worker: Worker
    templates: Jinja2Templates
    limiter: RateLimiter = field(default_factory=RateLimiter)
    pages: PageStore = field(default_factory=PageStore)


class NotFound(Exception):
    def __init__(self, message: str = "There is no such page.") -> None:
        self.message = message
        super().__init__(message)


def platform(request: Request) -> Platform:
    value: Platform = request.app.state.platform
    return value


def signed_in(request: Request, session: Session) -> User | None:
    """The user of the session cookie, or None; remembers whether the cookie had expired."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    user, expired = user_for_token(session, token)
    request.state.session_expired = expired
    return user


def require(request: Request, session: Session, *roles: str) -> User:
    user = signed_in(request, session)
    if user is None:
        raise LoginRequired(expired=bool(getattr(request.state, "session_expired", False)))
    if roles and user.role not in roles and user.role != "admin":
        raise Forbidden()
    return user


def can_see_case(case: CaseRow, user: User | None) -> bool:
    """Public states for everyone; the owner's own drafts; staff see everything not removed."""
    if case.state in PUBLIC_STATES:
        return True
    if user is None:
        return False
    return user.id == case.owner_id or user.role in STAFF


def visible_case(session: Session, case_id: int, user: User | None,
                 documents: bool = False) -> CaseRow:
    """The case if ``user`` may see it; ``documents`` loads its documents and findings in
    two queries instead of one per document (a CT series has hundreds)."""
    options = ([selectinload(CaseRow.documents).selectinload(DocumentRow.findings)]
               if documents else [])
    case = session.get(CaseRow, case_id, options=options)
    if case is None or case.state == "removed" or not can_see_case(case, user):
        # a hidden case looks exactly like a missing one to whoever may not see it
        raise NotFound("This case does not exist or is not available.")
    return case


def owned_case(session: Session, case_id: int, user: User) -> CaseRow:
    case = session.get(CaseRow, case_id)
    if case is None or case.state == "removed" or case.owner_id != user.id:
        raise NotFound("This case does not exist or is not yours.")
    return case


def page(
    request: Request, name: str, context: dict[str, Any] | None = None,
    user: User | None = None, status_code: int = 200,
) -> HTMLResponse:
    ctx: dict[str, Any] = {
        "user": user, "csrf": csrf_token(request),
        "notice": request.query_params.get("notice", "")[:300],
    }
    ctx.update(context or {})
    return platform(request).templates.TemplateResponse(request, name, ctx,
                                                        status_code=status_code)
