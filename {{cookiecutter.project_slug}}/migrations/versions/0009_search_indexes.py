{%- set parent, child = cookiecutter | resources -%}
{%- set previous = cookiecutter | revision_before("search_indexes") -%}
"""Index each text field for the search, q=words, on PostgreSQL: a trigram index serves it at any size.

A search keeps the rows in which every word is part of a text field's
value (``ILIKE '%word%'``), which no B-tree index serves: without one,
each search reads every row the other filters leave.  A GIN index of the
column's trigrams (PostgreSQL's pg_trgm extension, which comes with it;
creating it needs the CREATE privilege on the database) serves it.  A
column since renamed, dropped or no longer text is left alone.  SQLite
has no such index: there the revision does nothing.

Revision ID: search_indexes
Revises: {{ previous }}
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "search_indexes"
down_revision = "{{ previous }}"
branch_labels = None
depends_on = None

# (table, text column, its trigram index)
SEARCHED = [
{%- for resource in (parent, child) %}
{%- for column, index in resource.table | search_index_names(resource.fields) %}
{{ (resource.table, column, index) | strings_tuple }}
{%- endfor %}
{%- endfor %}
]


def upgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, index in _still_text(SEARCHED):
        op.create_index(
            op.f(index),
            table,
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade():
    if op.get_context().dialect.name != "postgresql":
        return
    for table, _, index in reversed(SEARCHED):
        op.drop_index(op.f(index), table_name=table, if_exists=True)


def _still_text(searched):
    """The columns of ``searched`` the database still has as text (all of them, writing SQL: ``--sql``)."""
    if op.get_context().as_sql:
        return searched
    inspector = sa.inspect(op.get_bind())
    text = {
        (table, column["name"])
        for table in {table for table, _, _ in searched}
        for column in inspector.get_columns(table)
        if isinstance(column["type"], sa.String)
    }
    return [(table, column, index) for table, column, index in searched if (table, column) in text]
