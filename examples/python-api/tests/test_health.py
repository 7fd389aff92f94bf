"""The deep health check: healthy, a missing table, an unreachable database.

Each test owns its database, so breaking it (dropping a table, refusing connections) harms no
other test; pgtestbed drops it afterwards as usual.
"""

import psycopg


def test_deep_check_reports_the_database_and_the_cache(anonymous):
    response = anonymous.get("/health/deep")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["missing_tables"] == []
    assert body["database"]["server_version"][:2].isdigit()
    assert body["cache"]["size"] == 0


def test_deep_check_fails_when_a_table_is_missing(anonymous, db):
    db.execute("DROP TABLE alert_delivery_queue")
    response = anonymous.get("/health/deep")
    assert response.status_code == 503
    assert response.json()["database"]["missing_tables"] == ["alert_delivery_queue"]


def test_deep_check_fails_when_the_database_refuses_connections(anonymous, db, pgtestbed_url):
    assert anonymous.get("/health/deep").status_code == 200
    name = db.execute("SELECT current_database()").fetchone()[0]
    # A database cannot close its own door: do it from the server's maintenance database, then
    # cut the connections the app's pool holds.
    with psycopg.connect(pgtestbed_url, dbname="postgres", autocommit=True) as admin:
        admin.execute('ALTER DATABASE "%s" ALLOW_CONNECTIONS false' % name)
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
    # The first check may find its pooled connection cut, or already be refused a new one.
    cut = anonymous.get("/health/deep")
    assert (cut.status_code, cut.json()["status"]) == (503, "unavailable")
    refused = anonymous.get("/health/deep")
    assert refused.status_code == 503
    assert "not currently accepting connections" in refused.json()["database"]["error"]
