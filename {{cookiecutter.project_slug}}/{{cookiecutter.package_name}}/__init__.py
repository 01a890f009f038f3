"""{{ cookiecutter.project_name }}: a hypermedia REST API built with Flask and ripozo."""

import os
{%- if cookiecutter.auth != "none" %}
import secrets
{%- endif %}

{% if cookiecutter.auth != "none" -%}
from argon2 import PasswordHasher
{% endif -%}
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from . import health
from .api import Api
{%- if cookiecutter.auth != "none" %}
from .auth import create_user_command
{%- endif %}
from .models import db

migrate = Migrate(render_as_batch=True)
# Secrets that must never sign anything in production.
_PLACEHOLDER_SECRETS = {"", "dev", "change-me"}


def create_app(test_config=None):
    """Build the application, with settings from the environment (see .env.example).

    ``test_config`` overrides any setting, for tests.  Outside debug and
    testing, a missing or placeholder ``SECRET_KEY`` stops the start.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    os.makedirs(app.instance_path, exist_ok=True)
{%- if cookiecutter.database == "postgresql" %}
    default_database = "postgresql://localhost/{{ cookiecutter.package_name }}"
{%- else %}
    default_database = "sqlite:///" + os.path.join(app.instance_path, f"{__name__}.sqlite3")
{%- endif %}
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", ""),
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", default_database),
        MAX_CONTENT_LENGTH=1024 * 1024,
        LOG_LEVEL=_log_level(os.environ.get("LOG_LEVEL", "INFO")),
{%- if cookiecutter.auth != "none" %}
        REGISTRATION_ENABLED=_flag("REGISTRATION_ENABLED", default=True),
{%- endif %}
{%- if cookiecutter.auth == "token" %}
        TOKEN_TTL=_seconds("TOKEN_TTL", default=3600),
{%- endif %}
{%- if cookiecutter.auth != "none" %}
        PASSWORD_HASHER={},
{%- endif %}
    )
    if test_config is not None:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SECRET_KEY"] in _PLACEHOLDER_SECRETS:
        if not (app.debug or app.testing):
            raise RuntimeError("Set SECRET_KEY to a long random value (see .env.example) before serving.")
        app.config["SECRET_KEY"] = "dev"
{%- if cookiecutter.auth != "none" %}
    # Checked against when an email is unknown, so that a wrong email takes as long as a wrong password.
    app.config["DUMMY_HASH"] = PasswordHasher(**app.config["PASSWORD_HASHER"]).hash(secrets.token_hex())
{%- endif %}

    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _enforce_foreign_keys)
    health.init_app(app)
    Api(app)
{%- if cookiecutter.auth != "none" %}
    app.cli.add_command(create_user_command)
{%- endif %}
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


def _log_level(name):
    if name.upper() not in health.LEVELS:
        raise RuntimeError(f"LOG_LEVEL must be one of {', '.join(health.LEVELS)}, not {name!r}.")
    return name.upper()


{% if cookiecutter.auth != "none" -%}
def _flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false", "1", "0"):
        raise RuntimeError(f"{name} must be true or false, not {value!r}.")
    return value.lower() in ("true", "1")


{% endif -%}
{% if cookiecutter.auth == "token" -%}
def _seconds(name, default):
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) == 0:
        raise RuntimeError(f"{name} must be a whole number of seconds, not {value!r}.")
    return int(value)


{% endif -%}
def _enforce_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless each connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
