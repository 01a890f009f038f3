"""Fixtures: the app on a fresh database, and clients that speak each representation."""

{% if cookiecutter.auth == "basic" -%}
import base64
{% endif -%}
import os
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event

from {{ cookiecutter.package_name }} import create_app
{% if cookiecutter.auth != "none" -%}
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
{%- else -%}
from {{ cookiecutter.package_name }}.api import ADAPTERS
{%- endif %}
from {{ cookiecutter.package_name }}.models import db

from .representations import REPRESENTATIONS

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "a secret for tests only",
{%- if cookiecutter.auth != "none" %}
    # Hash passwords cheaply: the tests sign in hundreds of times, from one address.
    "PASSWORD_HASHER": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
    "SIGN_IN_LIMIT_PER_ADDRESS": "100000 per minute",
    "SIGN_IN_LIMIT_PER_ACCOUNT": "100000 per minute",
    "SIGN_UP_LIMIT_PER_ADDRESS": "100000 per minute",
{%- endif %}
}
{%- if cookiecutter.auth != "none" %}
EMAIL = "ada@example.com"
PASSWORD = "correct horse battery staple"
{%- endif %}


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app on TEST_DATABASE_URL, or on a new SQLite file, migrated to the latest schema."""
    database = os.environ.get("TEST_DATABASE_URL")
    if not database:
        database = "sqlite:///" + str(tmp_path_factory.mktemp("database") / "test.sqlite3")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database})
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


{% if cookiecutter.auth == "none" -%}
@pytest.fixture
def headers():
    """What every request sends besides Accept: nothing, as this API is open."""
    return {}
{%- else -%}
def sign_in(client, email):
    """Register a user; the headers that authenticate their requests."""
    response = client.post(f"{URL_PREFIX}/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.get_data(as_text=True)
{%- if cookiecutter.auth == "basic" %}
    credentials = base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}
{%- else %}
    response = client.post(f"{URL_PREFIX}/auth/token", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}
{%- endif %}


@pytest.fixture
def headers(client):
    """What a signed-in user's requests send besides Accept."""
    return sign_in(client, EMAIL)
{%- endif %}


@pytest.fixture
def speak(client, headers):
    """Makes clients of the API in a given representation."""
    return lambda representation: representation(client, headers)


@pytest.fixture(params=[REPRESENTATIONS[adapter.extra_headers["Content-Type"]] for adapter in ADAPTERS])
def api(request, speak):
    """A client of the API in one representation; tests using it run once for each."""
    return speak(request.param)


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs, in order."""
    with app.app_context():
        engine = db.engine
    executed = []

    def record(connection, cursor, statement, parameters, context, executemany):
        executed.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield executed
    event.remove(engine, "before_cursor_execute", record)
