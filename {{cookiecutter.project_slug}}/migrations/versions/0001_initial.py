{%- set parent_fields = cookiecutter.parent_fields | fields -%}
{%- set child_fields = cookiecutter.child_fields | fields -%}
"""Create the {{ "app_user, " if cookiecutter.auth != "none" }}{{ cookiecutter.__parent_snake }} and {{ cookiecutter.__child_snake }} tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
{%- if cookiecutter.auth != "none" %}
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
    )
{%- endif %}
    op.create_table(
        "{{ cookiecutter.__parent_snake }}",
        sa.Column("id", sa.Integer(), nullable=False),
{%- if cookiecutter.auth != "none" %}
        sa.Column("owner_id", sa.Integer(), nullable=False),
{%- endif %}
{%- for field in parent_fields %}
{{ field | migration_column }}
{%- endfor %}
{%- if cookiecutter.auth != "none" %}
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["app_user.id"],
            name=op.f("fk_{{ cookiecutter.__parent_snake }}_owner_id"),
            ondelete="CASCADE",
        ),
{%- endif %}
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ cookiecutter.__parent_snake }}")),
{%- for field in parent_fields if field | migration_constraints(cookiecutter.__parent_snake) %}
{{ field | migration_constraints(cookiecutter.__parent_snake) }}
{%- endfor %}
    )
{%- if cookiecutter.auth != "none" %}
    op.create_index(
        op.f("ix_{{ cookiecutter.__parent_snake }}_owner_id"),
        "{{ cookiecutter.__parent_snake }}",
        ["owner_id"],
    )
{%- endif %}
    op.create_table(
        "{{ cookiecutter.__child_snake }}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("{{ cookiecutter.__parent_fk }}", sa.Integer(), nullable=False),
{%- for field in child_fields %}
{{ field | migration_column }}
{%- endfor %}
        sa.ForeignKeyConstraint(
            ["{{ cookiecutter.__parent_fk }}"],
            ["{{ cookiecutter.__parent_snake }}.id"],
            name=op.f("fk_{{ cookiecutter.__child_snake }}_{{ cookiecutter.__parent_fk }}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ cookiecutter.__child_snake }}")),
{%- for field in child_fields if field | migration_constraints(cookiecutter.__child_snake) %}
{{ field | migration_constraints(cookiecutter.__child_snake) }}
{%- endfor %}
    )
    op.create_index(
        op.f("ix_{{ cookiecutter.__child_snake }}_{{ cookiecutter.__parent_fk }}"),
        "{{ cookiecutter.__child_snake }}",
        ["{{ cookiecutter.__parent_fk }}"],
    )


def downgrade():
    op.drop_index(
        op.f("ix_{{ cookiecutter.__child_snake }}_{{ cookiecutter.__parent_fk }}"),
        table_name="{{ cookiecutter.__child_snake }}",
    )
    op.drop_table("{{ cookiecutter.__child_snake }}")
{%- if cookiecutter.auth != "none" %}
    op.drop_index(
        op.f("ix_{{ cookiecutter.__parent_snake }}_owner_id"),
        table_name="{{ cookiecutter.__parent_snake }}",
    )
{%- endif %}
    op.drop_table("{{ cookiecutter.__parent_snake }}")
{%- if cookiecutter.auth != "none" %}
    op.drop_table("app_user")
{%- endif %}
