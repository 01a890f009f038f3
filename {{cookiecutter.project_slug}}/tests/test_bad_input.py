"""Bad input: every case is a 4xx naming the problem, and nothing is written."""

import json

import pytest
from sqlalchemy import func, select

{% if cookiecutter.auth != "none" -%}
from {{ cookiecutter.package_name }}.api import URL_PREFIX
{% endif -%}
from {{ cookiecutter.package_name }}.models import db

from . import samples
{%- if cookiecutter.auth != "none" %}
from .conftest import sign_in
{%- endif %}
from .test_api import (
    ADD_CHILD,
    CHILD_COLUMNS,
    CHILD_MODEL,
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_COLUMNS,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)

PARENT = PARENTS + "{parent}/"
# An id no row has, however many rows the tests before made: the largest an integer column holds.
MISSING = 2**31 - 1
CHILD = CHILDREN + "{child}/"
ADD_TO_PARENT = PARENT + ADD_CHILD
TOO_BIG = 2**31
# Valid bodies, different from the rows the fixture makes, so that no unique column clashes.
PARENT_VALUES = samples.values(PARENT_MODEL, 1)
CHILD_VALUES = samples.values(CHILD_MODEL, 1)

# (method, URL, fields sent the representation's way, status, words the error must contain)
FIELD_CASES = [
    ("POST", PARENTS, {**PARENT_VALUES, "colour": "red"}, 400, ["colour"]),
    ("POST", PARENTS, {**PARENT_VALUES, "id": 7}, 400, ['"id"']),
    ("PATCH", PARENT, {"id": 7}, 400, ['"id"']),
    *(
        ("PATCH", PARENT, {column.key: None}, 400, [column.key, "null"])
        for column in PARENT_COLUMNS
        if not column.nullable
    ),
    *(
        ("PATCH", CHILD, {column.key: None}, 400, [column.key, "null"])
        for column in CHILD_COLUMNS
        if not column.nullable
    ),
    *(
        ("POST", PARENTS, {**PARENT_VALUES, column.key: invalid}, 400, [column.key, words])
        for column in PARENT_COLUMNS
        for invalid, words in samples.invalid_values(column)
    ),
    *(
        ("POST", ADD_TO_PARENT, {**CHILD_VALUES, column.key: invalid}, 400, [column.key, words])
        for column in CHILD_COLUMNS
        for invalid, words in samples.invalid_values(column)
    ),
    *(
        ("PATCH", CHILD, {column.key: invalid}, 400, [column.key, words])
        for column in CHILD_COLUMNS
        for invalid, words in samples.invalid_values(column)[2:]
    ),
    ("POST", CHILDREN, {**CHILD_VALUES, FOREIGN_KEY: 1.9}, 400, [FOREIGN_KEY]),
    ("POST", CHILDREN, {**CHILD_VALUES, FOREIGN_KEY: "abc"}, 400, [FOREIGN_KEY]),
    ("POST", CHILDREN, {**CHILD_VALUES, FOREIGN_KEY: TOO_BIG}, 400, [FOREIGN_KEY]),
    # A well-formed request naming a row there is not: a 404, as a URL naming one is.
    ("POST", CHILDREN, {**CHILD_VALUES, FOREIGN_KEY: MISSING}, 404, [FOREIGN_KEY, "exist"]),
    ("PATCH", CHILD, {FOREIGN_KEY: MISSING}, 404, [FOREIGN_KEY, "exist"]),
    ("POST", PARENT + f"{MISSING}/", PARENT_VALUES, 404, []),
    ("POST", PARENTS.replace(PARENT_TYPE, "nothing"), PARENT_VALUES, 404, []),
    ("PUT", PARENT, PARENT_VALUES, 405, []),
    ("DELETE", PARENTS, None, 405, []),
    ("POST", PARENTS + f"{MISSING}/" + ADD_CHILD, CHILD_VALUES, 404, []),
    ("PATCH", PARENTS + f"{TOO_BIG}/", PARENT_VALUES, 404, []),
]

QUERY_CASES = [
    ("page=0", ["page"]),
    ("page=-1", ["page"]),
    ("page=abc", ["page"]),
    ("count=0", ["count"]),
    ("count=-5", ["count"]),
    ("count=100000", ["count", "100"]),
    ("count=1.5", ["count"]),
    ("after=not-a-cursor", ["after", "cursor"]),
    ("before=e30", ["before", "cursor"]),  # {}
    ("after=eyJpZCI6MX0", ["after", "cursor"]),  # an opaque cursor of old: a cursor is a row's id
    ("after=1.5", ["after", "cursor"]),
    (f"before={TOO_BIG}", ["before", "cursor"]),
    ("page=102", ["page", "next"]),
    ("count=5&page[size]=5", ["page[size]"]),
    ("page=600&count=20", ["page", "next"]),
    ("colour=red", ["colour"]),
    ("colour[lt]=3", ["colour[lt]"]),
    ("id[gt]=abc", ["id[gt]"]),
    ("id[below]=3", ["id[below]", "lt"]),
    ("id[null]=true", ["id[null]"]),
    ("id[in]=1,x", ["id[in]"]),
    ("id[in]=" + ",".join(map(str, range(1, 102))), ["id[in]", "100"]),
    ("id[gt]=1&filter[id][gt]=1", ["id[gt]"]),
    ("q=" + "+".join("abcdefghijk"), ["q"]),
    (f"fields[{CHILD_TYPE}]=nothing", [f"fields[{CHILD_TYPE}]", '"nothing" is not a field']),
    (f"fields[{CHILD_TYPE}]=,", [f"fields[{CHILD_TYPE}]", '"" is not a field']),
    ("fields[nothing]=id", ['"nothing" is no resource type']),
    (f"{FOREIGN_KEY}=abc", [FOREIGN_KEY]),
    *(
        (f"{column.key}={text}", [column.key])
        for column in CHILD_COLUMNS
        if (text := samples.invalid_text(column)) is not None
    ),
]

# (method, URL, Content-Type, raw body, status, words the error must contain)
BODY_CASES = [
    ("POST", PARENTS, "application/json", "{", 400, ["JSON"]),
    ("POST", PARENTS, "application/json", '{"title": "x"', 400, ["JSON"]),
    ("POST", PARENTS, "application/json", "[1, 2]", 400, ["object"]),
    ("POST", PARENTS, "application/json", '"title"', 400, ["object"]),
    ("POST", PARENTS, "application/json", "null", 400, ["object"]),
    ("POST", PARENTS, "application/json", b"\xff\xfe", 400, ["JSON"]),
    ("PATCH", PARENT, "application/json", "{", 400, ["JSON"]),
    ("PATCH", PARENT, "application/json", "[]", 400, ["object"]),
    ("POST", PARENTS, "text/plain", "title=x", 415, ["JSON"]),
    ("POST", ADD_TO_PARENT, "application/xml", "<title/>", 415, ["JSON"]),
    ("POST", PARENTS, "application/json", json.dumps({"padding": "x" * 2_000_000}), 413, []),
]

# (method, URL, header, value, status, words the error must contain): conditional requests' headers.
TAG_VALUES = ["3-siren-00", '"unclosed', '"a", b', '"tab\there"', "W/3", '"' + "x" * 3000 + '"']
KEY_VALUES = ["unquoted", '""', '"' + "k" * 256 + '"', '"caf\\u00e9"', '"a"b"', '"a", "b"', "'single'"]
HEADER_CASES = [
    *(("PATCH", PARENT, "If-Match", value, 400, ["If-Match"]) for value in TAG_VALUES),
    *(("DELETE", CHILD, "If-Match", value, 400, ["If-Match"]) for value in TAG_VALUES[:2]),
    *(("POST", ADD_TO_PARENT, "If-Match", value, 400, ["If-Match"]) for value in TAG_VALUES[:2]),
    *(("GET", PARENT, "If-None-Match", value, 400, ["If-None-Match"]) for value in TAG_VALUES),
    *(("GET", CHILDREN, "If-None-Match", value, 400, ["If-None-Match"]) for value in TAG_VALUES[:2]),
    *(("POST", PARENTS, "Idempotency-Key", value, 400, ["Idempotency-Key"]) for value in KEY_VALUES),
    *(("POST", ADD_TO_PARENT, "Idempotency-Key", key, 400, ["Idempotency-Key"]) for key in KEY_VALUES[:2]),
    # Well formed, but naming a version the row is not at: 412, and nothing is written.
    ("PATCH", PARENT, "If-Match", '"999-siren-0000000000000000"', 412, ["changed"]),
    ("DELETE", CHILD, "If-Match", 'W/"1-siren-0000000000000000"', 412, ["changed"]),
    ("POST", ADD_TO_PARENT, "If-Match", '"not-one-of-ours"', 412, ["changed"]),
]


def row_counts(app):
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def existing(api, app):
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    before = row_counts(app)
    yield {"parent": parent["id"], "child": child["id"]}
    assert row_counts(app) == before, "a rejected request changed the database"


def assert_error(api, response, body, status, words):
    assert response.status_code == status, body
    message = api.error(body)
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(("method", "url", "fields", "status", "words"), FIELD_CASES)
def test_bad_fields(api, existing, method, url, fields, status, words):
    resource_name = CHILD_TYPE if f"/{CHILD_TYPE}/" in url or url.endswith(ADD_CHILD) else PARENT_TYPE
    response, body = api.request(method, url.format(**existing), fields, resource_name)
    assert_error(api, response, body, status, words)


@pytest.mark.parametrize(("query", "words"), QUERY_CASES)
def test_bad_list_queries(api, existing, query, words):
    response, body = api.get(f"{CHILDREN}?{query}")
    assert_error(api, response, body, 400, [api.parameter(word) for word in words])


@pytest.mark.parametrize(("method", "url", "content_type", "data", "status", "words"), BODY_CASES)
def test_bad_bodies(api, existing, method, url, content_type, data, status, words):
    response, body = api.request(method, url.format(**existing), data=data, content_type=content_type)
    assert_error(api, response, body, status, words)


@pytest.mark.parametrize(("method", "url", "header", "value", "status", "words"), HEADER_CASES)
def test_bad_conditional_headers(api, existing, method, url, header, value, status, words):
    fields, resource_name = None, None
    if method in ("POST", "PATCH"):
        child = url.endswith(ADD_CHILD)
        fields, resource_name = (CHILD_VALUES, CHILD_TYPE) if child else (PARENT_VALUES, PARENT_TYPE)
    url = url.format(**existing)
    response, body = api.request(method, url, fields, resource_name, headers={header: value})
    assert_error(api, response, body, status, words)


def test_the_next_request_works_after_an_error(api, existing):
    api.request("POST", PARENTS, data="{", content_type="application/json")
    response, body = api.get(PARENT.format(**existing))
    assert response.status_code == 200
    sent = samples.values(PARENT_MODEL)
    assert {name: api.properties(body)[name] for name in sent} == sent
{%- if cookiecutter.auth != "none" %}


WORKSPACES = f"{URL_PREFIX}/workspace/"
WORKSPACE = WORKSPACES + "{workspace}/"
MEMBERS = f"{URL_PREFIX}/member/"
MEMBER = MEMBERS + "{member}/"
INVITED = {"email": "eve@example.com", "role": "viewer"}

# (method, URL, fields sent the representation's way, status, words the error must contain) of the
# workspaces and members: their owner sends them, with Eve already a viewer.
WORKSPACE_CASES = [
    ("POST", WORKSPACES, {}, 400, ['"name"', "required"]),
    ("POST", WORKSPACES, {"name": "x" * 101}, 400, ['"name"']),
    ("POST", WORKSPACES, {"name": "Team", "personal_of_id": 1}, 400, ['"personal_of_id"']),
    ("POST", WORKSPACES, {"name": "Team", "id": 5}, 400, ['"id"']),
    ("PATCH", WORKSPACE, {"name": None}, 400, ['"name"', "null"]),
    ("PATCH", WORKSPACES + f"{MISSING}/", {"name": "Team"}, 404, []),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "email": "eve"}, 400, ['"email"']),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "role": "admin"}, 400, ['"role"']),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "role": None}, 400, ['"role"']),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "workspace_id": 1}, 400, ['"workspace_id"']),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "account_id": 1}, 400, ['"account_id"']),
    ("POST", WORKSPACE + "addmember/", {**INVITED, "email": "ann@example.com"}, 404, ["ann@example.com"]),
    ("POST", WORKSPACE + "addmember/", INVITED, 409, ["already a member"]),
    ("POST", WORKSPACES + f"{MISSING}/addmember/", INVITED, 404, []),
    ("POST", MEMBERS, {**INVITED, "workspace_id": MISSING}, 404, ['"workspace_id"']),
    ("POST", MEMBERS, {**INVITED, "workspace_id": "abc"}, 400, ['"workspace_id"']),
    ("PATCH", MEMBER, {"role": "boss"}, 400, ['"role"']),
    ("PATCH", MEMBER, {"role": None}, 400, ['"role"', "null"]),
    ("PATCH", MEMBER, {"email": "grace@example.com"}, 400, ['"email"']),
    ("PATCH", MEMBER, {"workspace_id": 1}, 400, ['"workspace_id"']),
    ("POST", PARENTS, {**PARENT_VALUES, "workspace_id": "abc"}, 400, ['"workspace_id"']),
    ("POST", PARENTS, {**PARENT_VALUES, "workspace_id": TOO_BIG}, 400, ['"workspace_id"']),
    ("POST", PARENTS, {**PARENT_VALUES, "workspace_id": MISSING}, 404, ['"workspace_id"']),
    ("PATCH", PARENT, {"workspace_id": 1}, 400, ['"workspace_id"']),
]


@pytest.fixture
def shared(api, app, client):
    """The ids of the user's rows, of a workspace of theirs and of Eve's membership of it, as a viewer."""
    parent = create_parent(api)
    existing = {"parent": parent["id"], "child": add_child(api, parent["id"])["id"]}
    sign_in(client, "eve@example.com")
    _, body = api.post(WORKSPACES, {"name": "Team"}, "workspace")
    workspace = api.properties(body)["id"]
    _, body = api.post(WORKSPACE.format(workspace=workspace) + "addmember/", INVITED, "member")
    ids = {**existing, "workspace": workspace, "member": api.properties(body)["id"]}
    before = row_counts(app)
    yield ids
    assert row_counts(app) == before, "a rejected request changed the database"


@pytest.mark.parametrize(("method", "url", "fields", "status", "words"), WORKSPACE_CASES)
def test_bad_workspace_and_member_fields(api, shared, method, url, fields, status, words):
    resource_name = "member" if "/member/" in url or url.endswith("addmember/") else "workspace"
    resource_name = PARENT_TYPE if url.startswith(PARENTS) else resource_name
    response, body = api.request(method, url.format(**shared), fields, resource_name)
    assert_error(api, response, body, status, words)


@pytest.mark.parametrize(
    "query", ["role=boss", "workspace_id=abc", f"account_id={TOO_BIG}", "email=not-an-address"]
)
def test_bad_member_list_queries(api, shared, query):
    response, body = api.get(f"{MEMBERS}?{query}")
    assert_error(api, response, body, 400, [api.parameter(query.partition("=")[0])])
{%- endif %}
