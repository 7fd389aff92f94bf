"""Alembic's entry point: migrate the database in DATABASE_URL (pgtestbed sets it to the template)."""

import os

from alembic import context
from sqlalchemy import create_engine

url = os.environ.get("DATABASE_URL")
if not url:
    raise SystemExit("alembic: set DATABASE_URL to the database to migrate (postgresql://user:password@host/db)")
# SQLAlchemy 1.4 (Debian bookworm) talks to PostgreSQL through psycopg2.
engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
with engine.begin() as connection:
    context.configure(connection=connection, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()
