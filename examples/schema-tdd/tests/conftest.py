"""A fresh database per test, built by Alembic (``upgrade head``) once per run and cloned per test."""

import psycopg
import pytest


@pytest.fixture
def db(pgtestbed_url):
    with psycopg.connect(pgtestbed_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def query_id(db):
    return db.execute("INSERT INTO tb_query (name, query_text) VALUES ('users', 'query { users { id } }') RETURNING pk_query").fetchone()[0]


@pytest.fixture
def endpoint_id(db):
    return db.execute(
        "INSERT INTO tb_endpoint (name, url) VALUES ('api', 'https://api.example.com/graphql') RETURNING pk_endpoint"
    ).fetchone()[0]


def execution(db, query_id, endpoint_id, start, status="success"):
    """Inserts one execution; returns the partition it landed in."""
    return db.execute(
        "INSERT INTO tb_execution (fk_query, fk_endpoint, execution_start, status) VALUES (%s, %s, %s, %s)"
        " RETURNING tableoid::regclass::text",
        [query_id, endpoint_id, start, status],
    ).fetchone()[0]
