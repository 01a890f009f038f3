"""The tests' own answer sets must use only questions cookiecutter.json asks."""

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from answer_sets import ADAPTERS, all_answer_sets
from helpers import TEMPLATE, cookiecutter_json


def test_every_answer_key_the_tests_use_is_in_cookiecutter_json():
    used = {key for answers in all_answer_sets() for key in answers}

    assert used - set(cookiecutter_json()) == set()


def test_tests_answer_only_public_questions():
    """Derived ``__`` names are computed by cookiecutter; answering them would hide bugs."""
    used = {key for answers in all_answer_sets() for key in answers}

    assert {key for key in used if key.startswith("_")} == set()


def test_requirements_pin_versions_the_generated_project_accepts(bake):
    """Each bake's own test-suite runs in this environment, so its pins must satisfy the bake's pyproject."""
    # Every option that adds a dependency: all adapters, credentials, PostgreSQL.
    project = bake({**dict.fromkeys(ADAPTERS, True), "auth": "token", "database": "postgresql"})
    metadata = tomllib.loads((project.path / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (TEMPLATE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.partition("#")[0].strip()
        if requirement:
            pinned = Requirement(requirement)
            pins[canonicalize_name(pinned.name)] = str(pinned.specifier).removeprefix("==")

    unmet = [
        f"{requirement} (pinned: {pins.get(canonicalize_name(requirement.name), 'nothing')})"
        for requirement in map(Requirement, metadata["dependencies"] + metadata["optional-dependencies"]["dev"])
        if canonicalize_name(requirement.name) not in pins
        or not requirement.specifier.contains(pins[canonicalize_name(requirement.name)], prereleases=True)
    ]

    assert unmet == []
