"""End to end: the default bake installs into a fresh virtualenv, migrates and serves."""

import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from helpers import TEMPLATE, clean_environment, output_tail, run

SIREN = "application/vnd.siren+json"


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


@pytest.mark.slow
def test_default_project_installs_migrates_and_serves_siren(cookies, tmp_path):
    result = cookies.bake(template=str(TEMPLATE))
    assert result.exception is None, f"baking the default project failed: {result.exception!r}"
    project = result.project_path
    venv = tmp_path / "venv"
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'todo.sqlite3'}",
        SECRET_KEY=secrets.token_hex(),
    )

    for command, cwd in [
        ([sys.executable, "-m", "venv", venv], tmp_path),
        ([bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "."], project),
        ([bin_dir / "flask", "--app", "todo_api", "db", "upgrade"], project),
    ]:
        process = run(command, cwd=cwd, env=environment, timeout=600)
        assert process.returncode == 0, f"{command} failed:\n{output_tail(process)}"

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        # Served from outside the project, so the installed package is what runs.
        server = subprocess.Popen(
            [bin_dir / "gunicorn", "todo_api:create_app()", "-b", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            response = wait_for(f"http://127.0.0.1:{port}/api/", server)
            # The browsable API's templates and static files are installed with the package.
            page = urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}/api/", headers={"Accept": "text/html"}), timeout=10
            )
            stylesheet = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/_static/browsable.css", timeout=10)
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert response.status == 200, log.read_text()
    assert response.headers["Content-Type"].partition(";")[0] == SIREN
    assert page.status == 200
    assert page.headers["Content-Type"].partition(";")[0] == "text/html"
    assert stylesheet.status == 200
