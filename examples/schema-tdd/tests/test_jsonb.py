"""JSONB columns: what goes in comes back out, and the containment queries the app relies on."""

from psycopg.types.json import Jsonb

VARIABLES = {
    "filters": {"status": ["active", "pending"], "createdAfter": "2024-01-01T00:00:00Z"},
    "pagination": {"limit": 50, "offset": 0},
    "includeDeleted": False,
    "cursor": None,
    "ratio": 0.25,
    "big": 2**53 + 1,
    "name": "Zoë — ✓",
}


def test_variables_round_trip_exactly(db):
    db.execute("INSERT INTO tb_query (name, query_text, variables) VALUES ('q', 'query { a }', %s)", [Jsonb(VARIABLES)])
    (stored,) = db.execute("SELECT variables FROM tb_query WHERE name = 'q'").fetchone()
    assert stored == VARIABLES
    assert isinstance(stored["filters"]["status"], list)
    assert stored["big"] == 2**53 + 1  # numeric in JSONB: no float rounding


def test_defaults_are_empty_documents_not_null(db):
    db.execute("INSERT INTO tb_query (name, query_text) VALUES ('q', 'query { a }')")
    assert db.execute("SELECT variables, tags, metadata FROM tb_query").fetchone() == ({}, [], {})


def test_jsonb_normalizes_keys_the_way_postgres_documents(db):
    # Duplicate keys: the last one wins; key order is not kept. An app must not depend on either.
    (stored,) = db.execute("""SELECT '{"b": 1, "a": 2, "b": 3}'::jsonb""").fetchone()
    assert stored == {"a": 2, "b": 3}


def test_tag_and_metadata_containment(db):
    for i in range(9):
        db.execute(
            "INSERT INTO tb_query (name, query_text, tags, metadata) VALUES (%s, 'query { t }', %s, %s)",
            ["q%d" % i, Jsonb(["performance" if i % 3 == 0 else "smoke", "cat-%d" % (i % 2)]), Jsonb({"team": "team-%d" % (i % 3)})],
        )
    tagged = db.execute("""SELECT name FROM tb_query WHERE tags @> '["performance"]' ORDER BY name""").fetchall()
    assert [name for (name,) in tagged] == ["q0", "q3", "q6"]
    both = db.execute("""SELECT name FROM tb_query WHERE tags @> '["smoke", "cat-1"]' ORDER BY name""").fetchall()
    assert [name for (name,) in both] == ["q1", "q5", "q7"]
    team = db.execute("""SELECT count(*) FROM tb_query WHERE metadata @> '{"team": "team-2"}'""").fetchone()
    assert team == (3,)
