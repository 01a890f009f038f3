"""{{ cookiecutter.project_name }}: a hypermedia REST API built with Flask and ripozo."""

import os

from flask import Flask

{% if cookiecutter.auth != "none" -%}
from . import api, auth, health, models
{%- else -%}
from . import api, health, models
{%- endif %}
from .hypermedia import database, headers, metrics, requestlog, scaffold, settings
{%- if cookiecutter.auth != "none" %}
from .hypermedia.accounts import current_user
{%- endif %}

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
# Secrets that must never sign anything in production.
_PLACEHOLDER_SECRETS = {"", "dev", "change-me"}


def create_app(test_config=None):
    """Build the application, with settings from the environment (see .env.example).

    ``test_config`` overrides any setting, for tests.  Outside debug and
    testing, a missing or placeholder ``SECRET_KEY`` stops the start.
    """
    settings.read_dotenv_under_the_flask_command()  # for flask --help, which makes the app early
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
        LOG_LEVEL=settings.choice("LOG_LEVEL", LOG_LEVELS, "INFO"),
        LOG_FORMAT=settings.choice("LOG_FORMAT", requestlog.FORMATS, "text"),
        HSTS=settings.flag("HSTS", default=False),
        METRICS_TOKEN=settings.secret("METRICS_TOKEN", ""),
    )
    if test_config is not None:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database.database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SECRET_KEY"] in _PLACEHOLDER_SECRETS:
        if not (app.debug or app.testing):
            raise RuntimeError("Set SECRET_KEY to a long random value (see .env.example) before serving.")
        app.config["SECRET_KEY"] = "dev"

    models.init_app(app)
    headers.init_app(app)
{%- if cookiecutter.auth != "none" %}
    requestlog.init_app(app, user=current_user)
{%- else %}
    requestlog.init_app(app)
{%- endif %}
    metrics.init_app(app, models.db)
    health.init_app(app)
    api.init_app(app)
    scaffold.init_app(app)
{%- if cookiecutter.auth != "none" %}
    auth.init_app(app)
{%- endif %}
    app.extensions["api"].describe()  # every endpoint is registered: the OpenAPI document is complete
    return app
