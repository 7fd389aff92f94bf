"""What the constraints refuse, and what deleting a parent takes with it — by doing it.

The structure itself (which keys, which ON DELETE) is asserted in schema/structure.test.mjs; these
tests show the behaviour an application sees, with the SQLSTATE it gets.
"""

import psycopg
import pytest
from psycopg import errors

from .conftest import execution


def test_query_names_are_unique(db, query_id):
    with pytest.raises(errors.UniqueViolation) as caught:
        db.execute("INSERT INTO tb_query (name, query_text) VALUES ('users', 'query { other }')")
    assert caught.value.sqlstate == "23505"
    assert caught.value.diag.constraint_name == "uq_query_name"


@pytest.mark.parametrize(
    "sql,constraint",
    [
        ("INSERT INTO tb_query (name, query_text) VALUES ('', 'query { a }')", "ck_query_name_not_empty"),
        ("INSERT INTO tb_query (name, query_text) VALUES ('q', '')", "ck_query_text_not_empty"),
        ("INSERT INTO tb_query (name, query_text, tags) VALUES ('q', 'x', '{\"a\": 1}')", "ck_query_tags_array"),
        ("INSERT INTO tb_endpoint (name, url) VALUES ('e', 'not-a-url')", "ck_endpoint_url_http"),
        ("INSERT INTO tb_endpoint (name, url, auth_type) VALUES ('e', 'https://x', 'magic')", "ck_endpoint_auth_type"),
        ("INSERT INTO tb_endpoint (name, url, timeout_seconds) VALUES ('e', 'https://x', 0)", "ck_endpoint_timeout"),
    ],
)
def test_checks_refuse_bad_rows(db, sql, constraint):
    with pytest.raises(errors.CheckViolation) as caught:
        db.execute(sql)
    assert caught.value.diag.constraint_name == constraint


def test_an_endpoint_stores_a_valid_url_and_defaults(db, endpoint_id):
    row = db.execute(
        "SELECT url, auth_type, timeout_seconds, max_retries, is_active FROM tb_endpoint WHERE pk_endpoint = %s",
        [endpoint_id],
    ).fetchone()
    assert row == ("https://api.example.com/graphql", "none", 30, 3, True)


def test_executions_need_an_existing_query(db, endpoint_id):
    with pytest.raises(errors.ForeignKeyViolation):
        execution(db, "00000000-0000-0000-0000-000000000000", endpoint_id, "2026-03-01T12:00:00Z")


def test_a_schedule_is_unique_per_query_endpoint_and_cron(db, query_id, endpoint_id):
    insert = "INSERT INTO tb_schedule (fk_query, fk_endpoint, cron_expression) VALUES (%s, %s, %s)"
    db.execute(insert, [query_id, endpoint_id, "*/5 * * * *"])
    db.execute(insert, [query_id, endpoint_id, "0 * * * *"])
    with pytest.raises(errors.UniqueViolation):
        db.execute(insert, [query_id, endpoint_id, "*/5 * * * *"])


def counts(db):
    return {
        table: db.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
        for table in ("tb_execution", "tb_schedule", "tb_health_check")
    }


def test_deleting_a_query_deletes_its_executions_and_schedules(db, query_id, endpoint_id):
    execution(db, query_id, endpoint_id, "2026-03-01T12:00:00Z")
    execution(db, query_id, endpoint_id, "2026-07-01T12:00:00Z")  # another partition
    db.execute("INSERT INTO tb_schedule (fk_query, fk_endpoint, cron_expression) VALUES (%s, %s, '@hourly')", [query_id, endpoint_id])
    db.execute("INSERT INTO tb_health_check (fk_endpoint, is_healthy) VALUES (%s, true)", [endpoint_id])
    db.execute("DELETE FROM tb_query WHERE pk_query = %s", [query_id])
    assert counts(db) == {"tb_execution": 0, "tb_schedule": 0, "tb_health_check": 1}


def test_deleting_an_endpoint_deletes_everything_that_points_at_it(db, query_id, endpoint_id):
    execution(db, query_id, endpoint_id, "2026-03-01T12:00:00Z")
    db.execute("INSERT INTO tb_schedule (fk_query, fk_endpoint, cron_expression) VALUES (%s, %s, '@daily')", [query_id, endpoint_id])
    db.execute("INSERT INTO tb_health_check (fk_endpoint, is_healthy) VALUES (%s, false)", [endpoint_id])
    db.execute("DELETE FROM tb_endpoint WHERE pk_endpoint = %s", [endpoint_id])
    assert counts(db) == {"tb_execution": 0, "tb_schedule": 0, "tb_health_check": 0}
    assert db.execute("SELECT count(*) FROM tb_query").fetchone() == (1,)
