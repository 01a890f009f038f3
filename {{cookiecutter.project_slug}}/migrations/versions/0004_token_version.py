"""Give each account a token version: a new password or ``flask revoke-tokens`` bumps it.

Every token made before the bump then stops working.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # Never rebuilt: dropping app_user on SQLite would cascade-delete what its accounts own.
    with op.batch_alter_table("app_user", recreate="never") as batch:
        batch.add_column(sa.Column("token_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    # Never rebuilt: dropping app_user on SQLite would cascade-delete what its accounts own.
    with op.batch_alter_table("app_user", recreate="never") as batch:
        batch.drop_column("token_version")
