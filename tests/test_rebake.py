"""Baking a project again: from the answers it records, and with cruft.

Every bake records its answers in ``.cookiecutter.json``, a cookiecutter
user-config file; baking from it gives the same project, its own ``.env``
secret aside.  A project made with ``cruft create --skip .env`` takes later
template changes with ``cruft update`` and keeps its ``.env``.
"""

import filecmp
import json
import os
import shutil
import sys

import pytest

from answer_sets import NAMED_PARENT
from helpers import TEMPLATE, cli_answers, cookiecutter_json, files_under, output_tail, run, run_cookiecutter

# Not one of them the default, so that a re-bake that fell back to a default would show.
ANSWERS = {
    "project_name": "Ticket Desk",
    "parent_resource": "Project",
    "child_resource": "Ticket",
    "url_prefix": "/v2",
    "adapter_siren": True,
    "adapter_hal": False,
    "adapter_jsonapi": True,
    "adapter_json": False,
    "auth": "token",
    "database": "postgresql",
    "use_docker": False,
    "browsable_api": False,
    "parent_fields": NAMED_PARENT,
    "child_fields": "summary:string(120) done:boolean=false due_on:date?",
}
SLUG = "ticket-desk"
PACKAGE = "ticket_desk"

# Not part of the template: version control, virtualenvs, bakes, caches.
NOT_TEMPLATE = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".pytest_cache", ".ruff_cache")


def secret_key(project):
    """The SECRET_KEY in the project's .env (which fails the test if there is none)."""
    lines = (project / ".env").read_text(encoding="utf-8").splitlines()
    [secret] = [line.removeprefix("SECRET_KEY=") for line in lines if line.startswith("SECRET_KEY=")]
    assert secret
    return secret


def test_answers_are_recorded_as_baked(tmp_path, user_config):
    process = run_cookiecutter("--no-input", "-o", tmp_path, TEMPLATE, *cli_answers(ANSWERS), config_file=user_config)
    assert process.returncode == 0, process.stderr

    recorded = json.loads((tmp_path / SLUG / ".cookiecutter.json").read_text(encoding="utf-8"))

    public = sorted(key for key in cookiecutter_json() if not key.startswith("_"))
    assert list(recorded) == ["default_context"]
    assert list(recorded["default_context"]) == public
    assert recorded["default_context"] == {**ANSWERS, "project_slug": SLUG, "package_name": PACKAGE}


def test_rebaking_from_the_recorded_answers_makes_the_same_project(tmp_path, user_config):
    first, second = tmp_path / "first", tmp_path / "second"
    baked = run_cookiecutter("--no-input", "-o", first, TEMPLATE, *cli_answers(ANSWERS), config_file=user_config)
    assert baked.returncode == 0, baked.stderr
    recorded = first / SLUG / ".cookiecutter.json"

    # The command a person types; HOME keeps cookiecutter's replay file in tmp_path.
    rebaked = run_cookiecutter(
        TEMPLATE,
        "--no-input",
        "-o",
        second,
        config_file=recorded,
        env={**os.environ, "HOME": str(tmp_path / "home")},
    )

    assert rebaked.returncode == 0, rebaked.stderr
    assert [path.name for path in second.iterdir()] == [SLUG]
    first_files, second_files = files_under(first / SLUG), files_under(second / SLUG)
    assert first_files == second_files
    compared = [str(path) for path in first_files if path.name != ".env"]
    assert ".cookiecutter.json" in compared
    _, mismatch, errors = filecmp.cmpfiles(first / SLUG, second / SLUG, compared, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert secret_key(first / SLUG) != secret_key(second / SLUG)


# --- cruft ----------------------------------------------------------------------


@pytest.fixture
def git_environment(tmp_path, user_config):
    """An environment in which git and cruft need no configuration of the machine's and reach no network."""
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Template Test",
        "GIT_AUTHOR_EMAIL": "template-test@example.invalid",
        "GIT_COMMITTER_NAME": "Template Test",
        "GIT_COMMITTER_EMAIL": "template-test@example.invalid",
        "GIT_TERMINAL_PROMPT": "0",
        "COOKIECUTTER_CONFIG": str(user_config),
    }


def git(directory, *arguments, env):
    process = run(["git", *arguments], cwd=directory, env=env)
    assert process.returncode == 0, f"git {' '.join(arguments)} failed:\n{output_tail(process)}"
    return process.stdout


def cruft(*arguments, env, **kwargs):
    return run([sys.executable, "-m", "cruft", *arguments], env=env, timeout=120, **kwargs)


def commit_everything(directory, message, *, env):
    git(directory, "add", "--all", env=env)
    git(directory, "commit", "--quiet", "--no-verify", "--message", message, env=env)


def test_cruft_update_applies_a_template_change_and_leaves_env_alone(tmp_path, user_config, git_environment):
    env = git_environment
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE, template, ignore=NOT_TEMPLATE)
    git(template, "init", "--quiet", "--initial-branch", "main", env=env)
    commit_everything(template, "The template as it is", env=env)

    # As the generated README says: --skip .env, so that updates never touch the secret.
    created = cruft(
        "create",
        template,
        "--no-input",
        "--output-dir",
        tmp_path / "projects",
        "--config-file",
        user_config,
        "--extra-context",
        json.dumps(ANSWERS),
        "--skip",
        ".env",
        env=env,
    )
    assert created.returncode == 0, output_tail(created)
    project = tmp_path / "projects" / SLUG
    git(project, "init", "--quiet", "--initial-branch", "main", env=env)
    commit_everything(project, "Baked", env=env)
    tracked = git(project, "ls-files", env=env).splitlines()
    assert ".env" not in tracked
    assert {".cruft.json", ".cookiecutter.json"} <= set(tracked)
    assert json.loads((project / ".cruft.json").read_text(encoding="utf-8"))["skip"] == [".env"]
    secret = secret_key(project)

    # A later version of the template: a line in the README, and a new file.
    readme_template = template / "{{cookiecutter.project_slug}}" / "README.md"
    readme_template.write_text(
        readme_template.read_text(encoding="utf-8").rstrip("\n")
        + "\n\nA line the template added later, for {{ cookiecutter.project_name }}.\n",
        encoding="utf-8",
    )
    (template / "{{cookiecutter.project_slug}}" / "docs").mkdir()
    (template / "{{cookiecutter.project_slug}}" / "docs" / "upgrading.md").write_text(
        "# Upgrading {{ cookiecutter.project_name }}\n", encoding="utf-8"
    )
    commit_everything(template, "A later template", env=env)
    template_head = git(template, "rev-parse", "HEAD", env=env).strip()

    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)

    assert updated.returncode == 0, output_tail(updated)
    assert "Failed to apply" not in updated.stdout + updated.stderr, output_tail(updated)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.endswith("\n\nA line the template added later, for Ticket Desk.\n")
    assert (project / "docs" / "upgrading.md").read_text(encoding="utf-8") == "# Upgrading Ticket Desk\n"
    status = git(project, "status", "--porcelain", "--untracked-files=all", env=env)
    changed = {line[3:] for line in status.splitlines()}
    assert changed == {".cruft.json", "README.md", "docs/upgrading.md"}
    assert json.loads((project / ".cruft.json").read_text(encoding="utf-8"))["commit"] == template_head
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    assert secret_key(project) == secret
