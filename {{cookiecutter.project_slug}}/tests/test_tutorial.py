"""The pypermedia session of the flask-ripozo tutorial, against a live server."""

import functools
import threading

import pytest
import requests
from pypermedia import HypermediaClient
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.api import URL_PREFIX

from . import samples
from .test_api import CHILD_MODEL, PARENT_MODEL

PARENTS_URL = f"{URL_PREFIX}/{{ cookiecutter.__parent_url }}/"


@pytest.fixture
def server_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def properties(entity, names):
    return {name: getattr(entity, name) for name in names}


def test_tutorial_session(server_url, headers):
    # Every request pypermedia makes carries the test user's headers.  pypermedia
    # posts forms and leaves out values that are false or empty: the sample
    # values here are neither.
    request_factory = functools.partial(requests.Request, headers=headers)
    siren_client = HypermediaClient.connect(server_url + PARENTS_URL, request_factory=request_factory)
    collection = siren_client.retrieve_list()
    board = samples.values(PARENT_MODEL, 1)
    created = collection.create(**board)
    retrieve = created.retrieve()
    assert properties(created, board) == board
    assert isinstance(created.id, int)

    board = samples.values(PARENT_MODEL, 3)
    updated = retrieve.update(**board)
    assert properties(updated, board) == board

    task = samples.values(CHILD_MODEL, 1)
    new_child = updated.{{ cookiecutter.__add_child }}(**task)
    assert properties(new_child, task) == task

    parent = retrieve.retrieve()
    child = next(parent.get_entities("{{ cookiecutter.__child_plural }}"))
    assert properties(child, task) == task

    task = samples.values(CHILD_MODEL, 3)
    child = child.update(**task)
    assert properties(child, task) == task

    parent = next(child.get_entities("{{ cookiecutter.__parent_snake }}"))
    assert properties(parent, board) == board

    child.delete()
    assert child.retrieve() is None
