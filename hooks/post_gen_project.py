"""Remove the files of the options that are off, and give the project its own secret.

Files are removed whole, never rendered empty.  ``REMOVALS`` must name files
the template really has: a path that is missing means the map and the
template have drifted apart, and the hook fails instead of guessing.

The secret goes into ``.env``, which git ignores and ``flask`` reads.
"""

import json
import secrets
import sys
from pathlib import Path

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip

# option -> (the answer that removes the files, the files): paths are
# relative to the project, with {package} for the package directory.
REMOVALS = {
    "adapter_siren": (
        False,
        (
            "{package}/adapters/siren.py",
            "tests/test_siren.py",
            "tests/test_tutorial.py",
            "tests/representations/siren.py",
        ),
    ),
    "adapter_hal": (
        False,
        (
            "{package}/adapters/hal.py",
            "tests/test_hal.py",
            "tests/representations/hal.py",
        ),
    ),
    "adapter_jsonapi": (
        False,
        (
            "{package}/adapters/jsonapi.py",
            "tests/test_jsonapi.py",
            "tests/representations/jsonapi.py",
        ),
    ),
    "adapter_json": (
        False,
        (
            "{package}/adapters/basic_json.py",
            "tests/test_basic_json.py",
            "tests/representations/basic_json.py",
        ),
    ),
    "auth": (
        "none",
        (
            "{package}/auth.py",
            "tests/test_auth.py",
        ),
    ),
}


def paths_to_remove(answers):
    """The project-relative paths of every file whose option is off, in map order."""
    return [
        path.format(package=answers["package_name"])
        for option, (removing_answer, paths) in REMOVALS.items()
        if answers[option] == removing_answer
        for path in paths
    ]


def remove_files(root, paths):
    """Delete ``paths`` under ``root``; if any is missing, delete none and raise FileNotFoundError."""
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
    write_env(Path.cwd())


if __name__ == "__main__":
    main()
