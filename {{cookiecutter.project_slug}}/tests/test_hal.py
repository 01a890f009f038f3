"""HAL specifics: absolute links under the URL prefix, embedded collection items."""

import pytest

from {{ cookiecutter.package_name }}.api import URL_PREFIX

from .representations.base import BASE_URL
from .representations.hal import Hal
from .test_api import CHILD_TYPE, CHILDREN, PARENT_TYPE, PARENTS, add_child, create_parent


@pytest.fixture
def hal(speak):
    return speak(Hal)


def hrefs(body):
    for links in body["_links"].values():
        for link in links if isinstance(links, list) else [links]:
            yield link["href"]


def test_every_link_is_absolute_and_resolves_without_a_redirect(hal):
    parent = create_parent(hal)
    child = add_child(hal, parent["id"])
    for page in (f"{URL_PREFIX}/", PARENTS, f"{PARENTS}{parent['id']}/", f"{CHILDREN}{child['id']}/"):
        _, body = hal.get(page)
        for href in hrefs(body):
            assert href.startswith(BASE_URL + URL_PREFIX + "/")
            response, _ = hal.get(href)
            assert response.status_code == 200, href


def test_a_collection_embeds_its_items_with_self_links(hal):
    parent = create_parent(hal)
    _, body = hal.get(PARENTS)
    (item,) = body["_embedded"][PARENT_TYPE]
    assert {name: value for name, value in item.items() if not name.startswith("_")} == parent
    assert item["_links"]["self"]["href"] == f"{BASE_URL}{PARENTS}{parent['id']}/"


def test_an_empty_collection_embeds_an_empty_list(hal):
    _, body = hal.get(CHILDREN)
    assert body["_embedded"][CHILD_TYPE] == []


def test_errors_are_hal_documents(hal):
    response, body = hal.get(f"{PARENTS}999/")
    assert response.status_code == 404
    assert body["status"] == 404
    assert body["message"]


def test_a_delete_answers_with_links_to_the_deleted_row_and_its_collection(hal):
    parent = create_parent(hal)
    child = add_child(hal, parent["id"])
    response, body = hal.delete(f"{CHILDREN}{child['id']}/")
    assert response.status_code == 200
    item = f"{BASE_URL}{CHILDREN}{child['id']}/"
    assert body == {"_links": {"self": {"href": item}, "collection": {"href": BASE_URL + CHILDREN}}}


def test_an_error_links_to_the_url_it_answers_for(hal):
    response, body = hal.get(f"{PARENTS}999/?count=5")
    assert response.status_code == 404
    assert body["_links"] == {"self": {"href": f"{BASE_URL}{PARENTS}999/?count=5"}}
    assert body["status"] == 404 and body["message"]
