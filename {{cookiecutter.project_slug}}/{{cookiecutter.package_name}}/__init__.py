"""{{ cookiecutter.project_name }}: a hypermedia REST API built with Flask and ripozo."""

import os

from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from .api import Api
from .models import db

migrate = Migrate(render_as_batch=True)


def create_app(test_config=None):
    """Build the application; settings come from the environment.

    ``DATABASE_URL`` picks the database (default: a SQLite file in the
    instance folder) and ``SECRET_KEY`` signs what needs signing.
    ``test_config`` overrides any setting, for tests.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    os.makedirs(app.instance_path, exist_ok=True)
{%- if cookiecutter.database == "postgresql" %}
    default_database = "postgresql://localhost/{{ cookiecutter.package_name }}"
{%- else %}
    default_database = "sqlite:///" + os.path.join(app.instance_path, "{{ cookiecutter.package_name }}.sqlite3")
{%- endif %}
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", default_database),
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    if test_config is not None:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])

    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _enforce_foreign_keys)
    Api(app)
    return app


def database_url(url):
    """The SQLAlchemy URL for a database URL; PostgreSQL URLs use psycopg 3.

    Hosting platforms hand out ``postgres://`` and ``postgresql://`` URLs,
    which SQLAlchemy would open with psycopg2.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RuntimeError(f"The database URL {url!r} is not a valid SQLAlchemy URL.") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _enforce_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless each connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
