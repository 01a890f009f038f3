"""Never give a deleted row's id to another row: on SQLite, every table's ids AUTOINCREMENT.

PostgreSQL's sequences never hand out an id twice.  SQLite gives the
largest id, once its row is deleted, to the next row, unless the table is
declared AUTOINCREMENT; a URL a client kept would then name another row.
Each SQLite table not yet so declared is rebuilt, its rows kept: the
migrations' connection declares AUTOINCREMENT every table it creates with
one integer primary key (hypermedia/migrations/transactions.py).  Elsewhere,
and in ``flask db upgrade --sql``, it does nothing.

Revision ID: ids_never_reused
Revises: {{ cookiecutter | revision_before("ids_never_reused") }}
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "ids_never_reused"
down_revision = "{{ cookiecutter | revision_before("ids_never_reused") }}"
branch_labels = None
depends_on = None

# The tables whose ids SQLite may reuse: those declared without AUTOINCREMENT (its own tables aside).
REUSING = sa.text(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name != 'alembic_version' AND upper(sql) NOT LIKE '%AUTOINCREMENT%' ORDER BY name"
)


def upgrade():
    if op.get_bind().dialect.name != "sqlite" or op.get_context().as_sql:
        return
    for table in op.get_bind().execute(REUSING).scalars().all():
        with op.batch_alter_table(table, recreate="always"):
            pass


def downgrade():
    pass  # AUTOINCREMENT only keeps ids from coming back: going back, the tables may keep it
