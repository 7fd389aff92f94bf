"""Fixtures: a fresh, migrated database per test (``pgtestbed_url``), the app on it, a signed token.

There is no database setup here: the template is built from migrations/ once per run by
pgtestbed, and every test gets its own clone of it — no schema files loaded by hand, no cleanup.
"""

import psycopg
import pytest
from fastapi.testclient import TestClient

from app import Settings, create_app
from app.auth import create_token

JWT_SECRET = "a-test-only-secret-at-least-32-bytes-long"


@pytest.fixture
def app(pgtestbed_url):
    return create_app(Settings(database_url=pgtestbed_url, jwt_secret=JWT_SECRET, shutdown_grace_seconds=1.0))


@pytest.fixture
def anonymous(app):
    """A client without credentials. ``with`` runs startup/shutdown: the pool opens and closes with the test."""
    with TestClient(app) as client:
        yield client


def bearer(subject):
    return {"Authorization": "Bearer " + create_token(JWT_SECRET, subject)}


@pytest.fixture
def client(anonymous):
    """A client signed in as alice."""
    anonymous.headers.update(bearer("alice"))
    return anonymous


@pytest.fixture
def db(pgtestbed_url):
    """A direct connection to this test's database, to check (or break) what the API did."""
    with psycopg.connect(pgtestbed_url, autocommit=True) as conn:
        yield conn
