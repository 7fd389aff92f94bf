"""Indexes for the queries the app runs, each proved by a plan assertion in schema/plans.test.mjs.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = [
    # name, table, columns, options
    ("idx_query_tags_gin", "tb_query", ["tags"], {"postgresql_using": "gin"}),
    ("idx_query_metadata_gin", "tb_query", ["metadata"], {"postgresql_using": "gin"}),
    (
        "idx_query_active_by_author",
        "tb_query",
        ["created_by", sa.text("created_at DESC")],
        {"postgresql_where": sa.text("is_active")},
    ),
    ("idx_execution_query_start", "tb_execution", ["fk_query", sa.text("execution_start DESC")], {}),
    ("idx_execution_endpoint", "tb_execution", ["fk_endpoint"], {}),
    (
        "idx_execution_success_time",
        "tb_execution",
        ["fk_endpoint", "response_time_ms"],
        {"postgresql_where": sa.text("status = 'success'")},
    ),
    ("idx_health_check_endpoint_time", "tb_health_check", ["fk_endpoint", sa.text("checked_at DESC")], {}),
    ("idx_schedule_due", "tb_schedule", ["next_run_at"], {"postgresql_where": sa.text("is_active")}),
    ("idx_schedule_endpoint", "tb_schedule", ["fk_endpoint"], {}),
]


def upgrade():
    for name, table, columns, options in INDEXES:
        op.create_index(name, table, columns, **options)


def downgrade():
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
