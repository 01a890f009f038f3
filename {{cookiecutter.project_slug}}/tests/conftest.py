"""Fixtures: the app on a fresh database, and clients that speak each representation."""

import os
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.api import ADAPTERS
from {{ cookiecutter.package_name }}.models import db

from .representations import REPRESENTATIONS

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app on TEST_DATABASE_URL, or on a new SQLite file, migrated to the latest schema."""
    database = os.environ.get("TEST_DATABASE_URL")
    if not database:
        database = "sqlite:///" + str(tmp_path_factory.mktemp("database") / "test.sqlite3")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _skip_fsync)
        upgrade(directory=MIGRATIONS)
    yield app
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision="base")
        db.engine.dispose()


def _skip_fsync(dbapi_connection, connection_record):
    """A throwaway test database need not survive a power cut: commit faster."""
    dbapi_connection.execute("PRAGMA synchronous=OFF")


@pytest.fixture(autouse=True)
def _empty_tables(app):
    yield
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(params=[REPRESENTATIONS[adapter.extra_headers["Content-Type"]] for adapter in ADAPTERS])
def api(request, client):
    """A client of the API in one representation; tests using it run once for each."""
    return request.param(client)
