"""Index each list's filter together with the id, so that a page after a cursor costs the same at any depth.

Revision ID: 0003
Revises: {{ cookiecutter | revision_before("0003") }}
Create Date: 2026-11-27
"""

from alembic import op

revision = "0003"
down_revision = "{{ cookiecutter | revision_before("0003") }}"
branch_labels = None
depends_on = None
INDEXES = [
    # (table, index, columns before, columns after)
    (
        "{{ cookiecutter.__child_snake }}",
        "ix_{{ cookiecutter.__child_snake }}_{{ cookiecutter.__parent_fk }}",
        ["{{ cookiecutter.__parent_fk }}"],
        ["{{ cookiecutter.__parent_fk }}", "id"],
    ),
{%- if cookiecutter.auth != "none" %}
    (
        "{{ cookiecutter.__parent_snake }}",
        "ix_{{ cookiecutter.__parent_snake }}_owner_id",
        ["owner_id"],
        ["owner_id", "id"],
    ),
{%- endif %}
]


def upgrade():
    for table, index, _, columns in INDEXES:
        op.drop_index(op.f(index), table_name=table)
        op.create_index(op.f(index), table, columns)


def downgrade():
    for table, index, columns, _ in INDEXES:
        op.drop_index(op.f(index), table_name=table)
        op.create_index(op.f(index), table, columns)
