"""Health checks and request logs."""

import logging

from {{ cookiecutter.package_name }} import create_app

{% if cookiecutter.auth != "none" -%}
from .conftest import PASSWORD, TEST_CONFIG, sign_in
{%- else -%}
from .conftest import TEST_CONFIG
{%- endif %}
from .test_api import PARENTS


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
