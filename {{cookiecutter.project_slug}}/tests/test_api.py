"""The API's behaviour, checked in every representation it serves."""

import pytest

from {{ cookiecutter.package_name }} import models
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
from {{ cookiecutter.package_name }}.hypermedia.fields import is_unique

from . import samples
{%- if cookiecutter.adapter_siren or cookiecutter.adapter_hal or cookiecutter.adapter_json %}
from .representations import REPRESENTATIONS
{%- endif %}
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
PARENT_MODEL = models.{{ cookiecutter.parent_resource }}
CHILD_MODEL = models.{{ cookiecutter.child_resource }}
PARENT_COLUMNS = samples.settable(PARENT_MODEL)
CHILD_COLUMNS = samples.settable(CHILD_MODEL)


def create_parent(api, n=0, **fields):
    """Create a parent with the ``n``-th sample values, and ``fields``; its properties."""
    response, body = api.post(PARENTS, {**samples.values(PARENT_MODEL, n), **fields}, PARENT_TYPE)
    assert response.status_code == 201, body
    return api.properties(body)


def add_child(api, parent_id, n=0, **fields):
    """Add a child to the parent with the ``n``-th sample values, and ``fields``; its properties."""
    fields = {**samples.values(CHILD_MODEL, n), **fields}
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
    response, _ = api.get(f"{URL_PREFIX}/", headers={"Accept": f"{api.media_type}; {api.ignored_parameter}"})
    assert response.status_code == 200


def test_a_created_{{ cookiecutter.__parent_snake }}_reads_back_as_sent(api):
    sent = samples.values(PARENT_MODEL)
    response, body = api.post(PARENTS, sent, PARENT_TYPE)
    assert response.status_code == 201
    created = api.properties(body)
    assert {name: created[name] for name in sent} == sent
    assert response.headers["Location"] == f"{BASE_URL}{PARENTS}{created['id']}/"

    response, body = api.get(response.headers["Location"])
    assert response.status_code == 200
    assert api.properties(body) == created


@pytest.mark.parametrize("column", PARENT_COLUMNS, ids=samples.described)
def test_update_each_{{ cookiecutter.__parent_snake }}_field(api, column):
    parent = create_parent(api)
    changed = samples.value(column, 1)
    response, body = api.patch(f"{PARENTS}{parent['id']}/", {column.key: changed}, PARENT_TYPE)
    assert response.status_code == 200
    assert api.properties(body)[column.key] == changed
    _, body = api.get(f"{PARENTS}{parent['id']}/")
    assert api.properties(body) == {**parent, column.key: changed}


def test_list_is_ordered_and_paginated(api):
    ids = [create_parent(api, n)["id"] for n in range(25)]
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


def test_lists_page_forwards_and_back_by_cursor_in_both_spellings(api):
    ids = [create_parent(api, n)["id"] for n in range(7)]
    pages, url = [], f"{PARENTS}?page[size]=3"
    while url:
        _, body = api.get(url)
        pages.append([item["id"] for item in api.items(body, PARENT_TYPE)])
        url = api.link(body, "next") if pages[-1][-1] != ids[-1] else None
    assert pages == [ids[:3], ids[3:6], ids[6:]]
    backwards = []
    while True:
        backwards.append([item["id"] for item in api.items(body, PARENT_TYPE)])
        if backwards[-1][0] == ids[0]:
            break
        _, body = api.get(api.link(body, "previous"))
    assert backwards == [ids[6:], ids[3:6], ids[:3]]


@pytest.mark.parametrize("column", CHILD_COLUMNS, ids=samples.described)
def test_each_{{ cookiecutter.__child_snake }}_field_filters_the_list(api, column):
    parent = create_parent(api)
    wanted = add_child(api, parent["id"], 0)
    add_child(api, parent["id"], 1)
    response, body = api.get(CHILDREN, query_string={column.key: samples.as_text(wanted[column.key])})
    assert response.status_code == 200
    found = api.items(body, CHILD_TYPE)
    assert wanted["id"] in [item["id"] for item in found]
    assert all(item[column.key] == wanted[column.key] for item in found)


def test_{{ cookiecutter.__add_child }}(api):
    parent = create_parent(api)
    sent = samples.values(CHILD_MODEL)
    child = add_child(api, parent["id"])
    assert {name: child[name] for name in sent} == sent
    assert child[FOREIGN_KEY] == parent["id"]

    _, body = api.get(f"{PARENTS}{parent['id']}/")
    child_url = f"{BASE_URL}{CHILDREN}{child['id']}/"
    assert api.links(body, "{{ cookiecutter.__child_plural }}") == [child_url]

    _, body = api.get(child_url)
    assert api.properties(body) == child
    parent_url = api.link(body, "{{ cookiecutter.__parent_snake }}")
    assert parent_url == f"{BASE_URL}{PARENTS}{parent['id']}/"
    _, body = api.get(parent_url)
    assert api.properties(body) == parent


def test_fields_left_out_of_a_create_take_their_defaults_or_null(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/{ADD_CHILD}"
    response, body = api.post(url, samples.values(CHILD_MODEL, required_only=True), CHILD_TYPE)
    assert response.status_code == 201, body
    created = api.properties(body)
    for column in CHILD_COLUMNS:
        field = samples.field(column)
        if field.default is not None:
            assert created[column.key] == samples.fields.json_value(field.default), column.key
        elif column.nullable:
            assert created[column.key] is None, column.key


def test_{{ cookiecutter.__add_child }}_to_a_missing_{{ cookiecutter.__parent_snake }}_is_404(api):
    response, _ = api.post(f"{PARENTS}999/{ADD_CHILD}", samples.values(CHILD_MODEL), CHILD_TYPE)
    assert response.status_code == 404
    _, body = api.get(CHILDREN)
    assert api.items(body, CHILD_TYPE) == []


def test_include_names_what_an_answer_can_include_in_every_representation(api):
    """JSON:API adds the rows to its answer; every representation takes the names and refuses others."""
    parent = create_parent(api)
    response, _ = api.get(f"{PARENTS}{parent['id']}/?include={{ cookiecutter.__child_plural }}")
    assert response.status_code == 200
    response, body = api.get(f"{PARENTS}{parent['id']}/?include=nothing")
    assert response.status_code == 400
    assert api.error_field(body) == "include"


def test_only_a_read_takes_a_fieldset(api):
    url = f"{PARENTS}?fields[{PARENT_TYPE}]=id"
    response, body = api.post(url, samples.values(PARENT_MODEL), PARENT_TYPE)
    assert response.status_code == 400, body
    assert api.error_field(body) == f"fields[{PARENT_TYPE}]"
    _, body = api.get(PARENTS)
    assert api.items(body, PARENT_TYPE) == []
{%- if cookiecutter.adapter_siren or cookiecutter.adapter_hal or cookiecutter.adapter_json %}


@pytest.mark.parametrize(
    "representation",
    [
        REPRESENTATIONS[adapter.extra_headers["Content-Type"]]
        for adapter in ADAPTERS
        if adapter.extra_headers["Content-Type"] != "application/vnd.api+json"
    ],
    ids=lambda representation: representation.__name__,
)
def test_a_plain_fieldset_keeps_those_fields_of_the_rows_the_url_answers_with(speak, representation):
    """JSON:API names the type (``fields[type]``); the others may leave it to the URL."""
    api = speak(representation)
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    kept = CHILD_COLUMNS[0].key
    columns = {"id", FOREIGN_KEY, *(column.key for column in CHILD_COLUMNS)}
    _, body = api.get(f"{CHILDREN}{child['id']}/?fields={kept}")
    assert set(api.properties(body)) & columns == {"id", kept}
    _, body = api.get(f"{CHILDREN}?fields={kept}")
    assert [set(row) for row in api.items(body, CHILD_TYPE)] == [{"id", kept}]
    _, body = api.get(f"{PARENTS}{parent['id']}/?fields=")
    assert set(api.properties(body)) & {"id", *(column.key for column in PARENT_COLUMNS)} == {"id"}
{%- endif %}


def test_a_create_sent_to_a_parents_list_of_its_children_is_in_that_parent(api):
    """The list a parent links to is where its children are made, as generic clients make them."""
    parent, other = create_parent(api), create_parent(api, 1)
    _, body = api.get(f"{PARENTS}{parent['id']}/")
    listed = api.link(body, "{{ cookiecutter.__child_url }}_list")
    response, created = api.post(listed, samples.values(CHILD_MODEL), CHILD_TYPE)
    assert response.status_code == 201, created
    _, body = api.get(listed)
    assert [item["id"] for item in api.items(body, CHILD_TYPE)] == [api.properties(created)["id"]]

    elsewhere = {**samples.values(CHILD_MODEL, 1), FOREIGN_KEY: other["id"]}
    response, refused = api.post(listed, elsewhere, CHILD_TYPE)
    assert response.status_code == 400
    assert api.error_field(refused) == FOREIGN_KEY


def test_{{ cookiecutter.__child_snake }}_crud_and_filtered_list(api):
    parent, other = create_parent(api), create_parent(api, 1)
    fields = {FOREIGN_KEY: parent["id"], **samples.values(CHILD_MODEL)}
    response, body = api.post(CHILDREN, fields, CHILD_TYPE)
    assert response.status_code == 201
    child = api.properties(body)
    add_child(api, other["id"], 1)

    _, body = api.get(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")
    assert [item["id"] for item in api.items(body, CHILD_TYPE)] == [child["id"]]

    changed = samples.values(CHILD_MODEL, 2)
    response, body = api.patch(f"{CHILDREN}{child['id']}/", changed, CHILD_TYPE)
    assert response.status_code == 200
    assert {name: api.properties(body)[name] for name in changed} == changed

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


def test_a_deleted_rows_id_is_never_given_to_another_row(api):
    """A URL a client kept never names another row: an id is not reused, on SQLite as on PostgreSQL."""
    create_parent(api)
    last = create_parent(api, 1)
    response, _ = api.delete(f"{PARENTS}{last['id']}/")
    assert response.status_code == 200
    again = create_parent(api, 2)
    assert again["id"] > last["id"]
    assert api.get(f"{PARENTS}{last['id']}/")[0].status_code == 404


@pytest.mark.parametrize(
    ("url", "resource_name", "model", "extra"),
    [
        (PARENTS, PARENT_TYPE, PARENT_MODEL, {}),
        (CHILDREN, CHILD_TYPE, CHILD_MODEL, {FOREIGN_KEY: None}),
    ],
)
def test_a_create_without_its_required_fields_is_400_naming_the_first(api, url, resource_name, model, extra):
    required = [*extra, *(column.key for column in samples.settable(model) if samples.field(column).required)]
    optional = {name: value for name, value in samples.values(model).items() if name not in required}
    response, body = api.post(url, optional, resource_name)
    if not required:
        assert response.status_code == 201, body
        return
    assert response.status_code == 400
    assert api.error_field(body) == required[0]


@pytest.mark.parametrize(
    ("column", "invalid", "words"),
    [
        (column, invalid, words)
        for column in PARENT_COLUMNS
        for invalid, words in samples.invalid_values(column)
    ],
    ids=lambda value: samples.described(value) if hasattr(value, "key") else None,
)
def test_an_invalid_value_is_400_naming_its_field(api, column, invalid, words):
    response, body = api.post(PARENTS, {**samples.values(PARENT_MODEL), column.key: invalid}, PARENT_TYPE)
    assert response.status_code == 400, body
    assert api.error_field(body) == column.key
    assert words in api.error(body)
    _, body = api.get(PARENTS)
    assert api.items(body, PARENT_TYPE) == []


@pytest.mark.parametrize(
    ("column", "url", "resource_name"),
    [
        *((column, PARENTS, PARENT_TYPE) for column in PARENT_COLUMNS),
        *((column, CHILDREN, CHILD_TYPE) for column in CHILD_COLUMNS),
    ],
    ids=lambda value: samples.described(value) if hasattr(value, "key") else None,
)
def test_a_value_another_row_has_is_409_naming_the_field_only_where_unique(api, column, url, resource_name):
    parent = create_parent(api)
    first = add_child(api, parent["id"]) if url == CHILDREN else parent
    model = CHILD_MODEL if url == CHILDREN else PARENT_MODEL
    duplicate = {**samples.values(model, 1), column.key: first[column.key]}
    if url == CHILDREN:
        duplicate[FOREIGN_KEY] = parent["id"]
    response, body = api.post(url, duplicate, resource_name)
    if not is_unique(column):
        assert response.status_code == 201, body
        return
    assert response.status_code == 409, body
    assert api.error_field(body) == column.key


def test_an_unknown_field_is_400_naming_it(api):
    response, body = api.post(PARENTS, {**samples.values(PARENT_MODEL), "colour": "red"}, PARENT_TYPE)
    assert response.status_code == 400
    assert api.error_field(body) == "colour"


@pytest.mark.parametrize(
    ("url", "noun"),
    [(PARENTS, PARENT_NOUN), (CHILDREN, CHILD_NOUN)],
)
def test_a_missing_row_is_404_saying_so_in_words(api, url, noun):
    response, body = api.get(f"{url}999/")
    assert response.status_code == 404
    assert api.error(body) == f"No {noun} has the id 999."


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
    response, body = api.request("PUT", f"{PARENTS}{parent['id']}/", samples.values(PARENT_MODEL))
    assert response.status_code == 405
    assert "PATCH" in response.headers["Allow"]
    assert api.error(body)


def test_malformed_json_is_400(api):
    response, body = api.request("POST", PARENTS, data="{", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in api.error(body)


@pytest.mark.parametrize(
    "column",
    [column for column in CHILD_COLUMNS if isinstance(samples.field(column), samples.fields.StringField)][:1],
    ids=samples.described,
)
def test_a_backslash_in_a_stored_string_is_served(api, column):
    parent = create_parent(api)
    text = "C:\\new\\table"[: samples.field(column).maximum]
    child = add_child(api, parent["id"], **{column.key: text})
    response, body = api.get(f"{CHILDREN}{child['id']}/")
    assert response.status_code == 200
    assert api.properties(body)[column.key] == text
