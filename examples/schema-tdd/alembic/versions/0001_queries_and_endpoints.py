"""Stored queries and the endpoints they run against.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def uuid_pk(name):
    return sa.Column(name, UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()"))


def jsonb(name, empty):
    return sa.Column(name, JSONB, nullable=False, server_default=sa.text("'%s'::jsonb" % empty))


def timestamps():
    return [
        sa.Column("created_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
    ]


def upgrade():
    op.create_table(
        "tb_query",
        uuid_pk("pk_query"),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("query_text", sa.Text, nullable=False),
        jsonb("variables", "{}"),
        sa.Column("expected_complexity_score", sa.Integer),
        jsonb("tags", "[]"),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_by", sa.String(255)),
        jsonb("metadata", "{}"),
        *timestamps(),
        sa.UniqueConstraint("name", name="uq_query_name"),
        sa.CheckConstraint("name <> ''", name="ck_query_name_not_empty"),
        sa.CheckConstraint("query_text <> ''", name="ck_query_text_not_empty"),
        sa.CheckConstraint("jsonb_typeof(tags) = 'array'", name="ck_query_tags_array"),
        sa.CheckConstraint("expected_complexity_score >= 0", name="ck_query_complexity"),
    )
    op.create_table(
        "tb_endpoint",
        uuid_pk("pk_endpoint"),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("auth_type", sa.String(50), nullable=False, server_default="none"),
        jsonb("auth_config", "{}"),
        jsonb("headers", "{}"),
        sa.Column("timeout_seconds", sa.Integer, nullable=False, server_default="30"),
        sa.Column("max_retries", sa.Integer, nullable=False, server_default="3"),
        sa.Column("retry_delay_seconds", sa.Integer, nullable=False, server_default="1"),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        *timestamps(),
        sa.Column("last_health_check", sa.TIMESTAMP(timezone=True)),
        sa.UniqueConstraint("name", name="uq_endpoint_name"),
        sa.CheckConstraint("url ~ '^https?://'", name="ck_endpoint_url_http"),
        sa.CheckConstraint("auth_type IN ('none', 'bearer', 'api_key', 'basic')", name="ck_endpoint_auth_type"),
        sa.CheckConstraint("timeout_seconds > 0", name="ck_endpoint_timeout"),
        sa.CheckConstraint("max_retries >= 0 AND retry_delay_seconds >= 0", name="ck_endpoint_retries"),
    )


def downgrade():
    op.drop_table("tb_endpoint")
    op.drop_table("tb_query")
