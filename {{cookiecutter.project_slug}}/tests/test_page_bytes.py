"""A collection page is written straight from its rows, and reads byte for byte as ripozo would write it.

The adapters write each row of a page from the dict its query returned
(``hypermedia.resources.page_rows``); with ``fast_pages`` off they write it
from a ripozo resource made for each row, as ripozo does.  Each page is
asked for both ways in the same test, on the same rows, so the comparison
holds whatever the models' fields and relationships are, where golden files
would hold only for the fields they were written with.
"""

import pytest

from {{ cookiecutter.package_name }}.hypermedia.resources import Resource

from .test_api import CHILDREN, FOREIGN_KEY, PARENTS
from .test_queries import cursor, make_parent


@pytest.fixture
def pages(app):
    """Every kind of page: whole and partial, first, middle and last, filtered, empty, and a parent's."""
    parent_id, child_ids = make_parent(app, 25)
    make_parent(app, 3)
    middle = cursor(child_ids[10])
    return [
        PARENTS,
        f"{PARENTS}?count=1",
        f"{PARENTS}?count=1&page=2",
        CHILDREN,
        f"{CHILDREN}?count=5&after={middle}",
        f"{CHILDREN}?count=5&before={middle}",
        f"{CHILDREN}?after={cursor(child_ids[2])}&before={middle}",
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id}",
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id}&count=100",
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id + 1000}",  # no rows
        f"{PARENTS}{parent_id}/",
        f"{CHILDREN}{child_ids[0]}/",
    ]


def test_each_page_has_the_same_bytes_with_and_without_fast_pages(api, pages, monkeypatch):
    fast = {}
    for url in pages:
        response, _ = api.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True))
        fast[url] = response.data
    monkeypatch.setattr(Resource, "fast_pages", False)
    for url in pages:
        response, _ = api.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True))
        assert response.data == fast[url], url


def test_a_linked_row_is_the_resource_ripozo_s_init_makes(app):
    """``Resource.link_to`` skips ripozo's ``__init__`` for each linked row: it must set what that sets."""
    row = {"id": 1, "title": "x"}
    for resource_class in app.extensions["api"].index.collections:
        made = resource_class(properties=dict(row), include_relationships=False)

        assert vars(resource_class.link_to(dict(row))) == vars(made), resource_class.__name__
