{%- set parent, child = cookiecutter | resources -%}
"""Make a unique field unique within one workspace, or one parent row, not across every user's rows.

One user's row made another user's row with the same value a 409, which
also told them that the value exists.  Each unique constraint of one
column becomes one of the workspace's column (or the parent's foreign key)
and that column, under the same name; no row changes.  Going back is
refused, changing nothing, while rows of two workspaces or parents share
a value: rename them first.

Revision ID: unique_within_workspaces
Revises: workspaces
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision = "unique_within_workspaces"
down_revision = "workspaces"
branch_labels = None
depends_on = None

# (table, the column its values become unique within, the unique column)
MOVED = [
{%- for resource in (parent, child) %}
{%- for field in resource.fields if field.unique %}
{{ (resource.table, resource.unique_within, field.name) | strings_tuple }}
{%- endfor %}
{%- endfor %}
]


def upgrade():
    for table, within, column in MOVED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_{column}"), type_="unique")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_{column}"), [within, column])


def downgrade():
    if not op.get_context().as_sql:
        for table, _, column in MOVED:
            _refuse_shared_values(table, column)
    for table, _, column in reversed(MOVED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_{column}"), type_="unique")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_{column}"), [column])


def _refuse_shared_values(table, column):
    """A CommandError when rows share a value that going back would make unique across the whole table."""
    values = sa.table(table, sa.column(column)).c[column]
    shared = sa.select(values).group_by(values).having(sa.func.count() > 1).limit(3)
    found = op.get_bind().execute(shared).scalars().all()
    if found:
        listed = ", ".join(repr(value) for value in found)
        raise CommandError(
            f"Going back would make {table}.{column} unique in the whole table, and rows of different "
            f"workspaces or parents share values ({listed}); nothing was changed. Rename those rows first."
        )
