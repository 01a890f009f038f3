{%- set previous = cookiecutter | revision_before("row_versions") -%}
{%- set signed_in = cookiecutter.auth != "none" -%}
{%- set versioned = [cookiecutter.__parent_snake, cookiecutter.__child_snake] + (["workspace", "member"] if signed_in else []) -%}
"""Give each row a version that every write bumps; keep the answers of requests sent with an Idempotency-Key.

{{ ("Each row of " ~ versioned[:-1] | join(", ") ~ " and " ~ versioned[-1] ~ " starts at version 1: its ETag names the version, and a write with If-Match checks and bumps it in one statement. idempotency_key keeps, for each key a client sent, the answer to the request that made a row, so that a retry gets it again rather than making another.") | wordwrap(76, false) }}

Revision ID: row_versions
Revises: {{ previous }}
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "row_versions"
down_revision = "{{ previous }}"
branch_labels = None
depends_on = None

VERSIONED = [
{%- for table in versioned %}
    "{{ table }}",
{%- endfor %}
]


def upgrade():
    for table in VERSIONED:
        op.add_column(table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "idempotency_key",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_key")),
    )
    op.create_index(op.f("ix_idempotency_key_expires_at"), "idempotency_key", ["expires_at"])


def downgrade():
    op.drop_index(op.f("ix_idempotency_key_expires_at"), table_name="idempotency_key")
    op.drop_table("idempotency_key")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_version")
