"""As a client's author would: clients generated from a served bake's OpenAPI document, used untouched.

Two bakes, each migrated on SQLite, served by gunicorn with this environment's
packages and signed in where it asks: the default one (Siren, no sign-in) and
the kitchen-sink one (every field type, token sign-in, JSON:API among all four
representations).  For each, the document at ``{prefix}/openapi.json`` goes,
as served, to two generators whose output no one edits:

- openapi-python-client writes a Python package, which tests/clients/python_client.py
  drives over HTTP (Siren for the default bake, JSON:API for the kitchen sink,
  with tests/clients/jsonapi-python-client.yaml saying so): a parent, a child
  through the parent's add route and two through the child's collection, an
  update read back, the children walked two at a time by the list's next
  cursor, and a 400 and a 404 that parse into the models the document declares
  for them;
- openapi-typescript writes the document's types, which a small openapi-fetch
  client (tests/clients/*_client.ts) is compiled against with ``tsc --strict``
  and then run: it creates a row, updates it, lists and reads a 404 as the
  document's error type.

The npm tools are the ones pinned in tests/clients/package-lock.json, installed
once with ``npm ci`` into a cache directory named after the lock file's hash.
"""

import json
import os
import re
import secrets
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

from answer_sets import kitchen_sink
from helpers import TEMPLATE, clean_environment, npm_installed, output_tail, run
from serving import BIN, gunicorn, migrate, post_json

CLIENTS = Path(__file__).resolve().parent / "clients"
SIREN = "application/vnd.siren+json"
JSONAPI = "application/vnd.api+json"
CREDENTIALS = {"email": "ada@example.com", "password": "correct horse battery"}
# Each bake: its answers, the representation its clients speak, and the rows they write.
BAKES = {
    "default": {
        "answers": {},
        "representation": "siren",
        "python_config": None,
        "typescript": "siren_client.ts",
        "parent_fields": {"title": "Board"},
        "child_fields": {"title": "First", "description": "Written by the generated client"},
        "more_child_fields": [{"title": "Second"}, {"title": "Third"}],
        "child_update": {"title": "First, done", "completed": True},
        "invalid_field": "title",
    },
    "kitchen-sink": {
        "answers": kitchen_sink(),
        "representation": "jsonapi",
        "python_config": CLIENTS / "jsonapi-python-client.yaml",
        "typescript": "jsonapi_client.ts",
        "parent_fields": {"name": "Board"},
        "child_fields": {"summary": "First"},
        "more_child_fields": [{"summary": "Second"}, {"summary": "Third"}],
        "child_update": {"done": True, "status": "open", "estimate": "1.50"},
        "invalid_field": "name",
    },
}


@pytest.fixture(scope="module", params=list(BAKES))
def served(request, cookies_session, tmp_path_factory):
    """The bake, migrated and served: its settings, the API's root, its document (a file) and a token."""
    settings = BAKES[request.param]
    result = cookies_session.bake(template=str(TEMPLATE), extra_context=settings["answers"])
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    work = tmp_path_factory.mktemp(f"served-{request.param}")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{work / 'todo.sqlite3'}", SECRET_KEY=secrets.token_hex(), PYTHONPATH=str(project)
    )
    migrate(project, environment)

    with gunicorn(project, environment, work / "gunicorn.log") as (_index, root):
        document = work / "openapi.json"
        with urllib.request.urlopen(f"{root}/api/openapi.json", timeout=10) as response:
            document.write_bytes(response.read())
        token = None
        if settings["answers"].get("auth", "none") != "none":
            post_json(f"{root}/api/auth/register", CREDENTIALS)
            token = post_json(f"{root}/api/auth/token", CREDENTIALS)["access_token"]
        yield {**settings, "name": request.param, "root": root, "document": document, "token": token}


@pytest.fixture(scope="session")
def node_modules():
    """The pinned npm packages of tests/clients, installed once (``npm ci``) into a cache directory."""
    return npm_installed(CLIENTS, "clients", "the TypeScript client needs")


def operations_answering_in(document, media_type):
    """The operationIds of the document whose successful answer has a ``media_type`` body ("": any)."""
    return {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        and any(
            not media_type or media_type in (response.get("content") or {})
            for status, response in operation["responses"].items()
            if status.startswith("2")
        )
    }


def module_name(operation_id):
    """The module openapi-python-client writes an operation to: its operationId in snake_case."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", operation_id)
    return "_".join(word.lower() for word in words)


def test_openapi_python_client_generates_a_client_that_works_untouched(served, tmp_path):
    document = json.loads(served["document"].read_text(encoding="utf-8"))
    environment = clean_environment(PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    config = ["--config", served["python_config"]] if served["python_config"] else []
    generate = run(
        [BIN / "openapi-python-client", "generate", "--path", served["document"], "--meta", "none", *config],
        cwd=tmp_path,
        env=environment,
        timeout=300,
    )
    assert generate.returncode == 0, output_tail(generate)
    if not config:
        # The whole document, every operation and answer, generates with no warning.
        assert "Warning" not in generate.stdout + generate.stderr, output_tail(generate)

    parent, child = "TaskBoard", "Task"
    maximum = document["components"]["schemas"][f"{parent}ResourceCreateBody"]["properties"][served["invalid_field"]]
    plan = {
        "base_url": served["root"],
        "token": served["token"],
        "representation": served["representation"],
        "parent": parent,
        "child": child,
        **{key: served[key] for key in ("parent_fields", "child_fields", "more_child_fields", "child_update")},
        "invalid_parent_fields": {served["invalid_field"]: "x" * (maximum["maxLength"] + 1)},
        "invalid_field": served["invalid_field"],
    }
    session = run(
        [sys.executable, CLIENTS / "python_client.py", json.dumps(plan)],
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(tmp_path)},
        timeout=120,
    )
    assert session.returncode == 0, f"{served['name']}:\n{output_tail(session)}"
    result = json.loads(session.stdout.splitlines()[-1].removeprefix("RESULT "))
    media_type = SIREN if served["representation"] == "siren" else JSONAPI
    # Every operation that answers in the client's representation has its module (named after its
    # operationId); with no configuration, every operation of the document has one.
    expected = {module_name(operation) for operation in operations_answering_in(document, media_type)}
    assert expected <= set(result["operations"]), output_tail(session)
    if not config:
        assert len(result["operations"]) == len(operations_answering_in(document, "")), output_tail(session)
    assert result["statuses"] == [200, 201, 400, 404], output_tail(session)
    assert len(result["pages"]) == 2, output_tail(session)


def test_openapi_typescript_types_compile_strictly_and_the_client_runs(served, node_modules, tmp_path):
    for name in ("package.json", "tsconfig.json", served["typescript"]):
        shutil.copy(CLIENTS / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    tools = node_modules / ".bin"
    generate = run([tools / "openapi-typescript", served["document"], "-o", "schema.d.ts"], cwd=tmp_path, timeout=120)
    assert generate.returncode == 0, output_tail(generate)
    compile_ = run([tools / "tsc", "-p", "tsconfig.json"], cwd=tmp_path, timeout=300)
    assert compile_.returncode == 0, f"tsc --strict:\n{output_tail(compile_)}"

    script = tmp_path / "out" / served["typescript"].replace(".ts", ".js")
    arguments = [CREDENTIALS["email"], CREDENTIALS["password"]] if served["token"] else []
    client = run(["node", script, served["root"], *arguments], cwd=tmp_path, timeout=120)
    assert client.returncode == 0, f"{served['name']}:\n{output_tail(client)}"
    answers = json.loads(client.stdout.splitlines()[-1])
    statuses = {step: answer[0] for step, answer in answers.items()}
    assert statuses.pop("signIn", 200) == 200, output_tail(client)
    assert statuses == {"board": 201, "task": 201, "update": 200, "list": 200, "missing": 404}, output_tail(client)
    # The 404 was read as the document's error body, in the representation the client asked for.
    assert answers["missing"][1] in (404, "404"), output_tail(client)
