"""Serving a bake for the tests that speak to it over a real port: gunicorn, a free port, waiting for it."""

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import output_tail, run

BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, server, timeout=60):
    """GET ``url`` until the server answers; fail if it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as error:
            return error
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with status {server.returncode} before answering")
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer {url} within {timeout} seconds")
            time.sleep(0.25)


def migrate(project, environment, bin_dir=BIN):
    """``flask db upgrade`` in ``project``, which must succeed."""
    process = run([bin_dir / "flask", "--app", "todo_api", "db", "upgrade"], cwd=project, env=environment, timeout=120)
    assert process.returncode == 0, output_tail(process)


@contextlib.contextmanager
def gunicorn(cwd, environment, log, *, bin_dir=BIN, workers=1, ready="/api/", port=None):
    """Serve ``todo_api:create_app()`` from ``cwd`` on ``port`` (a free one by default), its output in ``log``.

    Yields the first answer of the path ``ready`` and the server's root URL
    (``http://127.0.0.1:PORT``); the server is stopped on the way out.
    """
    port = port or free_port()
    root = f"http://127.0.0.1:{port}"
    command = [bin_dir / "gunicorn", "todo_api:create_app()", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    with Path(log).open("a") as log_file:
        server = subprocess.Popen(command, cwd=cwd, env=environment, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            yield wait_for(f"{root}{ready}", server), root
        finally:
            server.terminate()
            server.wait(timeout=30)


def post_json(url, body):
    """POST ``body`` as JSON; the JSON answer."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
