"""File hygiene of a bake: its pre-commit and EditorConfig settings hold for the bake itself, no Jinja debris."""

import tomllib

import yaml

from helpers import cookiecutter_json, files_under, read_text_or_none
from parsers import PINNED_REF, editorconfig_sections, editorconfig_settings
from shipping import CI_WORKFLOW, SHIPPING_BAKES

PRE_COMMIT_BASICS = {"end-of-file-fixer", "trailing-whitespace", "check-yaml", "check-toml"}
# The files whose options leave Jinja blocks behind.
SHIPPING_FILES = (
    "Dockerfile",
    ".dockerignore",
    "compose.yaml",
    CI_WORKFLOW,
    ".pre-commit-config.yaml",
    ".editorconfig",
)


def test_shipping_answer_sets_answer_only_public_questions():
    public = {key for key in cookiecutter_json() if not key.startswith("_")}

    assert {key for answers in SHIPPING_BAKES.values() for key in answers} <= public


def test_shipping_files_have_no_blank_line_debris(shipped):
    """Options must not leave the blank lines of their Jinja blocks behind.

    A blank line may only separate top-level blocks (in YAML, also the
    services or jobs one level down), once.
    """
    debris = []
    for name in SHIPPING_FILES:
        deepest = 2 if name.endswith((".yml", ".yaml")) else 0
        lines = shipped.text(name).splitlines()
        for index, line in enumerate(lines):
            if line.strip():
                continue
            following = next((text for text in lines[index:] if text.strip()), "")
            if index == 0 or not lines[index - 1].strip():
                debris.append(f"{name}:{index + 1}: a blank line at the start or after another")
            elif lines[index - 1].rstrip().endswith("\\") or len(following) - len(following.lstrip()) > deepest:
                debris.append(f"{name}:{index + 1}: a blank line inside a block")

    assert debris == []


def pre_commit_repos(shipped):
    return {repo["repo"]: repo for repo in shipped.yaml(".pre-commit-config.yaml")["repos"]}


def test_pre_commit_runs_the_projects_ruff(shipped):
    """The hooks and `make test` run the same ruff: the hook's rev is the dev extra's pin."""
    ruff = pre_commit_repos(shipped)["https://github.com/astral-sh/ruff-pre-commit"]
    hooks = {hook["id"]: hook for hook in ruff["hooks"]}

    assert ruff["rev"] == "v" + shipped.dev_pin("ruff")
    assert set(hooks) == {"ruff-check", "ruff-format"}
    assert "--fix" in hooks["ruff-check"].get("args", [])


def test_pre_commit_basics_are_pinned_to_a_release(shipped):
    repos = pre_commit_repos(shipped)
    basics = repos["https://github.com/pre-commit/pre-commit-hooks"]

    assert {hook["id"] for hook in basics["hooks"]} >= PRE_COMMIT_BASICS
    assert {url: repo["rev"] for url, repo in repos.items() if not PINNED_REF.fullmatch(repo["rev"])} == {}


def test_bake_already_passes_the_basic_pre_commit_hooks(shipped):
    """A fresh bake's first `pre-commit run --all-files` must change nothing."""
    problems = []
    for path in files_under(shipped.path):
        text = read_text_or_none(shipped.path / path)
        if text is None:
            continue
        if text and (not text.endswith("\n") or text.endswith("\n\n")):
            problems.append(f"{path}: must end in exactly one newline (end-of-file-fixer)")
        problems += [
            f"{path}:{number}: trailing whitespace"
            for number, line in enumerate(text.split("\n"), start=1)
            if line != line.rstrip()
        ]
        try:
            if path.suffix in (".yml", ".yaml"):
                yaml.safe_load(text)
            elif path.suffix == ".toml":
                tomllib.loads(text)
        except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
            problems.append(f"{path}: {error}")

    assert problems == []


def test_bake_follows_its_editorconfig(shipped):
    preamble, sections = editorconfig_sections(shipped.text(".editorconfig"))
    assert preamble == {"root": "true"}
    problems = []
    for path in files_under(shipped.path):
        text = read_text_or_none(shipped.path / path)
        if not text:
            continue
        settings = editorconfig_settings(sections, path.as_posix())
        assert settings["charset"] == "utf-8" and settings["end_of_line"] == "lf", path
        if "\r" in text:
            problems.append(f"{path}: CR line endings")
        wrong_indent = "\t" if settings["indent_style"] == "space" else " "
        problems += [
            f"{path}:{number}: indented with {'a tab' if wrong_indent == chr(9) else 'spaces'}"
            for number, line in enumerate(text.splitlines(), start=1)
            if line.startswith(wrong_indent) and line.strip()
        ]

    assert problems == []
    assert editorconfig_settings(sections, "Makefile")["indent_style"] == "tab"
