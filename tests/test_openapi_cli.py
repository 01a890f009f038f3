"""As a user would: the Schemathesis CLI, every check on, against a bake served by gunicorn.

The kitchen-sink bake (every field type, token auth, all four
representations, the browsable API) is the one named bake these runs use:
migrated on SQLite and on PostgreSQL, served with this environment's
packages, signed in.  Each run is ``schemathesis run`` with every check
on (its default; the bake's ``schemathesis.toml`` adjusts what it says,
which ``--checks all`` would override) and
100 examples an operation through every phase: the document's examples,
its boundary values (coverage), random positive and negative data, and
the stateful phase, which follows the document's links (create, read,
update, delete, read again) with the ids the API answered.  It runs from
the project's root, so it reads the bake's ``schemathesis.toml`` as the
README's command does.
"""

import os
import re
import secrets

import pytest

from answer_sets import kitchen_sink
from helpers import TEMPLATE, clean_environment, output_tail, run
from serving import BIN, gunicorn, migrate, post_json

EXAMPLES = 100
# Each representation once; PostgreSQL, where only storage differs, with JSON:API, whose
# documents (filter[...], include, fields[type]) take the most parameters.
RUNS = [
    ("sqlite", "application/vnd.siren+json"),
    ("sqlite", "application/hal+json"),
    ("sqlite", "application/json"),
    ("postgresql", "application/vnd.api+json"),
]
# Schemathesis sends thousands of sign-ins and sign-ups with made-up credentials: the limits
# would answer most of them 429 (which the document lists) and leave the handlers untried.
GENEROUS_LIMITS = {
    "SIGN_IN_LIMIT_PER_ADDRESS": "100000 per minute",
    "SIGN_IN_LIMIT_PER_ACCOUNT": "100000 per minute",
    "SIGN_UP_LIMIT_PER_ADDRESS": "100000 per minute",
}


@pytest.fixture
def database_url(request, tmp_path):
    if request.node.callspec.params["database"] == "sqlite":
        return f"sqlite:///{tmp_path / 'todo.sqlite3'}"
    cluster = request.getfixturevalue("postgresql_cluster")
    return cluster.create_database(re.sub(r"\W", "_", request.node.callspec.id).lower())


@pytest.mark.slow
@pytest.mark.parametrize(("database", "media_type"), RUNS)
def test_schemathesis_finds_nothing_with_every_check_on(cookies, tmp_path, database, media_type, database_url):
    answers = kitchen_sink(database=database)
    result = cookies.bake(template=str(TEMPLATE), extra_context=answers)
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    environment = clean_environment(
        DATABASE_URL=database_url, SECRET_KEY=secrets.token_hex(), PYTHONPATH=str(project), **GENEROUS_LIMITS
    )
    migrate(project, environment)

    with gunicorn(project, environment, tmp_path / "gunicorn.log", workers=2) as (_index, root):
        base = f"{root}/api"
        credentials = {"email": "ada@example.com", "password": "correct horse battery"}
        post_json(f"{base}/auth/register", credentials)
        token = post_json(f"{base}/auth/token", credentials)["access_token"]
        process = run(
            [
                BIN / "schemathesis",
                "run",
                f"{base}/openapi.json",
                "--max-examples",
                str(EXAMPLES),
                # One worker: with several (threads), Schemathesis stopped here on Python 3.11
                # with "AST constructor recursion depth mismatch" from CPython's compiler.
                "--workers",
                "1",
                "--seed",
                os.environ.get("SCHEMATHESIS_SEED", "1"),
                "-H",
                f"Accept: {media_type}",
                "-H",
                f"Authorization: Bearer {token}",
            ],
            cwd=project,
            env={**environment, "NO_COLOR": "1"},
            timeout=900,
        )
    output = process.stdout + process.stderr
    assert process.returncode == 0, f"{database}, {media_type}:\n{output_tail(process, 120)}"
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert re.search(rf"✅\s+{phase}", output), f"the {phase} phase did not run:\n{output_tail(process, 60)}"
    scenarios = re.search(r"Scenarios:\s+(\d+)", output)
    links = re.search(r"API Links:\s+(\d+) covered / \d+ selected / (\d+) total \((\d+) inferred\)", output)
    assert scenarios and int(scenarios[1]) > 0, output_tail(process, 60)
    # The stateful phase walks the document's own links (openapi/links.py), not only those it infers;
    # how many a run covers is the random walk's. The bake's test_openapi.py follows every one.
    assert links and int(links[1]) > 0, output_tail(process, 60)
    assert int(links[2]) > int(links[3]), f"the document's links were not read:\n{output_tail(process, 60)}"
    cases = re.search(r"Test cases:\s+(.+)", output)
    print(f"{database}, {media_type}: {cases[1]}; {links[0]}; {scenarios[0]}")
