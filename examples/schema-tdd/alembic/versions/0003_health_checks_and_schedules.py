"""Endpoint health checks, and schedules that run a query against an endpoint.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def uuid_pk(name):
    return sa.Column(name, UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()"))


def references(column, target):
    return sa.Column(column, UUID(as_uuid=True), sa.ForeignKey(target, ondelete="CASCADE"), nullable=False)


def upgrade():
    op.create_table(
        "tb_health_check",
        uuid_pk("pk_health_check"),
        references("fk_endpoint", "tb_endpoint.pk_endpoint"),
        sa.Column("checked_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("is_healthy", sa.Boolean, nullable=False),
        sa.Column("response_time_ms", sa.Integer),
        sa.Column("error_message", sa.Text),
        sa.Column("available_operations", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.create_table(
        "tb_schedule",
        uuid_pk("pk_schedule"),
        references("fk_query", "tb_query.pk_query"),
        references("fk_endpoint", "tb_endpoint.pk_endpoint"),
        sa.Column("cron_expression", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("next_run_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("last_run_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("created_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.UniqueConstraint("fk_query", "fk_endpoint", "cron_expression", name="uq_schedule_query_endpoint_cron"),
    )


def downgrade():
    op.drop_table("tb_schedule")
    op.drop_table("tb_health_check")
