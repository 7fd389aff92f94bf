"""Each test gets its own database: both tests insert the same unique email and see one row."""

import psycopg
import pytest


@pytest.mark.parametrize("attempt", range(4))
def test_fresh_database_per_test(pgtestbed_url, attempt):
    with psycopg.connect(pgtestbed_url) as conn:
        conn.execute("INSERT INTO users (email) VALUES ('alice@example.com')")
        emails = [r[0] for r in conn.execute("SELECT email FROM users ORDER BY id")]
    assert emails == ["seed@example.com", "alice@example.com"]


def test_constraints_come_from_the_migrations(pgtestbed_url):
    with psycopg.connect(pgtestbed_url) as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO orders (user_id, total) VALUES (1, -5)")


def test_session_database_is_shared(pgtestbed_session_url):
    with psycopg.connect(pgtestbed_session_url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS session_marks (id int)")
        conn.execute("INSERT INTO session_marks VALUES (1)")
    with psycopg.connect(pgtestbed_session_url) as conn:
        assert conn.execute("SELECT count(*) FROM session_marks").fetchone()[0] >= 1
