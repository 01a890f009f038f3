"""The OpenAPI document at {prefix}/openapi.json: valid, and true of the API, as Schemathesis checks it.

Schemathesis generates requests for every operation from the document, sends
each one in every representation the API serves (through Accept), and checks
that no response is a server error and that every status, content type,
header and body is the one the document describes.  ``make test`` runs a few
random examples of each operation; ``make fuzz`` sets FUZZ_EXAMPLES, which
runs that many and adds Schemathesis's coverage phase (every boundary value
and every kind of invalid input the document implies).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX

from .conftest import TEST_CONFIG
from .contract import COLLECTIONS, create
from .representations import REPRESENTATIONS

MEDIA_TYPES = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_EXAMPLES = os.environ.get("FUZZ_EXAMPLES")
EXAMPLES = int(FUZZ_EXAMPLES or 4)


@pytest.fixture
def document(client):
    response = client.get(f"{URL_PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_the_index_links_to_the_document(client):
    response = client.get(f"{URL_PREFIX}/")
    assert response.headers["Link"] == f'<http://localhost{URL_PREFIX}/openapi.json>; rel="service-desc"'


def test_every_route_under_the_prefix_is_described(app, document):
    """Every endpoint of the API, that is: the browsable pages' static files are not part of it."""
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    routes = {
        (rule.rule.replace("<int:", "{").replace(">", "}"), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(f"{URL_PREFIX}/") and rule.endpoint != "hypermedia_static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == described


def _document():
    """The document, from an app of its own: it is built from the code, not from the database."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get(f"{URL_PREFIX}/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())
schema.config.phases.coverage.enabled = FUZZ_EXAMPLES is not None


@pytest.fixture
def seeded(speak):
    """A row of every collection, each under its parent's: the ids of their URLs, for the document's id 1."""
    api = speak(REPRESENTATIONS[MEDIA_TYPES[0]])
    ids = {}
    for collection in sorted(COLLECTIONS, key=lambda collection: collection.depth):
        under = ids[collection.parent.url] if collection.parent else None
        ids[collection.url] = create(api, collection, under=under)["id"]
    return ids


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_does_what_the_document_says(case, app, headers, seeded):
    if case.path_parameters and case.path_parameters.get("id") == 1:  # a row that exists, whatever its id
        collection = next(url for url in seeded if case.operation.path.startswith(url))
        case.path_parameters["id"] = seeded[collection]
    for media_type in MEDIA_TYPES:
        case.call_and_validate(app=app, headers={**headers, "Accept": media_type}, checks=CHECKS)
