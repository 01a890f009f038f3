"""As a hypermedia client's user would: generic clients that know only link relations and action names.

The kitchen-sink bake (every field type, token sign-in, all four representations and the
browsable API), migrated on SQLite, served by gunicorn and signed in, is walked by clients
that were never told its URLs beyond the index:

- Ketting (tests/clients/hypermedia/ketting_walk.mjs), in Siren, HAL and JSON:API in turn:
  from the index to the parents' collection, a parent created (Siren's ``create`` action, or a
  POST that Ketting follows to the Location), read, its children's list followed, a child
  created (the parent's ``add_<child>`` action, or a POST to that list), read, found in the list
  and in the parent, updated (the ``update`` action, or Ketting's patch()), deleted (the
  ``delete`` action, or delete()), and read again: a 404;
- kitsu (tests/clients/hypermedia/kitsu_crud.mjs), in JSON:API: a parent, a child created with a
  relationship to it, the parent read with ``include`` of its children, its children's list
  followed and a second child created there, the first updated, deleted and read again: a 404;
- halfred (tests/clients/hypermedia/halfred_check.mjs) parses, with its validation on, every HAL
  document the Ketting walk met, a page of each list, a row, a 404 and a 400: no issue.

Each script prints every step with the requests it made and what the API answered; a failure
names the step, its requests and the answers.  A step fails only on what the API does: where a
client cannot do a step itself (its own limitation, with its tracker's issue), the script works
around it and says so.  Where a failed step leaves a later one something else to go on with
(JSON:API: another relationship's related link), the later steps still run, so that one run
measures them all, and the failure stands.  The npm packages are the ones pinned in
tests/clients/hypermedia/package-lock.json, installed once with ``npm ci`` into a cache
directory named after the lock file's hash.
"""

import json
import secrets
import shutil
import urllib.request
from pathlib import Path

import pytest

from answer_sets import kitchen_sink
from helpers import TEMPLATE, clean_environment, npm_installed, output_tail, run
from serving import gunicorn, migrate, post_json

PACKAGE = Path(__file__).resolve().parent / "clients" / "hypermedia"
CREDENTIALS = {"email": "ada@example.com", "password": "correct horse battery"}
PREFIX = "/api"
MEDIA_TYPES = {
    "siren": "application/vnd.siren+json",
    "hal": "application/hal+json",
    "jsonapi": "application/vnd.api+json",
}
HAL = MEDIA_TYPES["hal"]
# What the clients know of the kitchen-sink bake: its link relations, types, action names and fields.
PARENT = {"rel": "taskboard", "type": "taskboard"}
CHILD = {
    "rel": "task",
    "type": "task",
    "fields": {"summary": "First"},
    "more": {"summary": "Second"},
    "update": {"done": True, "status": "open", "estimate": "1.50"},
    "addAction": "add_task",  # Siren: the parent's action that adds a child
    "listRel": "task_list",  # Siren and HAL: the parent's link to its children's list
    "relationship": "tasks",  # the parent's relationship (HAL: links) to its children
    "parentRel": "task_board",  # the child's link or relationship to its parent
}
# One worker bakes and serves the bake once, and the halfred test reads the HAL walk it already made.
pytestmark = pytest.mark.xdist_group("generic-clients")

KETTING_STEPS = [
    "index",
    "parents",
    "create parent",
    "read parent",
    "children",
    "create child",
    "read child",
    "child listed",
    "update child",
    "delete child",
    "read deleted child",
]
KITSU_STEPS = [
    "create parent",
    "read parent",
    "create child",
    "read parent with include",
    "children",
    "create child in list",
    "update child",
    "delete child",
    "read deleted child",
]


@pytest.fixture(scope="module")
def served(cookies_session, tmp_path_factory):
    """The kitchen-sink bake, migrated and served: the server's root URL and a token."""
    result = cookies_session.bake(template=str(TEMPLATE), extra_context=kitchen_sink())
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    work = tmp_path_factory.mktemp("served-generic-clients")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{work / 'todo.sqlite3'}", SECRET_KEY=secrets.token_hex(), PYTHONPATH=str(project)
    )
    migrate(project, environment)
    with gunicorn(project, environment, work / "gunicorn.log") as (_index, root):
        post_json(f"{root}{PREFIX}/auth/register", CREDENTIALS)
        token = post_json(f"{root}{PREFIX}/auth/token", CREDENTIALS)["access_token"]
        yield {"root": root, "index": f"{root}{PREFIX}/", "token": token}


@pytest.fixture(scope="session")
def hypermedia_node_modules():
    """The pinned npm packages of tests/clients/hypermedia, installed once (``npm ci``) into a cache directory."""
    return npm_installed(PACKAGE, "hypermedia-clients", "the hypermedia clients need")


@pytest.fixture(scope="module")
def client_scripts(hypermedia_node_modules, tmp_path_factory):
    """run_client(script, plan, name) -> what the script printed last, parsed (and saved as ``name``.json)."""
    directory = tmp_path_factory.mktemp("hypermedia-clients")
    for script in PACKAGE.glob("*.mjs"):
        shutil.copy(script, directory / script.name)
    shutil.copy(PACKAGE / "package.json", directory / "package.json")
    (directory / "node_modules").symlink_to(hypermedia_node_modules, target_is_directory=True)

    def run_client(script, plan, name):
        process = run(["node", directory / script, json.dumps(plan)], cwd=directory, timeout=120)
        assert process.returncode == 0, f"{script} failed:\n{output_tail(process)}"
        # Kept whole beside the scripts (the failure messages clip the answers).
        (directory / f"{name}.json").write_text(process.stdout.splitlines()[-1], encoding="utf-8")
        return {**json.loads(process.stdout.splitlines()[-1]), "saved": str(directory / f"{name}.json")}

    return run_client


@pytest.fixture(scope="module")
def ketting_walks(served, client_scripts):
    """walk(format) -> the Ketting walk's steps in that format, walked once per module."""
    walks = {}

    def walk(representation):
        if representation not in walks:
            plan = {
                "index": served["index"],
                "token": served["token"],
                "format": representation,
                "mediaType": MEDIA_TYPES[representation],
                "parent": {**PARENT, "fields": {"name": f"Walked by Ketting in {representation}"}},
                "child": CHILD,
            }
            walks[representation] = client_scripts("ketting_walk.mjs", plan, f"ketting-{representation}")
        return walks[representation]

    return walk


def clipped(text, length=400):
    text = " ".join((text or "").split())
    return text if len(text) <= length else f"{text[:length]}..."


def walk_report(result):
    """Every step of a client's walk, one line each, with the requests and answers of those that failed."""
    lines = []
    for step in result["steps"]:
        if step["ok"]:
            statuses = ", ".join(f"{r['method']} {r['status']}" for r in step["requests"])
            lines.append(f"  ok      {step['step']} ({statuses})")
            continue
        if "skipped" in step:
            lines.append(f"  -       {step['step']}: {step['skipped']}")
            continue
        lines.append(f"  FAILED  {step['step']}: {step['error']}")
        for note in step.get("notes", []):
            lines.append(f"          note: {note}")
        for request in step["requests"]:
            redirect = f" (redirected to {request['redirectedTo']})" if request.get("redirectedTo") else ""
            sent = f" sent {clipped(request['sent'], 200)}" if request.get("sent") else ""
            lines.append(f"          {request['method']} {request['url']}{redirect}{sent}")
            lines.append(f"            -> {request['status']} {request['contentType']} {clipped(request['body'])}")
    return "\n".join(lines)


def assert_every_step_succeeds(result, expected_steps):
    names = [step["step"] for step in result["steps"]]
    assert names == expected_steps, f"{result['client']} ran {names}"
    failed = [step["step"] for step in result["steps"] if not step["ok"]]
    assert not failed, (
        f"{result['client']} in {result['format']}: {len(failed)} of {len(names)} steps failed "
        f"({', '.join(failed)}); every request and answer in {result['saved']}:\n{walk_report(result)}"
    )


@pytest.mark.parametrize("representation", ["siren", "hal", "jsonapi"])
def test_ketting_walks_from_the_index_to_a_child_and_back(ketting_walks, representation):
    """From the index alone, Ketting creates, reads, finds, updates and deletes a child of a new parent."""
    result = ketting_walks(representation)
    assert_every_step_succeeds(result, KETTING_STEPS)
    steps = {step["step"]: step for step in result["steps"]}
    # The parent and the child were created where the walk found them, and both answered 201.
    assert [r["status"] for r in steps["create parent"]["requests"]] == [201], walk_report(result)
    assert steps["create child"]["requests"][-1]["status"] == 201, walk_report(result)
    assert steps["read deleted child"]["found"]["status"] == 404, walk_report(result)
    # Ketting asked for the format under test only, and every answer of the walk was in it or an error.
    for step in result["steps"]:
        for request in step.get("requests", []):
            assert (request["contentType"] or "").startswith(MEDIA_TYPES[representation]), walk_report(result)


def test_kitsu_creates_includes_updates_and_deletes_in_jsonapi(served, client_scripts):
    """kitsu writes and reads JSON:API as its README shows, its children included in the parent it reads."""
    plan = {
        "base": f"{served['root']}{PREFIX}",
        "token": served["token"],
        "parent": {"type": PARENT["type"], "fields": {"name": "Made by kitsu"}},
        "child": CHILD,
    }
    result = client_scripts("kitsu_crud.mjs", plan, "kitsu")
    assert_every_step_succeeds(result, KITSU_STEPS)
    steps = {step["step"]: step for step in result["steps"]}
    # kitsu sent include, and the children came back in the compound document.
    assert steps["read parent with include"]["found"]["included"], walk_report(result)
    assert steps["read deleted child"]["found"]["status"] == 404, walk_report(result)


def post_with_token(url, body, token):
    """POST ``body`` as JSON with the bearer token; the JSON answer and its Location."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response), response.headers["Location"]


def test_halfred_finds_no_validation_issue_in_any_hal_document(served, ketting_walks, client_scripts):
    """Every HAL answer a client meets, errors included, is HAL that halfred's validation accepts."""
    # Rows in both lists, whatever ran before: a parent with two children, so that a page of one row has a next page.
    api = f"{served['root']}{PREFIX}"
    _board, location = post_with_token(f"{api}/taskboard/", {"name": "Seen by halfred"}, served["token"])
    parent_id = location.rstrip("/").rsplit("/", 1)[-1]
    for summary in ("One", "Two"):
        post_with_token(f"{api}/taskboard/{parent_id}/addtask/", {"summary": summary}, served["token"])
    walk = ketting_walks("hal")
    documents = [
        {
            "source": f"Ketting's step {step['step']!r}: {request['method']} {request['url']}",
            "status": request["status"],
            "contentType": request["contentType"],
            "body": request["body"],
        }
        for step in walk["steps"]
        for request in step.get("requests", [])
        if (request["contentType"] or "").startswith(HAL)
    ]
    plan = {
        "index": served["index"],
        "token": served["token"],
        "pageSize": 1,
        "missing": f"{api}/{CHILD['type']}/2147483647/",
        "documents": documents,
    }
    checked = client_scripts("halfred_check.mjs", plan, "halfred")
    parsed = checked["documents"]
    sources = [document["source"] for document in parsed]
    # halfred saw every kind of HAL answer: reads, creates, a next page, a 400 and a 404.
    assert {200, 201, 400, 404} <= {document["status"] for document in parsed}, sources
    assert any("next page" in source for source in sources), sources
    with_issues = [document for document in parsed if document["issues"]]
    report = "\n".join(
        f"  {document['source']} -> {document['status']}: "
        + "; ".join(f"{issue['path']}: {issue['message']}" for issue in document["issues"])
        + f"\n    {clipped(document['body'], 300)}"
        for document in with_issues
    )
    assert not with_issues, (
        f"halfred found validation issues in {len(with_issues)} of {len(parsed)} HAL documents "
        f"(all in {checked['saved']}):\n{report}"
    )
