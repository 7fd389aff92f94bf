"""Alerts: raising queues deliveries to subscribed webhooks; acknowledging happens once."""

from concurrent.futures import ThreadPoolExecutor

from .conftest import bearer

DISK_FULL = {"severity": "critical", "event": "disk.full", "message": "/var is at 97%"}


def hook(client, events, active=True):
    hook_id = client.post("/api/v1/webhooks", json={"url": "https://h.example.com", "events": events}).json()["id"]
    if not active:
        client.patch("/api/v1/webhooks/%d" % hook_id, json={"active": False})
    return hook_id


def test_list_shows_open_alerts(client):
    assert client.get("/api/v1/alerts").json() == {"alerts": [], "count": 0}
    client.post("/api/v1/alerts", json=DISK_FULL)
    listed = client.get("/api/v1/alerts").json()
    assert listed["count"] == 1
    assert listed["alerts"][0]["message"] == DISK_FULL["message"]
    assert listed["alerts"][0]["acknowledged_at"] is None


def test_raising_queues_one_delivery_per_active_subscribed_webhook(client, db):
    listening = hook(client, ["disk.full", "deploy.failed"])
    hook(client, ["deploy.failed"])  # another event
    hook(client, ["disk.full"], active=False)  # switched off
    created = client.post("/api/v1/alerts", json=DISK_FULL)
    assert created.status_code == 201
    assert created.json()["deliveries_queued"] == 1
    queued = db.execute("SELECT alert_id, webhook_id, status FROM alert_delivery_queue").fetchall()
    assert queued == [(created.json()["id"], listening, "pending")]


def test_alerts_are_validated(client):
    assert client.post("/api/v1/alerts", json={**DISK_FULL, "severity": "panic"}).status_code == 422
    assert client.post("/api/v1/alerts", json={**DISK_FULL, "message": ""}).status_code == 422


def test_acknowledge_records_who_and_when(client, db):
    alert_id = client.post("/api/v1/alerts", json=DISK_FULL).json()["id"]
    response = client.post("/api/v1/alerts/%d/acknowledge" % alert_id)
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == "alice"
    assert response.json()["acknowledged_at"] is not None
    assert db.execute("SELECT acknowledged_by FROM alerts WHERE id = %s", [alert_id]).fetchone() == ("alice",)


def test_acknowledge_twice_is_a_conflict_and_unknown_is_404(client):
    alert_id = client.post("/api/v1/alerts", json=DISK_FULL).json()["id"]
    client.post("/api/v1/alerts/%d/acknowledge" % alert_id)
    again = client.post("/api/v1/alerts/%d/acknowledge" % alert_id, headers=bearer("bob"))
    conflict = {"detail": "alert %d was already acknowledged by alice" % alert_id}
    assert (again.status_code, again.json()) == (409, conflict)
    assert client.post("/api/v1/alerts/999999/acknowledge").status_code == 404


def test_concurrent_acknowledgements_have_one_winner(client):
    alert_id = client.post("/api/v1/alerts", json=DISK_FULL).json()["id"]

    def acknowledge_as(user):
        return client.post("/api/v1/alerts/%d/acknowledge" % alert_id, headers=bearer(user)).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(acknowledge_as, ["u%d" % i for i in range(6)]))
    assert sorted(codes) == [200] + [409] * 5


def test_alert_workflow_from_raise_to_acknowledged(client):
    hook(client, ["disk.full"])
    alert_id = client.post("/api/v1/alerts", json=DISK_FULL).json()["id"]
    assert [a["id"] for a in client.get("/api/v1/alerts").json()["alerts"]] == [alert_id]
    client.post("/api/v1/alerts/%d/acknowledge" % alert_id)
    assert client.get("/api/v1/alerts").json()["count"] == 0
    acknowledged = client.get("/api/v1/alerts", params={"status": "acknowledged"}).json()
    assert [a["id"] for a in acknowledged["alerts"]] == [alert_id]
    assert client.get("/api/v1/alerts", params={"status": "all"}).json()["count"] == 1
    assert client.get("/api/v1/alerts/%d" % alert_id).json()["acknowledged_by"] == "alice"


def test_deleting_a_webhook_drops_its_queued_deliveries(client, db):
    hook_id = hook(client, ["disk.full"])
    client.post("/api/v1/alerts", json=DISK_FULL)
    client.delete("/api/v1/webhooks/%d" % hook_id)
    assert db.execute("SELECT count(*) FROM alert_delivery_queue").fetchone() == (0,)
