"""Whatever a client sends, the API answers with a 2xx or 4xx in a representation it serves."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.package_name }}.api import ADAPTERS

from . import samples
from .representations import REPRESENTATIONS
from .test_api import (
    ADD_CHILD,
    CHILD_COLUMNS,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_COLUMNS,
    PARENTS,
    add_child,
    create_parent,
)

MEDIA_TYPES = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
COLUMNS = {column.key: column for column in (*PARENT_COLUMNS, *CHILD_COLUMNS)}
FIELD_NAMES = ["id", *COLUMNS, FOREIGN_KEY, "page", "count", "after", "before", "page[size]", "page[after]"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def valid_values(column):
    """Values the column accepts, drawn across its whole range."""
    field = samples.field(column)
    if isinstance(field, samples.fields.EnumField):
        return st.sampled_from(field.options)
    if isinstance(field, samples.fields.StringField):
        return st.text(max_size=field.maximum or 200)
    if isinstance(field, samples.fields.BooleanField):
        return st.booleans()
    if isinstance(field, samples.fields.IntegerField):
        return st.integers(samples.fields.INTEGER_MIN, samples.fields.INTEGER_MAX)
    if isinstance(field, samples.fields.FloatField):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(field, samples.fields.DecimalField):
        bound = 10 ** (field.precision - field.scale) - 1
        decimals = st.decimals(-bound, bound, places=field.scale, allow_nan=False, allow_infinity=False)
        return decimals.map(str)
    if isinstance(field, samples.fields.DateField):
        return st.dates().map(datetime.date.isoformat)
    if isinstance(field, samples.fields.DateTimeField):
        return st.datetimes(timezones=st.just(datetime.UTC)).map(datetime.datetime.isoformat)
    raise TypeError(f"No strategy for the column {column}.")


# Each declared field with valid values of its type or any JSON value, and any other names.
typed_fields = st.fixed_dictionaries(
    {}, optional={name: valid_values(column) | json_values for name, column in COLUMNS.items()}
)
field_names = st.sampled_from(FIELD_NAMES) | st.text(max_size=10)
objects = typed_fields | st.dictionaries(field_names, json_values, max_size=5)
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
{%- if cookiecutter.browsable_api %}
    # A client that prefers text/html (as "text/html" alone does) gets the browsable page.
    assert response.mimetype in [*MEDIA_TYPES, "text/html"]
{%- else %}
    assert response.mimetype in MEDIA_TYPES
{%- endif %}


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
