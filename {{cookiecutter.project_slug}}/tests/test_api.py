"""The API's behaviour, checked in every representation it serves."""

import pytest

from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX

from .representations.base import BASE_URL

# The resource names, as in URLs and in representations, and the child's foreign key.
PARENT_TYPE = "{{ cookiecutter.__parent_url }}"
CHILD_TYPE = "{{ cookiecutter.__child_url }}"
FOREIGN_KEY = "{{ cookiecutter.__parent_fk }}"
# What error messages call one of each.
PARENT_NOUN = "{{ cookiecutter.__parent_snake | replace("_", " ") }}"
CHILD_NOUN = "{{ cookiecutter.__child_snake | replace("_", " ") }}"
PARENTS = f"{URL_PREFIX}/{PARENT_TYPE}/"
CHILDREN = f"{URL_PREFIX}/{CHILD_TYPE}/"
ADD_CHILD = "{{ cookiecutter.__add_child_url }}/"


def create_parent(api, title="Groceries"):
    response, body = api.post(PARENTS, {"title": title}, PARENT_TYPE)
    assert response.status_code == 201, body
    return api.properties(body)


def add_child(api, parent_id, **fields):
    fields = {"title": "Milk", "description": "Two litres", **fields}
    response, body = api.post(f"{PARENTS}{parent_id}/{ADD_CHILD}", fields, CHILD_TYPE)
    assert response.status_code == 201, body
    return api.properties(body)


def test_index_links_to_both_collections(api):
    response, body = api.get(f"{URL_PREFIX}/")
    assert response.status_code == 200
    assert api.link(body, PARENT_TYPE) == BASE_URL + PARENTS
    assert api.link(body, CHILD_TYPE) == BASE_URL + CHILDREN
    for url in (PARENTS, CHILDREN):
        response, _ = api.get(url)
        assert response.status_code == 200


def test_any_media_type_gets_the_first_adapter(client):
    response = client.get(f"{URL_PREFIX}/", headers={"Accept": "*/*"})
    assert response.mimetype == ADAPTERS[0].extra_headers["Content-Type"]
    response = client.get(f"{URL_PREFIX}/")
    assert response.mimetype == ADAPTERS[0].extra_headers["Content-Type"]


def test_media_type_parameters_do_not_change_the_representation(api):
    response, _ = api.get(f"{URL_PREFIX}/", headers={"Accept": f"{api.media_type}; charset=utf-8"})
    assert response.status_code == 200


def test_create_and_retrieve_{{ cookiecutter.__parent_snake }}(api):
    response, body = api.post(PARENTS, {"title": "Groceries"}, PARENT_TYPE)
    assert response.status_code == 201
    created = api.properties(body)
    assert created["title"] == "Groceries"
    assert response.headers["Location"] == f"{BASE_URL}{PARENTS}{created['id']}/"

    response, body = api.get(response.headers["Location"])
    assert response.status_code == 200
    assert api.properties(body)["title"] == "Groceries"


def test_update_{{ cookiecutter.__parent_snake }}(api):
    parent = create_parent(api)
    response, body = api.patch(f"{PARENTS}{parent['id']}/", {"title": "Errands"}, PARENT_TYPE)
    assert response.status_code == 200
    assert api.properties(body)["title"] == "Errands"
    _, body = api.get(f"{PARENTS}{parent['id']}/")
    assert api.properties(body)["title"] == "Errands"


def test_list_is_ordered_and_paginated(api):
    ids = [create_parent(api, f"Board {number}")["id"] for number in range(25)]
    response, body = api.get(PARENTS)
    assert response.status_code == 200
    first_page = [item["id"] for item in api.items(body, PARENT_TYPE)]
    assert first_page == ids[:20]

    response, body = api.get(api.link(body, "next"))
    assert [item["id"] for item in api.items(body, PARENT_TYPE)] == ids[20:]
    response, body = api.get(api.link(body, "previous"))
    assert [item["id"] for item in api.items(body, PARENT_TYPE)] == first_page

    _, body = api.get(f"{PARENTS}?page=3&count=10")
    assert [item["id"] for item in api.items(body, PARENT_TYPE)] == ids[20:]


def test_{{ cookiecutter.__add_child }}(api):
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    assert child["title"] == "Milk"
    assert child["description"] == "Two litres"
    assert child["completed"] is False
    assert child[FOREIGN_KEY] == parent["id"]

    _, body = api.get(f"{PARENTS}{parent['id']}/")
    child_url = f"{BASE_URL}{CHILDREN}{child['id']}/"
    assert api.links(body, "{{ cookiecutter.__child_plural }}") == [child_url]

    _, body = api.get(child_url)
    assert api.properties(body)["title"] == "Milk"
    parent_url = api.link(body, "{{ cookiecutter.__parent_snake }}")
    assert parent_url == f"{BASE_URL}{PARENTS}{parent['id']}/"
    _, body = api.get(parent_url)
    assert api.properties(body)["title"] == "Groceries"


def test_{{ cookiecutter.__add_child }}_to_a_missing_{{ cookiecutter.__parent_snake }}_is_404(api):
    fields = {"title": "Milk", "description": "Two litres"}
    response, _ = api.post(f"{PARENTS}999/{ADD_CHILD}", fields, CHILD_TYPE)
    assert response.status_code == 404
    _, body = api.get(CHILDREN)
    assert api.items(body, CHILD_TYPE) == []


def test_{{ cookiecutter.__child_snake }}_crud_and_filtered_list(api):
    parent, other = create_parent(api), create_parent(api, "Other")
    fields = {FOREIGN_KEY: parent["id"], "title": "Bread", "description": "Rye"}
    response, body = api.post(CHILDREN, fields, CHILD_TYPE)
    assert response.status_code == 201
    child = api.properties(body)
    add_child(api, other["id"])

    _, body = api.get(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")
    assert [item["id"] for item in api.items(body, CHILD_TYPE)] == [child["id"]]

    response, body = api.patch(f"{CHILDREN}{child['id']}/", {"completed": True}, CHILD_TYPE)
    assert response.status_code == 200
    assert api.properties(body)["completed"] is True

    response, _ = api.delete(f"{CHILDREN}{child['id']}/")
    assert response.status_code == 200
    response, _ = api.get(f"{CHILDREN}{child['id']}/")
    assert response.status_code == 404


def test_deleting_a_{{ cookiecutter.__parent_snake }}_deletes_its_{{ cookiecutter.__child_plural }}(api):
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    response, _ = api.delete(f"{PARENTS}{parent['id']}/")
    assert response.status_code == 200
    assert api.get(f"{PARENTS}{parent['id']}/")[0].status_code == 404
    assert api.get(f"{CHILDREN}{child['id']}/")[0].status_code == 404


@pytest.mark.parametrize(
    ("url", "resource_name", "fields", "field"),
    [
        (PARENTS, PARENT_TYPE, {}, "title"),
        (CHILDREN, CHILD_TYPE, {"title": "Milk", "description": "Rye"}, FOREIGN_KEY),
    ],
)
def test_a_missing_required_field_is_400_naming_it(api, url, resource_name, fields, field):
    response, body = api.post(url, fields, resource_name)
    assert response.status_code == 400
    assert f'"{field}"' in api.error(body)


def test_{{ cookiecutter.__add_child }}_without_a_description_is_400(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/{ADD_CHILD}"
    response, body = api.post(url, {"title": "Milk"}, CHILD_TYPE)
    assert response.status_code == 400
    assert '"description"' in api.error(body)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"title": 5}, "title"), ({"title": "x" * 51}, "title"), ({"title": "ok", "colour": "red"}, "colour")],
)
def test_invalid_fields_are_400_naming_them(api, fields, field):
    response, body = api.post(PARENTS, fields, PARENT_TYPE)
    assert response.status_code == 400
    assert f'"{field}"' in api.error(body)
    _, body = api.get(PARENTS)
    assert api.items(body, PARENT_TYPE) == []


@pytest.mark.parametrize(
    ("url", "noun"),
    [(PARENTS, PARENT_NOUN), (CHILDREN, CHILD_NOUN)],
)
def test_a_missing_row_is_404_saying_so_in_words(api, url, noun):
    response, body = api.get(f"{url}999/")
    assert response.status_code == 404
    assert api.error(body) == f"No {noun} has the id 999."


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "title"),
        ({"title": 5}, "title"),
        ({"title": "x" * 51}, "title"),
        ({"title": "ok", "colour": "red"}, "colour"),
    ],
)
def test_an_error_about_one_field_names_it_apart_from_the_message(api, fields, field):
    response, body = api.post(PARENTS, fields, PARENT_TYPE)
    assert response.status_code == 400
    assert api.error_field(body) == field


def test_an_error_about_no_field_names_none(api):
    response, body = api.request("POST", PARENTS, data="{", content_type="application/json")
    assert response.status_code == 400
    assert api.error_field(body) is None


@pytest.mark.parametrize(
    "url", [f"{PARENTS}999/", f"{CHILDREN}999/", f"{PARENTS}abc/", f"{URL_PREFIX}/nothing-here/"]
)
def test_not_found_is_404_in_the_negotiated_representation(api, url):
    response, body = api.get(url)
    assert response.status_code == 404
    assert api.error(body)


def test_a_wrong_method_is_405_with_allow(api):
    parent = create_parent(api)
    response, body = api.request("PUT", f"{PARENTS}{parent['id']}/", {"title": "x"})
    assert response.status_code == 405
    assert "PATCH" in response.headers["Allow"]
    assert api.error(body)


def test_malformed_json_is_400(api):
    response, body = api.request("POST", PARENTS, data="{", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in api.error(body)


def test_a_backslash_in_a_stored_string_is_served(api):
    parent = create_parent(api, "C:\\new\\table")
    response, body = api.get(f"{PARENTS}{parent['id']}/")
    assert response.status_code == 200
    assert api.properties(body)["title"] == "C:\\new\\table"
