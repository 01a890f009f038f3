{%- set parent_fields = cookiecutter.parent_fields | fields -%}
{%- set child_fields = cookiecutter.child_fields | fields -%}
{%- set tables = [(cookiecutter.__parent_snake, parent_fields), (cookiecutter.__child_snake, child_fields)] -%}
{%- set changes = namespace(lines=[]) -%}
{%- for table, fields in tables -%}
{%- for field in fields if field.default is not none -%}
{%- set changes.lines = changes.lines + [field | migration_default(table)] -%}
{%- endfor -%}
{%- endfor -%}
"""Give each column that has a default the same default in the database.

Rows written without the API then get it too.  SQLite changes a column's
default only by rebuilding its table, which would cascade-delete the rows
that refer to it: there the defaults stay in the models alone (a column
added later gets its server default when it is added).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

{% if "sa." in changes.lines | join %}import sqlalchemy as sa
{% endif %}from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
{%- for table, fields in tables %}
{%- for field in fields if field.default is not none %}
{{ field | migration_default(table) }}
{%- endfor %}
{%- endfor %}


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        return
{%- for table, fields in tables %}
{%- for field in fields if field.default is not none %}
{{ field | migration_default(table, removed=True) }}
{%- endfor %}
{%- endfor %}
