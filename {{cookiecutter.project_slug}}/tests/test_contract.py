"""What every collection does, at any depth, in every representation: read from the resources and models.

The tests beside this one show the first two resources by name; these run
over every collection the index lists (contract.py), so that a resource
added later is checked with no test written for it.
"""

import itertools
import operator
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
{%- if cookiecutter.browsable_api %}
from bs4 import BeautifulSoup
{%- endif %}
from sqlalchemy import func, insert, inspect, select, text

from {{ cookiecutter.package_name }}.hypermedia.fields import is_unique, json_value
from {{ cookiecutter.package_name }}.hypermedia.filters import operators, searched
from {{ cookiecutter.package_name }}.hypermedia.managers.listing import list_columns
from {{ cookiecutter.package_name }}.models import db

from . import contract, samples
{%- if cookiecutter.auth != "none" %}
from .conftest import EMAIL, PASSWORD, sign_in
{%- endif %}
from .contract import (
    COLLECTIONS,
    MANY,
    REFERENCES,
{%- if cookiecutter.browsable_api %}
    REFERRING_FIELDS,
{%- endif %}
    UNDER_A_PARENT,
    WITH_CHILDREN,
    children_of,
    collection_of,
    create,
    write_rows,
)
from .representations.base import BASE_URL

# A trigram index's definition, as pg_indexes says it: "... USING gin (title gin_trgm_ops)".
TRIGRAMS = re.compile(r'USING gin \("?(\w+)"? gin_trgm_ops\)')
LITERAL = {"literal_binds": True}
# Sample numbers, different for every row written directly, so that unique columns never clash.
NUMBERS = itertools.count(1000)
# Statements per read: the row or the page, one more for each relationship a row embeds{{ ", and the account" if cookiecutter.auth != "none" }}.
PER_REQUEST = {{ 1 if cookiecutter.auth != "none" else 0 }}


@pytest.fixture(params=COLLECTIONS, ids=str)
def collection(request):
    return request.param


@pytest.fixture(params=UNDER_A_PARENT, ids=str)
def child_collection(request):
    return request.param


@pytest.fixture(params=WITH_CHILDREN, ids=str)
def parent_collection(request):
    return request.param


def item_url(collection, row_id):
    return f"{collection.url}{row_id}/"


def row_counts(app):
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def test_a_row_is_created_read_changed_and_deleted(api, collection):
    row = create(api, collection)
    url = item_url(collection, row["id"])
    response, body = api.get(url)
    assert response.status_code == 200
    assert api.properties(body) == row

    changed = samples.values(collection.model, 1)
    response, body = api.patch(url, changed, collection.name)
    assert response.status_code == 200, body
    assert {name: api.properties(body)[name] for name in changed} == changed
    assert api.delete(url)[0].status_code == 200
    assert api.get(url)[0].status_code == 404


def test_every_field_filters_the_list(api, collection):
    wanted, other = create(api, collection, 0), create(api, collection, 1)
    _, body = api.get(collection.url)
    assert [item["id"] for item in api.items(body, collection.name)] == [wanted["id"], other["id"]]
    names = [column.key for column in collection.columns]
    if collection.parent is not None:
        names.append(collection.foreign_key)
    for name in names:
        response, body = api.get(collection.url, query_string={name: samples.as_text(wanted[name])})
        assert response.status_code == 200, (name, body)
        found = api.items(body, collection.name)
        assert wanted["id"] in [item["id"] for item in found], name
        assert all(item[name] == wanted[name] for item in found), name


def rows_to_sort(app, collection, owner):
    """Nine rows of ``collection`` under one parent: ``(filters that list them, {id: their values})``.

    A field that may repeat holds three values, each in several rows, and an
    optional one is null in a third of them: ties and nulls to sort.  The
    values are written directly, typed as the model reads them.
    """
    parent_id, (first,) = write_rows(app, collection, 1, NUMBERS, owner)
    model = collection.model
    with app.app_context():
        row = db.session.get(model, first)
        keys = {
            column.key: getattr(row, column.key) for column in model.__table__.columns if column.foreign_keys
        }
        written = []
        for n in range(1, 9):
            repeated = samples.row(model, n % 3 + 1)
            ties = {
                column.key: None if column.nullable and n % 3 == 0 else repeated[column.key]
                for column in collection.columns
                if not is_unique(column)
            }
            written.append({**samples.row(model, n), **ties, **keys})
        db.session.execute(insert(model), written)
        db.session.commit()
        listed = select(model)
        if collection.parent is not None:
            listed = listed.where(getattr(model, collection.foreign_key) == parent_id)
        names = ["id", *(column.key for column in collection.columns)]
        rows = {
            found.id: {name: getattr(found, name) for name in names} for found in db.session.scalars(listed)
        }
    filters = {f"filter[{collection.foreign_key}]": parent_id} if collection.parent is not None else {}
    return filters, rows


def in_order(rows, sort):
    """The ids of ``rows`` in the order ``sort`` (``[(name, descending)]``) gives, nulls after every value."""
    ordered = sorted(rows, reverse=sort[-1][1])  # the id breaks ties, in the last key's direction
    for name, descending in reversed(sort):  # a stable sort by each key, the last first
        ordered.sort(key=lambda row_id: (rows[row_id][name] is None, rows[row_id][name]), reverse=descending)
    return ordered


def walked(api, collection, query, rel="next", url=None):
    """The ids of a list's rows, page after page by its ``rel`` links, from ``query``'s page (or ``url``)."""
    url = url or f"{collection.url}?{urlencode(query)}"
    ids, last = [], None
    while url:
        response, body = api.get(url)
        assert response.status_code == 200, body
        page = [item["id"] for item in api.items(body, collection.name)]
        ids = [*ids, *page] if rel == "next" else [*page, *ids]
        last = body
        url = api.page_link(body, rel)
    return ids, last


def test_a_list_sorted_by_any_field_walks_every_row_once_in_order(api, app, collection):
{%- if cookiecutter.auth != "none" %}
    filters, rows = rows_to_sort(app, collection, workspace_id(app))
{%- else %}
    filters, rows = rows_to_sort(app, collection, None)
{%- endif %}
    names = ["id", *(column.key for column in collection.columns)]
    sorts = [[(name, descending)] for name in names for descending in (False, True)]
    repeating = [name for name in names[1:] if not is_unique(collection.model.__table__.columns[name])]
    sorts += [[(first, True), (second, False)] for first, second in itertools.pairwise(repeating)]
    for sort in sorts:
        spelled = ",".join(f"-{name}" if descending else name for name, descending in sort)
        query = {**filters, "sort": spelled, "page[size]": 2}
        ids, last = walked(api, collection, query)
        assert ids == in_order(rows, sort), spelled
        # And back from the last page, by the previous links.
        back, _ = walked(api, collection, {}, "previous", api.page_link(last, "previous"))
        assert back == ids[: len(back)] and len(back) >= len(ids) - 2, spelled
        if not sort[0][1]:
            continue
        # And, going down, the rows between the first page's last row and the last page's first, by both
        # cursors at once.
        _, first = api.get(f"{collection.url}?{urlencode(query)}")
        after, before = cursor(api.page_link(first, "next")), cursor(api.page_link(last, "previous"))
        between, _ = walked(api, collection, {**query, **after, **before})
        assert between == ids[2 : len(ids) - len(api.items(last, collection.name))], spelled


def cursor(url):
    """The cursor a page link carries, as its query spells it: ``{"page[after]": "..."}``."""
    query = parse_qsl(urlsplit(url).query)
    return {name: value for name, value in query if "after" in name or "before" in name}


# What each comparison of a list keeps of a value that is not null.
COMPARED = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge, "ne": operator.ne}


def kept(value, compared, wanted):
    """Whether a row's ``value`` passes the comparison ``compared`` with ``wanted``, as a list says."""
    if compared == "null":
        return (value is None) == wanted
    if compared == "in":
        return value in wanted
    if value is None:
        return compared == "ne"  # a null is another value than any
    return COMPARED[compared](value, wanted)


def compared_to(values, compared):
    """What to compare a column's ``values`` with: the middle one; for ``in`` every other; for null both."""
    present = sorted({value for value in values if value is not None})
    if compared == "null":
        return [True, False]
    if compared == "in":
        return [tuple(present[::2])]
    return [present[len(present) // 2]]


def as_query(wanted):
    values = wanted if isinstance(wanted, tuple) else (wanted,)
    return ",".join(samples.as_text(json_value(value)) for value in values)


def test_a_list_compared_by_any_field_walks_every_row_it_keeps_once(api, app, collection):
{%- if cookiecutter.auth != "none" %}
    filters, rows = rows_to_sort(app, collection, workspace_id(app))
{%- else %}
    filters, rows = rows_to_sort(app, collection, None)
{%- endif %}
    manager = collection.resource.manager
    for name in ["id", *(column.key for column in collection.columns)]:
        nullable = collection.model.__table__.columns[name].nullable
        for compared in operators(manager.get_field_type(name), nullable):
            for wanted in compared_to([row[name] for row in rows.values()], compared):
                query = {**filters, f"{name}[{compared}]": as_query(wanted), "page[size]": 3}
                ids, _ = walked(api, collection, query)
                expected = [row_id for row_id in sorted(rows) if kept(rows[row_id][name], compared, wanted)]
                assert ids == expected, query
                if compared in ("gte", "in"):  # sorted by the same field, the other way: the links keep both
                    ids, _ = walked(api, collection, {**query, "sort": f"-{name}"})
                    kept_rows = {row_id: rows[row_id] for row_id in expected}
                    assert ids == in_order(kept_rows, [(name, True)]), query


def found(row, names, words):
    """Whether every one of ``words`` is part of one of the row's text fields ``names``, whatever the case."""
    texts = [str(row[name]).lower() for name in names if row[name] is not None]
    return all(any(word.lower() in text for text in texts) for word in words)


def test_a_search_walks_every_row_with_each_word_in_its_text_once(api, app, collection):
    manager = collection.resource.manager
    names = searched({name: manager.get_field_type(name) for name in list_columns(type(manager))})
    if not names:
        response, body = api.get(collection.url, query_string={"q": "a"})
        assert response.status_code == 400, body
        return
{%- if cookiecutter.auth != "none" %}
    filters, rows = rows_to_sort(app, collection, workspace_id(app))
{%- else %}
    filters, rows = rows_to_sort(app, collection, None)
{%- endif %}
    texts = sorted({str(row[name]) for row in rows.values() for name in names if row[name]})
    # Part of one value, in another case; parts of two; and a word no row holds.
    middle = texts[len(texts) // 2]
    part = middle[1:4].swapcase() or middle
    searches = [[part], [part, texts[0][-3:]], ["%_zz%"]]
    for words in searches:
        ids, _ = walked(api, collection, {**filters, "q": " ".join(words), "page[size]": 3})
        assert ids == [row_id for row_id in sorted(rows) if found(rows[row_id], names, words)], words
    assert walked(api, collection, {**filters, "q": part, "page[size]": 3})[0], part


def test_on_postgresql_a_trigram_index_serves_the_search_in_each_text_field(app, collection):
    """Every text field a search reads has its GIN index of trigrams there; SQLite has no such index."""
    manager = collection.resource.manager
    names = set(searched({name: manager.get_field_type(name) for name in list_columns(type(manager))}))
    table = collection.model.__table__.name
    with app.app_context(), db.engine.begin() as connection:
        if connection.dialect.name != "postgresql":
            indexes = inspect(connection).get_indexes(table)
            assert [index["name"] for index in indexes if index["name"].endswith("_trgm")] == []
            return
        definitions = connection.execute(
            text("SELECT indexdef FROM pg_indexes WHERE tablename = :table"), {"table": table}
        ).scalars()
        indexed = {match[1] for line in definitions if (match := TRIGRAMS.search(line))}
        assert indexed == names
        # As on a table too long to read whole; and with no walk of a B-tree index that holds the column too
        # (a field's sort index), which reads every entry as surely as a scan of the table.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            connection.execute(text(f"SET LOCAL {setting} = off"))
        for name in names:
            search = select(collection.model.id).where(getattr(collection.model, name).ilike("%abc%"))
            plan = connection.execute(text(f"EXPLAIN {search.compile(connection, compile_kwargs=LITERAL)}"))
            assert any("_trgm" in line for line in plan.scalars()), name


def test_a_fieldset_keeps_the_id_and_the_fields_it_names_on_every_page_and_item(api, collection):
    kept = [column.key for column in samples.settable(collection.model)][:1]
    fields = {"id", *kept}
    shown = set(collection.resource.manager.fields)
    ids = {create(api, collection, n)["id"] for n in range(3)}
    fieldset = {f"fields[{collection.name}]": ",".join(kept)}
    url, pages = f"{collection.url}?{urlencode({**fieldset, 'page[size]': 2})}", []
    while url:  # the next links keep the fieldset
        response, body = api.get(url)
        assert response.status_code == 200, body
        pages.append({row["id"]: set(row) & shown for row in api.items(body, collection.name)})
        url = api.page_link(body, "next")
    assert len(pages) > 1 and ids <= {row_id for page in pages for row_id in page}
    assert all(row == fields for page in pages for row in page.values()), pages
    for row_id in ids:
        response, body = api.get(item_url(collection, row_id), query_string=fieldset)
        assert response.status_code == 200, body
        assert set(api.properties(body)) & shown == fields


def test_a_parents_row_embeds_links_to_and_adds_the_rows_under_it(api, child_collection):
    collection = child_collection
    parent = create(api, collection.parent)
    child = create(api, collection, under=parent["id"])
    parent_url = f"{BASE_URL}{item_url(collection.parent, parent['id'])}"
    _, body = api.get(parent_url)
    assert api.links(body, _embedded_name(collection)) == [f"{BASE_URL}{item_url(collection, child['id'])}"]
    list_url = api.link(body, f"{collection.name}_list")
    assert list_url == f"{BASE_URL}{collection.url}?{collection.foreign_key}={parent['id']}"
    _, body = api.get(list_url)
    assert [item["id"] for item in api.items(body, collection.name)] == [child["id"]]
    _, body = api.get(item_url(collection, child["id"]))
    assert api.link(body, collection.link) == parent_url


def test_include_adds_the_parents_row_to_the_item_and_to_each_row_on_every_page(api, child_collection):
    """``include=<link>`` embeds the parent's row (JSON:API includes it) as its own list shows it."""
    collection = child_collection
    parent = create(api, collection.parent)
    children = [create(api, collection, n, under=parent["id"])["id"] for n in range(2)]
    _, body = api.get(f"{collection.parent.url}?{urlencode({'id': parent['id']})}")
    expected = api.items(body, collection.parent.name)
    include = {"include": collection.link}
    response, body = api.get(item_url(collection, children[0]), query_string=include)
    assert response.status_code == 200, body
    assert api.included(body, collection.link) == expected
    query = {collection.foreign_key: parent["id"], "count": 1, **include}
    url, pages = f"{collection.url}?{urlencode(query)}", []
    while url:  # the next links keep the include
        response, body = api.get(url)
        assert response.status_code == 200, body
        pages.append(api.included(body, collection.link))
        url = api.page_link(body, "next")
    assert pages == [expected, expected]


def _embedded_name(collection):
    """The relationship by which the parent's rows embed the rows of ``collection``."""
    relation = collection.resource.__name__
    (name,) = [name for name in collection.parent.embedded if _relation(collection.parent, name) == relation]
    return name


def _relation(collection, name):
    """The resource class name a relationship of ``collection`` relates to."""
    (relationship,) = [link for link in collection.resource._relationships if link.name == name]
    return relationship._relation


def test_an_invalid_value_is_400_naming_its_field_and_writes_nothing(api, app, collection):
    row = create(api, collection)
    url = item_url(collection, row["id"])
    before = row_counts(app)
    for column in collection.columns:
        for invalid, words in samples.invalid_values(column):
            response, body = api.patch(url, {column.key: invalid}, collection.name)
            assert response.status_code == 400, (column.key, invalid, body)
            assert api.error_field(body) == column.key
            assert words in api.error(body)
        if not column.nullable:
            response, body = api.patch(url, {column.key: None}, collection.name)
            assert (response.status_code, api.error_field(body)) == (400, column.key)
    response, body = api.patch(url, {"not_a_field": 1}, collection.name)
    assert (response.status_code, api.error_field(body)) == (400, "not_a_field")
    assert row_counts(app) == before
    _, body = api.get(url)
    assert api.properties(body) == row


def test_a_create_without_a_required_field_is_400_naming_it(api, app, collection):
    before = row_counts(app)
    required = [column.key for column in collection.columns if samples.field(column).required]
    for name in required:
        values = {key: value for key, value in samples.values(collection.model).items() if key != name}
        if collection.parent is not None:
            values[collection.foreign_key] = None
        response, body = api.post(collection.url, values, collection.name)
        assert response.status_code == 400, (name, body)
    assert row_counts(app) == before


def test_a_value_another_row_has_is_409_only_where_the_field_is_unique(api, collection):
    first = create(api, collection)
    for number, column in enumerate(collection.columns, start=1):
        values = {**samples.values(collection.model, number), column.key: first[column.key]}
        if collection.parent is not None:
            values[collection.foreign_key] = first[collection.foreign_key]
        response, body = api.post(collection.url, values, collection.name)
        expected = 409 if is_unique(column) else 201
        assert response.status_code == expected, (column.key, body)
        if is_unique(column):
            assert api.error_field(body) == column.key


def test_a_reference_to_a_parent_that_does_not_exist_is_404_naming_it(api, app, child_collection):
    collection = child_collection
    before = row_counts(app)
    values = {**samples.values(collection.model), collection.foreign_key: 999}
    response, body = api.post(collection.url, values, collection.name)
    assert response.status_code == 404
    assert api.error_field(body) == collection.foreign_key
    assert row_counts(app) == before
    url = f"{collection.parent.url}999/{collection.add_route}/"
    assert api.post(url, samples.values(collection.model), collection.name)[0].status_code == 404


def test_a_missing_row_is_404_saying_so_in_words(api, collection):
    url, values = item_url(collection, 999), samples.values(collection.model)
    for response, body in (api.get(url), api.patch(url, values, collection.name), api.delete(url)):
        assert response.status_code == 404
        assert api.error(body) == f"No {collection.noun} has the id 999."


def subtree(api, collection, row_id):
    """A row of each collection under ``collection``'s row, and so on at every depth: (collection, id)."""
    rows = []
    for child in children_of(collection):
        made = create(api, child, under=row_id)
        rows += [(child, made["id"]), *subtree(api, child, made["id"])]
    return rows


def test_deleting_a_row_deletes_every_row_under_it(api, parent_collection):
    collection = parent_collection
    row = create(api, collection)
    under = subtree(api, collection, row["id"])
    assert under
    assert api.delete(item_url(collection, row["id"]))[0].status_code == 200
    for child, child_id in under:
        assert api.get(item_url(child, child_id))[0].status_code == 404, child.name


{% if cookiecutter.auth != "none" -%}
def account_id(app):
    """The signed-in test user's account."""
    from {{ cookiecutter.package_name }}.auth import Account

    with app.app_context():
        return db.session.scalar(select(Account.id).filter_by(email=EMAIL))


def workspace_id(app):
    """The signed-in test user's personal workspace, which rows written directly go to for the user to see."""
    from {{ cookiecutter.package_name }}.auth import Account

    with app.app_context():
        return db.session.scalar(select(Account.personal_workspace_id).filter_by(email=EMAIL))


{% endif -%}
@pytest.mark.parametrize("count", [1, 500])
def test_each_read_takes_a_bounded_number_of_statements(api, app, statements, collection, count):
{%- if cookiecutter.auth != "none" %}
    owner = workspace_id(app)
{%- else %}
    owner = None
{%- endif %}
    parent_id, ids = write_rows(app, collection, count, NUMBERS, owner)
    write_rows(app, collection, 3, NUMBERS, owner)  # another parent's rows, for the lists to leave out
    cursor = contract.cursor(ids[len(ids) // 2])
    page = 1 + len(collection.many)  # the rows, and the ids each links to through each many-to-many
    item = item_url(collection, ids[-1])
    reads = {
        item: 1 + len(collection.embedded) + len(collection.many),
        collection.url: page,
        f"{collection.url}?count=100&after={cursor}": page,
    }
    if collection.parent is not None:
        reads[f"{collection.url}?{collection.foreign_key}={parent_id}"] = page
        reads[f"{collection.url}?{collection.foreign_key}={parent_id}&count=100&after={cursor}"] = page
        # The parent's row for the item or for every row of a page: its own statements, once.
        included = 1 + len(collection.parent.many)
        reads[f"{item}?include={collection.link}"] = reads[item] + included
        reads[f"{collection.url}?include={collection.link}"] = page + included
    for url, bound in reads.items():
        statements.clear()
        response, _ = api.get(url)
        assert response.status_code == 200, url
        assert len(statements) <= bound + PER_REQUEST, (url, statements)


# --- References and many-to-manys, each as its resource declares it ---------------------------------------


@pytest.fixture(params=REFERENCES, ids=lambda pair: f"{pair[0]}.{pair[1][0]}")
def reference(request):
    return request.param


@pytest.fixture(params=MANY, ids=lambda pair: f"{pair[0]}.{pair[1][0]}")
def many(request):
    return request.param


def test_a_reference_links_includes_filters_and_refuses_a_missing_row(api, app, reference):
    collection, (link, foreign_key, target_resource, _, _) = reference
    target = collection_of(target_resource)
    first, second = create(api, target, 0), create(api, target, 1)
    row = create(api, collection, **{foreign_key: first["id"]})
    assert row[foreign_key] == first["id"]
    _, body = api.get(item_url(collection, row["id"]))
    assert api.link(body, link) == f"{BASE_URL}{item_url(target, first['id'])}"
    _, body = api.get(target.url, query_string={"id": str(first["id"])})
    expected = api.items(body, target.name)
    _, body = api.get(item_url(collection, row["id"]), query_string={"include": link})
    assert api.included(body, link) == expected
    _, body = api.get(collection.url, query_string={foreign_key: str(first["id"])})
    assert [item["id"] for item in api.items(body, collection.name)] == [row["id"]]
    response, body = api.patch(item_url(collection, row["id"]), {foreign_key: second["id"]}, collection.name)
    assert api.properties(body)[foreign_key] == second["id"], body
    before = row_counts(app)
    response, body = api.patch(item_url(collection, row["id"]), {foreign_key: 999999}, collection.name)
    assert (response.status_code, api.error_field(body)) == (404, foreign_key)
    assert "which does not exist" in api.error(body)
    assert row_counts(app) == before


def test_deleting_a_referenced_row_empties_the_reference_or_is_refused_with_409(api, reference):
    collection, (_, foreign_key, target_resource, _, refuses) = reference
    target = collection_of(target_resource)
    referred = create(api, target)
    row = create(api, collection, **{foreign_key: referred["id"]})
    response, body = api.delete(item_url(target, referred["id"]))
    if refuses:
        assert response.status_code == 409, body
        assert collection.noun in api.error(body)
        assert api.get(item_url(target, referred["id"]))[0].status_code == 200
    else:
        assert response.status_code == 200, body
        _, body = api.get(item_url(collection, row["id"]))
        assert api.properties(body)[foreign_key] is None


def test_a_many_to_many_is_a_list_of_ids_replaced_whole_linked_and_filtered(api, app, many):
    collection, (link, ids, target_resource) = many
    target = collection_of(target_resource)
    first, second, third = (create(api, target, n) for n in range(3))
    row = create(api, collection, **{ids: [first["id"], second["id"]]})
    assert row[ids] == [first["id"], second["id"]]
    assert create(api, collection, 1)[ids] == []  # left out: no links
    url = item_url(collection, row["id"])
    _, body = api.get(url)
    _, linked = api.get(api.link(body, link))
    assert [item["id"] for item in api.items(linked, target.name)] == [first["id"], second["id"]]
    _, body = api.get(collection.url, query_string={ids: str(second["id"])})
    assert [item["id"] for item in api.items(body, collection.name)] == [row["id"]]
    _, body = api.patch(url, {ids: [third["id"]]}, collection.name)
    assert api.properties(body)[ids] == [third["id"]]
    before = row_counts(app)
    response, body = api.patch(url, {ids: [first["id"], 999999]}, collection.name)
    assert (response.status_code, api.error_field(body)) == (404, ids)
    assert row_counts(app) == before
    assert api.delete(item_url(target, third["id"]))[0].status_code == 200
    _, body = api.get(url)
    assert api.properties(body)[ids] == []


def test_an_item_with_500_linked_rows_is_read_in_a_bounded_number_of_statements(api, app, statements, many):
    collection, (_, ids, target_resource) = many
    row = create(api, collection)
{%- if cookiecutter.auth != "none" %}
    owner = workspace_id(app)
{%- else %}
    owner = None
{%- endif %}
    _, linked = write_rows(app, collection_of(target_resource), 500, NUMBERS, owner)
    response, body = api.patch(item_url(collection, row["id"]), {ids: linked}, collection.name)
    assert response.status_code == 200, body
    statements.clear()
    _, body = api.get(item_url(collection, row["id"]))
    assert api.properties(body)[ids] == linked
    assert len(statements) <= 1 + len(collection.embedded) + len(collection.many) + PER_REQUEST, statements
{%- if cookiecutter.auth != "none" %}


def test_a_reference_to_another_users_row_is_404_as_a_missing_one(api, app, eve, reference):
    collection, (_, foreign_key, target_resource, _, _) = reference
    theirs = create(eve, collection_of(target_resource))
    before = row_counts(app)
    row = create(api, collection)
    response, body = api.patch(item_url(collection, row["id"]), {foreign_key: theirs["id"]}, collection.name)
    assert (response.status_code, api.error_field(body)) == (404, foreign_key)
    assert row_counts(app) != before  # the row made above, and nothing else
    _, body = api.get(item_url(collection, row["id"]))
    assert api.properties(body) == row


@pytest.fixture
def eve(api, client):
    """Another user, speaking the same representation."""
    return type(api)(client, sign_in(client, "eve@example.com"))


def test_another_users_rows_are_404_at_every_depth(api, app, eve, collection):
    row = create(api, collection)
    url = item_url(collection, row["id"])
    before = row_counts(app)
    assert eve.get(url)[0].status_code == 404
    assert eve.patch(url, samples.values(collection.model, 1), collection.name)[0].status_code == 404
    assert eve.delete(url)[0].status_code == 404
    _, body = eve.get(collection.url)
    assert eve.items(body, collection.name) == []
    if collection.parent is not None:
        add_url = f"{item_url(collection.parent, row[collection.foreign_key])}{collection.add_route}/"
        assert eve.post(add_url, samples.values(collection.model, 1), collection.name)[0].status_code == 404
        values = {**samples.values(collection.model, 1), collection.foreign_key: row[collection.foreign_key]}
        response, body = eve.post(collection.url, values, collection.name)
        assert (response.status_code, eve.error_field(body)) == (404, collection.foreign_key)
    assert row_counts(app) == before
    _, body = api.get(url)
    assert api.properties(body) == row


def test_an_admin_reads_and_writes_every_users_rows_at_every_depth(api, app, eve, collection, caplog):
    theirs = create(eve, collection)
    url = item_url(collection, theirs["id"])
    runner = app.test_cli_runner()
    assert runner.invoke(args=["set-admin", EMAIL]).exit_code == 0
    caplog.set_level("INFO", logger=app.logger.getChild("admin").name)

    _, body = api.get(url)
    assert api.properties(body) == theirs
    _, body = api.get(collection.url)
    assert theirs["id"] in [item["id"] for item in api.items(body, collection.name)]
    values = samples.values(collection.model, 1)
    response, body = api.patch(url, values, collection.name)
    assert response.status_code == 200, body
    # Each of an admin's writes is logged with their id; their reads are not.
    logged = [record for record in caplog.records if record.name.endswith(".admin")]
    written = [(record.admin_id, record.method, record.path) for record in logged]
    assert written == [(account_id(app), "PATCH", url)]
    _, body = eve.get(url)
    assert eve.properties(body) == api.properties(api.get(url)[1])

    # No longer an admin: from the very next request, another user's row is a 404 again.
    assert runner.invoke(args=["set-admin", EMAIL, "--off"]).exit_code == 0
    assert api.get(url)[0].status_code == 404
    assert api.delete(url)[0].status_code == 404
    assert eve.get(url)[0].status_code == 200


def new_workspace(api):
    """A new workspace of the test user's: its id."""
    from {{ cookiecutter.package_name }}.api import URL_PREFIX

    response, body = api.post(f"{URL_PREFIX}/workspace/", {"name": "Shared"}, "workspace")
    assert response.status_code == 201, body
    return api.properties(body)["id"]


def shared_with_eve(api, role):
    """A new workspace of the test user's, with Eve a member as ``role``: its id."""
    from {{ cookiecutter.package_name }}.api import URL_PREFIX

    workspace = new_workspace(api)
    invited = {"email": "eve@example.com", "role": role}
    response, body = api.post(f"{URL_PREFIX}/workspace/{workspace}/addmember/", invited, "member")
    assert response.status_code == 201, body
    return workspace


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_members_role_says_what_they_may_write_at_every_depth(api, app, eve, collection, role):
    workspace = shared_with_eve(api, role)
    row = create(api, collection, workspace_id=workspace)
    url = item_url(collection, row["id"])
    # Every member reads every row of the workspace, in its lists too.
    _, body = eve.get(url)
    assert eve.properties(body) == api.properties(api.get(url)[1])
    _, body = eve.get(collection.url)
    assert row["id"] in [item["id"] for item in eve.items(body, collection.name)]
    add_url, values = contract.create_request(
        api, collection, 2, row.get(collection.foreign_key), workspace_id=workspace
    )
    before = row_counts(app)
    writes = {
        "update": eve.patch(url, samples.values(collection.model, 1), collection.name),
        "create": eve.post(add_url, values, collection.name),
        "delete": eve.delete(url),
    }
    if role == "viewer":  # the row exists and they see it: 403, and nothing written
        assert {name: answer[0].status_code for name, answer in writes.items()} == dict.fromkeys(writes, 403)
        assert row_counts(app) == before
    else:
        assert {name: answer[0].status_code for name, answer in writes.items()} == {
            "update": 200,
            "create": 201,
            "delete": 200,
        }
        assert api.get(url)[0].status_code == 404


def test_a_reference_stays_inside_its_rows_workspace(api, app, reference):
    collection, (_, foreign_key, target, _, _) = reference
    elsewhere = create(api, collection_of(target), 1, workspace_id=new_workspace(api))
    row = create(api, collection)
    before = row_counts(app)
    url = item_url(collection, row["id"])
    response, body = api.patch(url, {foreign_key: elsewhere["id"]}, collection.name)
    assert (response.status_code, api.error_field(body)) == (404, foreign_key), body
    assert row_counts(app) == before
    _, body = api.get(url)
    assert api.properties(body) == row


def test_a_many_to_many_links_only_rows_of_its_rows_workspace(api, app, many):
    collection, (_, ids, target) = many
    elsewhere = create(api, collection_of(target), 1, workspace_id=new_workspace(api))
    row = create(api, collection)
    response, body = api.patch(item_url(collection, row["id"]), {ids: [elsewhere["id"]]}, collection.name)
    assert (response.status_code, api.error_field(body)) == (404, ids), body
    _, body = api.get(item_url(collection, row["id"]))
    assert api.properties(body)[ids] == []


def test_a_unique_value_is_taken_only_in_its_workspace_or_under_its_parent_row(api, collection):
    first = create(api, collection)
    for number, column in enumerate(collection.columns, start=1):
        same = {column.key: first[column.key]}
        if collection.parent is None:
            same["workspace_id"] = new_workspace(api)
        url, values = contract.create_request(api, collection, number, **same)  # a row under a new parent
        response, body = api.post(url, values, collection.name)
        assert response.status_code == 201, (column.key, body)


def _people():
    """(collection, field) of each reference to a person: a column that refers to the accounts."""
    from {{ cookiecutter.package_name }}.auth import Account

    return tuple(
        (collection, column.key)
        for collection in COLLECTIONS
        for column in collection.model.__table__.columns
        if any(key.column.table is Account.__table__ for key in column.foreign_keys)
    )


@pytest.fixture(params=_people(), ids=lambda pair: f"{pair[0]}.{pair[1]}")
def person(request):
    return request.param


def test_a_reference_to_a_person_names_a_member_of_the_rows_workspace(api, eve, person):
    from {{ cookiecutter.package_name }}.api import URL_PREFIX

    collection, field = person
    workspace = new_workspace(api)
    row = create(api, collection, workspace_id=workspace)
    url, eve_id = item_url(collection, row["id"]), account_of(eve)
    # Not a member: answered as an account that does not exist would be, so nobody learns who has one.
    missing = api.patch(url, {field: 999999}, collection.name)
    outsider = api.patch(url, {field: eve_id}, collection.name)
    assert (missing[0].status_code, outsider[0].status_code) == (404, 404)
    assert api.error(outsider[1]) == api.error(missing[1]).replace("999999", str(eve_id))
    assert api.error_field(outsider[1]) == field
    # A member may be named, by any member who writes.
    invited = {"email": "eve@example.com", "role": "editor"}
    response, body = api.post(f"{URL_PREFIX}/workspace/{workspace}/addmember/", invited, "member")
    assert response.status_code == 201, body
    membership = response.headers["Location"]
    response, body = api.patch(url, {field: eve_id}, collection.name)
    assert (response.status_code, api.properties(body)[field]) == (200, eve_id), body
    # Once they leave, no row of the workspace names them.
    assert eve.delete(membership)[0].status_code == 200
    _, body = api.get(url)
    assert api.properties(body)[field] is None


def account_of(user):
    """The id of a signed-in user's account, as the members of their personal workspace show it."""
    from {{ cookiecutter.package_name }}.api import URL_PREFIX

    _, body = user.get(f"{URL_PREFIX}/member/")
    (mine,) = [member for member in user.items(body, "member") if member["role"] == "owner"]
    return mine["account_id"]


def test_deleting_the_account_deletes_every_row_it_owns(app, api, client, headers):
    from {{ cookiecutter.package_name }}.api import URL_PREFIX

    for collection in COLLECTIONS:
        if collection.parent is None:
            row = create(api, collection)
            subtree(api, collection, row["id"])
    for collection, (_, ids, target) in MANY:  # a link of each many-to-many too
        create(api, collection, 1, **{ids: [create(api, collection_of(target), 1)["id"]]})
    url, values = contract.create_request(api, COLLECTIONS[0], 2)  # an answer kept under an Idempotency-Key
    response, _ = api.request("POST", url, values, COLLECTIONS[0].name, headers={"Idempotency-Key": '"kept"'})
    assert response.status_code == 201
    assert all(row_counts(app).values())
    response = client.delete(f"{URL_PREFIX}/auth/account", json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(row_counts(app).values()) == {0}
{%- endif %}
{%- if cookiecutter.browsable_api %}


@pytest.fixture
def browse(client, headers):
    """The parsed page at a URL, as a browser asks for it."""

    def browse(url):
        response = client.get(url, headers={"Accept": "text/html", **headers})
        assert response.status_code == 200
        return BeautifulSoup(response.get_data(as_text=True), "html.parser")

    return browse


def label_of(collection, row):
    """What a page calls a row: its display field's value, else its noun and id."""
    display = collection.resource.display_field
    if display and row[display] not in (None, ""):
        return str(row[display])
    return f"{collection.noun.capitalize()} {row['id']}"


def test_every_collection_and_row_is_a_page_headed_by_its_label(browse, api, collection):
    row = create(api, collection)
    display = collection.resource.display_field
    label = str(row[display]) if display and row[display] not in (None, "") else None

    for url, heading in ((collection.url, None), (item_url(collection, row["id"]), label)):
        page = browse(url)
        crumbs = [link.get_text() for link in page.select("nav.breadcrumbs a")]
        if heading is not None:
            assert page.h1.get_text() == heading
            assert crumbs[-1] == heading
        assert page.title.get_text() == page.h1.get_text()
        assert not any(crumb in (collection.name, str(row["id"])) for crumb in crumbs[1:])
    if collection.parent is not None and label is not None:  # its row in its parent's table of them
        page = browse(item_url(collection.parent, row[collection.foreign_key]))
        assert label in [link.get_text() for link in page.select("tbody a")]


@pytest.fixture(params=REFERRING_FIELDS, ids=lambda chosen: f"{chosen[0]}.{chosen[1]}")
def referring_field(request):
    return request.param


def test_a_form_offers_the_users_own_rows_for_each_reference_by_label(browse, api{{ ", eve" if cookiecutter.auth != "none" }}, referring_field):
    collection, field, target, many = referring_field
    rows = [create(api, target, n) for n in range(2)]
{%- if cookiecutter.auth != "none" %}
    create(eve, target, 2)  # another user's: never offered
{%- endif %}
    offered = browse(collection.url).select_one(f"#action-create select[name='{field}']")
    assert offered is not None
    assert offered.has_attr("multiple") == many
    options = [(option["value"], option.get_text()) for option in offered.select("option[value!='']")]
    assert options == [(str(row["id"]), label_of(target, row)) for row in rows]
    # A filter by it is a choice of one; an update starts from the stored rows, and the page names them.
    found = browse(collection.url).select_one(f"#action-retrieve_list select[name='{field}']")
    assert not found.has_attr("multiple")
    if field == collection.foreign_key:  # a parent's key: the row is added under the parent
        row = create(api, collection, under=rows[1]["id"])
    else:
        row = create(api, collection, **{field: [rows[1]["id"]] if many else rows[1]["id"]})
    page = browse(item_url(collection, row["id"]))
    chosen = page.select_one(f"#action-update select[name='{field}']")
    assert [option["value"] for option in chosen.find_all("option", selected=True)] == [str(rows[1]["id"])]
    target_url = item_url(target, rows[1]["id"])
    assert label_of(target, rows[1]) in [
        link.get_text() for link in page.select(".properties a") if link["href"].endswith(target_url)
    ]


def test_past_a_hundred_rows_a_reference_is_typed_with_the_first_suggested(browse, api, app, referring_field):
    collection, field, target, _ = referring_field
{%- if cookiecutter.auth != "none" %}
    owner = workspace_id(app)
{%- else %}
    owner = None
{%- endif %}
    write_rows(app, target, 101, NUMBERS, owner)
    page = browse(collection.url)
    typed = page.select_one(f"#action-create input[name='{field}']")
    assert typed is not None and typed["type"] == "text"
    assert len(page.find("datalist", id=typed["list"]).find_all("option")) == 100
    hint = page.find(id=typed["aria-describedby"].split()[-1])
    assert hint.find("a", href=lambda href: href.endswith(target.url)) is not None
{%- endif %}
