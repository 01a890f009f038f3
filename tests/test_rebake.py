"""Baking a project again: from the answers it records, and with cruft.

Every bake records its answers in ``.cookiecutter.json``, a cookiecutter
user-config file; baking from it gives the same project, its own ``.env``
secret aside.  A project made with ``cruft create --skip .env`` takes later
template changes with ``cruft update`` and keeps its ``.env``.
"""

import filecmp
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from answer_sets import NAMED_PARENT
from helpers import (
    TEMPLATE,
    assert_suite_and_lints_pass,
    clean_environment,
    cli_answers,
    cookiecutter_json,
    files_under,
    output_tail,
    run,
    run_cookiecutter,
)

# Not one of them the default, so that a re-bake that fell back to a default would show; but
# use_kubernetes, which needs use_docker.
ANSWERS = {
    "project_name": "Ticket Desk",
    "parent_resource": "Project",
    "child_resource": "Ticket",
    "url_prefix": "/v2",
    "adapter_siren": True,
    "adapter_hal": False,
    "adapter_jsonapi": True,
    "adapter_json": False,
    "auth": "token",
    "database": "postgresql",
    "use_docker": False,
    "browsable_api": False,
    "use_kubernetes": False,
    "parent_fields": NAMED_PARENT,
    "child_fields": "summary:string(120) done:boolean=false due_on:date?",
}
SLUG = "ticket-desk"
PACKAGE = "ticket_desk"

# The template as the projects baked before the generic layer was split into packages have it (its last
# version before that): cruft update from it must keep a team's edits of models.py and resources.py.
PREVIOUS_VERSION = "da4244d93d76e2eeeb59ac9785ee8538aedc3ed2"

# Not part of the template: version control, virtualenvs, bakes, caches.
NOT_TEMPLATE = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".pytest_cache", ".ruff_cache")


def secret_key(project):
    """The SECRET_KEY in the project's .env (which fails the test if there is none)."""
    lines = (project / ".env").read_text(encoding="utf-8").splitlines()
    [secret] = [line.removeprefix("SECRET_KEY=") for line in lines if line.startswith("SECRET_KEY=")]
    assert secret
    return secret


def test_answers_are_recorded_as_baked(tmp_path, user_config):
    process = run_cookiecutter("--no-input", "-o", tmp_path, TEMPLATE, *cli_answers(ANSWERS), config_file=user_config)
    assert process.returncode == 0, process.stderr

    recorded = json.loads((tmp_path / SLUG / ".cookiecutter.json").read_text(encoding="utf-8"))

    public = sorted(key for key in cookiecutter_json() if not key.startswith("_"))
    assert list(recorded) == ["default_context"]
    assert list(recorded["default_context"]) == public
    assert recorded["default_context"] == {**ANSWERS, "project_slug": SLUG, "package_name": PACKAGE}


def test_rebaking_from_the_recorded_answers_makes_the_same_project(tmp_path, user_config):
    first, second = tmp_path / "first", tmp_path / "second"
    baked = run_cookiecutter("--no-input", "-o", first, TEMPLATE, *cli_answers(ANSWERS), config_file=user_config)
    assert baked.returncode == 0, baked.stderr
    recorded = first / SLUG / ".cookiecutter.json"

    # The command a person types; HOME keeps cookiecutter's replay file in tmp_path.
    rebaked = run_cookiecutter(
        TEMPLATE,
        "--no-input",
        "-o",
        second,
        config_file=recorded,
        env={**os.environ, "HOME": str(tmp_path / "home")},
    )

    assert rebaked.returncode == 0, rebaked.stderr
    assert [path.name for path in second.iterdir()] == [SLUG]
    first_files, second_files = files_under(first / SLUG), files_under(second / SLUG)
    assert first_files == second_files
    compared = [str(path) for path in first_files if path.name != ".env"]
    assert ".cookiecutter.json" in compared
    _, mismatch, errors = filecmp.cmpfiles(first / SLUG, second / SLUG, compared, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert secret_key(first / SLUG) != secret_key(second / SLUG)


# --- cruft ----------------------------------------------------------------------


@pytest.fixture
def git_environment(tmp_path, user_config):
    """An environment in which git and cruft need no configuration of the machine's and reach no network."""
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Template Test",
        "GIT_AUTHOR_EMAIL": "template-test@example.invalid",
        "GIT_COMMITTER_NAME": "Template Test",
        "GIT_COMMITTER_EMAIL": "template-test@example.invalid",
        "GIT_TERMINAL_PROMPT": "0",
        "COOKIECUTTER_CONFIG": str(user_config),
    }


def git(directory, *arguments, env):
    process = run(["git", *arguments], cwd=directory, env=env)
    assert process.returncode == 0, f"git {' '.join(arguments)} failed:\n{output_tail(process)}"
    return process.stdout


def cruft(*arguments, env, cwd=None):
    """cruft, run where no template's local_extensions is importable but the one cookiecutter puts on the path."""
    return run([sys.executable, "-m", "cruft", *arguments], env=env, timeout=120, cwd=cwd or Path(env["HOME"]).parent)


def commit_everything(directory, message, *, env):
    git(directory, "add", "--all", env=env)
    git(directory, "commit", "--quiet", "--no-verify", "--message", message, env=env)


def template_repository(directory, env):
    """A git repository of the template as it is, as cruft reads a template."""
    shutil.copytree(TEMPLATE, directory, ignore=NOT_TEMPLATE)
    git(directory, "init", "--quiet", "--initial-branch", "main", env=env)
    commit_everything(directory, "The template as it is", env=env)
    return directory


def cruft_create(template, answers, output_dir, user_config, *, env):
    """The project cruft makes from ``template``, as the generated README says (``--skip .env``), committed."""
    created = cruft(
        "create",
        template,
        "--no-input",
        "--output-dir",
        output_dir,
        "--config-file",
        user_config,
        "--extra-context",
        json.dumps(answers),
        "--skip",
        ".env",
        env=env,
    )
    assert created.returncode == 0, output_tail(created)
    project = output_dir / SLUG
    git(project, "init", "--quiet", "--initial-branch", "main", env=env)
    commit_everything(project, "Baked", env=env)
    return project


def test_cruft_update_applies_a_template_change_and_leaves_env_alone(tmp_path, user_config, git_environment):
    env = git_environment
    template = template_repository(tmp_path / "template", env)

    # As the generated README says: --skip .env, so that updates never touch the secret.
    project = cruft_create(template, ANSWERS, tmp_path / "projects", user_config, env=env)
    tracked = git(project, "ls-files", env=env).splitlines()
    assert ".env" not in tracked
    assert {".cruft.json", ".cookiecutter.json"} <= set(tracked)
    assert json.loads((project / ".cruft.json").read_text(encoding="utf-8"))["skip"] == [".env"]
    secret = secret_key(project)

    # A later version of the template: a line in the README, and a new file.
    readme_template = template / "{{cookiecutter.project_slug}}" / "README.md"
    readme_template.write_text(
        readme_template.read_text(encoding="utf-8").rstrip("\n")
        + "\n\nA line the template added later, for {{ cookiecutter.project_name }}.\n",
        encoding="utf-8",
    )
    (template / "{{cookiecutter.project_slug}}" / "docs").mkdir()
    (template / "{{cookiecutter.project_slug}}" / "docs" / "upgrading.md").write_text(
        "# Upgrading {{ cookiecutter.project_name }}\n", encoding="utf-8"
    )
    commit_everything(template, "A later template", env=env)
    template_head = git(template, "rev-parse", "HEAD", env=env).strip()

    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)

    assert updated.returncode == 0, output_tail(updated)
    assert "Failed to apply" not in updated.stdout + updated.stderr, output_tail(updated)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.endswith("\n\nA line the template added later, for Ticket Desk.\n")
    assert (project / "docs" / "upgrading.md").read_text(encoding="utf-8") == "# Upgrading Ticket Desk\n"
    status = git(project, "status", "--porcelain", "--untracked-files=all", env=env)
    changed = {line[3:] for line in status.splitlines()}
    assert changed == {".cruft.json", "README.md", "docs/upgrading.md"}
    assert json.loads((project / ".cruft.json").read_text(encoding="utf-8"))["commit"] == template_head
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    assert secret_key(project) == secret


def export_template(commit, destination, env):
    """The template as it was at ``commit``, from this repository's history, into ``destination``."""
    found = run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=TEMPLATE, env=env)
    assert found.returncode == 0, (
        f"The template's history lacks {commit}, the previous version the update test starts from: "
        "run the tests in a full clone (git fetch --unshallow)."
    )
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=TEMPLATE, env=env, capture_output=True, check=False
    )
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")


def earlier_template_repository(commit, directory, message, env):
    """A git repository of the template as it was at ``commit``, committed with ``message``."""
    export_template(commit, directory, env)
    git(directory, "init", "--quiet", "--initial-branch", "main", env=env)
    commit_everything(directory, message, env=env)
    return directory


def replace_contents(directory, source):
    """Make ``directory`` (a git checkout) hold what ``source`` holds, its .git kept."""
    for path in directory.iterdir():
        if path.name != ".git":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(source, directory, ignore=NOT_TEMPLATE, dirs_exist_ok=True)


# A team's own edits, after the bake: a column with its migration, and a resource's docstring and link.
PRIORITY = '    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=3, server_default="3")\n'
TICKET_RELATIONSHIP = '    project: orm.Mapped["Project"] = orm.relationship('
TICKET_DOCSTRING = '    """Tickets, each linking to its project."""'
OUR_DOCSTRING = '    """Tickets: what the team works on, each in one project."""'


def test_cruft_update_from_the_previous_version_keeps_a_teams_edits(tmp_path, user_config, git_environment):
    env = git_environment
    template = earlier_template_repository(PREVIOUS_VERSION, tmp_path / "template", "The previous version", env)
    answers = {**ANSWERS, "database": "sqlite"}  # so that the project's suite runs here on its own
    project = cruft_create(template, answers, tmp_path / "projects", user_config, env=env)

    models, resources = project / PACKAGE / "models.py", project / PACKAGE / "resources.py"
    text = models.read_text(encoding="utf-8")
    assert TICKET_RELATIONSHIP in text
    models.write_text(text.replace(TICKET_RELATIONSHIP, PRIORITY + TICKET_RELATIONSHIP), encoding="utf-8")
    text = resources.read_text(encoding="utf-8")
    assert TICKET_DOCSTRING in text
    resources.write_text(text.replace(TICKET_DOCSTRING, OUR_DOCSTRING), encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    flask_env = clean_environment(DATABASE_URL=database, SECRET_KEY="a secret for this test", PYTHONPATH=str(project))
    for step in (["upgrade"], ["migrate", "-m", "Add a priority"], ["upgrade"]):
        process = run([sys.executable, "-m", "flask", "--app", PACKAGE, "db", *step], cwd=project, env=flask_env)
        assert process.returncode == 0, output_tail(process)
    run_python(project, SEED, flask_env)
    rows = run_python(project, COUNT, flask_env)
    assert rows == '{"app_user": 1, "project": 2, "ticket": 30}', rows
    commit_everything(project, "Our priority, and our words", env=env)

    replace_contents(template, TEMPLATE)
    commit_everything(template, "This version", env=env)
    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)

    assert updated.returncode == 0, output_tail(updated)
    assert "Failed to apply" not in updated.stdout + updated.stderr, output_tail(updated)
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    assert PRIORITY in models.read_text(encoding="utf-8")
    assert OUR_DOCSTRING in resources.read_text(encoding="utf-8")

    def flask(*arguments):
        return run([sys.executable, "-m", "flask", "--app", PACKAGE, *arguments], cwd=project, env=flask_env)

    # The update brings revisions of the template's after the team's own: flask db upgrade says how to join them.
    refused = flask("db", "upgrade")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, output_tail(refused)
    assert "The migrations have more than one head" in refused.stderr, output_tail(refused)
    assert 'flask db merge heads -m "Join the template\'s revisions"' in refused.stderr
    for step in (["db", "merge", "heads", "-m", "Join the template's revisions"], ["db", "upgrade"]):
        process = flask(*step)
        assert process.returncode == 0, output_tail(process)
    assert run_python(project, COUNT, flask_env) == rows
    assert run_python(project, REUSED_IDS, flask_env) == "[]"  # every table AUTOINCREMENTs its ids now
    # The README now follows the models, which have the team's priority: flask readme writes it in, as the
    # project's failing test says.
    process = flask("readme")
    assert process.returncode == 0, output_tail(process)
    assert_suite_and_lints_pass(project, flask_env)
    # The rows stay through a change of schema made with its migrations: the projects' names widened, which SQLite
    # does by rebuilding their table.
    text = models.read_text(encoding="utf-8")
    models.write_text(text.replace("sa.String(80), unique=True", "sa.String(100), unique=True"), encoding="utf-8")
    for step in (["migrate", "-m", "Longer names"], ["upgrade"]):
        process = flask("db", *step)
        assert process.returncode == 0, output_tail(process)
    assert run_python(project, COUNT, flask_env) == rows
    assert run_python(project, REUSED_IDS, flask_env) == "[]"


# Rows in every table of the Project/Ticket bake, written as the app writes them, and their counts.
SEED = """
from ticket_desk import create_app
from ticket_desk.models import db

with create_app().app_context(), db.engine.begin() as connection:
    tables = db.metadata.tables
    connection.execute(tables["app_user"].insert(), [{"email": "ada@example.com", "password_hash": "x"}])
    connection.execute(tables["project"].insert(), [{"owner_id": 1, "name": f"Project {n}"} for n in (1, 2)])
    connection.execute(tables["ticket"].insert(), [{"project_id": 1 + n % 2, "summary": f"T{n}"} for n in range(30)])
"""
COUNT = """
import json
import sqlalchemy as sa
from ticket_desk import create_app
from ticket_desk.models import db

with create_app().app_context(), db.engine.connect() as connection:
    tables = ("app_user", "project", "ticket")
    print(json.dumps({name: connection.scalar(sa.text(f"SELECT count(*) FROM {name}")) for name in tables}))
"""

# The tables whose ids SQLite would give again, once their row is deleted: those without AUTOINCREMENT.
REUSED_IDS = """
import json
import sqlalchemy as sa
from ticket_desk import create_app
from ticket_desk.models import db

with create_app().app_context(), db.engine.connect() as connection:
    tables = connection.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
    with_ids = {name for name, table in db.metadata.tables.items() if "id" in table.c}  # not idempotency_key
    print(json.dumps(sorted(name for name, sql in tables if name in with_ids and "AUTOINCREMENT" not in sql)))
"""


def run_python(project, script, env):
    process = run([sys.executable, "-c", script], cwd=project, env=env, timeout=120)
    assert process.returncode == 0, output_tail(process)
    return process.stdout.strip()


# (name, parent, fields) the team adds with flask scaffold before the template changes.
SCAFFOLDED = [("Comment", "Ticket", "body:text"), ("Label", "Project", "name:string(30)!")]


def test_cruft_update_keeps_what_flask_scaffold_added(tmp_path, user_config, git_environment):
    env = git_environment
    template = template_repository(tmp_path / "template", env)
    project = cruft_create(template, {**ANSWERS, "database": "sqlite"}, tmp_path / "projects", user_config, env=env)
    database = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    flask_env = clean_environment(DATABASE_URL=database, SECRET_KEY="a secret for this test", PYTHONPATH=str(project))
    for name, parent, fields in SCAFFOLDED:
        command = [sys.executable, "-m", "flask", "--app", PACKAGE, "scaffold", name, "--parent", parent, fields]
        process = run(command, cwd=project, env=flask_env)
        assert process.returncode == 0, output_tail(process)
    commit_everything(project, "Comments on tickets, labels on projects", env=env)

    # A later template: words in models.py's docstring and in the README, beside what scaffold wrote.
    models_template = template / "{{cookiecutter.project_slug}}" / "{{cookiecutter.package_name}}" / "models.py"
    text = models_template.read_text(encoding="utf-8")
    models_template.write_text(text.replace("This is where the fields are declared.", LATER_WORDS), encoding="utf-8")
    readme_template = template / "{{cookiecutter.project_slug}}" / "README.md"
    readme_template.write_text(readme_template.read_text(encoding="utf-8") + "\nA later line.\n", encoding="utf-8")
    commit_everything(template, "A later template", env=env)
    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)

    assert updated.returncode == 0, output_tail(updated)
    assert "Failed to apply" not in updated.stdout + updated.stderr, output_tail(updated)
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    models = (project / PACKAGE / "models.py").read_text(encoding="utf-8")
    assert LATER_WORDS in models
    assert "class Comment(db.Model):" in models and "class Label(db.Model):" in models
    assert "| `GET /v2/comment/` |" in (project / "README.md").read_text(encoding="utf-8")
    process = run([sys.executable, "-m", "flask", "--app", PACKAGE, "db", "upgrade"], cwd=project, env=flask_env)
    assert process.returncode == 0, output_tail(process)
    assert_suite_and_lints_pass(project, flask_env)


LATER_WORDS = "This is where the fields are declared, and where flask scaffold adds models."


# The template before the schema-change work, whose projects' rows belong to accounts (owner_id).
BEFORE_WORKSPACES = "073a130"
# Several users' rows at that version: accounts made as its flask create-user makes them, then their projects and
# tickets; printed as {project name: its owner's email}.
SEED_USERS = """
import json
from ticket_desk import create_app
from ticket_desk.models import db

with create_app().app_context(), db.engine.begin() as connection:
    tables = db.metadata.tables
    accounts = dict(connection.execute(tables["app_user"].select().with_only_columns(
        tables["app_user"].c.email, tables["app_user"].c.id)).all())
    owners = {}
    for number, (email, account) in enumerate(sorted(accounts.items())):
        for n in range(number + 1):
            name = f"{email.partition('@')[0]}'s project {n}"
            (project,) = connection.execute(
                tables["project"].insert().returning(tables["project"].c.id), [{"owner_id": account, "name": name}]
            ).one()
            tickets = [{"project_id": project, "summary": f"{name}, ticket {t}"} for t in range(5)]
            connection.execute(tables["ticket"].insert(), tickets)
            owners[name] = email
    print(json.dumps(owners, sort_keys=True))
"""
# After the update: {project name: the email of the account whose personal workspace holds it}, the counts, and
# what each user lists over the API (JSON:API) and gets for another's project.
WHERE_THEY_ARE = """
import json
import sqlalchemy as sa
from ticket_desk import create_app
from ticket_desk.models import db

app = create_app()
with app.app_context(), db.engine.connect() as connection:
    placed = dict(connection.execute(sa.text(
        "SELECT project.name, app_user.email FROM project JOIN workspace ON workspace.id = project.workspace_id "
        "JOIN app_user ON app_user.id = workspace.personal_of_id"
    )).all())
    tables = ("app_user", "workspace", "member", "project", "ticket")
    counts = {name: connection.scalar(sa.text(f"SELECT count(*) FROM {name}")) for name in tables}
client = app.test_client()
listed, others = {}, {}
for email in sorted(set(placed.values())):
    token = client.post("/v2/auth/token", json={"email": email, "password": "%s"}).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.api+json"}
    rows = client.get("/v2/project/", headers=headers).get_json()["data"]
    listed[email] = sorted(row["attributes"]["name"] for row in rows)
    with app.app_context():
        theirs = db.session.scalar(sa.text(
            "SELECT project.id FROM project JOIN workspace ON workspace.id = project.workspace_id "
            "JOIN app_user ON app_user.id = workspace.personal_of_id WHERE app_user.email != :email LIMIT 1"
        ), {"email": email})
    others[email] = client.get(f"/v2/project/{theirs}/", headers=headers).status_code
print(json.dumps({"placed": placed, "counts": counts, "listed": listed, "others": others}, sort_keys=True))
"""
# A user's answers to creates of projects with the names given: {name: status}.
NAMED = """
import json
from ticket_desk import create_app

client = create_app().test_client()
token = client.post("/v2/auth/token", json={"email": "%s", "password": "%s"}).get_json()["access_token"]
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/vnd.api+json"}
answers = {}
for name in ("bob's project 0", "ada's project 0"):
    document = {"data": {"type": "project", "attributes": {"name": name}}}
    answers[name] = client.post("/v2/project/", json=document, headers=headers).status_code
print(json.dumps(answers))
"""
# A user deletes their project of the name given.
UNNAMED = """
from ticket_desk import create_app

client = create_app().test_client()
token = client.post("/v2/auth/token", json={"email": "%s", "password": "%s"}).get_json()["access_token"]
headers = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.api+json"}
rows = client.get("/v2/project/", query_string={"filter[name]": "%s"}, headers=headers).get_json()["data"]
assert len(rows) == 1, rows
assert client.delete(f"/v2/project/{rows[0]['id']}/", headers=headers).status_code == 200
"""
USERS = ("ada@example.com", "bob@example.com", "cy@example.com")
USER_PASSWORD = "a passphrase for this test"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_an_update_from_before_workspaces_keeps_every_users_rows_theirs(
    tmp_path, user_config, git_environment, database, request
):
    env = git_environment
    template = earlier_template_repository(BEFORE_WORKSPACES, tmp_path / "template", "Before workspaces", env)
    project = cruft_create(template, {**ANSWERS, "database": "sqlite"}, tmp_path / "projects", user_config, env=env)
    if database == "postgresql":
        url = request.getfixturevalue("postgresql_cluster").create_database(f"before_{tmp_path.name[-10:]}".lower())
    else:
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    flask_env = clean_environment(DATABASE_URL=url, SECRET_KEY="a secret for this test", PYTHONPATH=str(project))

    def flask(*arguments, succeeds=True):
        process = run([sys.executable, "-m", "flask", "--app", PACKAGE, *arguments], cwd=project, env=flask_env)
        assert (process.returncode == 0) is succeeds, output_tail(process)
        return process

    flask("db", "upgrade")
    for email in USERS:
        flask("create-user", email, "--password", USER_PASSWORD)
    owners = json.loads(run_python(project, SEED_USERS, flask_env))
    before = {"app_user": 3, "project": 6, "ticket": 30}

    replace_contents(template, TEMPLATE)
    commit_everything(template, "This version", env=env)
    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)
    assert updated.returncode == 0, output_tail(updated)
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    flask("db", "upgrade")

    after = json.loads(run_python(project, WHERE_THEY_ARE % USER_PASSWORD, flask_env))
    # Every row kept; each account's personal workspace, its owner, holds the projects it owned.
    assert after["counts"] == {**before, "workspace": 3, "member": 3}
    assert after["placed"] == owners
    assert after["listed"] == {
        email: sorted(name for name, owner in owners.items() if owner == email) for email in USERS
    }
    assert after["others"] == dict.fromkeys(USERS, 404)
    # A project's unique name is unique within its workspace now: ada may take bob's, not her own again.
    taken = json.loads(run_python(project, NAMED % ("ada@example.com", USER_PASSWORD), flask_env))
    assert taken == {"bob's project 0": 201, "ada's project 0": 409}
    # Going back would make names unique across users again: refused while two share one, nothing changed.
    refused = flask("db", "downgrade", "admins", succeeds=False)
    assert 'share values ("bob\'s project 0")' in refused.stdout + refused.stderr
    assert json.loads(run_python(project, NAMED % ("ada@example.com", USER_PASSWORD), flask_env)) == {
        "bob's project 0": 409,
        "ada's project 0": 409,
    }
    run_python(project, UNNAMED % ("ada@example.com", USER_PASSWORD, "bob's project 0"), flask_env)
    assert json.loads(run_python(project, WHERE_THEY_ARE % USER_PASSWORD, flask_env)) == after
    # And back: each project is its owner's again.
    flask("db", "downgrade", "admins")
    owned = run_python(project, OWNED_BY, flask_env)
    assert json.loads(owned) == owners
    flask("db", "upgrade")
    assert json.loads(run_python(project, WHERE_THEY_ARE % USER_PASSWORD, flask_env)) == after


OWNED_BY = """
import json
import sqlalchemy as sa
from ticket_desk import create_app
from ticket_desk.models import db

with create_app().app_context(), db.engine.connect() as connection:
    print(json.dumps(dict(connection.execute(sa.text(
        "SELECT project.name, app_user.email FROM project JOIN app_user ON app_user.id = project.owner_id"
    )).all()), sort_keys=True))
"""


# The template's last version before rows had versions (row_version) and POSTs idempotency keys.
BEFORE_VERSIONS = "fff0a62"
# Rows made over the API as that version serves them: a project, a ticket and a comment on it.
MADE_BEFORE = """
import json
from ticket_desk import create_app

client = create_app().test_client()
token = client.post("/v2/auth/token", json={"email": "%s", "password": "%s"}).get_json()["access_token"]
headers = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.siren+json"}
statuses = [
    client.post("/v2/project/", json={"name": "Desk"}, headers=headers).status_code,
    client.post("/v2/ticket/", json={"project_id": 1, "summary": "Squeaks"}, headers=headers).status_code,
    client.post("/v2/comment/", json={"ticket_id": 1, "body": "It squeaks"}, headers=headers).status_code,
]
print(json.dumps(statuses))
"""
# After the update: each answer's status and ETag, as a client that reads a row and then writes it sees them.
CONDITIONAL = """
import json
from ticket_desk import create_app

client = create_app().test_client()
token = client.post("/v2/auth/token", json={"email": "%s", "password": "%s"}).get_json()["access_token"]
siren = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.siren+json"}
seen = {}

def send(name, method, path, body=None, **headers):
    response = client.open(path, method=method, json=body, headers={**siren, **headers})
    seen[name] = [response.status_code, response.headers.get("ETag")]
    return response.headers.get("ETag")

comment = send("comment", "GET", "/v2/comment/1/")
ticket = send("ticket", "GET", "/v2/ticket/1/")
if comment.startswith('"siren-'):  # a digest of what it shows: the comment has no version yet
    send("stale comment", "PATCH", "/v2/comment/1/", {"body": "Lost"}, **{"If-Match": '"siren-0000000000000000"'})
    changed = send("comment changed", "PATCH", "/v2/comment/1/", {"body": "It squeaks less"}, **{"If-Match": comment})
    send("comment again", "PATCH", "/v2/comment/1/", {"body": "Lost too"}, **{"If-Match": comment})
    send("comment unchanged", "GET", "/v2/comment/1/", **{"If-None-Match": changed})
send("ticket changed", "PATCH", "/v2/ticket/1/", {"summary": "Squeaks less"}, **{"If-Match": ticket})
body = client.get("/v2/comment/1/", headers=siren).get_json()["properties"]["body"]
print(json.dumps({"seen": seen, "body": body}))
"""


def test_an_update_from_before_versions_keeps_every_row_and_checks_if_match_on_older_resources(
    tmp_path, user_config, git_environment
):
    env = git_environment
    template = earlier_template_repository(BEFORE_VERSIONS, tmp_path / "template", "Before versions", env)
    project = cruft_create(template, {**ANSWERS, "database": "sqlite"}, tmp_path / "projects", user_config, env=env)
    database = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    flask_env = clean_environment(DATABASE_URL=database, SECRET_KEY="a secret for this test", PYTHONPATH=str(project))

    def flask(*arguments):
        process = run([sys.executable, "-m", "flask", "--app", PACKAGE, *arguments], cwd=project, env=flask_env)
        assert process.returncode == 0, output_tail(process)

    flask("scaffold", "Comment", "--parent", "Ticket", "body:text")
    flask("db", "upgrade")
    flask("create-user", USERS[0], "--password", USER_PASSWORD)
    assert json.loads(run_python(project, MADE_BEFORE % (USERS[0], USER_PASSWORD), flask_env)) == [201, 201, 201]
    commit_everything(project, "Comments on tickets", env=env)

    replace_contents(template, TEMPLATE)
    commit_everything(template, "This version", env=env)
    updated = cruft("update", "--skip-apply-ask", "--not-strict", cwd=project, env=env)
    assert updated.returncode == 0, output_tail(updated)
    assert [path for path in files_under(project) if path.suffix in (".rej", ".orig")] == []
    flask("db", "merge", "heads", "-m", "Join the template's revisions")  # the comment's revision is the project's
    flask("db", "upgrade")

    # The template's tables have versions, every row at 1; the comment, scaffolded before, has none: its tag is a
    # digest of what it shows, and If-Match is checked against it (before the write, not in its statement).
    answers = json.loads(run_python(project, CONDITIONAL % (USERS[0], USER_PASSWORD), flask_env))
    seen = answers["seen"]
    assert seen["ticket"][1].startswith('"1-siren-'), seen
    assert seen["comment"][1].startswith('"siren-'), seen
    assert seen["stale comment"] == [412, None], seen
    assert seen["comment changed"][0] == 200 and seen["comment changed"][1] != seen["comment"][1], seen
    assert seen["comment again"] == [412, None], seen
    assert seen["comment unchanged"] == [304, seen["comment changed"][1]], seen
    assert seen["ticket changed"][0] == 200 and seen["ticket changed"][1].startswith('"2-siren-'), seen
    assert answers["body"] == "It squeaks less"

    # As the README says: the line its neighbours have, then a migration; the comment keeps its row, at version 1.
    models = project / PACKAGE / "models.py"
    text = models.read_text(encoding="utf-8")
    comment = text.index("class Comment(db.Model):")
    id_line = text.index("\n", text.index("id: orm.Mapped[int]", comment)) + 1
    models.write_text(
        text[:id_line] + "    row_version: orm.Mapped[int] = database.row_version()\n" + text[id_line:],
        encoding="utf-8",
    )
    flask("db", "migrate", "-m", "Versions for comments")
    flask("db", "upgrade")
    answers = json.loads(run_python(project, CONDITIONAL % (USERS[0], USER_PASSWORD), flask_env))
    assert answers["seen"]["comment"][0] == 200 and answers["seen"]["comment"][1].startswith('"1-siren-'), answers
    assert answers["body"] == "It squeaks less"
