{%- set parent_fields = cookiecutter.parent_fields | fields -%}
{%- set child_fields = cookiecutter.child_fields | fields -%}
{%- set needs = (parent_fields + child_fields) | model_imports -%}
{%- set parent, child = cookiecutter | resources -%}
{%- import "{{cookiecutter.package_name}}/hypermedia/scaffold/templates/models.j2" as code -%}
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


{{ code.model(parent) }}


{{ code.model(child) }}
