"""Check the answers before cookiecutter writes any file.

``CHECKS`` is the table of checks: each row is a function and the answer
it checks, and the function returns one sentence describing the problem,
or None.  On a problem ``main`` prints that sentence to stderr and exits
with status 1; cookiecutter then removes the half-made project.

Only what cannot work is refused: the generated code makes room for the
resource names (it imports modules, not names, where the models and
resources are defined), so a resource may be called ``User``, ``Request``
or ``Index``.  The field specs (parent_fields, child_fields) are parsed by
local_extensions.parse_fields when cookiecutter renders this file; the
checks here add what depends on the other answers.
"""

import json
import keyword
import re
import sys

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip
# The two field specs as local_extensions parses them (the hook runs where it
# cannot import it): for each, the spec, its fields, and the sentence refusing
# it or "".
# fmt: off
FIELD_SPECS = json.loads(r'''{{ {
    "parent_fields": {
        "spec": cookiecutter.parent_fields,
        "fields": cookiecutter.parent_fields | fields,
        "error": cookiecutter.parent_fields | field_spec_error("parent_fields"),
    },
    "child_fields": {
        "spec": cookiecutter.child_fields,
        "fields": cookiecutter.child_fields | fields,
        "error": cookiecutter.child_fields | field_spec_error("child_fields"),
    },
} | tojson }}''')
# fmt: on

CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
MAX_CLASS_NAME = 24
PROJECT_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_PACKAGE_NAME = 40
URL_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)+")
MAX_URL_PREFIX = 64
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
ADAPTERS = ("adapter_siren", "adapter_hal", "adapter_jsonapi", "adapter_json")
AUTH_CHOICES = ("none", "basic", "token")
DATABASE_CHOICES = ("sqlite", "postgresql")
# PostgreSQL cuts longer names, which breaks migrations.
MAX_IDENTIFIER = 63

# Attribute names a model may not take: its primary key, what SQLAlchemy's
# declarative base defines, and what JSON:API reserves for itself.
MODEL_ATTRIBUTES = frozenset({"id", "metadata", "registry", "query_class", "type"})
# The parent's column for the user who owns it, with auth.
OWNER_COLUMN = "owner_id"
# Tables the project has whatever the answers: the migrations'; with auth, the accounts'.
MIGRATIONS_TABLE = "alembic_version"
ACCOUNT_TABLE = "app_user"
# The index links to each collection by its URL name, beside its own "self" link.
INDEX_LINKS = frozenset({"self"})

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
    name = answers[key]
    if not isinstance(name, str) or not CLASS_NAME.fullmatch(name):
        return (
            f'{key} "{name}" must be a CamelCase class name: a capital letter followed by letters '
            'and digits (e.g. "TaskBoard").'
        )
    if len(name) > MAX_CLASS_NAME:
        return f'{key} "{name}" must be at most {MAX_CLASS_NAME} characters long.'
    if keyword.iskeyword(name):
        return f'{key} "{name}" is a Python keyword; choose another name.'
    return None


def check_resources_differ(answers):
    parent, child = answers["parent_resource"], answers["child_resource"]
    if parent.lower() == child.lower():
        return (
            f'parent_resource "{parent}" and child_resource "{child}" must differ, also ignoring case, '
            "because their URLs are their lower-cased names."
        )
    shared = sorted(set(_names(answers, "parent").values()) & set(_names(answers, "child").values()))
    if shared:
        return (
            f'parent_resource "{parent}" and child_resource "{child}" both make the name "{shared[0]}" '
            "(as a table, plural or URL name); choose names further apart."
        )
    return None


def check_derived_names(answers):
    """The attribute, table and URL names made from the two class names."""
    parent, child = answers["parent_resource"], answers["child_resource"]
    derived = [
        *((parent, kind, value) for kind, value in _names(answers, "parent").items()),
        *((child, kind, value) for kind, value in _names(answers, "child").items()),
        (parent, "foreign key", answers["__parent_fk"]),
        (child, "add method", answers["__add_child"]),
    ]
    for resource, kind, value in derived:
        if keyword.iskeyword(value):
            return f'The {kind} name "{value}" made from "{resource}" is a Python keyword; choose another name.'
    owner = (OWNER_COLUMN,) if answers["auth"] != "none" else ()
    relationships = [
        # (name made, resource it comes from, what it is, the answer declaring its model's fields)
        (answers["__parent_snake"], parent, f"{child}'s relationship", "child_fields"),
        (answers["__child_plural"], child, f"{parent}'s relationship", "parent_fields"),
    ]
    for value, resource, kind, key in relationships:
        if value in (field["name"] for field in declared_fields(answers, key)):
            return (
                f'The {kind} name "{value}" made from "{resource}" is already used by the field "{value}" '
                f"in {key}; rename one of them."
            )
    taken = [
        # (name made, resource it comes from, what it is, names it must not be)
        (answers["__parent_snake"], parent, f"{child}'s relationship", MODEL_ATTRIBUTES),
        (answers["__child_plural"], child, f"{parent}'s relationship", (*MODEL_ATTRIBUTES, *owner)),
        (answers["__parent_url"], parent, "URL", INDEX_LINKS),
        (answers["__child_url"], child, "URL", INDEX_LINKS),
    ]
    tables = (MIGRATIONS_TABLE, ACCOUNT_TABLE) if owner else (MIGRATIONS_TABLE,)
    taken += [
        (answers[f"__{role}_snake"], answers[f"{role}_resource"], "table", tables) for role in ("parent", "child")
    ]
    for value, resource, kind, reserved in taken:
        if value in reserved:
            return (
                f'The {kind} name "{value}" made from "{resource}" is already used by the project; choose another name.'
            )
    return None


def _names(answers, role):
    return {
        "table": answers[f"__{role}_snake"],
        "plural": answers[f"__{role}_plural"],
        "URL": answers[f"__{role}_url"],
    }


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


def check_identifier_lengths(answers):
    """The longest database names the models make: the child's foreign key constraint and index."""
    child_table, foreign_key = answers["__child_snake"], answers["__parent_fk"]
    for name in (f"fk_{child_table}_{foreign_key}", f"ix_{child_table}_{foreign_key}"):
        if len(name.encode()) > MAX_IDENTIFIER:
            return (
                f'The database name "{name}" made from parent_resource and child_resource is longer than '
                f"{MAX_IDENTIFIER} characters; choose shorter names."
            )
    return None


def declared_fields(answers, key):
    """The fields ``answers[key]`` declares, as local_extensions parsed them into FIELD_SPECS; [] for a bad spec."""
    return _field_spec(answers, key)["fields"]


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
    """Names the generated code gives the model besides its fields and its relationship.

    A field named like the model's relationship is refused by
    check_derived_names, which runs first and names both.
    """
    parent, child = answers["parent_resource"], answers["child_resource"]
    if key == "child_fields":
        used = {answers["__parent_fk"]: f"{child}'s foreign key to {parent}"}
    else:
        used = {f"{answers['__child_url']}_list": f"{parent}'s link to the list of its {child} rows"}
        if answers["auth"] != "none":
            used[OWNER_COLUMN] = f"{parent}'s column for the user who owns it"
    for field in declared_fields(answers, key):
        if field["name"] in used:
            return f'The field "{field["name"]}" in {key} is already the name of {used[field["name"]]}; choose another.'
    return None


def check_field_identifier_lengths(answers, key):
    """The constraints a field makes: ``uq_{table}_{field}`` when unique, ``ck_{table}_{field}`` for an enum."""
    role = key.removesuffix("_fields")
    table = answers[f"__{role}_snake"]
    for field in declared_fields(answers, key):
        names = [f"uq_{table}_{field['name']}"] if field["unique"] else []
        names += [f"ck_{table}_{field['name']}"] if field["type"] == "enum" else []
        for name in names:
            if len(name.encode()) > MAX_IDENTIFIER:
                return (
                    f'The database name "{name}" made from {role}_resource and the field "{field["name"]}" in {key} '
                    f"is longer than {MAX_IDENTIFIER} characters; choose shorter names."
                )
    return None


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
    (check_choice, "auth", AUTH_CHOICES),
    (check_choice, "database", DATABASE_CHOICES),
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
