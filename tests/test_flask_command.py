"""The project's ``flask`` command in a fresh checkout, with the ``.env`` the bake wrote and nothing exported."""

import sys

import pytest

from helpers import clean_environment, output_tail, run

# The commands each project has, and those sign-in adds.
COMMANDS = ["add-fields", "db", "readme", "routes", "run", "scaffold", "shell"]
ACCOUNT_COMMANDS = {
    "basic": ["create-user", "set-admin", "set-password"],
    "token": ["create-user", "revoke-tokens", "set-admin", "set-password"],
}


@pytest.mark.parametrize("auth", ["none", "token"])
def test_help_lists_every_command(bake, auth):
    project = bake({"auth": auth})
    environment = clean_environment(PYTHONPATH=str(project.path))
    environment.pop("SECRET_KEY", None)
    environment.pop("FLASK_SKIP_DOTENV", None)

    process = run([sys.executable, "-m", "flask", "--app", "todo_api", "--help"], cwd=project.path, env=environment)

    assert process.returncode == 0, output_tail(process)
    assert "Traceback" not in process.stderr and "Error" not in process.stderr, output_tail(process)
    listed = process.stdout.partition("\nCommands:\n")[2].split("\n")
    names = sorted(line.split()[0] for line in listed if line.startswith("  "))
    assert names == sorted(COMMANDS + ACCOUNT_COMMANDS.get(auth, []))
