"""Every Python the projects claim: a default bake's ``make test`` on 3.12, the kitchen-sink bake's on 3.13.

The template's own suite runs on one Python, its venv's (3.11, the oldest
that ``requires-python`` allows); the projects' README and workflow name
3.11 to 3.13. The newer two run here as a user runs them, each with one of
the two bakes, so that each Python and each bake gets a whole run: the bake's own
``make test PYTHON=python3.X``, which makes the project's venv with that
interpreter, installs the project with its dev extras, and runs its suite,
``ruff check`` and ``ruff format --check``. Each run has a copy of the
bake, so each venv is its own.

An interpreter is looked for on PATH, then among pyenv's versions. One that
is missing skips, saying so, except in CI (``CI=true``), where that is a
failure, as a missing PostgreSQL is.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from answer_sets import kitchen_sink
from helpers import clean_environment, output_tail, run

# The template suite's own Python is the oldest; these are the others the projects claim.
# (the bake, its answers, the Python it runs on): the one with every field type, extra and option on the newest.
RUNS = [("default", {}, "3.12"), ("kitchen-sink", kitchen_sink(), "3.13")]
NEWER_PYTHONS = tuple(version for _, _, version in RUNS)


def interpreter(version):
    """The path of a working ``python3.X`` for ``version`` ("3.12"): on PATH, or pyenv's newest; or None."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    installed = sorted(pyenv.glob(f"versions/{version}.*/bin/python{version}"), key=_release, reverse=True)
    for candidate in (shutil.which(f"python{version}"), *installed):
        # A pyenv shim is on PATH for every installed version, and fails for one that is not selected.
        if candidate and _version_of(candidate) == version:
            return str(candidate)
    return None


def _release(path):
    """(3, 12, 1) for .../versions/3.12.1/bin/python3.12, so that 3.12.10 sorts after 3.12.9."""
    return tuple(int(part) for part in path.parts[-3].split(".") if part.isdigit())


def _version_of(python):
    process = run([python, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], timeout=60)
    return process.stdout.strip() if process.returncode == 0 else None


@pytest.mark.parametrize(("name", "settings", "version"), RUNS, ids=[f"{name}-{version}" for name, _, version in RUNS])
def test_the_project_s_make_test_passes_on(name, settings, version, bake, tmp_path):
    python = interpreter(version)
    if python is None:
        message = f"No Python {version} on PATH or in pyenv"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the projects' suites on every Python they claim.")
        pytest.skip(message)
    project = tmp_path / "project"
    shutil.copytree(bake(settings).path, project)

    process = run(["make", "test", f"PYTHON={python}"], cwd=project, env=clean_environment(), timeout=1500)

    assert process.returncode == 0, f"{name} on Python {version}:\n{output_tail(process, 60)}"
    assert _version_of(project / ".venv" / "bin" / "python") == version
    passed = re.search(r"(\d+) passed", process.stdout)
    assert passed and int(passed[1]) > 100, output_tail(process, 20)
    assert not re.search(r"\d+ (failed|error)", process.stdout), output_tail(process, 20)
