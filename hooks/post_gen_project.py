"""Remove the files of the options that are off, record the answers, and give the project its own secret.

Files are removed whole, never rendered empty.  ``REMOVALS`` must name files
the template really has: a path that is missing means the map and the
template have drifted apart, and the hook fails instead of guessing.

The answers go into ``.cookiecutter.json``, a cookiecutter user-config file,
so that ``cookiecutter TEMPLATE --no-input --config-file .cookiecutter.json``
bakes the project again.  The secret goes into ``.env``, which git ignores
and ``flask`` reads; it is never part of the answers.
"""

import json
import re
import secrets
import sys
from pathlib import Path

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip

# option -> {answer: the files that answer removes}: paths are relative to
# the project, with {package} for the package directory.
REMOVALS = {
    "adapter_siren": {
        False: (
            "{package}/hypermedia/adapters/siren.py",
            "tests/test_siren.py",
            "tests/test_tutorial.py",
            "tests/representations/siren.py",
            "tests/schemas/siren.schema.json",
        ),
    },
    "adapter_hal": {
        False: (
            "{package}/hypermedia/adapters/hal.py",
            "tests/test_hal.py",
            "tests/representations/hal.py",
            "tests/schemas/hal.schema.json",
        ),
    },
    "adapter_jsonapi": {
        False: (
            "{package}/hypermedia/adapters/jsonapi.py",
            "tests/test_jsonapi.py",
            "tests/representations/jsonapi.py",
        ),
    },
    "adapter_json": {
        False: (
            "{package}/hypermedia/adapters/json.py",
            "tests/test_json.py",
            "tests/representations/json.py",
        ),
    },
    "auth": {
        "none": (
            "{package}/auth.py",
            "{package}/hypermedia/accounts/__init__.py",
            "{package}/hypermedia/accounts/attempts.py",
            "{package}/hypermedia/accounts/basic.py",
            "{package}/hypermedia/accounts/commands.py",
            "{package}/hypermedia/accounts/common-passwords.txt",
            "{package}/hypermedia/accounts/members.py",
            "{package}/hypermedia/accounts/model.py",
            "{package}/hypermedia/accounts/ownership.py",
            "{package}/hypermedia/accounts/passwords.py",
            "{package}/hypermedia/accounts/roles.py",
            "{package}/hypermedia/accounts/routes.py",
            "{package}/hypermedia/accounts/signin.py",
            "{package}/hypermedia/accounts/tokens.py",
            "{package}/hypermedia/accounts/workspaces.py",
            "{package}/hypermedia/origins.py",
            "migrations/versions/0004_token_version.py",
            "migrations/versions/0006_admins.py",
            "migrations/versions/0007_workspaces.py",
            "tests/test_auth.py",
            "tests/test_workspaces.py",
        ),
        "basic": ("{package}/hypermedia/accounts/tokens.py",),
        "token": ("{package}/hypermedia/accounts/basic.py",),
    },
    "use_docker": {
        False: (
            "Dockerfile",
            ".dockerignore",
            "compose.yaml",
        ),
    },
    "browsable_api": {
        False: (
            "{package}/hypermedia/adapters/html.py",
            "{package}/hypermedia/browsable/templates/base.html",
            "{package}/hypermedia/browsable/templates/deleted.html",
            "{package}/hypermedia/browsable/templates/error.html",
            "{package}/hypermedia/browsable/templates/resource.html",
            "{package}/hypermedia/browsable/static/browsable.css",
            "{package}/hypermedia/browsable/static/browsable.js",
            "{package}/hypermedia/browsable/static/favicon.svg",
            "tests/test_html.py",
        ),
    },
    "__field_defaults": {
        "no": ("migrations/versions/0002_server_defaults.py",),
    },
    "__unique_within_workspaces": {
        "no": ("migrations/versions/0008_unique_within_workspaces.py",),
    },
    "__search_indexes": {
        "no": ("migrations/versions/0009_search_indexes.py",),
    },
    "__sort_indexes": {
        "no": ("migrations/versions/0010_sort_indexes.py",),
    },
    "use_kubernetes": {
        False: (
            "kubernetes/kustomization.yaml",
            "kubernetes/configmap.yaml",
            "kubernetes/secret.example.yaml",
            "kubernetes/deployment.yaml",
            "kubernetes/migrate-job.yaml",
            "kubernetes/service.yaml",
            "kubernetes/poddisruptionbudget.yaml",
        ),
    },
    "__kubernetes_redis": {
        "no": ("kubernetes/redis.yaml",),
    },
}

ANSWERS_FILE = ".cookiecutter.json"
# Characters that JSON leaves raw but YAML (which reads the answers file) takes
# for line breaks or refuses: written as \uXXXX escapes, which both read alike.
YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def paths_to_remove(answers):
    """The project-relative paths of every file the answers leave out, in map order."""
    return [
        path.format(package=answers["package_name"])
        for option, removals in REMOVALS.items()
        for path in removals.get(answers[option], ())
    ]


def remove_files(root, paths):
    """Delete ``paths`` under ``root`` and the folders they leave empty.

    If any is missing, delete none and raise FileNotFoundError.
    """
    root = Path(root)
    missing = [path for path in paths if not (root / path).is_file()]
    if missing:
        raise FileNotFoundError(
            "hooks/post_gen_project.py is out of sync with the template: it should remove "
            + ", ".join(missing)
            + ", but the template did not generate "
            + ("that file." if len(missing) == 1 else "those files.")
        )
    for path in paths:
        (root / path).unlink()
    # Folders left empty (the browsable API's templates and static files) go too.
    for path in paths:
        for folder in (root / path).parents:
            if not folder.is_dir():  # emptied and removed for an earlier path
                continue
            if folder == root or any(folder.iterdir()):
                break
            folder.rmdir()


def public_answers(answers):
    """The answers a person gave or could have given: every key without a leading underscore.

    Cookiecutter's own keys (``_template``, ``_output_dir``, ...) and the names
    the template derives (``__parent_snake``, ...) are left out, so that a
    re-bake derives them again with the template of its day.
    """
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def write_answers(root, answers):
    """``.cookiecutter.json``: the public answers as a cookiecutter user-config file (JSON is YAML)."""
    text = json.dumps({"default_context": public_answers(answers)}, indent=2, sort_keys=True, ensure_ascii=False)
    text = YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    (Path(root) / ANSWERS_FILE).write_text(text + "\n", encoding="utf-8")


def write_env(root):
    """A .env with a fresh random SECRET_KEY, for this checkout only."""
    env = Path(root) / ".env"
    env.write_text(
        "# This checkout's settings; git ignores this file.  See .env.example for the others.\n"
        f"SECRET_KEY={secrets.token_urlsafe(48)}\n",
        encoding="utf-8",
    )
    env.chmod(0o600)


def main():
    try:
        remove_files(Path.cwd(), paths_to_remove(ANSWERS))
    except FileNotFoundError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)
    write_answers(Path.cwd(), ANSWERS)
    write_env(Path.cwd())


if __name__ == "__main__":
    main()
