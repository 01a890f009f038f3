"""JSON:API 1.1 specifics: document structure, relationships and errors."""

import pytest

from . import samples
from .representations.base import BASE_URL
from .representations.jsonapi import JsonApi
from .test_api import (
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)


@pytest.fixture
def jsonapi(speak):
    return speak(JsonApi)


def test_a_resource_object_has_string_ids_and_to_one_linkage(jsonapi):
    parent = create_parent(jsonapi)
    child = add_child(jsonapi, parent["id"])
    _, body = jsonapi.get(f"{CHILDREN}{child['id']}/")
    assert body["jsonapi"] == {"version": "1.1"}
    data = body["data"]
    assert data["type"] == CHILD_TYPE
    assert data["id"] == str(child["id"])
    assert FOREIGN_KEY not in data["attributes"]
    parent_relationship = data["relationships"]["{{ cookiecutter.__parent_snake }}"]
    assert parent_relationship["data"] == {"type": PARENT_TYPE, "id": str(parent["id"])}
    assert parent_relationship["links"]["related"] == f"{BASE_URL}{PARENTS}{parent['id']}/"
    assert data["links"]["self"] == f"{BASE_URL}{CHILDREN}{child['id']}/"


def test_a_to_many_relationship_is_a_list_of_identifiers(jsonapi):
    parent = create_parent(jsonapi)
    child = add_child(jsonapi, parent["id"])
    _, body = jsonapi.get(f"{PARENTS}{parent['id']}/")
    relationships = body["data"]["relationships"]
    identifiers = [{"type": CHILD_TYPE, "id": str(child["id"])}]
    assert relationships["{{ cookiecutter.__child_plural }}"]["data"] == identifiers
    related = relationships["{{ cookiecutter.__child_url }}_list"]["links"]["related"]
    assert related == f"{BASE_URL}{CHILDREN}?{FOREIGN_KEY}={parent['id']}"


def test_a_collection_is_a_list_of_resource_objects_with_pagination_links(jsonapi):
    ids = [create_parent(jsonapi, number)["id"] for number in range(3)]
    _, body = jsonapi.get(f"{PARENTS}?count=2")
    assert [item["id"] for item in body["data"]] == [str(id_) for id_ in ids[:2]]
    assert body["links"]["next"].startswith(f"{BASE_URL}{PARENTS}?count=2&after=")
    assert body["meta"] == {"count": 2}
    _, body = jsonapi.get(f"{PARENTS}?page[size]=2&page[after]={body['links']['next'].rpartition('=')[2]}")
    assert [item["id"] for item in body["data"]] == [str(ids[2])]
    assert body["links"]["prev"].startswith(f"{BASE_URL}{PARENTS}?count=2&before=")


def test_field_errors_point_at_the_attribute(jsonapi):
    response, body = jsonapi.post(PARENTS, {**samples.values(PARENT_MODEL), "colour": "red"}, PARENT_TYPE)
    assert response.status_code == 400
    (error,) = body["errors"]
    assert error["status"] == "400"
    assert error["source"] == {"pointer": "/data/attributes/colour"}


def test_a_body_without_data_is_400(jsonapi):
    response, body = jsonapi.request("POST", PARENTS, json={"colour": "red"}, content_type=jsonapi.media_type)
    assert response.status_code == 400
    assert '"data"' in body["errors"][0]["detail"]
