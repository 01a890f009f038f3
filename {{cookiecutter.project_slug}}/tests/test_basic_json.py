"""Plain JSON specifics: fields under the resource name, related resources as URLs."""

import pytest

from .representations.base import BASE_URL
from .representations.basic_json import BasicJSON
from .test_api import CHILD_TYPE, CHILDREN, FOREIGN_KEY, PARENTS, add_child, create_parent


@pytest.fixture
def basic_json(speak):
    return speak(BasicJSON)


def test_a_{{ cookiecutter.__child_snake }}_links_its_{{ cookiecutter.__parent_snake }}_by_url(basic_json):
    parent = create_parent(basic_json)
    child = add_child(basic_json, parent["id"])
    _, body = basic_json.get(f"{CHILDREN}{child['id']}/")
    assert body == {
        CHILD_TYPE: {
            "id": child["id"],
            FOREIGN_KEY: parent["id"],
            "title": "Milk",
            "description": "Two litres",
            "completed": False,
            "{{ cookiecutter.__parent_snake }}": f"{BASE_URL}{PARENTS}{parent['id']}/",
        }
    }


def test_errors_have_a_status_and_a_message(basic_json):
    response, body = basic_json.get(f"{PARENTS}999/")
    assert response.status_code == 404
    assert body["status"] == 404
    assert body["message"]
