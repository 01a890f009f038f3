"""Fixtures and options of the template's test-suite.

Tests that use the ``baked`` fixture (which needs ``answers``) are per-bake
checks: they run once for every answer set of the matrix
(answer_sets.matrix) and once for every ``--answers`` option given on the
command line.  Tests that use ``shipped`` check the files that ship a bake
(Dockerfile, compose, CI) on the few bakes of shipping.SHIPPING_BAKES.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import postgres
from answer_sets import matrix
from helpers import TEMPLATE, files_under, parse_answers, run, write_user_config
from serving import free_port
from shipping import SHIPPING_BAKES, Shipped

# cookiecutter imports local_extensions (the name filters) from the template.
sys.path.insert(0, str(TEMPLATE))

# The suite starts some hundred Pythons (each bake's own pytest, flask, gunicorn, schemathesis):
# where the machine sets PYTHONDONTWRITEBYTECODE, each of them would compile the bake and rewrite
# the asserts of pytest's plugins (schemathesis, hypothesis: some 360 modules) again.  Their
# bytecode goes to .venv and to the bakes' own __pycache__, which every bake ignores.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_addoption(parser):
    parser.addoption(
        "--answers",
        action="append",
        default=[],
        metavar="KEY=VALUE,KEY=VALUE",
        help=(
            "Also bake the template with these answers and run every per-bake check on the result; "
            'repeat for more answer sets.  adapter_* values are "true" or "false"; a comma inside parentheses '
            "belongs to the value (child_fields=price:decimal(12,2) qty:integer)."
        ),
    )


CUSTOM_ANSWERS = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[CUSTOM_ANSWERS] = [
        (f"custom{number}", parse_answers(option)) for number, option in enumerate(config.getoption("answers"), start=1)
    ]


# The modules whose tests take longest (each serves or runs a whole bake's suite), longest first:
# xdist hands out work in collection order, and a long test handed out last keeps the run going on
# one worker while the other has nothing left.
LONGEST_FIRST = (
    "test_scaffold.py",
    "test_add_fields.py",
    "test_openapi_cli.py",
    "test_schema_change.py",
    "test_pythons.py",
    "test_bakes.py",
    "test_rebake.py",
)


def pytest_collection_modifyitems(items):
    """Hand out the longest modules' tests first (LONGEST_FIRST); the others keep their order."""
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_generate_tests(metafunc):
    if "answers" not in metafunc.fixturenames:
        return
    answer_sets = matrix() + metafunc.config.stash[CUSTOM_ANSWERS]
    # xdist_group keeps the checks of one bake on one worker (with --dist loadgroup),
    # so each worker bakes each of its projects once.
    metafunc.parametrize(
        "answers",
        [pytest.param(answers, id=name, marks=pytest.mark.xdist_group(name)) for name, answers in answer_sets],
    )


@dataclass(frozen=True)
class Bake:
    """A baked project: where it is, the answers cookiecutter used, and the files it generated."""

    path: Path
    context: dict
    files: tuple

    @property
    def package(self):
        return self.path / self.context["package_name"]


@pytest.fixture(scope="session")
def bake(cookies_session):
    """bake(answers) -> Bake; each answer set is baked once per test process."""
    baked = {}

    def bake(answers):
        key = json.dumps(answers, sort_keys=True)
        if key not in baked:
            result = cookies_session.bake(extra_context=answers, template=str(TEMPLATE))
            # A failed bake is not cached, so that every test it fails shows the hook's message.
            assert result.exception is None, (
                f"Baking {answers} failed with {result.exception!r}; the hook's message is in the captured stderr."
            )
            path = result.project_path
            baked[key] = Bake(path=path, context=dict(result.context), files=tuple(files_under(path)))
        return baked[key]

    return bake


@pytest.fixture
def baked(bake, answers):
    """The project baked from this test's answer set."""
    return bake(answers)


@pytest.fixture(
    params=[pytest.param(name, marks=pytest.mark.xdist_group(f"shipping-{name}")) for name in SHIPPING_BAKES]
)
def shipped(request, bake):
    """A bake of shipping.SHIPPING_BAKES, for the checks of the files that ship it (Dockerfile, compose, CI...).

    Its xdist_group keeps its checks on one worker, which bakes it once.
    """
    project = bake(SHIPPING_BAKES[request.param])
    return Shipped(path=project.path, context=project.context)


@pytest.fixture(scope="session")
def postgresql_cluster():
    """A throwaway PostgreSQL cluster for this test process; in CI its absence is a failure."""
    if not postgres.available():
        message = f"No PostgreSQL server binaries in {postgres.PG_BIN} (set PG_BIN)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the PostgreSQL bakes.")
        pytest.skip(message)
    with postgres.throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture
def test_database_url(request, baked):
    """TEST_DATABASE_URL for the bake's own suite: a new PostgreSQL database for postgresql bakes."""
    if baked.context["database"] != "postgresql":
        return None
    cluster = request.getfixturevalue("postgresql_cluster")
    return cluster.create_database(re.sub(r"\W", "_", request.node.callspec.id).lower())


@pytest.fixture
def user_config(tmp_path):
    """A cookiecutter config file whose replay directory is inside tmp_path."""
    return write_user_config(tmp_path)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis server for this module: TEST_REDIS_URL, or a redis-server of its own on a free port.

    redis-server is Debian's package, which .ci/run installs (the template's
    GitHub workflow runs Redis as a service).  Without either the test is
    skipped, except in CI (``CI=true``), where that is a failure.
    """
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        message = "No redis-server on PATH (apt-get install redis-server) and no TEST_REDIS_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the tests that share a Redis.")
        pytest.skip(message)
    port = free_port()
    directory = tmp_path_factory.mktemp("redis")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(directory)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while run(["redis-cli", "-p", str(port), "ping"]).stdout.strip() != "PONG":
            assert process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)
