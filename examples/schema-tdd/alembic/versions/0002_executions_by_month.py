"""Execution history, partitioned by month of execution_start.

Revision ID: 0002
Revises: 0001

One partition per month (UTC months) keeps the newest months small and lets old ones be detached or dropped
whole. 2026's months are created here; tb_execution_add_month(date) adds any other month (run it
ahead of time from a scheduled job). A row for a month without a partition is refused (SQLSTATE
23514) rather than silently parked in a default partition.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ADD_MONTH = """
CREATE FUNCTION tb_execution_add_month(month date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := format('tb_execution_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
BEGIN
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF tb_execution FOR VALUES FROM (%L) TO (%L)',
    name, first::timestamp AT TIME ZONE 'UTC', (first + interval '1 month') AT TIME ZONE 'UTC');
  RETURN name;
END
$$
"""


def upgrade():
    op.create_table(
        "tb_execution",
        sa.Column("pk_execution", UUID(as_uuid=True), nullable=False, server_default=sa.text("gen_random_uuid()")),
        sa.Column("fk_query", UUID(as_uuid=True), sa.ForeignKey("tb_query.pk_query", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "fk_endpoint", UUID(as_uuid=True), sa.ForeignKey("tb_endpoint.pk_endpoint", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("execution_start", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("execution_end", sa.TIMESTAMP(timezone=True)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("response_time_ms", sa.Integer),
        sa.Column("response_size_bytes", sa.Integer),
        sa.Column("actual_complexity_score", sa.Integer),
        sa.Column("error_message", sa.Text),
        sa.Column("error_code", sa.String(50)),
        sa.Column("response_data", JSONB),
        sa.Column("variables_used", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("execution_context", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        # The partition key must be part of every unique key of a partitioned table.
        sa.PrimaryKeyConstraint("pk_execution", "execution_start", name="pk_tb_execution"),
        sa.CheckConstraint("status IN ('pending', 'success', 'error', 'timeout')", name="ck_execution_status"),
        sa.CheckConstraint("response_time_ms >= 0", name="ck_execution_response_time"),
        sa.CheckConstraint("execution_end >= execution_start", name="ck_execution_end_after_start"),
        postgresql_partition_by="RANGE (execution_start)",
    )
    op.execute(ADD_MONTH)
    op.execute("SELECT tb_execution_add_month(make_date(2026, m, 1)) FROM generate_series(1, 12) AS m")


def downgrade():
    op.drop_table("tb_execution")  # its partitions go with it
    op.execute("DROP FUNCTION tb_execution_add_month(date)")
