"""Conditional requests and retries, in every representation: ETags, If-Match and Idempotency-Key."""

import itertools

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.api import ADAPTERS
from {{ cookiecutter.package_name }}.hypermedia import idempotency
from {{ cookiecutter.package_name }}.models import db

from . import samples
from .representations import REPRESENTATIONS
from .test_api import (
    ADD_CHILD,
    CHILD_MODEL,
    CHILD_TYPE,
    CHILDREN,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)

# Each representation served.
SERVED = [REPRESENTATIONS[adapter.extra_headers["Content-Type"]] for adapter in ADAPTERS]
# The relationship of a child to its parent, which include names.
INCLUDED = "{{ cookiecutter.__parent_snake }}"
KEY = '"5f0c7d4e-1b2a-4c3d-9e8f-a1b2c3d4e5f6"'


def read(api, url):
    """(the ETag, the body) of a GET that must succeed."""
    response, body = api.get(url)
    assert response.status_code == 200, body
    return response.headers["ETag"], body


def conditional_get(api, url, tag):
    """The status and ETag of a GET sending ``tag`` in If-None-Match; a 304 must have no body."""
    headers = {"Accept": api.media_type, **api.headers, "If-None-Match": tag}
    response = api.client.get(url, headers=headers)
    if response.status_code == 304:
        assert response.data == b""
        assert "Accept" in response.headers["Vary"]
    return response.status_code, response.headers.get("ETag")


def patch(api, url, condition, n=1):
    """PATCH the parent at ``url`` to its ``n``-th sample values, sending ``condition`` in If-Match."""
    values = samples.values(PARENT_MODEL, n)
    return api.request("PATCH", url, values, PARENT_TYPE, headers={"If-Match": condition})


def rows(api, table):
    """How many rows ``table`` (a model or a table) holds."""
    with api.client.application.app_context():
        return db.session.scalar(select(func.count()).select_from(table))


def test_an_item_has_a_strong_etag_that_every_write_changes(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    tag, _ = read(api, url)
    assert tag.startswith('"') and tag.endswith('"')  # strong: no W/
    assert read(api, url)[0] == tag
    response, _ = api.patch(url, samples.values(PARENT_MODEL, 1), PARENT_TYPE)
    assert response.status_code == 200
    assert response.headers["ETag"] not in (None, tag)
    assert read(api, url)[0] == response.headers["ETag"]
    assert "Accept" in response.headers["Vary"]


def test_a_created_row_answers_with_the_etag_a_read_gives(api):
    response, _ = api.post(PARENTS, samples.values(PARENT_MODEL), PARENT_TYPE)
    assert response.status_code == 201
    assert read(api, response.headers["Location"])[0] == response.headers["ETag"]


def test_a_change_to_the_children_it_shows_changes_a_parents_etag(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    before, _ = read(api, url)
    child = add_child(api, parent["id"])
    after, _ = read(api, url)
    assert after != before
    api.patch(f"{CHILDREN}{child['id']}/", samples.values(CHILD_MODEL, 1), CHILD_TYPE)
    assert read(api, url)[0] != after


def test_if_none_match_is_304_with_no_body_until_the_row_or_the_list_changes(api):
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    including = f"{CHILDREN}{child['id']}/?include={INCLUDED}"
    for url in (f"{PARENTS}{parent['id']}/", PARENTS, including, CHILDREN):
        tag, _ = read(api, url)
        assert conditional_get(api, url, tag) == (304, tag)
        assert conditional_get(api, url, f'W/{tag}, "other"') == (304, tag)  # compared weakly
        assert conditional_get(api, url, "*") == (304, tag)
    tags = {url: read(api, url)[0] for url in (PARENTS, including)}
    api.patch(f"{PARENTS}{parent['id']}/", samples.values(PARENT_MODEL, 1), PARENT_TYPE)
    for url, tag in tags.items():  # the list, and the parent a child's answer includes
        status, new_tag = conditional_get(api, url, tag)
        assert status == 200 and new_tag != tag, url


@pytest.mark.parametrize(
    "first, second",
    list(itertools.permutations(SERVED, 2)),
    ids=lambda representation: representation.__name__,
)
def test_a_tag_names_its_representation_and_holds_for_if_match_in_any(speak, first, second):
    reader, writer = speak(first), speak(second)
    parent = create_parent(reader)
    url = f"{PARENTS}{parent['id']}/"
    tag, _ = read(reader, url)
    assert conditional_get(writer, url, tag)[0] == 200  # never another media type's body
    response, body = patch(writer, url, tag)
    assert response.status_code == 200, body


def test_a_write_with_a_stale_if_match_is_412_and_writes_nothing(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    stale, _ = read(api, url)
    assert patch(api, url, stale)[0].status_code == 200
    current, after = read(api, url)
    for method, fields in (("PATCH", samples.values(PARENT_MODEL, 2)), ("DELETE", None)):
        response, body = api.request(method, url, fields, PARENT_TYPE, headers={"If-Match": stale})
        assert response.status_code == 412, body
        assert "changed" in api.error(body)
    assert read(api, url) == (current, after)
    response, _ = api.request("DELETE", url, headers={"If-Match": f'"0-x-0", {current}'})
    assert response.status_code == 200
    assert api.get(url)[0].status_code == 404


def test_a_weak_or_unknown_tag_never_matches_and_a_star_matches_any_version(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    tag, _ = read(api, url)
    for sent in (f"W/{tag}", '"unknown"', '"99-siren-00"'):
        assert patch(api, url, sent)[0].status_code == 412, sent
    assert patch(api, url, "*")[0].status_code == 200


def test_if_match_on_adding_a_child_checks_the_parent(api):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    tag, _ = read(api, url)
    api.patch(url, samples.values(PARENT_MODEL, 1), PARENT_TYPE)
    fields = samples.values(CHILD_MODEL)
    response, _ = api.request("POST", f"{url}{ADD_CHILD}", fields, CHILD_TYPE, headers={"If-Match": tag})
    assert response.status_code == 412
    assert rows(api, CHILD_MODEL) == 0
    tag, _ = read(api, url)
    response, _ = api.request("POST", f"{url}{ADD_CHILD}", fields, CHILD_TYPE, headers={"If-Match": tag})
    assert response.status_code == 201


def test_require_if_match_makes_a_write_without_it_428(app, api, monkeypatch):
    parent = create_parent(api)
    url = f"{PARENTS}{parent['id']}/"
    monkeypatch.setitem(app.config, "REQUIRE_IF_MATCH", True)
    for method, target, fields, name in (
        ("PATCH", url, samples.values(PARENT_MODEL, 1), PARENT_TYPE),
        ("POST", f"{url}{ADD_CHILD}", samples.values(CHILD_MODEL), CHILD_TYPE),
        ("DELETE", url, None, None),
    ):
        response, body = api.request(method, target, fields, name)
        assert response.status_code == 428, (method, body)
        assert "If-Match" in api.error(body)
    tag, _ = read(api, url)
    response, _ = api.request("DELETE", url, headers={"If-Match": tag})
    assert response.status_code == 200


def test_a_retry_with_the_same_key_gets_the_first_answer_and_makes_no_second_row(api):
    fields = samples.values(PARENT_MODEL)
    first, created = api.request("POST", PARENTS, fields, PARENT_TYPE, headers={"Idempotency-Key": KEY})
    assert first.status_code == 201
    again, replayed = api.request("POST", PARENTS, fields, PARENT_TYPE, headers={"Idempotency-Key": KEY})
    assert again.status_code == 201
    assert replayed == created
    assert again.headers["Idempotent-Replayed"] == "true"
    for header in ("Location", "ETag"):
        assert again.headers[header] == first.headers[header]
    assert rows(api, PARENT_MODEL) == 1
    another = samples.values(PARENT_MODEL, 1)
    other, _ = api.request("POST", PARENTS, another, PARENT_TYPE, headers={"Idempotency-Key": '"another"'})
    assert other.status_code == 201 and rows(api, PARENT_MODEL) == 2


def test_a_key_sent_again_with_another_request_is_422(api):
    parent = create_parent(api)
    headers = {"Idempotency-Key": KEY}
    response, _ = api.request("POST", PARENTS, samples.values(PARENT_MODEL, 1), PARENT_TYPE, headers=headers)
    assert response.status_code == 201
    for url, fields, name in (
        (PARENTS, samples.values(PARENT_MODEL, 2), PARENT_TYPE),
        (f"{PARENTS}{parent['id']}/{ADD_CHILD}", samples.values(CHILD_MODEL), CHILD_TYPE),
    ):
        response, body = api.request("POST", url, fields, name, headers=headers)
        assert response.status_code == 422, body
        assert "Idempotency-Key" in api.error(body)
    assert rows(api, PARENT_MODEL) == 2 and rows(api, CHILD_MODEL) == 0


def test_an_error_is_not_kept_so_the_key_serves_the_corrected_request(api):
    headers = {"Idempotency-Key": KEY}
    response, _ = api.request("POST", PARENTS, {"unknown": 1}, PARENT_TYPE, headers=headers)
    assert response.status_code == 400
    response, _ = api.request("POST", PARENTS, samples.values(PARENT_MODEL), PARENT_TYPE, headers=headers)
    assert response.status_code == 201


def test_an_expired_key_is_forgotten(app, api, monkeypatch):
    headers = {"Idempotency-Key": KEY}
    response, _ = api.request("POST", PARENTS, samples.values(PARENT_MODEL), PARENT_TYPE, headers=headers)
    assert response.status_code == 201
    later = idempotency.now() + app.config["IDEMPOTENCY_KEY_TTL"] + 1
    monkeypatch.setattr(idempotency, "now", lambda: later)
    response, _ = api.request("POST", PARENTS, samples.values(PARENT_MODEL, 1), PARENT_TYPE, headers=headers)
    assert response.status_code == 201
    assert rows(api, PARENT_MODEL) == 2
    assert rows(api, db.metadata.tables[idempotency.TABLE]) == 1  # the expired one deleted
