"""Fails on purpose (run by the repository's tests): its database is kept and named in the report."""

import psycopg


def test_fails_and_keeps_its_database(pgtestbed_url):
    with psycopg.connect(pgtestbed_url) as conn:
        conn.execute("INSERT INTO users (email) VALUES ('evidence@example.com')")
    assert False, "this test fails on purpose"
