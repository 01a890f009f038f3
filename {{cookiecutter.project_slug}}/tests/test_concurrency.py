"""Under gunicorn, concurrent writes to one {{ cookiecutter.parent_resource }} all land, with no server errors.

Two separate gunicorn instances, each with two workers of four threads,
share the test database, as instances scaled out behind a load balancer
share one PostgreSQL.
"""

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
from {{ cookiecutter.package_name }}.models import db

from . import samples
from .representations import REPRESENTATIONS
from .test_api import ADD_CHILD, CHILD_MODEL, CHILD_TYPE, PARENT_MODEL, PARENT_TYPE, PARENTS

PROJECT = Path(__file__).resolve().parent.parent
CLIENTS = 8
WRITES_PER_CLIENT = 10


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(config):
    """An app instance under gunicorn, on the tests' database, on a free port; yields its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "{{ cookiecutter.package_name }}:create_app()"]
    environment = {
        **os.environ,
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": config["SECRET_KEY"],
        "PYTHONPATH": str(PROJECT),
    }
    server = subprocess.Popen(command, cwd=PROJECT, env=environment, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                requests.get(f"{base_url}{URL_PREFIX}/", timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_concurrent_writes_on_two_instances_all_land(app, speak):
    api = speak(REPRESENTATIONS[ADAPTERS[0].extra_headers["Content-Type"]])
    headers = {**api.headers, "Accept": api.media_type, "Content-Type": api.media_type}

    def body(fields, resource_name):
        return json.dumps(api.document(fields, resource_name))

    with gunicorn(app.config) as first, gunicorn(app.config) as second:
        shared = body(samples.values(PARENT_MODEL), PARENT_TYPE)
        response = requests.post(f"{first}{PARENTS}", data=shared, headers=headers, timeout=10)
        parent_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        parent = f"{PARENTS}{parent_id}/"
        add_child = f"{parent}{ADD_CHILD}"

        def client(number):
            base_url = (first, second)[number % 2]
            statuses = []
            with requests.Session() as session:
                session.headers.update(headers)
                for write in range(WRITES_PER_CLIENT):
                    child = body(samples.values(CHILD_MODEL, number * WRITES_PER_CLIENT + write), CHILD_TYPE)
                    change = body(samples.values(PARENT_MODEL, number), PARENT_TYPE)
                    created = session.post(base_url + add_child, data=child, timeout=30)
                    renamed = session.patch(base_url + parent, data=change, timeout=30)
                    statuses += [created.status_code, renamed.status_code]
            return statuses

        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [status for statuses in pool.map(client, range(CLIENTS)) for status in statuses]

    assert statuses.count(201) == CLIENTS * WRITES_PER_CLIENT
    assert statuses.count(200) == CLIENTS * WRITES_PER_CLIENT
    with app.app_context():
        children = select(func.count()).select_from(db.metadata.tables["{{ cookiecutter.__child_snake }}"])
        stored = children.filter_by({{ cookiecutter.__parent_fk }}=parent_id)
        assert db.session.scalar(stored) == CLIENTS * WRITES_PER_CLIENT
