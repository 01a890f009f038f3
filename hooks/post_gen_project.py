"""Remove the files of the options that are off.

Files are removed whole, never rendered empty.  ``REMOVALS`` must name files
the template really has: a path that is missing means the map and the
template have drifted apart, and the hook fails instead of guessing.
"""

import json
import sys
from pathlib import Path

# Rendered by cookiecutter as JSON.  Jinja's tojson writes every ' as \u0027,
# so no answer can end this triple-single-quoted string or inject code.
ANSWERS = json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip

# For each yes/no option, the files (relative to the project, with
# {package} for the package directory) that exist only when it is on.
REMOVALS = {
    "adapter_siren": (
        "{package}/adapters/siren.py",
        "tests/test_siren.py",
        "tests/test_tutorial.py",
        "tests/representations/siren.py",
    ),
    "adapter_hal": (
        "{package}/adapters/hal.py",
        "tests/test_hal.py",
        "tests/representations/hal.py",
    ),
    "adapter_jsonapi": (
        "{package}/adapters/jsonapi.py",
        "tests/test_jsonapi.py",
        "tests/representations/jsonapi.py",
    ),
    "adapter_json": (
        "{package}/adapters/basic_json.py",
        "tests/test_basic_json.py",
        "tests/representations/basic_json.py",
    ),
}


def paths_to_remove(answers):
    """The project-relative paths of every file whose option is off, in map order."""
    return [
        path.format(package=answers["package_name"])
        for option, paths in REMOVALS.items()
        if not answers[option]
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


def main():
    try:
        remove_files(Path.cwd(), paths_to_remove(ANSWERS))
    except FileNotFoundError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
