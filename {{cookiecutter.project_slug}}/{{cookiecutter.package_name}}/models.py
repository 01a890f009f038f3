{%- set parent_fields = cookiecutter.parent_fields | fields -%}
{%- set child_fields = cookiecutter.child_fields | fields -%}
{%- set needs = (parent_fields + child_fields) | model_imports -%}
"""The database: a {{ cookiecutter.parent_resource }} holds many {{ cookiecutter.child_resource }} rows.

This is where the fields are declared.  Add a column here, then run
``flask db migrate`` and ``flask db upgrade``: the API shows it, validates
it and offers it in its actions.
"""

{% if needs.datetime -%}
import datetime
{% endif -%}
{% if needs.decimal -%}
import decimal
{% endif -%}
{% if needs.datetime or needs.decimal %}
{% endif -%}
import flask_migrate
import flask_sqlalchemy
import sqlalchemy as sa
from sqlalchemy import orm

{% if needs.types -%}
from .hypermedia import database, types
{%- else -%}
from .hypermedia import database
{%- endif %}

db = flask_sqlalchemy.SQLAlchemy(metadata=sa.MetaData(naming_convention=database.NAMING_CONVENTION))
migrate = flask_migrate.Migrate(render_as_batch=True)


def init_app(app):
    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        database.enforce_foreign_keys(db.engine)


class {{ cookiecutter.parent_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__parent_snake }}"
{%- if cookiecutter.auth != "none" %}
    # Each user's list reads the page after a cursor through this index, at any depth.
    __table_args__ = (
        sa.Index(
            "ix_{{ cookiecutter.__parent_snake }}_owner_id",
            "owner_id",
            "id",
        ),
    )
{%- endif %}

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
{%- if cookiecutter.auth != "none" %}
    # Whoever created it (auth.py): never shown or set through the API.
    owner_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("app_user.id", ondelete="CASCADE"),
        info={"hidden": True},
    )
{%- endif %}
{%- for field in parent_fields %}
{{ field | model_column(cookiecutter.__parent_snake) }}
{%- endfor %}
    {{ cookiecutter.__child_plural }}: orm.Mapped[list["{{ cookiecutter.child_resource }}"]] = orm.relationship(
        back_populates="{{ cookiecutter.__parent_snake }}",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class {{ cookiecutter.child_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__child_snake }}"
    # A {{ cookiecutter.__parent_snake | replace("_", " ") }}'s list reads the page after a cursor through this index, at any depth.
    __table_args__ = (
        sa.Index(
            "ix_{{ cookiecutter.__child_snake }}_{{ cookiecutter.__parent_fk }}",
            "{{ cookiecutter.__parent_fk }}",
            "id",
        ),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    {{ cookiecutter.__parent_fk }}: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("{{ cookiecutter.__parent_snake }}.id", ondelete="CASCADE"),
    )
{%- for field in child_fields %}
{{ field | model_column(cookiecutter.__child_snake) }}
{%- endfor %}
    {{ cookiecutter.__parent_snake }}: orm.Mapped["{{ cookiecutter.parent_resource }}"] = orm.relationship(
        back_populates="{{ cookiecutter.__child_plural }}",
    )
