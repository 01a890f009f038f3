"""Helpers shared by the template's tests: rendering, the CLI, and reading bakes."""

import hashlib
import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config

TEMPLATE = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = TEMPLATE / "{{cookiecutter.project_slug}}"
HOOKS = TEMPLATE / "hooks"

_module_numbers = itertools.count()


def cookiecutter_json():
    return json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))


def parse_answers(option):
    """``"parent_resource=Project,adapter_hal=false"`` -> ``{"parent_resource": "Project", "adapter_hal": False}``.

    A comma inside parentheses belongs to the value: ``child_fields=price:decimal(12,2) qty:integer``.
    """
    known = cookiecutter_json()
    answers = {}
    for pair in _split_outside_parentheses(option):
        key, equals, value = pair.partition("=")
        key = key.strip()
        if not equals or key not in known or key.startswith("_"):
            raise pytest.UsageError(
                f"--answers {option!r}: {pair!r} is not KEY=VALUE with a KEY that cookiecutter.json asks."
            )
        if isinstance(known[key], bool):  # the adapters, browsable_api, use_docker, use_kubernetes
            if value.lower() not in ("true", "false"):
                raise pytest.UsageError(f'--answers {option!r}: {key} must be "true" or "false".')
            answers[key] = value.lower() == "true"
        else:
            answers[key] = value
    return answers


def _split_outside_parentheses(option):
    """``option`` split at each comma that is not inside parentheses."""
    pairs, depth, start = [], 0, 0
    for index, character in enumerate(option):
        if character == "(":
            depth += 1
        elif character == ")":
            depth = max(depth - 1, 0)
        elif character == "," and depth == 0:
            pairs.append(option[start:index])
            start = index + 1
    return [*pairs, option[start:]]


def rendered_answers(extra_context=None):
    """The answers cookiecutter would give the hooks, derived ``__`` names included.

    ``local_extensions`` must be importable (conftest puts the template on sys.path).
    """
    context = generate_context(context_file=str(TEMPLATE / "cookiecutter.json"), extra_context=extra_context or {})
    return dict(prompt_for_config(context, no_input=True))


def load_hook(name, answers, directory):
    """Render hooks/<name>.py for ``answers`` as cookiecutter does and import the result."""
    environment = StrictEnvironment(context={"cookiecutter": answers}, keep_trailing_newline=True)
    source = environment.from_string((HOOKS / f"{name}.py").read_text(encoding="utf-8"))
    path = Path(directory) / "rendered_hooks" / f"{name}.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source.render(cookiecutter=answers), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"rendered_{name}_{next(_module_numbers)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_user_config(directory):
    """A cookiecutter config file that keeps replays and clones inside ``directory``."""
    directory = Path(directory)
    config = directory / "cookiecutter-config.yaml"
    config.write_text(
        f"cookiecutters_dir: {json.dumps(str(directory / 'cookiecutters'))}\n"
        f"replay_dir: {json.dumps(str(directory / 'replay'))}\n",
        encoding="utf-8",
    )
    return config


def run_cookiecutter(*arguments, config_file, **kwargs):
    """Run the cookiecutter command line (``python -m cookiecutter``) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--config-file", str(config_file), *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kwargs,
    )


def cli_answers(answers):
    """``key=value`` arguments for the command line; booleans as yes/no."""

    def text(value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value

    return [f"{key}={text(value)}" for key, value in answers.items()]


def files_under(root):
    """Every file under ``root``, as sorted paths relative to it."""
    root = Path(root)
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


def read_text_or_none(path):
    """The file's text, or None for a binary file."""
    data = Path(path).read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def clean_environment(**extra):
    """This process's environment without pytest's own variables or a test database, for a nested pytest."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PYTEST_") and key != "TEST_DATABASE_URL"
    }
    environment.update(extra)
    return environment


def run(command, **kwargs):
    """Run a command, capturing its output, and return the completed process."""
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False, **kwargs)


def output_tail(process, lines=40):
    """The last lines of a finished process's output, for assertion messages."""
    text = (process.stdout or "") + (process.stderr or "")
    return "\n".join(text.splitlines()[-lines:])


def output_head(text, lines=100):
    """The first lines of ``text``, for assertion messages."""
    kept = text.splitlines()[:lines]
    return "\n".join(kept) + ("\n..." if len(text.splitlines()) > lines else "")


def assert_suite_and_lints_pass(project, env):
    """The project's own test-suite, ruff check and ruff format --check all pass in ``project``."""
    suite = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project, env=env, timeout=900)
    assert suite.returncode == 0, output_tail(suite, lines=60)
    for lint in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        process = run([sys.executable, "-m", "ruff", *lint], cwd=project, env=env)
        assert process.returncode == 0, output_tail(process)


def npm_installed(package, name, needed_for):
    """``node_modules`` of the npm folder ``package``, installed once (``npm ci``) into a cache directory.

    The directory is named after ``name`` and the hash of the lock file, so a
    changed pin installs afresh.  Without Node.js and npm the test is skipped,
    saying it is ``needed_for`` them, except in CI (``CI=true``), where it fails.
    """
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not on PATH: {needed_for} Node.js 20 and npm"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run it.")
        pytest.skip(message)
    lock = (package / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ripozo-todo"
    installed = cache / f"{name}-npm-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (installed / "node_modules" / ".package-lock.json").exists():
        cache.mkdir(parents=True, exist_ok=True)
        # Installed aside and renamed into place, so that concurrent workers never see half an install.
        staging = Path(tempfile.mkdtemp(dir=cache, prefix="installing-"))
        for file in ("package.json", "package-lock.json"):
            shutil.copy(package / file, staging / file)
        process = run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=staging, timeout=600)
        assert process.returncode == 0, f"npm ci failed:\n{output_tail(process)}"
        try:
            staging.rename(installed)
        except OSError:  # another worker got there first
            shutil.rmtree(staging, ignore_errors=True)
    return installed / "node_modules"
