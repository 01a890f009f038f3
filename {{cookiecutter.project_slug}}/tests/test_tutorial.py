"""The pypermedia session of the flask-ripozo tutorial, against a live server."""

import functools
import threading

import pytest
import requests
from pypermedia import HypermediaClient
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.api import URL_PREFIX

PARENTS_URL = f"{URL_PREFIX}/{{ cookiecutter.__parent_url }}/"


@pytest.fixture
def server_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_tutorial_session(server_url, headers):
    # Every request pypermedia makes carries the test user's headers.
    request_factory = functools.partial(requests.Request, headers=headers)
    siren_client = HypermediaClient.connect(server_url + PARENTS_URL, request_factory=request_factory)
    collection = siren_client.retrieve_list()
    created = collection.create(title="My First Board")
    retrieve = created.retrieve()
    assert created.title == "My First Board"
    assert isinstance(created.id, int)

    updated = retrieve.update(title="My Updated Board")
    assert updated.title == "My Updated Board"

    new_child = updated.{{ cookiecutter.__add_child }}(
        title="My first task",
        description="I need to do something",
    )
    assert new_child.title == "My first task"
    assert new_child.description == "I need to do something"
    assert new_child.completed is False

    parent = retrieve.retrieve()
    child = next(parent.get_entities("{{ cookiecutter.__child_plural }}"))
    assert child.description == "I need to do something"
    assert child.completed is False

    child = child.update(completed=True)
    assert child.completed is True

    parent = next(child.get_entities("{{ cookiecutter.__parent_snake }}"))
    assert parent.title == "My Updated Board"

    child.delete()
    assert child.retrieve() is None
