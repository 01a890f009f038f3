"""Fast at any size: a bounded number of SQL statements and bounded payloads, in every representation."""

import itertools
import re

import pytest
from sqlalchemy import insert, select

{% if cookiecutter.auth != "none" -%}
from {{ cookiecutter.package_name }} import auth, models, resources
from {{ cookiecutter.package_name }}.hypermedia import pagination

from . import samples
from .conftest import EMAIL
{% else -%}
from {{ cookiecutter.package_name }} import models, resources
from {{ cookiecutter.package_name }}.hypermedia import pagination

from . import samples
{% endif -%}
from .representations.base import BASE_URL
from .test_api import CHILD_MODEL, CHILD_TYPE, CHILDREN, FOREIGN_KEY, PARENT_MODEL, PARENTS

db = models.db
# Sample numbers, different for every row written, so that unique columns never clash.
_numbers = itertools.count()
MAX_STATEMENTS = 3
PAGE_SIZE = 20


def most_statements(resource):
    """Three for a row, and one more for each relationship it embeds beyond one (resources added under it)."""
    return MAX_STATEMENTS + max(0, len(resource.manager.embedded) - 1)


{% if cookiecutter.auth != "none" -%}
def workspace_id():
    """The signed-in test user's personal workspace, which rows written directly go to for the user to see."""
    return db.session.scalar(select(auth.Account.personal_workspace_id).filter_by(email=EMAIL))


{% endif -%}
def make_parent(app, children):
    """A parent with ``children`` children, written directly; returns its id and its children's ids."""
    with app.app_context():
        values = samples.row(PARENT_MODEL, next(_numbers))
{%- if cookiecutter.auth != "none" %}
        values["workspace_id"] = workspace_id()
{%- endif %}
        parent = PARENT_MODEL(**values)
        db.session.add(parent)
        db.session.flush()
        rows = [{FOREIGN_KEY: parent.id, **samples.row(CHILD_MODEL, next(_numbers))} for _ in range(children)]
        db.session.execute(insert(CHILD_MODEL), rows)
        db.session.commit()
        query = select(CHILD_MODEL.id).where(CHILD_MODEL.{{ cookiecutter.__parent_fk }} == parent.id)
        return parent.id, db.session.scalars(query.order_by(CHILD_MODEL.id)).all()


def cursor(child_id):
    """The cursor of a row, as the API's links carry it."""
    return pagination.encode({"id": child_id})


@pytest.mark.parametrize("children", [1, 500])
def test_each_read_takes_at_most_three_statements(api, app, statements, children):
    """Three at most, and one more for each further relationship a row embeds: 500 rows cost as 1."""
    parent_id, child_ids = make_parent(app, children)
    make_parent(app, 3)  # another parent, so that lists and filters have something to leave out
    middle, last = cursor(child_ids[len(child_ids) // 2]), cursor(child_ids[-1])
    bounds = {
        f"{PARENTS}{parent_id}/": most_statements(resources.{{ cookiecutter.parent_resource }}Resource),
        PARENTS: MAX_STATEMENTS,
        f"{CHILDREN}{child_ids[-1]}/": most_statements(resources.{{ cookiecutter.child_resource }}Resource),
        CHILDREN: MAX_STATEMENTS,
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id}": MAX_STATEMENTS,
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id}&count=100&after={middle}": MAX_STATEMENTS,
        f"{CHILDREN}?{FOREIGN_KEY}={parent_id}&count=100&before={last}": MAX_STATEMENTS,
    }
    with app.app_context():
        dialect = models.db.engine.dialect.name
    for url, most in bounds.items():
        # Filtered by the foreign key, PostgreSQL seeks with a row value in the index on (foreign key, id).
        row_value = FOREIGN_KEY in url and dialect == "postgresql"
        table = r'[\w"]+\.'  # a table name that is a keyword is quoted
        keyset = rf"\({table}{FOREIGN_KEY}, {table}id\)" if row_value else rf"{table}id"
        statements.clear()
        response, _ = api.get(url)
        assert response.status_code == 200, url
        assert len(statements) <= most, (url, statements)
        if "after=" in url or "before=" in url:  # a keyset, whose cost does not grow with the depth
            assert any(re.search(rf"{keyset} [<>] ", statement) for statement in statements), statements


def test_a_parent_with_5000_children_embeds_one_page_in_under_20_kb(api, app):
    parent_id, child_ids = make_parent(app, 5000)
    response, body = api.get(f"{PARENTS}{parent_id}/")
    assert response.status_code == 200
    assert len(response.data) < 20_000
    first_page = [f"{BASE_URL}{CHILDREN}{child_id}/" for child_id in child_ids[:PAGE_SIZE]]
    assert api.links(body, "{{ cookiecutter.__child_plural }}") == first_page


def test_a_parent_links_to_its_children_and_their_pages_keep_the_filter(api, app):
    parent_id, child_ids = make_parent(app, 45)
    make_parent(app, 5)
    _, body = api.get(f"{PARENTS}{parent_id}/")
    url = api.link(body, "{{ cookiecutter.__child_url }}_list")
    assert url == f"{BASE_URL}{CHILDREN}?{FOREIGN_KEY}={parent_id}"

    seen = []
    for page in (1, 2, 3):  # 20, 20 and 5 of the 45
        response, body = api.get(url)
        assert response.status_code == 200
        seen += [item["id"] for item in api.items(body, CHILD_TYPE)]
        if page < 3:
            url = api.link(body, "next")
            assert url.startswith(BASE_URL + CHILDREN + "?")
            assert f"{FOREIGN_KEY}={parent_id}" in url
    assert seen == child_ids  # all of this parent's, none of the other's

    previous = api.link(body, "previous")
    assert previous.startswith(BASE_URL + CHILDREN + "?")
    assert f"{FOREIGN_KEY}={parent_id}" in previous
    _, body = api.get(previous)
    assert [item["id"] for item in api.items(body, CHILD_TYPE)] == child_ids[20:40]


def test_page_size_has_a_default_and_a_hard_cap(api, app):
    make_parent(app, 150)
    _, body = api.get(CHILDREN)
    assert len(api.items(body, CHILD_TYPE)) == PAGE_SIZE
    _, body = api.get(f"{CHILDREN}?count=100")
    assert len(api.items(body, CHILD_TYPE)) == 100
    response, body = api.get(f"{CHILDREN}?count=101")
    assert response.status_code == 400
    assert f'"{api.parameter("count")}"' in api.error(body)
