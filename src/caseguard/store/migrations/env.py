"""Alembic environment: runs migrations on the engine handed over by `migrate()`."""

from __future__ import annotations

from alembic import context

from caseguard.store.models import Base

target_metadata = Base.metadata
engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
