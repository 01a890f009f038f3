"""The bake's CI workflow and the template's own: actionlint, the workflow schema, what they run and on what."""

import re
from urllib.parse import urlsplit

import pytest
import yaml

from helpers import TEMPLATE, output_tail
from parsers import (
    action_versions,
    jobs_running,
    lowest_python,
    make_targets,
    step_environment,
    steps_using,
    unpinned_uses,
    workflow_triggers,
)
from shipping import CI_WORKFLOW, SHIPPING_BAKES, TEMPLATE_WORKFLOW, Shipped, actionlint, check_jsonschema
from test_pythons import NEWER_PYTHONS

# The PostgreSQL that GitHub's runner images install (actions/runner-images, toolset-*.json).
RUNNER_POSTGRESQL = {"ubuntu-24.04": 16}


def template_workflow():
    return yaml.safe_load(TEMPLATE_WORKFLOW.read_text(encoding="utf-8"))


def make_test_job(workflow, makefile):
    """The one job that runs ``make test``, after checking out and setting up Python, and the index of that step."""
    assert "test" in make_targets(makefile)
    found = jobs_running(workflow, "make test")
    assert len(found) == 1, f"{len(found)} steps run make test"
    ((job, index),) = found
    (checkout,) = steps_using(job, "actions/checkout")
    (setup,) = steps_using(job, "actions/setup-python")
    assert job["steps"].index(checkout) < job["steps"].index(setup) < index
    return job, index


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The linter is really running: an outdated action and an unquoted variable fail it."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v3\n      - run: echo $HOME\n",
        encoding="utf-8",
    )
    process = actionlint(broken)

    assert process.returncode == 1
    assert "actions/checkout@v3" in process.stdout
    assert "SC2086" in process.stdout


# ----------------------------------------------------------------------------
# The bake's CI workflow


def test_ci_workflow_passes_actionlint(shipped):
    process = actionlint(shipped.path / CI_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_ci_workflow_follows_the_github_workflow_schema(shipped):
    process = check_jsonschema("vendor.github-workflows", shipped.path / CI_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_ci_workflow_runs_make_test_on_each_supported_python(shipped):
    workflow = shipped.yaml(CI_WORKFLOW)
    job, _ = make_test_job(workflow, shipped.text("Makefile"))
    (setup,) = steps_using(job, "actions/setup-python")
    pythons = job["strategy"]["matrix"]["python-version"]
    supported = shipped.requires_python()

    assert set(workflow_triggers(workflow)) >= {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert "github.ref" in workflow["concurrency"]["group"]
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    assert all(isinstance(python, str) for python in pythons), f"quote the versions (YAML reads 3.10 as 3.1): {pythons}"
    assert len(set(pythons)) == len(pythons) >= 1
    assert [python for python in pythons if python not in supported] == [], f"requires-python is {supported}"
    assert lowest_python(supported) in pythons, "the oldest Python the project allows must be tested"
    # The matrix claims no Python that the template's suite does not run the projects' suites on.
    assert set(pythons) <= {lowest_python(supported), *NEWER_PYTHONS}, "tests/test_pythons.py runs which?"
    assert setup["with"]["cache"] == "pip"
    assert (shipped.path / setup["with"]["cache-dependency-path"]).is_file()


def test_ci_workflow_tests_against_postgresql_exactly_when_the_project_uses_it(shipped):
    workflow = shipped.yaml(CI_WORKFLOW)
    job, index = make_test_job(workflow, shipped.text("Makefile"))
    environment = step_environment(workflow, job, job["steps"][index])
    if not shipped.postgresql:
        assert "services" not in job
        assert "TEST_DATABASE_URL" not in environment
        return

    assert "TEST_DATABASE_URL" in environment, "make test must be given the service's database"
    (postgres,) = [service for service in job["services"].values() if service["image"].startswith("postgres:")]
    url = urlsplit(environment["TEST_DATABASE_URL"])
    published = {str(mapping).partition(":")[0] for mapping in postgres["ports"]}

    assert re.fullmatch(r"postgres:1[5-9]", postgres["image"])
    assert "--health-cmd" in postgres["options"] and "pg_isready" in postgres["options"]
    assert url.scheme == "postgresql" and url.hostname in ("localhost", "127.0.0.1")
    assert str(url.port) in published
    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["env"].get("POSTGRES_USER", "postgres"),
        postgres["env"]["POSTGRES_PASSWORD"],
        postgres["env"]["POSTGRES_DB"],
    )


def test_ci_workflow_pins_every_action_to_a_release(shipped):
    assert unpinned_uses(shipped.yaml(CI_WORKFLOW)) == []


def test_ci_and_template_workflows_use_the_same_action_versions(shipped):
    """An action both workflows use is at one version: updating one and not the other fails here."""
    template, bake = action_versions(template_workflow()), action_versions(shipped.yaml(CI_WORKFLOW))
    shared = set(template) & set(bake)
    versions = {action: template[action] | bake[action] for action in shared}

    assert {"actions/checkout", "actions/setup-python"} <= shared
    assert {action: refs for action, refs in versions.items() if len(refs) > 1} == {}


# ----------------------------------------------------------------------------
# The template's own workflow


def test_template_workflow_passes_actionlint():
    process = actionlint(TEMPLATE_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_template_workflow_follows_the_github_workflow_schema():
    process = check_jsonschema("vendor.github-workflows", TEMPLATE_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_template_workflow_pins_every_action_to_a_release():
    assert unpinned_uses(template_workflow()) == []


def test_template_workflow_runs_make_test_weekly_and_on_changes():
    workflow = template_workflow()
    triggers = workflow_triggers(workflow)
    job, index = make_test_job(workflow, (TEMPLATE / "Makefile").read_text(encoding="utf-8"))
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    _minute, _hour, day_of_month, month, day_of_week = cron.split()

    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), f"not weekly: {cron}"
    assert workflow["permissions"] == {"contents": "read"}
    assert index == len(job["steps"]) - 1, "make test is the job's last step"


@pytest.mark.xdist_group("shipping-default")
def test_template_workflow_runs_on_the_oldest_python_the_bakes_allow(bake):
    """The template's suite bakes, installs and serves projects with its own Python: it tests their floor.

    The newer Pythons are there for tests/test_pythons.py, which makes each project's venv with them.
    """
    project = bake(SHIPPING_BAKES["default"])
    supported = Shipped(path=project.path, context=project.context).requires_python()
    job, _ = make_test_job(template_workflow(), (TEMPLATE / "Makefile").read_text(encoding="utf-8"))
    (setup,) = steps_using(job, "actions/setup-python")
    *others, default = setup["with"]["python-version"].split()

    assert default == lowest_python(supported), f"requires-python is {supported}"
    assert sorted(others) == sorted(NEWER_PYTHONS), "tests/test_pythons.py needs them"


def test_template_workflow_points_pg_bin_at_the_runners_postgresql():
    (job,) = template_workflow()["jobs"].values()

    assert job["runs-on"] in RUNNER_POSTGRESQL, f"which PostgreSQL does {job['runs-on']} have?"
    assert job["env"]["PG_BIN"] == f"/usr/lib/postgresql/{RUNNER_POSTGRESQL[job['runs-on']]}/bin"
