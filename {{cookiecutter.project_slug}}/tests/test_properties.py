"""Whatever a client sends, the API answers with a 2xx or 4xx in a representation it serves."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.package_name }}.api import ADAPTERS

from .representations import REPRESENTATIONS
from .test_api import ADD_CHILD, CHILDREN, FOREIGN_KEY, PARENTS, add_child, create_parent

MEDIA_TYPES = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
FIELD_NAMES = ["id", "title", "description", "completed", FOREIGN_KEY, "page", "count"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
field_names = st.sampled_from(FIELD_NAMES) | st.text(max_size=10)
objects = st.dictionaries(field_names, json_values, max_size=5)
documents = st.fixed_dictionaries(
    {"data": st.fixed_dictionaries({"type": st.text(max_size=8), "attributes": objects})}
)
bodies = (objects | documents | json_values).map(json.dumps).map(str.encode) | st.binary(max_size=40)
queries = st.dictionaries(field_names, st.text(max_size=12) | st.integers().map(str), max_size=3)
accepts = st.sampled_from([*MEDIA_TYPES, "*/*", "text/html", "application/xml", "", "nonsense;;q=x"])
content_types = st.sampled_from(
    ["application/json", "application/vnd.api+json", "application/x-www-form-urlencoded", "text/plain", ""]
)

# Hypothesis runs each test many times within one function-scoped fixture: the data accumulates, harmlessly.
checks = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def urls(speak):
    api = speak(REPRESENTATIONS[MEDIA_TYPES[0]])
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    return [
        f"{PARENTS}",
        f"{PARENTS}{parent['id']}/",
        f"{PARENTS}{parent['id']}/{ADD_CHILD}",
        f"{CHILDREN}",
        f"{CHILDREN}{child['id']}/",
    ]


def assert_answered(response):
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.mimetype in MEDIA_TYPES


@checks
@given(data=st.data(), method=st.sampled_from(["POST", "PATCH", "PUT", "DELETE"]), body=bodies)
def test_any_body(client, headers, urls, data, method, body):
    url = data.draw(st.sampled_from(urls))
    headers = {**headers, "Accept": data.draw(accepts), "Content-Type": data.draw(content_types)}
    assert_answered(client.open(url, method=method, data=body, headers=headers))


@checks
@given(data=st.data(), query=queries)
def test_any_query(client, headers, urls, data, query):
    url = data.draw(st.sampled_from(urls))
    headers = {**headers, "Accept": data.draw(accepts)}
    assert_answered(client.get(url, query_string=query, headers=headers))
