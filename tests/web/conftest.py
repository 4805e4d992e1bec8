"""Fixtures for the platform: an application per test on SQLite or on PostgreSQL.

PostgreSQL runs on a throwaway database created for this test run (dropped at the
end); its tests skip only when the server is unreachable. Users are inserted with a
password hash made once, so a fresh world costs milliseconds.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from caseguard.store.db import migrate
from caseguard.store.models import Base, Institution, User
from caseguard.web.app import create_app
from caseguard.web.security import CSRF_COOKIE, now
from caseguard.web.settings import Settings

PG_ADMIN_URL = os.environ.get("CASEGUARD_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct-horse-battery"
# cheap parameters for test accounts only; verification reads them from the hash
_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def _pg_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "caseguard.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    if not _pg_reachable():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable")
    name = f"caseguard_test_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = re.sub(r"/[^/]*$", f"/{name}", PG_ADMIN_URL)
    migrate(url)
    yield url
    if url in _ENGINES:
        _ENGINES.pop(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_ENGINES: dict[str, Any] = {}


def _truncate(url: str) -> None:
    """Empty every table and restart its ids: DELETE is far quicker than TRUNCATE on
    tables this small, and one engine per run saves a connection per test."""
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
        sequences = conn.execute(text(
            "SELECT sequence_name FROM information_schema.sequences")).scalars().all()
        for name in sequences:
            conn.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))
        # the migration's one row; without it page caches stay off (and tests would miss it)
        conn.execute(text("INSERT INTO content_version (id, value) VALUES (1, 0)"))


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    if request.param == "sqlite":
        shutil.copy(sqlite_template, data / "caseguard.db")
        url = f"sqlite:///{data / 'caseguard.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        _truncate(url)
    return Settings(data_dir=data, database_url=url, secret="test", max_upload_bytes=2_000_000,
                    max_files=10)


@dataclass
class World:
    app: Any
    settings: Settings
    ids: dict[str, int]

    @property
    def platform(self) -> Any:
        return self.app.state.platform

    def client(self, who: str | None = None) -> Browser:
        browser = Browser(TestClient(self.app, follow_redirects=False))
        if who is not None:
            browser.login(f"{who}@example.test")
        return browser

    def wait(self) -> None:
        self.platform.worker.wait_idle()


class Browser:
    """A test client that carries the CSRF token the way a page form would."""

    def __init__(self, client: TestClient) -> None:
        self.http = client
        self.http.get("/login")

    @property
    def csrf(self) -> str:
        return str(self.http.cookies.get(CSRF_COOKIE))

    def get(self, url: str, **kw: Any) -> Any:
        return self.http.get(url, **kw)

    def post(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        form = {"csrf": self.csrf, **(data or {})}
        return self.http.post(url, data=form, **kw)

    def api(self, method: str, url: str, json: Any = None) -> Any:
        return self.http.request(method, url, json=json, headers={"X-CSRF-Token": self.csrf})

    def login(self, email: str, password: str = PASSWORD) -> None:
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 303, response.text


ROLES = {
    "alice": "contributor",
    "bob": "contributor",
    "mod": "moderator",
    "mod2": "moderator",
    "admin": "admin",
    "instadmin": "institution_admin",
}


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    app = create_app(settings)
    ids: dict[str, int] = {}
    with app.state.platform.db.write() as session:
        inst = Institution(name="St Example", policy_override="")
        session.add(inst)
        session.flush()
        ids["institution"] = inst.id
        for name, role in ROLES.items():
            user = User(email=f"{name}@example.test", display_name=name.title(),
                        password_hash=_HASH, role=role, institution_id=inst.id,
                        policy_confirmed_at=now(), created_at=now())
            session.add(user)
            session.flush()
            ids[name] = user.id
    with TestClient(app):
        yield World(app, settings, ids)
    app.state.platform.db.dispose()
