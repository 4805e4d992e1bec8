"""The platform's web application: `create_app(settings)` and `serve(...)`.

Server-rendered pages (Jinja2) with small scripts served from the package, and a
JSON API under ``/api`` described by ``/api/openapi.json``. Processing of uploads
runs on a worker thread started with the application.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from caseguard.errors import PolicyError
from caseguard.store.blobs import LocalBlobs
from caseguard.store.db import Database, migrate
from caseguard.web.cache import PublicPageCache
from caseguard.web.deps import NotFound, Platform, page
from caseguard.web.moderation import ModerationError
from caseguard.web.processing import Worker
from caseguard.web.rules import TransitionError
from caseguard.web.security import (
    CSRF_COOKIE,
    CsrfFailed,
    Forbidden,
    LoginRequired,
    RateLimited,
    csrf_token,
)
from caseguard.web.settings import Settings
from caseguard.web.uploads import UploadRejected

__all__ = ["create_app", "serve"]

WEB_DATA = Path(str(resources.files("caseguard").joinpath("data/web")))


def create_app(settings: Settings | None = None) -> FastAPI:
    """A ready application; migrates the database to the newest schema first."""
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.staging_dir.mkdir(exist_ok=True)
    migrate(settings.database_url)
    db = Database(settings.database_url)
    blobs = LocalBlobs(settings.blob_dir)
    templates = Jinja2Templates(directory=str(WEB_DATA / "templates"))
    templates.env.globals["state_label"] = lambda s: str(s).replace("_", " ")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.platform.worker.stop()
        db.dispose()

    app = FastAPI(title="caseguard platform", version="1", lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    worker = Worker(db, blobs, settings.staging_dir, settings.staging_expiry_hours * 3600,
                    start=False, warm=settings.warm_engines)
    worker.recover()  # before the first request: nothing new can be staged yet
    worker.start()
    platform = Platform(settings, db, blobs, worker, templates)
    app.state.platform = platform
    app.mount("/static", CachedStatic(directory=str(WEB_DATA / "static")), name="static")

    from caseguard.web import api, pages_account, pages_public, pages_staff

    # account routes first: "/cases/new" must win over "/cases/{case_id}"
    for module in (pages_account, pages_public, pages_staff, api):
        app.include_router(module.router)
    _install_handlers(app, settings)
    if settings.page_cache:
        # outermost, so a cached page costs neither routing nor the guard middleware
        app.add_middleware(PublicPageCache, version=db.content_version, store=platform.pages,
                           secure_cookies=settings.secure_cookies)
    return app


class CachedStatic(StaticFiles):
    """Package files change only with a release: browsers may keep them for an hour and
    revalidate with the ETag and Last-Modified headers StaticFiles already sends."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, **headers: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    response = page(request, "error.html", {"status": status, "message": message},
                    status_code=status)
    response.headers.update(headers)
    return response


def _install_handlers(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                    ) -> Response:
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_upload_bytes + 1_000_000:
            mb = settings.max_upload_bytes // 1_000_000
            return _error(request, 413, f"The upload is too large: the limit is {mb} MB.")
        csrf_token(request)
        response = await call_next(request)
        if not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=False,
                                samesite="strict", secure=settings.secure_cookies, path="/")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        message = ("Your session has expired; sign in again." if exc.expired
                   else "Sign in to continue.")
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=401)
        target = quote(request.url.path)
        return RedirectResponse(f"/login?next={target}&expired={int(exc.expired)}",
                                status_code=303)

    handlers: list[tuple[type[Exception], Callable[[Exception], tuple[int, str]]]] = [
        (Forbidden, lambda e: (403, e.message if isinstance(e, Forbidden) else "")),
        (NotFound, lambda e: (404, e.message if isinstance(e, NotFound) else "")),
        (CsrfFailed, lambda e: (403, "This form has expired or was sent from another site; "
                                     "reload the page and try again.")),
        (ModerationError, lambda e: (e.status, e.message) if isinstance(e, ModerationError)
         else (409, "")),
        (TransitionError, lambda e: (409, str(e))),
        (PolicyError, lambda e: (400, str(e))),
        (UploadRejected, lambda e: (e.status, e.message) if isinstance(e, UploadRejected)
         else (400, "")),
    ]
    for kind, describe in handlers:
        def make(describe: Callable[[Exception], tuple[int, str]]) -> Any:
            async def handler(request: Request, exc: Exception) -> Response:
                status, message = describe(exc)
                return _error(request, status, message)
            return handler
        app.add_exception_handler(kind, make(describe))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return _error(request, 429, f"Too many attempts; try again in {exc.retry_after} s.",
                      **{"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        if _is_api(request):
            return JSONResponse({"detail": "invalid request", "errors": fields},
                                status_code=422)
        return _error(request, 400, "The form is incomplete or malformed: check "
                      + ", ".join(fields) + ".")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "There is no such page.", 405: "That method is not allowed here."}
        return _error(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))


def serve(host: str = "127.0.0.1", port: int = 8000, seed_demo: bool = False,
          settings: Settings | None = None) -> None:
    """Run the platform with uvicorn; with ``seed_demo`` create demo accounts and print them."""
    import uvicorn

    settings = settings or Settings.from_env()
    settings.warm_engines = True
    app = create_app(settings)
    if seed_demo:
        from caseguard.web.demo import seed_demo as seed

        accounts = seed(app.state.platform)
        print(f"caseguard platform at http://{host}:{port}")
        for role, (email, password) in accounts.items():
            print(f"  {role:12} {email}  password: {password}")
    uvicorn.run(app, host=host, port=port, log_level="info")


def new_secret() -> str:
    return secrets.token_hex(32)
