"""The session-scoped variant: one database (and one app) for every test in this file.

This is what a hand-written session-scoped conftest gives (``pgtestbed_session_url`` instead of
creating ``<app>_test`` and loading schema files): cheaper per test, but state carries over, so
these tests must measure changes rather than totals. That is the trap behind an "off by one"
count: a test asserting ``count == 1`` passes alone and fails after another test added a row.
The per-test fixtures in the other files need no such care.
"""

import pytest
from fastapi.testclient import TestClient

from app import Settings, create_app

from .conftest import JWT_SECRET, bearer


@pytest.fixture(scope="module")
def shared(pgtestbed_session_url):
    app = create_app(Settings(database_url=pgtestbed_session_url, jwt_secret=JWT_SECRET))
    with TestClient(app) as client:
        client.headers.update(bearer("carol"))
        yield client


def count(client):
    client.post("/api/v1/cache/invalidate")  # the cache is shared too
    return client.get("/api/v1/webhooks").json()["count"]


def test_create_adds_one(shared):
    before = count(shared)
    shared.post("/api/v1/webhooks", json={"url": "https://a.example.com", "events": ["x"]})
    assert count(shared) == before + 1


def test_delete_removes_one(shared):
    hook_id = shared.post("/api/v1/webhooks", json={"url": "https://b.example.com", "events": ["x"]}).json()["id"]
    before = count(shared)
    shared.delete("/api/v1/webhooks/%d" % hook_id)
    assert count(shared) == before - 1

