"""End to end: the default bake installs into a fresh virtualenv, migrates and serves."""

import secrets
import sys
import urllib.request

import pytest

from helpers import TEMPLATE, clean_environment, output_tail, run
from serving import gunicorn

SIREN = "application/vnd.siren+json"


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

    log = tmp_path / "gunicorn.log"
    # Served from outside the project, so the installed package is what runs.
    with gunicorn(tmp_path, environment, log, bin_dir=bin_dir) as (response, root):
        # The browsable API's templates and static files are installed with the package.
        page = urllib.request.urlopen(
            urllib.request.Request(f"{root}/api/", headers={"Accept": "text/html"}), timeout=10
        )
        stylesheet = urllib.request.urlopen(f"{root}/api/_static/browsable.css", timeout=10)

    assert response.status == 200, log.read_text()
    assert response.headers["Content-Type"].partition(";")[0] == SIREN
    assert page.status == 200
    assert page.headers["Content-Type"].partition(";")[0] == "text/html"
    assert stylesheet.status == 200
