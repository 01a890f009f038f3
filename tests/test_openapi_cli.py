"""As a user would: the Schemathesis CLI against a bake served by gunicorn, from its OpenAPI document.

The kitchen-sink bake (every field type, token auth, all four
representations) is migrated and served with this environment's packages;
the CLI runs every operation in each representation, signed in.
"""

import json
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from answer_sets import kitchen_sink
from helpers import TEMPLATE, clean_environment, output_tail, run
from test_serve import free_port, wait_for

BIN = Path(sys.executable).parent
MEDIA_TYPES = ("application/vnd.siren+json", "application/hal+json", "application/vnd.api+json", "application/json")
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)


def post_json(url, body):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.mark.slow
def test_schemathesis_cli_passes_against_the_served_kitchen_sink(cookies, tmp_path):
    result = cookies.bake(template=str(TEMPLATE), extra_context=kitchen_sink())
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'todo.sqlite3'}",
        SECRET_KEY=secrets.token_hex(),
        PYTHONPATH=str(project),
    )
    process = run([BIN / "flask", "--app", "todo_api", "db", "upgrade"], cwd=project, env=environment, timeout=120)
    assert process.returncode == 0, output_tail(process)

    port = free_port()
    base = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [BIN / "gunicorn", "todo_api:create_app()", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=tmp_path,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"{base}/", server)
            credentials = {"email": "ada@example.com", "password": "correct horse battery"}
            post_json(f"{base}/auth/register", credentials)
            token = post_json(f"{base}/auth/token", credentials)["access_token"]
            for media_type in MEDIA_TYPES:
                process = run(
                    [
                        BIN / "schemathesis",
                        "run",
                        f"{base}/openapi.json",
                        "--checks",
                        CHECKS,
                        "--phases",
                        "examples,fuzzing",
                        "--max-examples",
                        "5",
                        "-H",
                        f"Accept: {media_type}",
                        "-H",
                        f"Authorization: Bearer {token}",
                    ],
                    cwd=tmp_path,
                    env=environment,
                    timeout=600,
                )
                assert process.returncode == 0, f"{media_type}:\n{output_tail(process, 80)}"
        finally:
            server.terminate()
            server.wait(timeout=30)
