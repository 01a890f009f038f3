"""GET /metrics: Prometheus's text format, for the bearer of METRICS_TOKEN only, by route template."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from {{ cookiecutter.package_name }} import create_app
{%- if cookiecutter.auth == "token" %}
from {{ cookiecutter.package_name }}.api import URL_PREFIX
{%- endif %}

from .conftest import TEST_CONFIG
from .test_api import PARENTS

TOKEN = "a metrics token for tests"


@pytest.fixture
def scraped(app):
    """A client of an app on the test database that serves /metrics, and what reads a sample (or None)."""
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    metrics_app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database, "METRICS_TOKEN": TOKEN})
    client = metrics_app.test_client()

    def sample(name, **labels):
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response.mimetype == "text/plain"
        for family in text_string_to_metric_families(response.get_data(as_text=True)):
            for found in family.samples:
                if found.name == name and found.labels == labels:
                    return found.value
        return None

    return client, sample


def test_metrics_are_not_served_without_a_token(client):
    assert client.get("/metrics").status_code == 404


def test_a_metrics_folder_that_is_not_there_stops_the_start(app, monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "missing"))
    with pytest.raises(RuntimeError, match=r"PROMETHEUS_MULTIPROC_DIR .* is not a folder"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})


@pytest.mark.parametrize("authorization", [None, "Bearer a wrong token entirely", f"Basic {TOKEN}"])
def test_metrics_refuse_anyone_without_the_token(scraped, authorization):
    client, _sample = scraped
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_requests_are_counted_by_method_route_template_and_status(scraped, headers):
    client, sample = scraped
    missing = {"method": "GET", "route": f"{PARENTS}<int:id>/", "status": "404"}
    before = sample("http_requests_total", **missing) or 0
    for row_id in (123456, 123457, 123458):
        assert client.get(f"{PARENTS}{row_id}/", headers=headers).status_code == 404
    assert sample("http_requests_total", **missing) == before + 3
    durations = {"method": "GET", "route": f"{PARENTS}<int:id>/"}
    assert sample("http_request_duration_seconds_count", **durations) >= 3
    assert sample("http_requests_total", method="GET", route=f"{PARENTS}123456/", status="404") is None


def test_the_pool_gauge_is_back_to_zero_between_requests(scraped, headers):
    client, sample = scraped
    client.get(PARENTS, headers=headers)
    assert sample("db_pool_connections_in_use") == 0
{%- if cookiecutter.auth != "none" %}


def test_refused_sign_ins_are_counted(scraped):
    client, sample = scraped
    before = sample("sign_in_refusals_total") or 0
    credentials = {"email": "nobody@example.com", "password": "not the password"}
{%- if cookiecutter.auth == "token" %}
    assert client.post(f"{URL_PREFIX}/auth/token", json=credentials).status_code == 401
{%- else %}
    assert client.get(PARENTS, auth=(credentials["email"], credentials["password"])).status_code == 401
{%- endif %}
    assert sample("sign_in_refusals_total") == before + 1
{%- endif %}
