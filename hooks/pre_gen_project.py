"""Check the answers before cookiecutter writes any file.

Each check takes the answers (the rendered ``cookiecutter`` context, derived
``__`` names included) and returns one sentence describing the first problem
it finds, or None.  On a problem ``main`` prints that sentence to stderr and
exits with status 1; cookiecutter then removes the half-made project.
"""

import builtins
import json
import keyword
import re
import sys

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip

CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
MAX_CLASS_NAME = 24
PROJECT_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_PACKAGE_NAME = 40
URL_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)+")
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
ADAPTERS = ("adapter_siren", "adapter_hal", "adapter_jsonapi", "adapter_json")
AUTH_CHOICES = ("none", "basic", "token")
DATABASE_CHOICES = ("sqlite", "postgresql")
MAX_IDENTIFIER = 63

# Names the generated code defines or imports where the model and resource
# classes live; a resource class of the same name would shadow them.
GENERATED_NAMES = frozenset(
    {
        "ADAPTERS",
        "AbsoluteURLs",
        "AdapterBase",
        "AlchemyManager",
        "Api",
        "ArgumentError",
        "BadSignature",
        "BaseBasicJSONAdapter",
        "BaseHalAdapter",
        "BaseSirenAdapter",
        "BasicJSON",
        "BasicJSONAdapter",
        "Boolean",
        "BooleanField",
        "CHILD",
        "CHILDREN",
        "CLIENTS",
        "Child",
        "ClassVar",
        "CollectionResource",
        "ColumnProperty",
        "DataError",
        "Flask",
        "FlaskDispatcher",
        "ForeignKey",
        "HTTPException",
        "HTTPTokenAuth",
        "Hal",
        "HalAdapter",
        "Headers",
        "HealthCheck",
        "HypermediaClient",
        "IField",
        "Index",
        "IntegerField",
        "IntegrityError",
        "InvalidHashError",
        "JSONAPI",
        "JSONAPIAdapter",
        "JSONAPIFormatException",
        "JsonApi",
        "LEVELS",
        "ListRelationship",
        "MIGRATIONS",
        "MILK",
        "MIMEAccept",
        "Manager",
        "Mapped",
        "MetaData",
        "Migrate",
        "MigrationContext",
        "Model",
        "NotFoundException",
        "OperationalError",
        "PARENT",
        "PARENTS",
        "PASSWORD",
        "PREFIX",
        "PROJECT",
        "Parent",
        "PasswordHasher",
        "Path",
        "REGISTER",
        "REPRESENTATIONS",
        "ROOT",
        "Relationship",
        "Representation",
        "RequestContainer",
        "Resource",
        "ResourceBase",
        "Response",
        "RestException",
        "SCHEME",
        "SETTINGS",
        "SQLAlchemy",
        "SQLAlchemyError",
        "ServerError",
        "SessionHandler",
        "Siren",
        "SirenAdapter",
        "String",
        "StringField",
        "Text",
        "ThreadPoolExecutor",
        "ToMany",
        "TranslationException",
        "URLSafeTimedSerializer",
        "UnsupportedMediaType",
        "User",
        "ValidationException",
        "VerificationError",
    }
)

# Attributes every model has (its columns and SQLAlchemy's own), and the link
# names every resource uses: no derived attribute or link may reuse them.
MODEL_ATTRIBUTES = frozenset(
    {"id", "title", "description", "completed", "query", "query_class", "metadata", "registry"}
)
LINK_NAMES = frozenset({"created", "next", "previous", "index"})
TABLE_NAMES = frozenset({"alembic_version"})

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


def check_project_name(answers):
    name = answers["project_name"]
    if not name.strip():
        return "project_name must not be empty."
    if CONTROL_CHARACTER.search(name) or "\\" in name or '"""' in name:
        return (
            f"project_name {name!r} must not contain control characters, backslashes or three "
            "double quotes in a row, because it is written into Python docstrings."
        )
    return None


def check_project_slug(answers):
    slug = answers["project_slug"]
    if not PROJECT_SLUG.fullmatch(slug):
        return (
            f'project_slug "{slug}" must be lower-case letters and digits in words joined by single '
            'hyphens, starting with a letter (e.g. "todo-api").'
        )
    return None


def check_package_name(answers):
    package = answers["package_name"]
    if not PACKAGE_NAME.fullmatch(package):
        return (
            f'package_name "{package}" must be lower-case letters, digits and underscores, '
            'starting with a letter (e.g. "todo_api").'
        )
    if len(package) > MAX_PACKAGE_NAME:
        return f'package_name "{package}" must be at most {MAX_PACKAGE_NAME} characters long.'
    if keyword.iskeyword(package):
        return f'package_name "{package}" is a Python keyword; choose another name.'
    if package in sys.stdlib_module_names:
        return f'package_name "{package}" is a standard library module; choose another name.'
    if package in DEPENDENCIES:
        return f'package_name "{package}" is the name of a package the project depends on; choose another.'
    if package == "tests":
        return 'package_name "tests" is the name of the project\'s test package; choose another.'
    return None


def _check_class_name(answers, key):
    name = answers[key]
    if not isinstance(name, str) or not CLASS_NAME.fullmatch(name):
        return (
            f'{key} "{name}" must be a CamelCase class name: a capital letter followed by letters '
            'and digits (e.g. "TaskBoard").'
        )
    if len(name) > MAX_CLASS_NAME:
        return f'{key} "{name}" must be at most {MAX_CLASS_NAME} characters long.'
    if keyword.iskeyword(name) or name in dir(builtins):
        return f'{key} "{name}" is a Python keyword or built-in name; choose another name.'
    for generated in (name, f"{name}Manager", f"{name}Resource"):
        if generated in GENERATED_NAMES:
            return f'{key} "{name}" would clash with "{generated}" in the generated code; choose another name.'
    return None


def check_parent_resource(answers):
    return _check_class_name(answers, "parent_resource")


def check_child_resource(answers):
    return _check_class_name(answers, "child_resource")


def check_resources_differ(answers):
    parent, child = answers["parent_resource"], answers["child_resource"]
    if parent.lower() == child.lower():
        return (
            f'parent_resource "{parent}" and child_resource "{child}" must differ, also ignoring case, '
            "because their URLs are their lower-cased names."
        )
    classes = {}
    for key in ("parent_resource", "child_resource"):
        for suffix in ("", "Manager", "Resource"):
            name = answers[key] + suffix
            if name in classes:
                return (
                    f'parent_resource "{parent}" and child_resource "{child}" would both make a class '
                    f'"{name}"; choose names that do not extend each other with Manager or Resource.'
                )
            classes[name] = key
    return None


def check_derived_names(answers):
    """The attribute, table, URL and link names made from the two class names."""
    parent, child = answers["parent_resource"], answers["child_resource"]
    parent_names = {
        "table": answers["__parent_snake"],
        "plural": answers["__parent_plural"],
        "URL": answers["__parent_url"],
    }
    child_names = {
        "table": answers["__child_snake"],
        "plural": answers["__child_plural"],
        "URL": answers["__child_url"],
    }
    derived = [
        *((parent, kind, value) for kind, value in parent_names.items()),
        *((child, kind, value) for kind, value in child_names.items()),
        (parent, "foreign key", answers["__parent_fk"]),
        (child, "add method", answers["__add_child"]),
        (child, "add URL", answers["__add_child_url"]),
    ]
    for resource, kind, value in derived:
        if keyword.iskeyword(value):
            return f'The {kind} name "{value}" made from "{resource}" is a Python keyword; choose another name.'
        if value in MODEL_ATTRIBUTES | LINK_NAMES | TABLE_NAMES:
            return (
                f'The {kind} name "{value}" made from "{resource}" is already used by the generated code; '
                "choose another name."
            )
    shared = sorted(set(parent_names.values()) & set(child_names.values()))
    if shared:
        return (
            f'parent_resource "{parent}" and child_resource "{child}" both make the name "{shared[0]}" '
            "(as a table, plural or URL name); choose names further apart."
        )
    return None


def check_url_prefix(answers):
    prefix = answers["url_prefix"]
    segments = prefix.split("/")[1:]
    if not URL_PREFIX.fullmatch(prefix) or any(segment in (".", "..") for segment in segments):
        return (
            f'url_prefix "{prefix}" must be a path such as "/api" or "/api/v2": a leading slash, '
            'no trailing slash, no spaces or "." segments, and only letters, digits and ._~- in between.'
        )
    return None


def check_adapters(answers):
    for key in ADAPTERS:
        if not isinstance(answers[key], bool):
            return f'{key} must be true or false, not "{answers[key]}".'
    if not any(answers[key] for key in ADAPTERS):
        return "At least one of " + ", ".join(ADAPTERS) + " must be true, or the API serves nothing."
    return None


def check_auth(answers):
    return _check_choice(answers, "auth", AUTH_CHOICES)


def check_database(answers):
    return _check_choice(answers, "database", DATABASE_CHOICES)


def _check_choice(answers, key, choices):
    """Cookiecutter checks choices it prompts for; a replay file or a hand-made context may not be."""
    if answers[key] not in choices:
        return f'{key} "{answers[key]}" must be one of: {", ".join(choices)}.'
    return None


def check_identifier_lengths(answers):
    """PostgreSQL cuts names longer than 63 bytes, which breaks migrations; the longest are these."""
    child_table, foreign_key = answers["__child_snake"], answers["__parent_fk"]
    for name in (f"fk_{child_table}_{foreign_key}", f"ix_{child_table}_{foreign_key}"):
        if len(name) > MAX_IDENTIFIER:
            return (
                f'The database name "{name}" made from parent_resource and child_resource is longer than '
                f"{MAX_IDENTIFIER} characters; choose shorter names."
            )
    return None


CHECKS = (
    check_project_name,
    check_project_slug,
    check_package_name,
    check_parent_resource,
    check_child_resource,
    check_resources_differ,
    check_derived_names,
    check_url_prefix,
    check_adapters,
    check_identifier_lengths,
    check_auth,
    check_database,
)


def first_error(answers):
    """The first problem with the answers, or None when they are all good."""
    for check in CHECKS:
        error = check(answers)
        if error:
            return error
    return None


def main():
    error = first_error(ANSWERS)
    if error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
