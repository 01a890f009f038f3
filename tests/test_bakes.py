"""Checks run on every bake of the matrix and on every --answers set.

Each test takes ``answers`` (parametrised by conftest) and ``baked``, the
project cookiecutter made from them.
"""

import re
import sys

import pytest

from answer_sets import ADAPTERS, KNOWN_NAMES, RESOURCE_PAIRS, common_name_bakes
from helpers import clean_environment, output_head, output_tail, read_text_or_none, run

# Jinja's delimiters and cookiecutter variables; "${{" opens a GitHub Actions
# expression, which the template writes out with {% raw %}.
TEMPLATE_SYNTAX = re.compile(r"(?<!\$)\{\{|\{%|\{#|cookiecutter\.(?!json\b)\w")
COOKIECUTTER_NAME = re.compile(r"cookiecutter\.(?!json\b)\w")
# The browsable HTML pages' files: present exactly when browsable_api is on.
BROWSABLE_FILES = (
    "hypermedia/adapters/html.py",
    "hypermedia/browsable/templates/base.html",
    "hypermedia/browsable/templates/error.html",
    "hypermedia/browsable/templates/resource.html",
    "hypermedia/browsable/static/browsable.css",
    "hypermedia/browsable/static/browsable.js",
    "hypermedia/browsable/static/favicon.svg",
)

# For each adapter option: its module in the package and its test module.
# Each adapter option's one name: its module, its test module and its test helper are named after it.
ADAPTER_NAMES = {"adapter_siren": "siren", "adapter_hal": "hal", "adapter_jsonapi": "jsonapi", "adapter_json": "json"}


def test_no_template_syntax_is_left(baked):
    """No Jinja is left, but in the layer's own templates (pages, scaffold code), which name nothing of cookiecutter."""
    leftovers = []
    package = baked.context["package_name"]
    own_templates = (f"{package}/hypermedia/browsable/templates/", f"{package}/hypermedia/scaffold/templates/")
    for path in baked.files:
        text = read_text_or_none(baked.path / path)
        if text is None:  # binary
            continue
        syntax = COOKIECUTTER_NAME if str(path).startswith(own_templates) else TEMPLATE_SYNTAX
        for number, line in enumerate(text.splitlines(), start=1):
            if syntax.search(line):
                leftovers.append(f"{path}:{number}: {line.strip()}")

    assert leftovers == []


def test_no_file_is_empty(baked):
    """Options remove whole files; only a package marker may be empty."""
    empty = [
        str(path) for path in baked.files if path.name != "__init__.py" and not (baked.path / path).read_bytes().strip()
    ]

    assert empty == []


def test_exactly_the_chosen_adapters_are_generated(baked):
    package = baked.context["package_name"]
    expected, actual = {}, {}
    for option, name in ADAPTER_NAMES.items():
        for path in (
            f"{package}/hypermedia/adapters/{name}.py",
            f"tests/test_{name}.py",
            f"tests/representations/{name}.py",
        ):
            expected[path] = baked.context[option]
            actual[path] = (baked.path / path).is_file()

    assert actual == expected


def test_api_registers_exactly_the_chosen_adapters(baked):
    api = (baked.package / "api.py").read_text(encoding="utf-8")
    registered = re.search(r"^ADAPTERS = \[(.*?)^\]", api, re.MULTILINE | re.DOTALL)
    assert registered, "api.py has no ADAPTERS list"

    chosen = [ADAPTER_NAMES[option] for option in ADAPTERS if baked.context[option]]

    assert re.findall(r"^    (\w+)\.\w+Adapter,$", registered.group(1), re.MULTILINE) == chosen


def test_the_browsable_api_is_there_exactly_when_chosen(baked):
    chosen = baked.context["browsable_api"]
    api = (baked.package / "api.py").read_text(encoding="utf-8")
    pyproject = (baked.path / "pyproject.toml").read_text(encoding="utf-8")

    present = {path: (baked.package / path).is_file() for path in BROWSABLE_FILES}

    assert present == dict.fromkeys(BROWSABLE_FILES, chosen)
    assert (baked.path / "tests" / "test_html.py").is_file() == chosen
    assert (baked.package / "hypermedia" / "browsable").exists() == chosen
    assert ("browsable=HtmlAdapter" in api) == chosen
    assert ("beautifulsoup4" in pyproject) == chosen


def test_kubernetes_manifests_are_there_exactly_when_chosen(baked):
    manifests = {path.name for path in baked.files if path.parts[0] == "kubernetes"}

    if not baked.context["use_kubernetes"]:
        assert manifests == set()
    else:
        assert {"kustomization.yaml", "deployment.yaml", "migrate-job.yaml", "secret.example.yaml"} <= manifests
        assert ("redis.yaml" in manifests) == (baked.context["auth"] != "none")


def test_derived_names_are_used(baked):
    context = baked.context
    parent, child = context["parent_resource"], context["child_resource"]
    models = (baked.package / "models.py").read_text(encoding="utf-8")
    resources = (baked.package / "resources.py").read_text(encoding="utf-8")
    api = (baked.package / "api.py").read_text(encoding="utf-8")

    assert re.search(rf"^class {parent}\(db\.Model\):", models, re.MULTILINE)
    assert re.search(rf"^class {child}\(db\.Model\):", models, re.MULTILINE)
    assert re.search(rf'__tablename__ = "{context["__parent_snake"]}"', models)
    assert re.search(rf'__tablename__ = "{context["__child_snake"]}"', models)
    assert re.search(rf"^    {context['__parent_fk']}: orm\.Mapped\[int\]", models, re.MULTILINE)
    assert re.search(rf"^    {context['__child_plural']}: orm\.Mapped\[list\[\"{child}\"\]\]", models, re.MULTILINE)
    assert re.search(rf"^    {context['__parent_snake']}: orm\.Mapped\[\"{parent}\"\]", models, re.MULTILINE)
    assert f'route="{context["__add_child_url"]}"' in resources
    assert f"    {context['__add_child']} = hypermedia.add_child(" in resources
    assert f'URL_PREFIX = "{context["url_prefix"]}"' in api


def test_ruff_check_passes(baked):
    process = run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."], cwd=baked.path
    )

    assert process.returncode == 0, output_tail(process, lines=100)


def test_ruff_format_check_passes(baked):
    process = run([sys.executable, "-m", "ruff", "format", "--diff", "--no-cache", "."], cwd=baked.path)

    assert process.returncode == 0, f"{process.stderr}{output_head(process.stdout, lines=100)}"


def test_generated_test_suite_passes(baked, test_database_url):
    environment = clean_environment()
    if test_database_url:
        environment["TEST_DATABASE_URL"] = test_database_url
    process = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=baked.path,
        env=environment,
        timeout=900,
    )

    assert process.returncode == 0, output_tail(process, lines=60)


@pytest.mark.parametrize(("known", "expected"), KNOWN_NAMES.values(), ids=KNOWN_NAMES.keys())
def test_known_resource_pairs_make_the_expected_names(bake, known, expected):
    project = bake(known)

    missing = {
        file: [text for text in texts if text not in (project.package / file).read_text(encoding="utf-8")]
        for file, texts in expected.items()
    }

    assert {file: texts for file, texts in missing.items() if texts} == {}


def test_category_pluralises_irregularly(bake):
    context = bake(KNOWN_NAMES["category"][0]).context

    assert (context["__parent_plural"], context["__child_plural"]) == ("categories", "items")


@pytest.mark.parametrize(
    "common", [answers for _, answers in common_name_bakes()], ids=[n for n, _ in common_name_bakes()]
)
def test_common_resource_names_bake_clean(bake, common):
    """Each common name bakes in either role, with or without sign-in, and passes ruff.

    The matrix runs their own suites, pairing the names (answer_sets.common_name_pairs).
    """
    project = bake(common)

    check = run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."], cwd=project.path
    )
    formatted = run([sys.executable, "-m", "ruff", "format", "--diff", "--no-cache", "."], cwd=project.path)

    assert check.returncode == 0, output_tail(check, lines=60)
    assert formatted.returncode == 0, f"{formatted.stderr}{output_head(formatted.stdout, lines=60)}"


def test_the_generic_layer_is_the_same_in_every_project(bake):
    """The package's hypermedia layer names no resource: two different projects hold byte-identical copies."""
    first = bake({})
    second = bake(
        {
            **RESOURCE_PAIRS["project"],
            **dict.fromkeys(ADAPTERS, True),
            "auth": "token",
            "database": "postgresql",
            "project_name": "Ticket Desk",
        }
    )
    layers = [project.package / "hypermedia" for project in (first, second)]
    files = [{path.relative_to(layer) for path in layer.rglob("*") if path.is_file()} for layer in layers]
    shared = sorted(files[0] & files[1])

    different = [str(path) for path in shared if (layers[0] / path).read_bytes() != (layers[1] / path).read_bytes()]

    assert len(shared) >= 10
    assert files[0] <= files[1], "the default project's layer has files a project with every option lacks"
    assert different == []
