"""Health checks, readiness, request ids and request logs."""

import json
import logging
import re

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import text

from {{ cookiecutter.package_name }} import create_app
{%- if cookiecutter.auth != "none" %}
from {{ cookiecutter.package_name }}.api import URL_PREFIX
{%- endif %}
from {{ cookiecutter.package_name }}.models import db

{% if cookiecutter.auth != "none" -%}
from .conftest import EMAIL, MIGRATIONS, PASSWORD, TEST_CONFIG, sign_in
{%- else -%}
from .conftest import MIGRATIONS, TEST_CONFIG
{%- endif %}
from .test_api import PARENTS

A_NEW_ID = re.compile(r"[0-9a-f]{32}")


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_does_not(tmp_path):
    unreachable = f"sqlite:///{tmp_path}/no/such/directory/database.sqlite3"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": unreachable})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_readyz_is_200_when_the_schema_is_at_the_migrations_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_while_a_migration_has_not_run(app, client):
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision="0001")  # "-1" cannot step back from a merge of two heads
    try:
        response = client.get("/readyz")
    finally:
        with app.app_context():
            upgrade(directory=MIGRATIONS)
    assert response.status_code == 503
    assert "flask db upgrade" in response.get_json()["database"]
    assert client.get("/readyz").status_code == 200


def test_readyz_stays_200_when_a_newer_release_has_migrated_past_this_one(app, client):
    # A rolling deploy runs the new release's migration while this release still serves.
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
        db.session.commit()
    try:
        response = client.get("/readyz")
    finally:
        with app.app_context():
            db.session.execute(text("DELETE FROM alembic_version"))
            db.session.commit()
            stamp(directory=MIGRATIONS)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_before_any_migration_and_when_the_database_does_not_answer(tmp_path):
    for database in (f"sqlite:///{tmp_path}/empty.sqlite3", f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3"):
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database})
        response = app.test_client().get("/readyz")
        assert response.status_code == 503, database
        assert response.get_json()["status"] == "unavailable"


def test_a_short_printable_request_id_is_kept_and_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-7f3a:1"})
    assert response.headers["X-Request-ID"] == "proxy-7f3a:1"


@pytest.mark.parametrize("sent", ["", "x" * 129, "two words", "caf\u00e9", "a\tb"], ids=repr)
def test_any_other_request_id_is_replaced_by_a_new_one(client, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert A_NEW_ID.fullmatch(response.headers["X-Request-ID"])


def test_without_a_request_id_each_request_gets_its_own(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3 and all(A_NEW_ID.fullmatch(request_id) for request_id in ids)


def test_every_line_of_a_request_names_its_id(client, headers, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get(f"{PARENTS}?count=5", headers={**headers, "X-Request-ID": "trace-me"})
    lines = [record for record in caplog.records if record.name.startswith(create_app.__module__)]
    assert lines
    assert {record.request_id for record in lines} == {"trace-me"}


def test_each_request_logs_one_line(client, headers, caplog):
    with caplog.at_level(logging.INFO):
        client.get(f"{PARENTS}?count=5", headers=headers)
    lines = [record.getMessage() for record in caplog.records if record.name.endswith(".requests")]
    assert len(lines) == 1
    method, path, status, duration = lines[0].split()
    assert (method, path, status) == ("GET", PARENTS, "200")
    assert duration.endswith("ms")
{%- if cookiecutter.auth != "none" %}


def test_logs_hold_no_password(client, caplog):
    with caplog.at_level(logging.DEBUG):
        sign_in(client, "logged@example.com")
        client.get(PARENTS, auth=("logged@example.com", PASSWORD))
    assert caplog.records
    assert PASSWORD not in caplog.text
{%- endif %}


@pytest.fixture
def json_logs(app, capsys):
    """An app on the test database that logs in JSON, and the lines it wrote, parsed."""
    text_handlers = app.logger.handlers[:]
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    # Its logger is the app's (one a process): its JSON handler is undone afterwards.
    json_app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database, "LOG_FORMAT": "json"})
    capsys.readouterr()

    def lines():
        return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]

    yield json_app.test_client(), lines
    json_app.logger.handlers[:] = text_handlers


def test_log_format_json_writes_one_object_a_line_with_the_request_s_fields(json_logs):
    client, lines = json_logs
{%- if cookiecutter.auth != "none" %}
    headers = sign_in(client, EMAIL)
{%- else %}
    headers = {}
{%- endif %}
    lines()
    client.get(f"{PARENTS}999999/", headers={**headers, "X-Request-ID": "json-line"})
    (line,) = lines()
    assert line["request_id"] == "json-line"
    assert (line["method"], line["path"], line["status"]) == ("GET", f"{PARENTS}999999/", 404)
    assert line["route"] == f"{PARENTS}<int:id>/"
    assert isinstance(line["duration_ms"], float)
    assert {"time", "level", "logger", "message"} <= line.keys()
{%- if cookiecutter.auth != "none" %}
    assert isinstance(line["user_id"], int)
{%- else %}
    assert line["user_id"] is None
{%- endif %}
{%- if cookiecutter.auth != "none" %}


def test_a_whole_session_logs_no_password_token_or_authorization(json_logs):
    client, lines = json_logs
    headers = sign_in(client, "session@example.com")
    wrong = {"email": "session@example.com", "password": "a wrong guess"}
    client.post(f"{URL_PREFIX}/auth/token", json=wrong)
    client.get(PARENTS, headers=headers)
    client.get(f"{PARENTS}?secret=query-secret", headers=headers)
    written = json.dumps(lines())
    credential = headers["Authorization"].split()[1]
    for secret in (PASSWORD, "a wrong guess", credential, "Authorization", "query-secret"):
        assert secret not in written
{%- endif %}
