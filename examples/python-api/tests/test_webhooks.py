"""Webhooks CRUD through the API, checked against the database the test owns."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from .conftest import bearer

HOOK = {"url": "https://hooks.example.com/alerts", "events": ["deploy.failed", "disk.full"]}


def test_list_starts_empty(client):
    # Exact counts are safe: this test's database is a fresh clone, whatever ran before.
    assert client.get("/api/v1/webhooks").json() == {"webhooks": [], "count": 0}


def test_create_stores_the_webhook_for_the_caller(client, db):
    response = client.post("/api/v1/webhooks", json={**HOOK, "description": "on-call"})
    assert response.status_code == 201
    created = response.json()
    assert created["url"] == HOOK["url"]
    assert created["events"] == HOOK["events"]
    assert created["owner"] == "alice"
    assert created["active"] is True
    row = db.execute("SELECT owner, url, events, description FROM webhooks WHERE id = %s", [created["id"]])
    assert row.fetchone() == ("alice", HOOK["url"], HOOK["events"], "on-call")


def test_create_validates_the_body(client, db):
    assert client.post("/api/v1/webhooks", json={"url": "ftp://x", "events": ["a"]}).status_code == 422
    assert client.post("/api/v1/webhooks", json={"url": HOOK["url"], "events": []}).status_code == 422
    assert db.execute("SELECT count(*) FROM webhooks").fetchone() == (0,)


def test_lifecycle_create_read_update_delete(client, db):
    hook_id = client.post("/api/v1/webhooks", json=HOOK).json()["id"]
    assert client.get("/api/v1/webhooks/%d" % hook_id).json()["events"] == HOOK["events"]

    updated = client.patch("/api/v1/webhooks/%d" % hook_id, json={"active": False, "events": ["disk.full"]})
    assert updated.status_code == 200
    assert (updated.json()["active"], updated.json()["events"]) == (False, ["disk.full"])
    stamps = [datetime.fromisoformat(updated.json()[key]) for key in ("created_at", "updated_at")]
    assert stamps[1] > stamps[0]

    assert client.delete("/api/v1/webhooks/%d" % hook_id).status_code == 204
    assert client.get("/api/v1/webhooks/%d" % hook_id).status_code == 404
    assert db.execute("SELECT count(*) FROM webhooks").fetchone() == (0,)


def test_update_rejects_empty_and_null_changes(client):
    hook_id = client.post("/api/v1/webhooks", json=HOOK).json()["id"]
    assert client.patch("/api/v1/webhooks/%d" % hook_id, json={}).status_code == 422
    response = client.patch("/api/v1/webhooks/%d" % hook_id, json={"url": None})
    assert (response.status_code, response.json()) == (422, {"detail": "url cannot be null"})


def test_users_see_only_their_own_webhooks(client):
    hook_id = client.post("/api/v1/webhooks", json=HOOK).json()["id"]
    bob = bearer("bob")
    assert client.get("/api/v1/webhooks", headers=bob).json()["count"] == 0
    assert client.get("/api/v1/webhooks/%d" % hook_id, headers=bob).status_code == 404
    assert client.delete("/api/v1/webhooks/%d" % hook_id, headers=bob).status_code == 404
    assert client.get("/api/v1/webhooks").json()["count"] == 1


def test_concurrent_creates_all_land(client, db):
    def create(i):
        return client.post("/api/v1/webhooks", json={"url": "https://h%d.example.com" % i, "events": ["e"]})

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(create, range(20)))
    assert [r.status_code for r in responses] == [201] * 20
    assert len({r.json()["id"] for r in responses}) == 20
    assert db.execute("SELECT count(*) FROM webhooks").fetchone() == (20,)
