"""JSON:API 1.1 specifics: document structure, relationships, query parameters, media types and errors."""

import json

import pytest

from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX

from . import samples
from .representations.base import BASE_URL
from .representations.jsonapi import PAGINATION, JsonApi
from .test_api import (
    CHILD_COLUMNS,
    CHILD_MODEL,
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)

MEDIA_TYPE = JsonApi.media_type
# The relationship by which a child refers to its parent, and the parent's links to its children.
TO_PARENT = "{{ cookiecutter.__parent_snake }}"
TO_CHILDREN = "{{ cookiecutter.__child_plural }}"
CHILD_LIST = "{{ cookiecutter.__child_url }}_list"
# A JSON:API link's query, percent-encoded as the specification's serializer writes it.
FILTERED = "filter%5B{{ cookiecutter.__parent_fk }}%5D"


@pytest.fixture
def jsonapi(speak):
    return speak(JsonApi)


@pytest.fixture
def raw(client, headers):
    """Sends a request as it is, with JSON:API's Accept unless told otherwise: ``(response, body)``."""

    def send(method, url, accept=MEDIA_TYPE, **kwargs):
        response = client.open(url, method=method, headers={**headers, "Accept": accept}, **kwargs)
        body = response.get_json() if response.data else None
        if body is not None and response.mimetype == MEDIA_TYPE:
            JsonApi.check(body)
        return response, body

    return send


def the_error(body):
    (error,) = body["errors"]
    return error


def test_a_resource_object_has_string_ids_and_to_one_linkage(jsonapi):
    parent = create_parent(jsonapi)
    child = add_child(jsonapi, parent["id"])
    _, body = jsonapi.get(f"{CHILDREN}{child['id']}/")
    assert body["jsonapi"] == {"version": "1.1"}
    data = body["data"]
    assert data["type"] == CHILD_TYPE
    assert data["id"] == str(child["id"])
    assert FOREIGN_KEY not in data["attributes"]
    parent_relationship = data["relationships"][TO_PARENT]
    assert parent_relationship["data"] == {"type": PARENT_TYPE, "id": str(parent["id"])}
    assert parent_relationship["links"] == {"related": f"{BASE_URL}{PARENTS}{parent['id']}/"}
    assert data["links"]["self"] == f"{BASE_URL}{CHILDREN}{child['id']}/"


def test_a_to_many_relationship_has_its_linkage_and_a_related_link_to_the_filtered_list(jsonapi, raw):
    parent = create_parent(jsonapi)
    child = add_child(jsonapi, parent["id"])
    add_child(jsonapi, create_parent(jsonapi, 1)["id"], 1)
    _, body = raw("GET", f"{PARENTS}{parent['id']}/")
    relationships = body["data"]["relationships"]
    identifiers = [{"type": CHILD_TYPE, "id": str(child["id"])}]
    children = f"{BASE_URL}{CHILDREN}?{FILTERED}={parent['id']}"
    assert relationships[TO_CHILDREN] == {"data": identifiers, "links": {"related": children}}
    # The parent's link to its children's list keeps its name and place, spelled as JSON:API's.
    assert relationships[CHILD_LIST] == {"links": {"related": children}}
    response, listed = raw("GET", children)
    assert response.status_code == 200
    assert [item["id"] for item in listed["data"]] == [str(child["id"])]


def test_no_relationship_has_a_self_link_as_there_are_no_relationship_endpoints(jsonapi, raw):
    parent = create_parent(jsonapi)
    child = add_child(jsonapi, parent["id"])
    for url in (f"{PARENTS}{parent['id']}/", f"{CHILDREN}{child['id']}/", PARENTS, CHILDREN):
        _, body = raw("GET", url)
        objects = body["data"] if isinstance(body["data"], list) else [body["data"]]
        for resource_object in objects:
            for relationship in resource_object["relationships"].values():
                if relationship.get("data", ...) is None:  # an empty reference: no row to link to
                    assert relationship == {"data": None}, url
                else:
                    assert set(relationship["links"]) == {"related"}, url
    response, _ = raw("GET", f"{CHILDREN}{child['id']}/relationships/{TO_PARENT}/")
    assert response.status_code == 404


def test_a_collection_pages_and_filters_with_json_apis_families(jsonapi, raw):
    ids = [create_parent(jsonapi, number)["id"] for number in range(3)]
    _, body = raw("GET", f"{PARENTS}?page[size]=2")
    assert [item["id"] for item in body["data"]] == [str(id_) for id_ in ids[:2]]
    assert body["links"]["self"] == f"{BASE_URL}{PARENTS}?page%5Bsize%5D=2"
    assert body["links"]["next"] == f"{BASE_URL}{PARENTS}?page%5Bsize%5D=2&page%5Bafter%5D={ids[1]}"
    assert "prev" not in body["links"]
    assert body["meta"] == {"count": 2}
    _, body = raw("GET", body["links"]["next"])
    assert [item["id"] for item in body["data"]] == [str(ids[2])]
    assert body["links"]["prev"] == f"{BASE_URL}{PARENTS}?page%5Bsize%5D=2&page%5Bbefore%5D={ids[2]}"
    _, body = raw("GET", f"{PARENTS}?page[size]=1&page[number]=3")
    assert [item["id"] for item in body["data"]] == [str(ids[2])]
    # Square brackets left unencoded, as browsers send them, are the same parameters.
    _, body = raw("GET", f"{PARENTS}?page%5Bsize%5D=1&page%5Bnumber%5D=3")
    assert [item["id"] for item in body["data"]] == [str(ids[2])]


def test_a_filtered_lists_links_keep_the_filter_in_json_apis_spelling(jsonapi, raw):
    parent = create_parent(jsonapi)
    children = [add_child(jsonapi, parent["id"], number)["id"] for number in range(3)]
    add_child(jsonapi, create_parent(jsonapi, 1)["id"], 3)
    _, body = raw("GET", f"{CHILDREN}?filter[{FOREIGN_KEY}]={parent['id']}&page[size]=2")
    assert [item["id"] for item in body["data"]] == [str(id_) for id_ in children[:2]]
    assert body["links"]["next"] == (
        f"{BASE_URL}{CHILDREN}?{FILTERED}={parent['id']}&page%5Bsize%5D=2&page%5Bafter%5D={children[1]}"
    )
    _, body = raw("GET", body["links"]["next"])
    assert [item["id"] for item in body["data"]] == [str(children[2])]


def test_a_pages_rows_link_to_their_lists_in_json_apis_spelling(jsonapi, raw):
    parent = create_parent(jsonapi)
    _, body = raw("GET", PARENTS)
    (row,) = body["data"]
    assert row["relationships"][CHILD_LIST] == {
        "links": {"related": f"{BASE_URL}{CHILDREN}?{FILTERED}={parent['id']}"}
    }


def test_a_create_sent_to_a_parents_list_of_children_is_in_that_parent(jsonapi, raw):
    parent = create_parent(jsonapi)
    _, body = raw("GET", f"{PARENTS}{parent['id']}/")
    listed = body["data"]["relationships"][CHILD_LIST]["links"]["related"]
    document = jsonapi.document(samples.values(CHILD_MODEL), CHILD_TYPE)
    response, created = raw("POST", listed, json=document, content_type=MEDIA_TYPE)
    assert response.status_code == 201, created
    assert created["data"]["relationships"][TO_PARENT]["data"]["id"] == str(parent["id"])


def test_an_item_includes_its_parent_and_its_first_page_of_children(jsonapi, raw):
    parent = create_parent(jsonapi)
    children = [add_child(jsonapi, parent["id"], n) for n in range(2)]
    _, body = raw("GET", f"{PARENTS}{parent['id']}/", query_string={"include": TO_CHILDREN})
    included = {(item["type"], item["id"]): item for item in body["included"]}
    assert set(included) == {(CHILD_TYPE, str(child["id"])) for child in children}
    first = included[(CHILD_TYPE, str(children[0]["id"]))]
    _, own = raw("GET", f"{CHILDREN}{children[0]['id']}/")
    assert first["attributes"] == own["data"]["attributes"]
    _, body = raw("GET", f"{CHILDREN}{children[0]['id']}/", query_string={"include": TO_PARENT})
    assert [(item["type"], item["id"]) for item in body["included"]] == [(PARENT_TYPE, str(parent["id"]))]


def test_a_list_includes_each_rows_parent_once(jsonapi, raw):
    parent = create_parent(jsonapi)
    for n in range(3):
        add_child(jsonapi, parent["id"], n)
    _, body = raw("GET", CHILDREN, query_string={"include": TO_PARENT})
    assert [(item["type"], item["id"]) for item in body["included"]] == [(PARENT_TYPE, str(parent["id"]))]


@pytest.mark.parametrize(
    ("url", "include", "words"),
    [
        (PARENTS, "nothing", '"nothing" is not a relationship this answer can include'),
        (PARENTS, TO_CHILDREN, f'"{TO_CHILDREN}" is not a relationship this answer can include'),
        (CHILDREN, f"{TO_PARENT}.{TO_CHILDREN}", "is a path"),
    ],
)
def test_an_include_the_answer_cannot_hold_is_refused_naming_the_parameter(raw, url, include, words):
    response, body = raw("GET", url, query_string={"include": include})
    assert response.status_code == 400
    error = the_error(body)
    assert error["source"] == {"parameter": "include"}
    assert words in error["detail"]


def test_a_fieldset_keeps_those_fields_of_its_type_in_data_and_included(jsonapi, raw):
    parent = create_parent(jsonapi)
    for number in range(3):
        add_child(jsonapi, parent["id"], number)
    kept = CHILD_COLUMNS[0].key
    fieldsets = {f"fields[{CHILD_TYPE}]": f"{kept},{TO_PARENT}", f"fields[{PARENT_TYPE}]": ""}
    response, body = raw("GET", CHILDREN, query_string={**fieldsets, "include": TO_PARENT, "page[size]": "2"})
    assert response.status_code == 200, body
    assert [(set(row["attributes"]), set(row["relationships"])) for row in body["data"]] == [
        ({kept}, {TO_PARENT})
    ] * 2
    (included,) = body["included"]
    assert (included["id"], included["attributes"], included["relationships"]) == (str(parent["id"]), {}, {})
    assert body["meta"]["fields"] == {CHILD_TYPE: f"{kept},{TO_PARENT}", PARENT_TYPE: ""}
    _, following = raw("GET", body["links"]["next"])
    assert [set(row["attributes"]) for row in following["data"]] == [{kept}]

    child = body["data"][0]["id"]
    _, body = raw("GET", f"{CHILDREN}{child}/", query_string={f"fields[{CHILD_TYPE}]": TO_PARENT})
    assert (body["data"]["attributes"], set(body["data"]["relationships"])) == ({}, {TO_PARENT})


@pytest.mark.parametrize(
    ("parameter", "value", "words"),
    [
        ("fields", "id", 'names the type whose fields it keeps: "fields[type]"'),
        (f"fields[{CHILD_TYPE}]", "nothing", f'"nothing" is not a field of {CHILD_TYPE}'),
        (f"fields[{CHILD_TYPE}]", FOREIGN_KEY, f'"{FOREIGN_KEY}" is not a field of {CHILD_TYPE}'),
        ("fields[nothing]", "id", '"nothing" is no resource type of this API'),
    ],
)
def test_a_fieldset_a_type_cannot_keep_is_refused_naming_the_parameter(raw, parameter, value, words):
    response, body = raw("GET", CHILDREN, query_string={parameter: value})
    assert response.status_code == 400, body
    error = the_error(body)
    assert error["source"] == {"parameter": parameter}
    assert words in error["detail"]


def test_sort_orders_a_list_and_is_refused_elsewhere_naming_it(jsonapi, raw):
    parent = create_parent(jsonapi)
    children = [add_child(jsonapi, parent["id"], n) for n in range(3)]
    response, body = raw("GET", CHILDREN, query_string={"sort": "-id", "page[size]": "2"})
    assert response.status_code == 200, body
    assert [row["id"] for row in body["data"]] == [str(child["id"]) for child in children[::-1][:2]]
    assert "sort=-id" in body["links"]["next"]
    for url, value in ((f"{CHILDREN}{children[0]['id']}/", "id"), (CHILDREN, "nothing")):
        response, body = raw("GET", url, query_string={"sort": value})
        assert response.status_code == 400, url
        assert the_error(body)["source"] == {"parameter": "sort"}


@pytest.mark.parametrize(
    ("parameter", "spelling"),
    [
        ("count", "page[size]"),
        ("after", "page[after]"),
        ("before", "page[before]"),
        ("page", "page[number]"),
        (FOREIGN_KEY, f"filter[{FOREIGN_KEY}]"),
    ],
)
def test_the_plain_names_of_the_other_representations_are_400_naming_json_apis(
    jsonapi, raw, parameter, spelling
):
    """All lowercase, or a name the API would not process: JSON:API says both are a 400."""
    create_parent(jsonapi)
    for url in (PARENTS, f"{PARENTS}1/"):
        response, body = raw("GET", url, query_string={parameter: "1"})
        assert response.status_code == 400
        error = the_error(body)
        assert error["source"] == {"parameter": parameter}
        assert f'"{spelling}"' in error["detail"]


@pytest.mark.parametrize(
    "parameter", ["_", "page[offset]", "filter", "filter[a][b]", "filter[a.b]", "camelCase"]
)
def test_any_other_query_parameter_is_400(raw, parameter):
    response, body = raw("GET", CHILDREN, query_string={parameter: "1"})
    assert response.status_code == 400
    assert the_error(body)["source"] == {"parameter": parameter}


def test_the_other_representations_keep_their_names_and_take_json_apis_too(client, headers):
    others = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
    others.remove(MEDIA_TYPE)
    if not others:
        pytest.skip("JSON:API is the only representation")
    accept = others[0]
    for query in ("count=1", "page[size]=1", f"{FOREIGN_KEY}=1", f"filter[{FOREIGN_KEY}]=1"):
        response = client.get(f"{CHILDREN}?{query}", headers={**headers, "Accept": accept})
        assert response.status_code == 200, query
    response = client.get(
        f"{CHILDREN}?{FOREIGN_KEY}=1&filter[{FOREIGN_KEY}]=1", headers={**headers, "Accept": accept}
    )
    assert response.status_code == 400


def test_a_client_that_takes_anything_is_not_held_to_json_apis_names(client, headers):
    """It gets the first representation, JSON:API or not, and the names every representation takes."""
    for accept in ("*/*", None):
        sent = {**headers, **({"Accept": accept} if accept else {})}
        response = client.get(f"{CHILDREN}?count=1&{FOREIGN_KEY}=1", headers=sent)
        assert response.status_code == 200, response.get_data(as_text=True)


def test_the_document_describes_both_spellings_and_the_plain_one_as_not_for_json_api(client):
    operation = client.get(f"{URL_PREFIX}/openapi.json").get_json()["paths"][CHILDREN]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    for plain, spelled in {**PAGINATION, FOREIGN_KEY: f"filter[{FOREIGN_KEY}]"}.items():
        assert parameters[spelled]["schema"] == parameters[plain]["schema"]
        description = parameters[plain]["description"]
        assert description == f"Not in a JSON:API request (a 400 there), which sends it as {spelled}."
    assert {"400", "406"} <= set(operation["responses"])


def test_errors_about_query_parameters_name_them_as_sent(raw):
    cases = {
        "page[size]": "0",
        "page[after]": "not-a-cursor",
        "page[number]": "0",
        f"filter[{FOREIGN_KEY}]": "abc",
        "filter[colour]": "red",
    }
    for parameter, value in cases.items():
        response, body = raw("GET", CHILDREN, query_string={parameter: value})
        assert response.status_code == 400, parameter
        assert the_error(body)["source"] == {"parameter": parameter}
        assert "pointer" not in the_error(body)["source"]


def test_field_errors_point_at_the_attribute(jsonapi):
    response, body = jsonapi.post(PARENTS, {**samples.values(PARENT_MODEL), "colour": "red"}, PARENT_TYPE)
    assert response.status_code == 400
    error = the_error(body)
    assert error["status"] == "400"
    assert error["source"] == {"pointer": "/data/attributes/colour"}


def test_a_field_left_out_is_pointed_at_where_it_would_be_and_named_in_meta(jsonapi):
    required = [column.key for column in samples.settable(PARENT_MODEL) if samples.field(column).required]
    if not required:
        pytest.skip("the parent has no required field")
    values = {name: value for name, value in samples.values(PARENT_MODEL).items() if name != required[0]}
    response, body = jsonapi.post(PARENTS, values, PARENT_TYPE)
    assert response.status_code == 400
    error = the_error(body)
    assert error["source"] == {"pointer": "/data/attributes"}
    assert error["meta"] == {"field": required[0]}


def test_an_error_about_a_relationship_points_at_its_linkage(jsonapi):
    values = {**samples.values(CHILD_MODEL), FOREIGN_KEY: 999}
    response, body = jsonapi.post(CHILDREN, values, CHILD_TYPE)
    assert response.status_code == 404
    assert the_error(body)["source"] == {"pointer": f"/data/relationships/{TO_PARENT}/data"}


@pytest.mark.parametrize(
    "content_type",
    [
        f"{MEDIA_TYPE}; charset=utf-8",
        f'{MEDIA_TYPE}; ext="https://example.com/an-extension"',
        f"{MEDIA_TYPE}; v=1",
    ],
)
def test_a_body_whose_media_type_has_another_parameter_or_an_extension_is_415(jsonapi, raw, content_type):
    document = jsonapi.document(samples.values(PARENT_MODEL), PARENT_TYPE)
    response, body = raw("POST", PARENTS, data=json.dumps(document), content_type=content_type)
    assert response.status_code == 415
    assert the_error(body)["source"] == {"header": "Content-Type"}
    _, listed = raw("GET", PARENTS)
    assert listed["data"] == []


def test_a_body_with_a_profile_is_read_the_profile_ignored(jsonapi, raw):
    document = jsonapi.document(samples.values(PARENT_MODEL), PARENT_TYPE)
    content_type = f'{MEDIA_TYPE}; profile="https://example.com/a-profile"'
    response, body = raw("POST", PARENTS, data=json.dumps(document), content_type=content_type)
    assert response.status_code == 201, body


@pytest.mark.parametrize(
    "accept",
    [
        f'{MEDIA_TYPE}; ext="https://example.com/an-extension"',
        f"{MEDIA_TYPE}; charset=utf-8",
        f'{MEDIA_TYPE}; ext="https://example.com/an-extension", {MEDIA_TYPE}; charset=utf-8, */*;q=0.1',
    ],
)
def test_an_accept_whose_every_json_api_entry_cannot_be_served_is_406(raw, accept):
    response, body = raw("GET", PARENTS, accept=accept)
    assert response.status_code == 406
    assert response.mimetype == MEDIA_TYPE
    assert the_error(body)["source"] == {"header": "Accept"}


@pytest.mark.parametrize(
    "accept",
    [
        f'{MEDIA_TYPE}; profile="https://example.com/a-profile"',
        f'{MEDIA_TYPE}; ext="https://example.com/an-extension", {MEDIA_TYPE}',
    ],
)
def test_an_accept_with_a_json_api_entry_that_can_be_served_is_answered(raw, accept):
    response, body = raw("GET", PARENTS, accept=accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == MEDIA_TYPE
    assert body["data"] == []


def test_every_answer_varies_by_accept(jsonapi):
    for response, _ in (jsonapi.get(PARENTS), jsonapi.get(f"{PARENTS}999/")):
        assert "Accept" in response.headers["Vary"]


def test_a_delete_answers_with_meta_only_and_takes_an_empty_object(jsonapi, raw):
    parent = create_parent(jsonapi)
    url = f"{PARENTS}{parent['id']}/"
    response, body = raw("DELETE", url, data="{}", content_type=MEDIA_TYPE)
    assert response.status_code == 200
    assert body == {"jsonapi": {"version": "1.1"}, "meta": {"deleted": True}}
    assert raw("GET", url)[0].status_code == 404


def test_a_create_with_an_id_is_403_and_an_update_of_another_id_409(jsonapi, raw):
    parent = create_parent(jsonapi)
    document = jsonapi.document(samples.values(PARENT_MODEL, 1), PARENT_TYPE)
    document["data"]["id"] = "12345"
    response, _ = raw("POST", PARENTS, json=document, content_type=MEDIA_TYPE)
    assert response.status_code == 403
    url = f"{PARENTS}{parent['id']}/"
    document["data"]["id"] = str(parent["id"] + 1)
    response, _ = raw("PATCH", url, json=document, content_type=MEDIA_TYPE)
    assert response.status_code == 409
    document["data"]["id"] = str(parent["id"])
    response, body = raw("PATCH", url, json=document, content_type=MEDIA_TYPE)
    assert response.status_code == 200, body


def test_a_body_without_data_is_400(jsonapi):
    response, body = jsonapi.request("POST", PARENTS, json={"colour": "red"}, content_type=jsonapi.media_type)
    assert response.status_code == 400
    assert '"data"' in body["errors"][0]["detail"]
