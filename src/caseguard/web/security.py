"""Passwords, sessions, CSRF tokens, roles and rate limits.

Passwords are argon2 hashes. A session is a random token in an HttpOnly, SameSite
cookie; only its SHA-256 is stored. Every unsafe request (POST and friends) must
carry the CSRF token from the ``cg_csrf`` cookie, in the ``csrf`` form field or
the ``X-CSRF-Token`` header (double submit; the cookie is SameSite=Strict).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from caseguard.store.models import SessionRow, User

__all__ = [
    "CSRF_COOKIE",
    "ROLES",
    "SESSION_COOKIE",
    "CsrfFailed",
    "Forbidden",
    "LoginRequired",
    "RateLimited",
    "RateLimiter",
    "check_password",
    "hash_password",
    "now",
]

SESSION_COOKIE = "cg_session"
CSRF_COOKIE = "cg_csrf"
ROLES = ("contributor", "moderator", "admin", "institution_admin")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_hasher = PasswordHasher()


def now() -> datetime:
    """Naive UTC, the form every timestamp is stored in (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class LoginRequired(Exception):
    def __init__(self, expired: bool = False) -> None:
        self.expired = expired


class Forbidden(Exception):
    def __init__(self, message: str = "You do not have access to this page.") -> None:
        self.message = message
        super().__init__(message)


class CsrfFailed(Exception):
    pass


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(session: Session, user: User, hours: float) -> str:
    token = secrets.token_urlsafe(32)
    stamp = now()
    session.add(SessionRow(token_hash=_token_hash(token), user_id=user.id, created_at=stamp,
                           expires_at=stamp + timedelta(hours=hours)))
    session.execute(delete(SessionRow).where(SessionRow.expires_at < stamp))
    return token


def close_session(session: Session, token: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_hash == _token_hash(token)))


def user_for_token(session: Session, token: str) -> tuple[User | None, bool]:
    """The user of a session token and whether the token had expired."""
    row = session.scalars(
        select(SessionRow).where(SessionRow.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None, True
    if row.expires_at < now():
        return None, True
    return session.get(User, row.user_id), False


def csrf_token(request: Request) -> str:
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token:
        token = secrets.token_urlsafe(24)
    request.state.csrf = token
    return str(token)


async def check_csrf(request: Request) -> None:
    """Dependency for every router: unsafe methods must echo the CSRF cookie."""
    if request.method not in UNSAFE_METHODS:
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get("x-csrf-token", "")
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        raise CsrfFailed()


class RateLimiter:
    """Sliding-window counts per key, in this process."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window_s: float) -> None:
        stamp = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= stamp - window_s:
                hits.popleft()
            if len(hits) >= limit:
                raise RateLimited(int(hits[0] + window_s - stamp) + 1)
            hits.append(stamp)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
