"""The cookiecutter command line: refused answers, --no-input answers and --replay."""

import filecmp
import json
import tomllib

import pytest

from answer_sets import BAD_ANSWERS, CLI_ANSWERS, KITCHEN_SINK, NAMED_PARENT, TRICKY_PROJECT_NAMES
from helpers import TEMPLATE, cli_answers, files_under, run_cookiecutter


@pytest.mark.parametrize(
    ("bad", "words"),
    [(answers, words) for _, answers, _, words in BAD_ANSWERS],
    ids=[name for name, *_ in BAD_ANSWERS],
)
def test_bad_answer_stops_the_bake_with_its_message_and_leaves_nothing(bad, words, tmp_path, user_config):
    output = tmp_path / "output"

    process = run_cookiecutter("--no-input", "-o", output, TEMPLATE, *cli_answers(bad), config_file=user_config)

    assert process.returncode != 0
    assert words in process.stderr
    assert (list(output.iterdir()) if output.exists() else []) == []


def test_no_input_answers_reach_the_generated_files(tmp_path, user_config):
    output = tmp_path / "output"

    process = run_cookiecutter("--no-input", "-o", output, TEMPLATE, *cli_answers(CLI_ANSWERS), config_file=user_config)

    assert process.returncode == 0, process.stderr
    project = output / "replay-check"
    models = (project / "replay_check" / "models.py").read_text(encoding="utf-8")
    assert "class Project(db.Model):" in models
    assert "class Ticket(db.Model):" in models


def test_replay_bakes_an_identical_project(tmp_path, user_config):
    first, second = tmp_path / "first", tmp_path / "second"
    baked = run_cookiecutter("--no-input", "-o", first, TEMPLATE, *cli_answers(CLI_ANSWERS), config_file=user_config)
    assert baked.returncode == 0, baked.stderr
    assert list((tmp_path / "replay").glob("*.json")), "cookiecutter wrote no replay file"

    replayed = run_cookiecutter("--replay", "-o", second, TEMPLATE, config_file=user_config)

    assert replayed.returncode == 0, replayed.stderr
    first_files, second_files = files_under(first), files_under(second)
    assert first_files == second_files
    # Each bake gets its own random SECRET_KEY in .env; everything else is the same.
    compared = [str(path) for path in first_files if path.name != ".env"]
    _, mismatch, errors = filecmp.cmpfiles(first, second, compared, shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.mark.parametrize("name", TRICKY_PROJECT_NAMES.values(), ids=TRICKY_PROJECT_NAMES.keys())
def test_project_name_survives_quoting_in_readme_and_pyproject(bake, name):
    project = bake({"project_name": name})

    readme = (project.path / "README.md").read_text(encoding="utf-8")
    pyproject = tomllib.loads((project.path / "pyproject.toml").read_text(encoding="utf-8"))

    assert name in readme
    assert pyproject["project"]["description"].startswith(name)
    assert pyproject["project"]["name"] == project.context["project_slug"]


def test_no_input_field_specs_pass_the_hook_and_are_recorded_as_given(tmp_path, user_config):
    output = tmp_path / "output"
    answers = {"parent_fields": NAMED_PARENT, "child_fields": KITCHEN_SINK}

    process = run_cookiecutter("--no-input", "-o", output, TEMPLATE, *cli_answers(answers), config_file=user_config)

    assert process.returncode == 0, process.stderr
    recorded = json.loads((output / "todo-api" / ".cookiecutter.json").read_text(encoding="utf-8"))["default_context"]
    assert {key: recorded[key] for key in answers} == answers
