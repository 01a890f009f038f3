"""Siren specifics: actions a client can call, and links that all resolve."""

import pytest

from {{ cookiecutter.package_name }} import resources
from {{ cookiecutter.package_name }}.api import URL_PREFIX

from . import samples
from .representations.base import BASE_URL
from .representations.siren import Siren
from .test_api import (
    ADD_CHILD,
    CHILD_COLUMNS,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_COLUMNS,
    PARENTS,
    add_child,
    create_parent,
)


@pytest.fixture
def siren(speak):
    return speak(Siren)


def actions(body):
    return {action["name"]: action for action in body["actions"]}


def test_a_collection_offers_its_actions_and_each_row_its_own_at_its_url(siren):
    parent = create_parent(siren)
    _, body = siren.get(PARENTS)
    create = actions(body)["create"]
    assert create["method"] == "POST"
    assert create["href"] == BASE_URL + PARENTS
    offered = [column.key for column in PARENT_COLUMNS]
{%- if cookiecutter.auth != "none" %}
    offered.insert(0, "workspace_id")  # which of the user's workspaces; their personal one if left out
{%- endif %}
    assert [field["name"] for field in create["fields"]] == offered
    assert set(actions(body)) == {"create", "retrieve_list"}
    [row] = [entity for entity in body["entities"] if entity["properties"]["id"] == parent["id"]]
    item = f"{BASE_URL}{PARENTS}{parent['id']}/"
    hrefs = {name: action["href"] for name, action in actions(row).items()}
    assert {name: hrefs[name] for name in ("retrieve", "update", "delete")} == dict.fromkeys(
        ("retrieve", "update", "delete"), item
    )
    assert hrefs["{{ cookiecutter.__add_child }}"] == item + ADD_CHILD
    assert all(href.startswith(item) for href in hrefs.values())


def test_every_action_href_is_a_uri_not_a_template(siren):
    parent = create_parent(siren)
    child = add_child(siren, parent["id"])
    for page in (PARENTS, CHILDREN, f"{PARENTS}{parent['id']}/", f"{CHILDREN}{child['id']}/"):
        _, body = siren.get(page)
        for entity in (body, *body["entities"]):
            for action in entity.get("actions", []):
                assert "{" not in action["href"] and "<" not in action["href"], (page, action)


def test_a_delete_answers_with_links_to_the_deleted_row_and_its_collection(siren):
    parent = create_parent(siren)
    response, body = siren.delete(f"{PARENTS}{parent['id']}/")
    assert response.status_code == 200
    item = f"{BASE_URL}{PARENTS}{parent['id']}/"
    collection = {"rel": ["collection"], "href": BASE_URL + PARENTS}
    assert body["links"] == [{"rel": ["self"], "href": item}, collection]
    assert body["properties"] == {}


def test_an_item_offers_{{ cookiecutter.__add_child }}_with_its_fields(siren):
    parent = create_parent(siren)
    _, body = siren.get(f"{PARENTS}{parent['id']}/")
    action = actions(body)["{{ cookiecutter.__add_child }}"]
    assert action["href"] == f"{BASE_URL}{PARENTS}{parent['id']}/{ADD_CHILD}"
    # The child's fields but the one the URL gives: its columns, references and many-to-manys' ids.
    manager = resources.{{ cookiecutter.child_resource }}Resource.manager
    names = [name for name in manager.create_fields if name != FOREIGN_KEY]
    expected = [(name, manager.get_field_type(name).required) for name in names]
    assert [(field["name"], field["required"]) for field in action["fields"]] == expected
    assert all(field["required"] is False for field in actions(body)["update"]["fields"])


def test_every_link_and_entity_resolves_without_a_redirect(siren):
    parent = create_parent(siren)
    child = add_child(siren, parent["id"])
    pages = [f"{URL_PREFIX}/", PARENTS, f"{PARENTS}{parent['id']}/", f"{CHILDREN}{child['id']}/"]
    for page in pages:
        _, body = siren.get(page)
        hrefs = [link["href"] for link in body["links"]]
        for entity in body["entities"]:
            hrefs.append(entity["links"][0]["href"] if "links" in entity else entity["href"])
        for href in hrefs:
            assert href.startswith(BASE_URL + URL_PREFIX + "/")
            response, _ = siren.get(href)
            assert response.status_code == 200, href


def test_errors_are_siren_entities(siren):
    response, body = siren.get(f"{PARENTS}999/")
    assert response.status_code == 404
    assert body["class"][0] == "exception"
    assert body["properties"]["status"] == 404


def test_action_fields_carry_html_input_types_defaults_and_options(siren):
    parent = create_parent(siren)
    _, body = siren.get(f"{PARENTS}{parent['id']}/")
    add = {field["name"]: field for field in actions(body)["{{ cookiecutter.__add_child }}"]["fields"]}
    _, body = siren.get(CHILDREN)
    create = {field["name"]: field for field in actions(body)["create"]["fields"]}
    assert set(create) == {FOREIGN_KEY, *add}
    for column in CHILD_COLUMNS:
        field = samples.field(column)
        assert add[column.key]["type"] == field.input_type
        assert add[column.key].get("value") == samples.fields.json_value(field.default)
        assert add[column.key].get("options") == field.options
    filters = {field["name"]: field for field in actions(body)["retrieve_list"]["fields"]}
    assert not any("value" in field for field in filters.values()), (
        "a filter with a default would narrow every list"
    )
