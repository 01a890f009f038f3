"""Let an account be an admin, who reads and writes every user's rows: none is, until made one.

``flask create-user --admin`` makes an admin, ``flask set-admin`` makes an
account one or, with ``--off``, no longer.

Revision ID: admins
Revises: ids_never_reused
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "admins"
down_revision = "ids_never_reused"
branch_labels = None
depends_on = None


def upgrade():
    # Never rebuilt: dropping app_user on SQLite would cascade-delete what its accounts own.
    with op.batch_alter_table("app_user", recreate="never") as batch:
        batch.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    # Never rebuilt: dropping app_user on SQLite would cascade-delete what its accounts own.
    with op.batch_alter_table("app_user", recreate="never") as batch:
        batch.drop_column("is_admin")
