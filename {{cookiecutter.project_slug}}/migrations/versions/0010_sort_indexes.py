{%- set parent, child = cookiecutter | resources -%}
{%- set previous = cookiecutter | revision_before("sort_indexes") -%}
"""Index the fields declared with ^ with the id: a list sorted by one costs the same at any depth.

{{ ("A " ~ child.names.words ~ "'s index starts with " ~ child.parent.foreign_key ~ ", which the list under a " ~ parent.names.words ~ " filters by; a " ~ parent.names.words ~ "'s is (field, id). A list sorted by the field, alone or within a range of it, then reads any page from its cursor on, as fast as the first. A column since renamed or dropped is left alone.") | wordwrap(76, false) }}

Revision ID: sort_indexes
Revises: {{ previous }}
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "sort_indexes"
down_revision = "{{ previous }}"
branch_labels = None
depends_on = None

# (table, index, its columns...)
INDEXES = [
{%- for resource in (parent, child) %}
{%- for index, columns in resource.sort_indexes %}
{{ ([resource.table, index] + columns | list) | strings_tuple }}
{%- endfor %}
{%- endfor %}
]


def upgrade():
    for table, index, *columns in _still_there(INDEXES):
        op.create_index(op.f(index), table, columns)


def downgrade():
    for table, index, *_ in reversed(INDEXES):
        op.drop_index(op.f(index), table_name=table, if_exists=True)


def _still_there(indexes):
    """The indexes whose columns the database still has (all of them, writing SQL: ``--sql``)."""
    if op.get_context().as_sql:
        return indexes
    inspector = sa.inspect(op.get_bind())
    columns = {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in {table for table, *_ in indexes}
    }
    return [(table, index, *named) for table, index, *named in indexes if set(named) <= columns[table]]
