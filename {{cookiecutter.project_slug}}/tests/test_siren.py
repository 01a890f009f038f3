"""Siren specifics: actions a client can call, and links that all resolve."""

import pytest

from {{ cookiecutter.package_name }}.api import URL_PREFIX

from .representations.base import BASE_URL
from .representations.siren import Siren
from .test_api import ADD_CHILD, CHILDREN, PARENTS, add_child, create_parent


@pytest.fixture
def siren(speak):
    return speak(Siren)


def actions(body):
    return {action["name"]: action for action in body["actions"]}


def test_a_collection_offers_create_and_templated_item_actions(siren):
    _, body = siren.get(PARENTS)
    create = actions(body)["create"]
    assert create["method"] == "POST"
    assert create["href"] == BASE_URL + PARENTS
    assert create["fields"] == [{"name": "title", "type": "text", "required": True}]
    assert actions(body)["update"]["href"] == BASE_URL + PARENTS + "{id}/"


def test_an_item_offers_{{ cookiecutter.__add_child }}_with_its_fields(siren):
    parent = create_parent(siren)
    _, body = siren.get(f"{PARENTS}{parent['id']}/")
    action = actions(body)["{{ cookiecutter.__add_child }}"]
    assert action["href"] == f"{BASE_URL}{PARENTS}{parent['id']}/{ADD_CHILD}"
    assert [(field["name"], field["required"]) for field in action["fields"]] == [
        ("title", True),
        ("description", True),
        ("completed", False),
    ]
    assert actions(body)["update"]["fields"] == [{"name": "title", "type": "text", "required": False}]


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
