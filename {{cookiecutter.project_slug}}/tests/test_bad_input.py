"""Bad input: every case is a 4xx naming the problem, and nothing is written."""

import json

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.models import db

from .test_api import (
    ADD_CHILD,
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)

PARENT = PARENTS + "{parent}/"
CHILD = CHILDREN + "{child}/"
ADD_TO_PARENT = PARENT + ADD_CHILD
TOO_BIG = 2**31
MILK = {"title": "Milk", "description": "Two litres"}

# (method, URL, fields sent the representation's way, status, words the error must contain)
FIELD_CASES = [
    ("POST", PARENTS, {}, 400, ["title", "required"]),
    ("POST", PARENTS, {"title": None}, 400, ["title"]),
    ("POST", PARENTS, {"title": 1.9}, 400, ["title", "string"]),
    ("POST", PARENTS, {"title": 5}, 400, ["title", "string"]),
    ("POST", PARENTS, {"title": {"text": "x"}}, 400, ["title", "string"]),
    ("POST", PARENTS, {"title": ["x"]}, 400, ["title", "string"]),
    ("POST", PARENTS, {"title": "x" * 51}, 400, ["title", "50"]),
    ("POST", PARENTS, {"title": "ok", "colour": "red"}, 400, ["colour"]),
    ("POST", PARENTS, {"title": "ok", "id": 7}, 400, ['"id"']),
    ("PATCH", PARENT, {"id": 7}, 400, ['"id"']),
    ("PATCH", PARENT, {"title": None}, 400, ["title", "null"]),
    ("PATCH", PARENT, {"title": 3}, 400, ["title"]),
    ("POST", ADD_TO_PARENT, {"title": "Milk"}, 400, ["description"]),
    ("POST", ADD_TO_PARENT, {**MILK, "completed": "yes"}, 400, ["completed"]),
    ("POST", ADD_TO_PARENT, {**MILK, "completed": 1}, 400, ["completed"]),
    ("POST", CHILDREN, {**MILK, FOREIGN_KEY: 1.9}, 400, [FOREIGN_KEY]),
    ("POST", CHILDREN, {**MILK, FOREIGN_KEY: "abc"}, 400, [FOREIGN_KEY]),
    ("POST", CHILDREN, {**MILK, FOREIGN_KEY: TOO_BIG}, 400, [FOREIGN_KEY]),
    ("POST", CHILDREN, {**MILK, FOREIGN_KEY: 999}, 400, [FOREIGN_KEY, "exist"]),
    ("PATCH", CHILD, {FOREIGN_KEY: 999}, 400, [FOREIGN_KEY, "exist"]),
    ("PATCH", CHILD, {"completed": "no"}, 400, ["completed"]),
    ("POST", PARENT + "999/", {"title": "x"}, 404, []),
    ("POST", PARENTS.replace(PARENT_TYPE, "nothing"), {"title": "x"}, 404, []),
    ("PUT", PARENT, {"title": "x"}, 405, []),
    ("DELETE", PARENTS, None, 405, []),
    ("POST", PARENTS + "999/" + ADD_CHILD, MILK, 404, []),
    ("PATCH", PARENTS + f"{TOO_BIG}/", {"title": "x"}, 404, []),
]

QUERY_CASES = [
    ("page=0", ["page"]),
    ("page=-1", ["page"]),
    ("page=abc", ["page"]),
    ("count=0", ["count"]),
    ("count=-5", ["count"]),
    ("count=100000", ["count", "100"]),
    ("count=1.5", ["count"]),
    ("colour=red", ["colour"]),
    (f"{FOREIGN_KEY}=abc", [FOREIGN_KEY]),
    ("completed=maybe", ["completed"]),
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
    ("POST", PARENTS, "application/json", json.dumps({"title": "x" * 2_000_000}), 413, []),
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
    resource_name = CHILD_TYPE if f"/{CHILD_TYPE}/" in url else PARENT_TYPE
    response, body = api.request(method, url.format(**existing), fields, resource_name)
    assert_error(api, response, body, status, words)


@pytest.mark.parametrize(("query", "words"), QUERY_CASES)
def test_bad_list_queries(api, existing, query, words):
    response, body = api.get(f"{CHILDREN}?{query}")
    assert_error(api, response, body, 400, words)


@pytest.mark.parametrize(("method", "url", "content_type", "data", "status", "words"), BODY_CASES)
def test_bad_bodies(api, existing, method, url, content_type, data, status, words):
    response, body = api.request(method, url.format(**existing), data=data, content_type=content_type)
    assert_error(api, response, body, status, words)


def test_the_next_request_works_after_an_error(api, existing):
    api.request("POST", PARENTS, data="{", content_type="application/json")
    response, body = api.get(PARENT.format(**existing))
    assert response.status_code == 200
    assert api.properties(body)["title"] == "Groceries"
