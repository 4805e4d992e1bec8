"""A cache of the public pages anonymous readers see, never older than the database.

`PublicPageCache` is ASGI middleware in front of the application. It answers
``GET /``, ``/cases/{id}``, ``/api/cases`` and ``/api/cases/{id}`` for readers
without a session from memory, as long as the database's content version (see
`caseguard.store.db`) still equals the version the page was rendered at. Every
commit that changes a case, its documents or findings increments that version in
the same transaction, so a quarantined case is gone from every process's cache on
the next request after the report's commit: no time-based expiry is trusted.

One version query serves every request that arrived before it started
(`VersionProbe`), so the database sees a handful of tiny queries per second
whatever the number of readers. Pages are rendered with a placeholder instead of
the reader's CSRF token, which is put back per response.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import anyio.to_thread

from caseguard.web.security import CSRF_COOKIE, SESSION_COOKIE

__all__ = ["PageStore", "PublicPageCache", "VersionProbe"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHEABLE = re.compile(r"^(/|/cases/\d{1,12}|/api/cases|/api/cases/\d{1,12})$")
# tokens this platform issues (secrets.token_urlsafe); anything else bypasses the cache
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
PLACEHOLDER = "cg-csrf-0d5e2c1f9b7a4e36"
MAX_ENTRIES = 2000
# a ceiling only for files edited behind the database's back; freshness comes from versions
MAX_AGE_S = 300.0


@dataclass(frozen=True)
class Entry:
    version: int
    stored_at: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes  # with PLACEHOLDER where the reader's CSRF token goes


class VersionProbe:
    """The database's content version, read by a query that began after the caller arrived.

    Callers that arrive while a query is running wait for the next one instead of
    sharing a result that may predate their arrival; everyone waiting for the next
    query shares it.
    """

    def __init__(self, read: Callable[[], int]) -> None:
        self._read = read
        self._next: asyncio.Future[int] | None = None
        self._driving = False
        self._task: asyncio.Task[None] | None = None  # referenced, so it is not collected

    async def current(self) -> int:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        waiting = self._next
        if not self._driving:
            self._driving = True
            self._task = asyncio.get_running_loop().create_task(self._drive())
        return await asyncio.shield(waiting)

    async def _drive(self) -> None:
        try:
            while self._next is not None:
                batch, self._next = self._next, None
                try:
                    batch.set_result(await anyio.to_thread.run_sync(self._read))
                except Exception as exc:  # every waiter of this batch sees the failure
                    batch.set_exception(exc)
                    batch.exception()  # retrieved: waiters may have gone
        finally:
            self._driving = False


def _cookies(scope: Scope) -> dict[str, str] | None:
    """The request's cookies, or None when the header cannot be parsed."""
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:
        return None
    return {k: m.value for k, m in jar.items()}


class PageStore:
    """The cached pages of one process, with counts for tests and benchmarks."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.hits = self.misses = 0

    def put(self, path: str, entry: Entry) -> None:
        if len(self.entries) >= MAX_ENTRIES:
            self.entries.clear()
        self.entries[path] = entry


class PublicPageCache:
    def __init__(self, app: ASGIApp, version: Callable[[], int], store: PageStore,
                 secure_cookies: bool = False) -> None:
        self.app = app
        self.probe = VersionProbe(version)
        self.store = store
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET" or scope.get("query_string")
                or not CACHEABLE.match(scope["path"])):
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        token = cookies.get(CSRF_COOKIE) if cookies is not None else None
        if cookies is None or SESSION_COOKIE in cookies or (token and not TOKEN.match(token)):
            # signed-in readers get personal pages; odd cookies get the plain application
            await self.app(scope, receive, send)
            return
        try:
            version = await self.probe.current()
        except Exception:  # no version, no cache: the application answers from the database
            await self.app(scope, receive, send)
            return
        new_cookie = token is None
        token = token or secrets.token_urlsafe(24)
        entry = self.store.entries.get(scope["path"])
        if (entry is not None and entry.version == version
                and time.monotonic() - entry.stored_at < MAX_AGE_S):
            self.store.hits += 1
            await self._respond(send, entry.status, entry.headers, entry.body, token, new_cookie)
            return
        self.store.misses += 1
        await self._render(scope, receive, send, version, token, new_cookie)

    async def _render(self, scope: Scope, receive: Receive, send: Send, version: int,
                      token: str, new_cookie: bool) -> None:
        # the application sees a reader who already holds the placeholder token
        headers = [(k, v) for k, v in scope["headers"] if k != b"cookie"]
        headers.append((b"cookie", f"{CSRF_COOKIE}={PLACEHOLDER}".encode()))
        inner = dict(scope, headers=headers)
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        status = int(start.get("status", 500))
        kept = [(k, v) for k, v in start.get("headers", [])
                if k.lower() not in (b"set-cookie", b"content-length")]
        body = b"".join(chunks)
        if status == 200:
            # the version was read before rendering began: the page is at least this new
            self.store.put(scope["path"], Entry(version, time.monotonic(), status, kept, body))
        await self._respond(send, status, kept, body, token, new_cookie)

    async def _respond(self, send: Send, status: int, headers: list[tuple[bytes, bytes]],
                       body: bytes, token: str, new_cookie: bool) -> None:
        body = body.replace(PLACEHOLDER.encode(), token.encode())
        out = [*headers, (b"content-length", str(len(body)).encode())]
        if new_cookie:
            cookie = f"{CSRF_COOKIE}={token}; Path=/; SameSite=strict"
            out.append((b"set-cookie", (cookie + ("; Secure" if self.secure else "")).encode()))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})
