"""The pypermedia session of the flask-ripozo tutorial, against a live server."""

import functools
import threading

import pytest
import requests
from pypermedia import HypermediaClient
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.api import URL_PREFIX


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
    siren_client = HypermediaClient.connect(
        f"{server_url}{URL_PREFIX}/{{ cookiecutter.__parent_url }}/", request_factory=request_factory
    )
    {{ cookiecutter.__parent_snake }}_list = siren_client.retrieve_list()
    created = {{ cookiecutter.__parent_snake }}_list.create(title="My First Board")
    retrieve = created.retrieve()
    assert created.title == "My First Board"
    assert isinstance(created.id, int)

    updated = retrieve.update(title="My Updated Board")
    assert updated.title == "My Updated Board"

    new_{{ cookiecutter.__child_snake }} = updated.{{ cookiecutter.__add_child }}(
        title="My first task",
        description="I need to do something",
    )
    assert new_{{ cookiecutter.__child_snake }}.title == "My first task"
    assert new_{{ cookiecutter.__child_snake }}.description == "I need to do something"
    assert new_{{ cookiecutter.__child_snake }}.completed is False

    {{ cookiecutter.__parent_snake }} = retrieve.retrieve()
    {{ cookiecutter.__child_snake }} = next({{ cookiecutter.__parent_snake }}.get_entities("{{ cookiecutter.__child_plural }}"))
    assert {{ cookiecutter.__child_snake }}.description == "I need to do something"
    assert {{ cookiecutter.__child_snake }}.completed is False

    {{ cookiecutter.__child_snake }} = {{ cookiecutter.__child_snake }}.update(completed=True)
    assert {{ cookiecutter.__child_snake }}.completed is True

    parent = next({{ cookiecutter.__child_snake }}.get_entities("{{ cookiecutter.__parent_snake }}"))
    assert parent.title == "My Updated Board"

    {{ cookiecutter.__child_snake }}.delete()
    assert {{ cookiecutter.__child_snake }}.retrieve() is None
