"""{{ cookiecutter.project_name }}: a hypermedia REST API built with Flask and ripozo."""

import os

from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import event

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
    default_database = "sqlite:///" + os.path.join(app.instance_path, "{{ cookiecutter.package_name }}.sqlite3")
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", default_database),
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    if test_config is not None:
        app.config.update(test_config)

    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _enforce_foreign_keys)
    Api(app)
    return app


def _enforce_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless each connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
