"""The database: a {{ cookiecutter.parent_resource }} holds many {{ cookiecutter.child_resource }} rows.

This is where the fields are declared.  Add a column here, then run
``flask db migrate`` and ``flask db upgrade``: the API shows it, validates
it and offers it in its actions.
"""

import flask_migrate
import flask_sqlalchemy
import sqlalchemy as sa
from sqlalchemy import orm

from .hypermedia import database

db = flask_sqlalchemy.SQLAlchemy(metadata=sa.MetaData(naming_convention=database.NAMING_CONVENTION))
migrate = flask_migrate.Migrate(render_as_batch=True)


def init_app(app):
    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        database.enforce_foreign_keys(db.engine)


class {{ cookiecutter.parent_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__parent_snake }}"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
{%- if cookiecutter.auth != "none" %}
    # Whoever created it (auth.py): never shown or set through the API.
    owner_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("app_user.id", ondelete="CASCADE"),
        index=True,
        info={"hidden": True},
    )
{%- endif %}
    title: orm.Mapped[str] = orm.mapped_column(sa.String(50))
    {{ cookiecutter.__child_plural }}: orm.Mapped[list["{{ cookiecutter.child_resource }}"]] = orm.relationship(
        back_populates="{{ cookiecutter.__parent_snake }}",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class {{ cookiecutter.child_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__child_snake }}"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    {{ cookiecutter.__parent_fk }}: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("{{ cookiecutter.__parent_snake }}.id", ondelete="CASCADE"),
        index=True,
    )
    title: orm.Mapped[str] = orm.mapped_column(sa.String(50))
    description: orm.Mapped[str] = orm.mapped_column(sa.Text)
    completed: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, default=False)
    {{ cookiecutter.__parent_snake }}: orm.Mapped["{{ cookiecutter.parent_resource }}"] = orm.relationship(
        back_populates="{{ cookiecutter.__child_plural }}",
    )
