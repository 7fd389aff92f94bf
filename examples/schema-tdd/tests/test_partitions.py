"""Monthly partitions of tb_execution: where rows land, months without a partition, adding one."""

import pytest
from psycopg import errors

from .conftest import execution


def test_rows_land_in_their_month(db, query_id, endpoint_id):
    assert execution(db, query_id, endpoint_id, "2026-01-15T08:00:00Z") == "tb_execution_y2026m01"
    assert execution(db, query_id, endpoint_id, "2026-12-31T23:59:59Z") == "tb_execution_y2026m12"


def test_months_are_utc_months(db, query_id, endpoint_id):
    # 23:30 on 31 January in New York is already February in UTC.
    assert execution(db, query_id, endpoint_id, "2026-01-31T23:30:00-05:00") == "tb_execution_y2026m02"


def test_a_month_without_a_partition_is_refused_until_it_is_added(db, query_id, endpoint_id):
    with pytest.raises(errors.CheckViolation) as caught:
        execution(db, query_id, endpoint_id, "2031-05-17T10:00:00Z")
    assert "no partition of relation" in str(caught.value)
    assert db.execute("SELECT tb_execution_add_month('2031-05-17')").fetchone() == ("tb_execution_y2031m05",)
    assert db.execute("SELECT tb_execution_add_month('2031-05-01')").fetchone() == ("tb_execution_y2031m05",)  # idempotent
    assert execution(db, query_id, endpoint_id, "2031-05-17T10:00:00Z") == "tb_execution_y2031m05"


def test_changing_the_start_moves_the_row_to_its_new_month(db, query_id, endpoint_id):
    execution(db, query_id, endpoint_id, "2026-03-10T00:00:00Z")
    db.execute("UPDATE tb_execution SET execution_start = '2026-04-10T00:00:00Z'")
    assert db.execute("SELECT tableoid::regclass::text FROM tb_execution").fetchone() == ("tb_execution_y2026m04",)


def test_checks_hold_on_every_partition(db, query_id, endpoint_id):
    with pytest.raises(errors.CheckViolation) as caught:
        execution(db, query_id, endpoint_id, "2026-06-01T00:00:00Z", status="done")
    assert caught.value.diag.constraint_name == "ck_execution_status"
