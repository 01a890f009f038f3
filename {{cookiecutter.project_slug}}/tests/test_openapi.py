"""The OpenAPI document at {prefix}/openapi.json: valid, and true of the API, as Schemathesis checks it.

Schemathesis generates requests for every operation from the document, sends
each one in every representation the API serves (through Accept), and checks
that no response is a server error, that every status, content type,
header and body is the one the document describes, and that each body keeps
its media type's own rules (``representations/``).  ``make test`` runs a few
random examples of each operation; ``make fuzz`` sets FUZZ_EXAMPLES, which
runs that many and adds Schemathesis's coverage phase (every boundary value
and every kind of invalid input the document implies).
"""

import itertools
import os
import re

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

from . import samples
{%- if cookiecutter.auth != "none" %}
from .conftest import TEST_CONFIG, sign_in
{%- else %}
from .conftest import TEST_CONFIG
{%- endif %}
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
ROW = "{id}"  # a row's id, in the document's paths
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


def _operations(document):
    """Every operation by its operationId: (path, method, operation)."""
    return {
        operation["operationId"]: (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_every_link_leads_to_an_operation_and_fills_only_its_parameters(document):
    operations = _operations(document)
    links = {
        (source, name): link
        for source, (_path, _method, operation) in operations.items()
        for response in operation["responses"].values()
        for name, link in response.get("links", {}).items()
    }
    assert {source for source, _name in links} >= {f"{c.resource.__name__}__create" for c in COLLECTIONS}
    for (source, name), link in links.items():
        _path, _method, target = operations[link["operationId"]]
        accepted = {parameter["name"] for parameter in target.get("parameters", ())}
        assert set(link.get("parameters", {})) <= accepted, (source, name)
        assert "requestBody" not in link or "requestBody" in target, (source, name)


class LinkWalker:
    """A client that knows only the document: it sends an operation and follows its response's links."""

    def __init__(self, api, document):
        self.api = api
        self.operations = _operations(document)
        self.numbers = itertools.count(1)  # each row it writes a sample of its own, for unique columns

    def send(self, operation_id, path=None, query=None, fields=None):
        """The operation, with its path's and query's parameters and a body: (response, request)."""
        template, method, _operation = self.operations[operation_id]
        name = _written_by(template, operation_id).name
        url = template.format(**path or {})
        response, body = self.api.request(method.upper(), url, fields, name, query_string=query or {})
        return response, {"path": path or {}, "body": fields, "response": response, "answer": body}

    def follow(self, link, request):
        """The request ``link`` describes, its values taken from the request that led to it.

        An operation that takes a body gets a row's sample values, with
        what the link puts in it (a parent's id).
        """
        template, _method, target = self.operations[link["operationId"]]
        values = _evaluate_each(link.get("parameters", {}), request)
        in_path = {parameter["name"] for parameter in target["parameters"] if parameter["in"] == "path"}
        fields = None
        if "requestBody" in target:
            model = _written_by(template, link["operationId"]).model
            put_in = _evaluate_each(link.get("requestBody", {}), request)
            fields = {**samples.values(model, next(self.numbers)), **put_in}
        path = {name: value for name, value in values.items() if name in in_path}
        query = {name: value for name, value in values.items() if name not in in_path}
        return self.send(link["operationId"], path, query, fields)


def _written_by(path, operation_id):
    """The collection whose rows the operation reads or writes: ``Task__update``'s is Task's.

    A parent's add route writes a row of its child's.
    """
    for collection in COLLECTIONS:
        if collection.parent and path == f"{collection.parent.url}{ROW}/{collection.add_route}/":
            return collection
    return next(c for c in COLLECTIONS if operation_id.startswith(f"{c.resource.__name__}__"))


def _evaluate_each(expressions, request):
    return {name: _evaluate(expression, request) for name, expression in expressions.items()}


def _evaluate(expression, request):
    """An OpenAPI runtime expression, or one with the ``#regex:`` extractor Schemathesis adds."""
    if expression.startswith("$request.path."):
        return request["path"][expression.removeprefix("$request.path.")]
    if expression.startswith("$request.body#/"):
        return request["body"][expression.removeprefix("$request.body#/")]
    header, _, pattern = expression.removeprefix("$response.header.").partition("#regex:")
    return int(re.search(pattern, request["response"].headers[header]).group(1))


def _links(operation, status):
    return operation["responses"][status].get("links", {})


@pytest.mark.parametrize("collection", COLLECTIONS, ids=str)
def test_following_the_links_walks_a_row_from_its_create_to_its_delete(collection, speak, document):
    """Create, then each link: read, update, the children's list and create, the parent; delete; read: 404."""
    walker = LinkWalker(speak(REPRESENTATIONS[MEDIA_TYPES[0]]), document)
    values = samples.values(collection.model)
    if collection.parent is not None:
        values[collection.foreign_key] = create(walker.api, collection.parent)["id"]
    create_id = f"{collection.resource.__name__}__create"
    response, request = walker.send(create_id, fields=values)
    assert response.status_code == 201, request["answer"]
    links = _links(walker.operations[create_id][2], "201")
    assert {"retrieve", "update", "delete"} <= links.keys()
    for name, link in sorted(links.items(), key=lambda item: item[0] == "delete"):  # the delete last
        followed, after = walker.follow(link, request)
        _path, method, _target = walker.operations[link["operationId"]]
        assert followed.status_code == (201 if method == "post" else 200), (name, after["answer"])
    _path, _method, delete = walker.operations[links["delete"]["operationId"]]
    gone, _request = walker.follow(_links(delete, "200")["retrieve"], after)
    assert gone.status_code == 404


def _document():
    """The document, from an app of its own: it is built from the code, not from the database."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get(f"{URL_PREFIX}/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())
schema.config.phases.coverage.enabled = FUZZ_EXAMPLES is not None


@pytest.fixture
{%- if cookiecutter.auth != "none" %}
def seeded(speak, client):
{%- else %}
def seeded(speak):
{%- endif %}
    """A row of every collection, each under its parent's: the ids of their URLs, for the document's id 1."""
    api = speak(REPRESENTATIONS[MEDIA_TYPES[0]])
    ids = {}
    for collection in sorted(COLLECTIONS, key=lambda collection: collection.depth):
        under = ids[collection.parent.url] if collection.parent else None
        ids[collection.url] = create(api, collection, under=under)["id"]
{%- if cookiecutter.auth != "none" %}
    # A workspace of the user's with another account in it, which the user may rename, delete or leave.
    _, body = api.post(f"{URL_PREFIX}/workspace/", {"name": "Shared"}, "workspace")
    ids[f"{URL_PREFIX}/workspace/"] = workspace_id = api.properties(body)["id"]
    sign_in(client, "eve@example.com")
    invited = {"email": "eve@example.com", "role": "viewer"}
    _, body = api.post(f"{URL_PREFIX}/workspace/{workspace_id}/addmember/", invited, "member")
    ids[f"{URL_PREFIX}/member/"] = api.properties(body)["id"]
{%- endif %}
    return ids


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_does_what_the_document_says(case, app, headers, seeded):
    if case.path_parameters and case.path_parameters.get("id") == 1:  # a row that exists, whatever its id
        collection = next(url for url in seeded if case.operation.path.startswith(url))
        case.path_parameters["id"] = seeded[collection]
    for media_type in MEDIA_TYPES:
        response = case.call_and_validate(app=app, headers={**headers, "Accept": media_type}, checks=CHECKS)
        answered = response.headers.get("content-type", [""])[0].partition(";")[0]
        if response.content and answered in REPRESENTATIONS:  # then by its media type's own specification
            REPRESENTATIONS[answered].check(response.json())
