"""The cache: flat stats, warming, invalidation on writes and on request.

Whether a read came from the cache is shown by the database, not by a stopwatch: a row changed
behind the API's back stays invisible until the cache is invalidated.
"""

HOOK = {"url": "https://hooks.example.com", "events": ["disk.full"]}
DISK_FULL = {"severity": "warning", "event": "disk.full", "message": "/var is at 91%"}


def test_stats_are_flat_and_count_hits_and_misses(client):
    assert client.get("/api/v1/cache/stats").json() == {"hits": 0, "misses": 0, "size": 0, "hit_rate": 0.0}
    client.get("/api/v1/webhooks")  # miss, then stored
    client.get("/api/v1/webhooks")  # hit
    client.get("/api/v1/webhooks")  # hit
    assert client.get("/api/v1/cache/stats").json() == {"hits": 2, "misses": 1, "size": 1, "hit_rate": 2 / 3}


def test_a_cached_list_is_served_without_the_database(client, db):
    client.post("/api/v1/webhooks", json=HOOK)
    assert client.get("/api/v1/webhooks").json()["count"] == 1
    db.execute("DELETE FROM webhooks")  # behind the API's back
    assert client.get("/api/v1/webhooks").json()["count"] == 1  # still the cached list
    assert client.post("/api/v1/cache/invalidate").json() == {"cleared": 1}
    assert client.get("/api/v1/webhooks").json()["count"] == 0


def test_warm_loads_the_common_lists(client):
    client.post("/api/v1/alerts", json=DISK_FULL)
    assert client.post("/api/v1/cache/warm").json() == {"warmed": ["webhooks:list:alice", "alerts:open"]}
    client.get("/api/v1/webhooks")
    client.get("/api/v1/alerts")
    stats = client.get("/api/v1/cache/stats").json()
    assert (stats["hits"], stats["misses"], stats["size"]) == (2, 0, 2)


def test_creating_a_webhook_invalidates_the_list(client):
    assert client.get("/api/v1/webhooks").json()["count"] == 0  # cached: empty
    client.post("/api/v1/webhooks", json=HOOK)
    # Exactly one more, not "at least one": no other test shares this database.
    assert client.get("/api/v1/webhooks").json()["count"] == 1


def test_updating_a_webhook_invalidates_the_list(client):
    hook_id = client.post("/api/v1/webhooks", json=HOOK).json()["id"]
    assert client.get("/api/v1/webhooks").json()["webhooks"][0]["active"] is True
    client.patch("/api/v1/webhooks/%d" % hook_id, json={"active": False})
    assert client.get("/api/v1/webhooks").json()["webhooks"][0]["active"] is False


def test_acknowledging_invalidates_the_alert_lists(client):
    alert_id = client.post("/api/v1/alerts", json=DISK_FULL).json()["id"]
    assert client.get("/api/v1/alerts").json()["count"] == 1  # cached
    client.post("/api/v1/alerts/%d/acknowledge" % alert_id)
    assert client.get("/api/v1/alerts").json()["count"] == 0


def test_invalidate_by_prefix(client):
    client.post("/api/v1/cache/warm")
    assert client.post("/api/v1/cache/invalidate", json={"prefix": "alerts:"}).json() == {"cleared": 1}
    assert client.get("/api/v1/cache/stats").json()["size"] == 1
