"""The database: engine, sessions, migrations, and the one write path.

SQLite in a local folder by default, PostgreSQL by URL; the schema is created and
upgraded by the Alembic migrations shipped in ``caseguard/store/migrations``.
Every write goes through `Database.write()`, which serialises writers in this
process so that audit events chain in the order their transactions commit.

A commit that changes what pages show (cases, documents, findings, users,
institutions) also increments the one-row ``content_version`` table in the same
transaction; caches of public pages compare against it, so a change committed by
any process is seen by every process's cache on its next request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from caseguard.errors import StorageError
from caseguard.store.audit import ChainCheck, verify_chain
from caseguard.store.models import ContentVersion

__all__ = ["CONTENT_TABLES", "Database", "audit_verify", "migrate"]

MIGRATIONS = Path(__file__).parent / "migrations"
# tables whose rows appear on pages; a commit touching one bumps the content version
CONTENT_TABLES = frozenset({"cases", "documents", "findings", "users", "institutions"})
# request handlers run on AnyIO's thread pool (40 threads by default); a pool at least
# that large means no request waits for a connection another thread holds idle
REQUEST_THREADS = 40


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # SQLite connections are cheap file handles: keep one per thread rather than
        # opening and closing overflow connections under load
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=REQUEST_THREADS + 8, max_overflow=16,
                               pool_timeout=20)

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cursor = conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # no pre-ping (a round trip per checkout); a dropped connection invalidates the pool
    # on its first error instead, and recycling keeps idle connections from going stale
    return create_engine(url, pool_size=20, max_overflow=REQUEST_THREADS - 10,
                         pool_timeout=20, pool_recycle=1800)


# columns no public page shows: the worker's progress reports must not empty the caches
PRIVATE_COLUMNS = frozenset({"processing", "progress"})


def _content(obj: Any) -> bool:
    return getattr(obj, "__tablename__", "") in CONTENT_TABLES


def _shown_change(obj: Any) -> bool:
    changed = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
    return bool(changed - PRIVATE_COLUMNS)


def _mark_flush(session: Session, _context: Any, _instances: Any) -> None:
    if (any(_content(o) for o in (*session.new, *session.deleted))
            or any(_content(o) and _shown_change(o) for o in session.dirty)):
        session.info["content_changed"] = True


def _mark_bulk(state: ORMExecuteState) -> None:
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete) and getattr(table, "name", "") in CONTENT_TABLES:
        state.session.info["content_changed"] = True


def _bump_on_commit(session: Session) -> None:
    session.flush()  # the commit's own final flush comes after this hook
    if session.info.pop("content_changed", False):
        session.execute(update(ContentVersion).where(ContentVersion.id == 1)
                        .values(value=ContentVersion.value + 1))


def _forget(session: Session, _transaction: Any = None) -> None:
    session.info.pop("content_changed", None)


def migrate(url: str) -> None:
    """Bring the schema at ``url`` up to the newest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = _engine(url)
    try:
        command.upgrade(config, "head")
    finally:
        config.attributes["engine"].dispose()


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _mark_flush)
        event.listen(self._sessions, "do_orm_execute", _mark_bulk)
        event.listen(self._sessions, "before_commit", _bump_on_commit)
        event.listen(self._sessions, "after_rollback", _forget)
        self._write_lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed on success and rolled back on any error."""
        with self._write_lock, self._sessions() as session:
            try:
                yield session
                session.commit()
            except Exception:
                session.rollback()
                raise

    def content_version(self) -> int:
        """The number of committed changes to page content so far (any process)."""
        with self.engine.connect() as conn:
            value = conn.execute(select(ContentVersion.value)
                                 .where(ContentVersion.id == 1)).scalar_one()
            return int(value)

    def dispose(self) -> None:
        self.engine.dispose()


def audit_verify(database_url: str) -> ChainCheck:
    """Verify the audit chain of the database at ``database_url``."""
    db = Database(database_url)
    try:
        with db.read() as session:
            return verify_chain(session)
    except Exception as exc:  # a missing table or server is a storage problem, named
        raise StorageError(f"cannot read the audit log: {exc}") from exc
    finally:
        db.dispose()
