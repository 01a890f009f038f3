"""Check the answers before cookiecutter writes any file.

``CHECKS`` is the table of checks: each row is a function and the answer
it checks, and the function returns one sentence describing the problem,
or None.  On a problem ``main`` prints that sentence to stderr and exits
with status 1; cookiecutter then removes the half-made project.

Only what cannot work is refused: the generated code makes room for the
resource names (it imports modules, not names, where the models and
resources are defined), so a resource may be called ``User``, ``Request``
or ``Index``.  The resources' names and field specs follow the rules of the
project's own ``hypermedia/scaffold/specs.py``, which ``flask scaffold``
applies to the resources a project adds later: cookiecutter applies them as
it renders this file (local_extensions), so that both refuse a name with
the same sentence.  The checks of the other answers are here.
"""

import json
import keyword
import re
import sys

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip
# The rules of specs.py (the hook runs where it cannot import it), applied
# by cookiecutter as it renders this file: for each field spec, the spec and
# the sentence refusing it or ""; for each name rule, its sentence or "".
# fmt: off
FIELD_SPECS = json.loads(r'''{{ {
    "parent_fields": {
        "spec": cookiecutter.parent_fields,
        "error": cookiecutter.parent_fields | field_spec_error("parent_fields"),
    },
    "child_fields": {
        "spec": cookiecutter.child_fields,
        "error": cookiecutter.child_fields | field_spec_error("child_fields"),
    },
} | tojson }}''')
NAME_RULES = json.loads(r'''{{ cookiecutter | name_rules | tojson }}''')
# fmt: on

PROJECT_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_PACKAGE_NAME = 40
URL_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)+")
MAX_URL_PREFIX = 64
MAX_KUBERNETES_SLUG = 63 - len("-migrate")
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
ADAPTERS = ("adapter_siren", "adapter_hal", "adapter_jsonapi", "adapter_json")
AUTH_CHOICES = ("none", "basic", "token")
DATABASE_CHOICES = ("sqlite", "postgresql")

DEPENDENCIES = frozenset(
    {
        "alembic",
        "click",
        "flask",
        "flask_migrate",
        "flask_ripozo",
        "flask_sqlalchemy",
        "gunicorn",
        "jinja2",
        "pypermedia",
        "pytest",
        "requests",
        "ripozo",
        "ripozo_sqlalchemy",
        "six",
        "sqlalchemy",
        "werkzeug",
    }
)


def check_project_name(answers, key):
    name = answers[key]
    if not name.strip():
        return f"{key} must not be empty."
    if CONTROL_CHARACTER.search(name) or "\\" in name or '"""' in name:
        return (
            f"{key} {name!r} must not contain control characters, backslashes or three "
            "double quotes in a row, because it is written into Python docstrings."
        )
    return None


def check_project_slug(answers, key):
    slug = answers[key]
    if not PROJECT_SLUG.fullmatch(slug):
        return (
            f'{key} "{slug}" must be lower-case letters and digits in words joined by single '
            'hyphens, starting with a letter (e.g. "todo-api").'
        )
    return None


def check_package_name(answers, key):
    package = answers[key]
    if not PACKAGE_NAME.fullmatch(package):
        return (
            f'{key} "{package}" must be lower-case letters, digits and underscores, '
            'starting with a letter (e.g. "todo_api").'
        )
    if len(package) > MAX_PACKAGE_NAME:
        return f'{key} "{package}" must be at most {MAX_PACKAGE_NAME} characters long.'
    if keyword.iskeyword(package):
        return f'{key} "{package}" is a Python keyword; choose another name.'
    if package in sys.stdlib_module_names:
        return f'{key} "{package}" is a standard library module; choose another name.'
    if package in DEPENDENCIES:
        return f'{key} "{package}" is the name of a package the project depends on; choose another.'
    if package == "tests":
        return f'{key} "tests" is the name of the project\'s test package; choose another.'
    return None


def check_class_name(answers, key):
    return _name_rule(answers, "check_class_name", key)


def check_resources_differ(answers):
    return _name_rule(answers, "check_resources_differ")


def check_derived_names(answers):
    """The table, URL, plural, relationship, foreign key and add-method names made from the two class names."""
    return _name_rule(answers, "check_derived_names")


def _name_rule(answers, check, key=None):
    """The sentence of a name rule for these answers, as cookiecutter rendered it, or None."""
    for name, value in NAME_RULES["answers"].items():
        if answers[name] != value:
            raise ValueError(
                f"This hook was rendered for {name} {value!r}, not {answers[name]!r}: render it for these answers."
            )
    sentence = NAME_RULES[check] if key is None else NAME_RULES[check][key]
    return sentence or None


def check_url_prefix(answers, key):
    prefix = answers[key]
    segments = prefix.split("/")[1:]
    if not URL_PREFIX.fullmatch(prefix) or any(segment in (".", "..") for segment in segments):
        return (
            f'{key} "{prefix}" must be a path such as "/api" or "/api/v2": a leading slash, '
            'no trailing slash, no spaces or "." segments, and only letters, digits and ._~- in between.'
        )
    if len(prefix) > MAX_URL_PREFIX:
        return f'{key} "{prefix}" must be at most {MAX_URL_PREFIX} characters long.'
    return None


def check_adapters(answers):
    for key in ADAPTERS:
        if not isinstance(answers[key], bool):
            return f'{key} must be true or false, not "{answers[key]}".'
    if not any(answers[key] for key in ADAPTERS):
        return "At least one of " + ", ".join(ADAPTERS) + " must be true, or the API serves nothing."
    return None


def check_boolean(answers, key):
    """A yes/no question other than the adapters (which check_adapters checks together)."""
    if not isinstance(answers[key], bool):
        return f'{key} must be true or false, not "{answers[key]}".'
    return None


def check_choice(answers, key, choices):
    """Cookiecutter checks choices it prompts for; a replay file or a hand-made context may not be."""
    if answers[key] not in choices:
        return f'{key} "{answers[key]}" must be one of: {", ".join(choices)}.'
    return None


def check_kubernetes(answers):
    """The manifests run the Dockerfile's image, on a database every replica shares, under names of 63 characters."""
    if not answers["use_kubernetes"]:
        return None
    if not answers["use_docker"]:
        return "use_kubernetes needs use_docker: the Kubernetes manifests run the image the Dockerfile builds."
    if answers["database"] != "postgresql":
        return "use_kubernetes needs database postgresql: the Deployment's replicas cannot share a SQLite file."
    slug = answers["project_slug"]
    if len(slug) > MAX_KUBERNETES_SLUG:
        return (
            f'project_slug "{slug}" must be at most {MAX_KUBERNETES_SLUG} characters with use_kubernetes: '
            'Kubernetes names are at most 63 characters, and the migration Job\'s adds "-migrate".'
        )
    return None


def check_identifier_lengths(answers):
    """The longest database names the models make: the child's foreign key constraint and index."""
    return _name_rule(answers, "check_identifier_lengths")


def _field_spec(answers, key):
    rendered = FIELD_SPECS[key]
    if rendered["spec"] != answers[key]:
        raise ValueError(
            f"This hook was rendered for {key} {rendered['spec']!r}, not {answers[key]!r}: render it for these answers."
        )
    return rendered


def check_field_spec(answers, key):
    """What local_extensions.parse_fields refuses: the grammar, types, arguments, defaults and fixed reserved names."""
    return _field_spec(answers, key)["error"] or None


def check_field_names(answers, key):
    """Names the generated code gives the model besides its fields and its relationship."""
    return _name_rule(answers, "check_field_names", key)


def check_field_identifier_lengths(answers, key):
    """The constraints a field makes: ``uq_{table}_{field}`` when unique, ``ck_{table}_{field}`` for an enum."""
    return _name_rule(answers, "check_field_identifier_lengths", key)


# (check, the answer it checks and any more arguments), in the order they run.
CHECKS = (
    (check_project_name, "project_name"),
    (check_project_slug, "project_slug"),
    (check_package_name, "package_name"),
    (check_class_name, "parent_resource"),
    (check_class_name, "child_resource"),
    (check_url_prefix, "url_prefix"),
    (check_adapters,),
    (check_boolean, "browsable_api"),
    (check_boolean, "use_docker"),
    (check_boolean, "use_kubernetes"),
    (check_choice, "auth", AUTH_CHOICES),
    (check_choice, "database", DATABASE_CHOICES),
    (check_kubernetes,),
    (check_field_spec, "parent_fields"),
    (check_field_spec, "child_fields"),
    (check_resources_differ,),
    (check_derived_names,),
    (check_identifier_lengths,),
    (check_field_names, "parent_fields"),
    (check_field_names, "child_fields"),
    (check_field_identifier_lengths, "parent_fields"),
    (check_field_identifier_lengths, "child_fields"),
)


def errors(answers):
    """(check name, sentence) of each check that fails, in table order."""
    for check, *arguments in CHECKS:
        error = check(answers, *arguments)
        if error:
            yield check.__name__, error


def first_error(answers):
    """The first problem with the answers, or None when they are all good."""
    return next((error for _, error in errors(answers)), None)


def main():
    error = first_error(ANSWERS)
    if error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
