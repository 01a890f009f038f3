"""Plain JSON specifics: fields under the resource name, related resources as URLs."""

import pytest

from .representations.base import BASE_URL
from .representations.json import Json
from .test_api import CHILD_TYPE, CHILDREN, PARENTS, add_child, create_parent


@pytest.fixture
def json(speak):
    return speak(Json)


def test_a_{{ cookiecutter.__child_snake }}_links_its_{{ cookiecutter.__parent_snake }}_by_url(json):
    parent = create_parent(json)
    child = add_child(json, parent["id"])
    _, body = json.get(f"{CHILDREN}{child['id']}/")
    parent_url = f"{BASE_URL}{PARENTS}{parent['id']}/"
    assert list(body) == [CHILD_TYPE]
    assert body[CHILD_TYPE]["{{ cookiecutter.__parent_snake }}"] == parent_url
    assert {name: body[CHILD_TYPE][name] for name in child} == child


def test_errors_have_a_status_and_a_message(json):
    response, body = json.get(f"{PARENTS}999/")
    assert response.status_code == 404
    assert body["status"] == 404
    assert body["message"]
