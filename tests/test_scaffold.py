"""flask scaffold in a bake: resources added under the child, beside it, deeper and at the top, then served and tested.

The bake has token auth and every representation.  After the command, the
project must upgrade, match its models (``flask db check``), lint clean and
pass its own suite, whose contract tests then cover the new resources, on
SQLite and on PostgreSQL.  Each refusal writes nothing; the template and the
command refuse a name with the same sentence; a scaffolded resource reads as
the template writes one.
"""

import importlib.util
import os
import re
import shlex
import shutil
import sys
import textwrap

import pytest

from answer_sets import ADAPTERS, KITCHEN_SINK
from helpers import (
    PROJECT_TEMPLATE,
    assert_suite_and_lints_pass,
    clean_environment,
    load_hook,
    output_tail,
    rendered_answers,
    run,
)

ANSWERS = {"auth": "token", **dict.fromkeys(ADAPTERS, True)}
# (name, parent, fields): a grandchild under the child, a sibling of it, two deeper still (the deepest with the
# longest name and every kind of field), and one at the top.
SCAFFOLDS = [
    ("Note", "Task", "body:text pinned:boolean=false"),
    ("Tag", "TaskBoard", "label:string(30)!"),
    ("Comment", "Note", "words:text score:decimal(5,2)? said_at:datetime=now"),
    ("InspectionChecklistEntry", "Comment", KITCHEN_SINK),
    ("Team", None, "name:string(80)! founded:date^?"),
]
SECRET = "a secret for this test"


def flask(project, *arguments, env):
    return run([sys.executable, "-m", "flask", "--app", "todo_api", *arguments], cwd=project, env=env, timeout=300)


def scaffold(project, name, parent, fields, env):
    return flask(project, "scaffold", name, *(["--parent", parent] if parent else []), fields, env=env)


def project_environment(project, database_url):
    return clean_environment(DATABASE_URL=database_url, SECRET_KEY=SECRET, PYTHONPATH=str(project))


def scaffolded_copy(baked, scaffolds, directory):
    """A copy of the bake ``baked`` in ``directory`` with each resource of ``scaffolds`` added."""
    project = directory / "todo-api"
    shutil.copytree(baked.path, project)
    env = project_environment(project, "sqlite:///unused.sqlite3")
    for name, parent, fields in scaffolds:
        process = scaffold(project, name, parent, fields, env)
        assert process.returncode == 0, output_tail(process)
    return project


@pytest.fixture(scope="module")
def scaffolded(bake, tmp_path_factory):
    """A copy of the bake with every resource of SCAFFOLDS added."""
    return scaffolded_copy(bake(ANSWERS), SCAFFOLDS, tmp_path_factory.mktemp("scaffolded"))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_scaffolded_project_upgrades_matches_its_models_and_passes_its_suite(request, scaffolded, tmp_path, database):
    if database == "postgresql":
        url = request.getfixturevalue("postgresql_cluster").create_database(f"scaffolded_{tmp_path.name[-8:]}")
    else:
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    project = tmp_path / "todo-api"
    shutil.copytree(scaffolded, project)
    env = project_environment(project, url)
    for step in (["db", "upgrade"], ["db", "check"]):
        process = flask(project, *step, env=env)
        assert process.returncode == 0, output_tail(process)
    suite_env = {**env, "TEST_DATABASE_URL": url} if database == "postgresql" else env
    assert_suite_and_lints_pass(project, suite_env)


def test_the_readmes_steps_for_adding_a_resource_end_with_a_tested_resource(bake, tmp_path):
    """The project README's "Adding a resource", word for word: its `.venv/bin/flask` is this Python's flask."""
    project = tmp_path / "todo-api"
    shutil.copytree(bake(ANSWERS).path, project)
    section = (project / "README.md").read_text(encoding="utf-8").partition("\n## Adding a resource\n")[2]
    section = section.partition("\n## ")[0].partition("\n### ")[0]  # its subsections are tested on their own
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands[0] == "make install" and commands[-1] == "make test", commands
    env = clean_environment(SECRET_KEY=SECRET)  # the default database, as the README's reader has it
    for command in commands[1:-1]:
        program, *arguments = shlex.split(command)
        assert program == ".venv/bin/flask", command
        process = run([sys.executable, "-m", "flask", *arguments], cwd=project, env=env, timeout=300)
        assert process.returncode == 0, f"{command}:\n{output_tail(process)}"
    assert "class NoteResource" in (project / "todo_api" / "resources.py").read_text(encoding="utf-8")
    assert_suite_and_lints_pass(project, env)


def test_the_contract_tests_cover_every_scaffolded_resource(scaffolded):
    collected = run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/test_contract.py"],
        cwd=scaffolded,
        env=clean_environment(),
    )
    assert collected.returncode == 0, output_tail(collected)
    for name, *_ in SCAFFOLDS:
        assert f"-{name.lower()}]" in collected.stdout, name


# The flask-ripozo tutorial's pypermedia session, carried on to the scaffolded resources of the live server.
SESSION = textwrap.dedent(
    """
    import functools, sys, threading
    import requests
    from flask_migrate import upgrade
    from pypermedia import HypermediaClient
    from werkzeug.serving import make_server
    from todo_api import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "s"})
    with app.app_context():
        upgrade(directory="migrations")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/api"
    credentials = {"email": "ada@example.com", "password": "correct horse battery staple"}
    requests.post(f"{base}/auth/register", json=credentials).raise_for_status()
    token = requests.post(f"{base}/auth/token", json=credentials).json()["access_token"]
    signed_in = functools.partial(requests.Request, headers={"Authorization": f"Bearer {token}"})
    boards = HypermediaClient.connect(f"{base}/taskboard/", request_factory=signed_in).retrieve_list()
    board = boards.create(title="Sprint")
    task = board.add_task(title="Write it", description="First")
    note = task.add_note(body="Remember the tests")
    assert note.body == "Remember the tests"
    assert next(note.get_entities("task")).title == "Write it"
    comment = note.add_comment(words="Done")
    assert next(comment.get_entities("note")).body == "Remember the tests"
    assert [n.body for n in task.retrieve().get_entities("notes")] == ["Remember the tests"]
    tag = board.add_tag(label="urgent")
    assert next(tag.get_entities("task_board")).title == "Sprint"
    print("session done")
    """
)


def test_the_tutorials_session_reaches_the_scaffolded_resources(scaffolded, tmp_path):
    env = project_environment(scaffolded, "sqlite:///unused.sqlite3")
    session = run([sys.executable, "-c", SESSION, f"sqlite:///{tmp_path / 'session.sqlite3'}"], cwd=scaffolded, env=env)
    assert session.returncode == 0, output_tail(session)
    assert session.stdout.strip().endswith("session done")


def tree(project):
    """Every file under ``project`` and its bytes, but caches."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


# (arguments, words the one-line refusal holds)
REFUSALS = [
    (["Note", "--parent", "Task", "x:text"], 'The model "Note" exists already'),
    (["Thing", "--parent", "Nobody", "x:text"], 'The parent "Nobody" is not a resource'),
    (["thing", "x:text"], "must be a CamelCase class name"),
    (["Class", "x:text"], "is a Python keyword"),
    (["Tasks", "x:text"], 'both make the name "tasks"'),
    (["Taskboard", "x:text"], "must differ, also ignoring case"),
    (["AppUser", "x:text"], 'The table name "app_user"'),
    (["WorkSpace", "x:text"], 'The name "WorkSpace" is kept for the accounts of sign-in'),
    (["Member", "--parent", "Task", "x:text"], 'The model "Member" exists already'),
    (["Thing", "workspace_id:integer"], "Thing's column for the workspace it belongs to"),
    (["Thing", "--parent", "Task", "workspace_id:integer"], "the workspace column of sign-in"),
    (["Thing", "--parent", "Task", "task:text"], 'relationship name "task"'),
    (["Thing", "--parent", "Task", "task_id:integer"], "foreign key to Task"),
    (["Notes", "--parent", "TaskBoard", "x:text"], 'both make the name "notes"'),
    (["Thing", "x:integer=1.5"], 'The field "x" has the default "1.5"'),
    (["Thing", ""], "declares no fields"),
    (["Thing", "--parent", "Comment", "a" * 60 + ":string!"], "longer than 63 characters"),
    (["Team", "--parent", "Note", "x:text"], 'The model "Team" exists already'),
]


@pytest.mark.parametrize(("arguments", "words"), REFUSALS, ids=[" ".join(args)[:40] for args, _ in REFUSALS])
def test_a_refusal_is_one_sentence_and_writes_nothing(scaffolded, tmp_path, arguments, words):
    project = tmp_path / "todo-api"
    shutil.copytree(scaffolded, project)
    before = tree(project)
    process = flask(project, "scaffold", *arguments, env=project_environment(project, "sqlite:///x.sqlite3"))

    assert process.returncode == 1
    assert process.stderr.startswith("Error: ") and process.stderr.count("\n") == 1, process.stderr
    assert words in process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert tree(project) == before


TO_ONE = """\
    _relationships = (
        hypermedia.ToOne(
            "task_board",
            relation="TaskBoardResource",
            foreign_key="task_board_id",
        ),
    )
"""
ONE_LINE = 'hypermedia.ToOne("task_board", relation="TaskBoardResource", foreign_key="task_board_id")'
# (file, its text -> the team's edit, words the refusal holds): edits after which the app still serves, but the
# command no longer finds what it adds to.
EDITS = [
    (
        "todo_api/resources.py",
        lambda text: re.sub(r"collections = \((.*?)\n    \)", r"collections = [\1\n    ]", text, flags=re.DOTALL),
        "Index.collections is not a tuple",
    ),
    (
        "todo_api/resources.py",
        lambda text: text.replace(TO_ONE, f"    _relationships = ({ONE_LINE},)\n"),
        "not a tuple, one entry a line",
    ),
    (
        "todo_api/models.py",
        lambda text: text.replace('__tablename__ = "task"\n', '__tablename__ = "tasks"\n'),
        'serves the table "tasks"',
    ),
    ("README.md", lambda text: text.replace("| Method and path | What it does |", "| Endpoint | Use |"), "README.md"),
]


def test_a_foreign_key_name_too_long_for_postgresql_is_refused(scaffolded, tmp_path):
    project = tmp_path / "todo-api"
    shutil.copytree(scaffolded, project)
    env = project_environment(project, "sqlite:///x.sqlite3")
    assert scaffold(project, "AbcDefGhiJklMnoPqrStUvWx", None, "x:text", env).returncode == 0
    before = tree(project)

    process = scaffold(project, "ZyxWvuTsrQpoNmlKjiHgfEdc", "AbcDefGhiJklMnoPqrStUvWx", "x:text", env)

    assert process.returncode == 1
    assert "longer than 63 characters" in process.stderr
    assert tree(project) == before


@pytest.mark.parametrize(("file", "edit", "words"), EDITS, ids=["collections", "one-line", "own-table", "readme"])
def test_a_file_it_cannot_find_its_way_in_is_refused_with_nothing_written(bake, tmp_path, file, edit, words):
    project = tmp_path / "todo-api"
    shutil.copytree(bake(ANSWERS).path, project)
    path = project / file
    edited = edit(path.read_text(encoding="utf-8"))
    assert edited != path.read_text(encoding="utf-8")
    path.write_text(edited, encoding="utf-8")
    env = project_environment(project, "sqlite:///x.sqlite3")
    assert flask(project, "routes", env=env).returncode == 0  # the app still starts
    before = tree(project)

    process = scaffold(project, "Note", "Task", "body:text", env)

    assert process.returncode == 1, output_tail(process)
    assert words in process.stderr, process.stderr
    assert tree(project) == before


# --- The template and the command: one set of rules, one set of sentences ---------------------------------


def subject_removed(sentence, name):
    """The sentence without what names its subject: the hook's answer key or the command's "The resource"."""
    return re.sub(rf'^(?:child_resource|The resource) "{re.escape(name)}" ', "", sentence)


@pytest.mark.parametrize("name", ["thing", "Thing_Two", "None", "A" + "b" * 24, "9Lives"])
def test_the_template_and_the_command_refuse_a_class_name_with_the_same_sentence(scaffolded, tmp_path, name):
    answers = rendered_answers({"child_resource": name})
    hook = load_hook("pre_gen_project", answers, tmp_path)
    refused_by_template = hook.first_error(answers)
    process = scaffold(scaffolded, name, "Task", "x:text", project_environment(scaffolded, "sqlite:///x.sqlite3"))
    refused_by_command = process.stderr.removeprefix("Error: ").strip()

    assert refused_by_template and refused_by_command
    assert subject_removed(refused_by_template, name) == subject_removed(refused_by_command, name)


@pytest.mark.parametrize("spec", ["x:bogus", "x:string(0)", "x:decimal(3,5)", "x:boolean=yes", "X:text", "id:text"])
def test_the_template_and_the_command_refuse_a_field_spec_with_the_same_sentence(scaffolded, tmp_path, spec):
    answers = rendered_answers({"child_fields": spec})
    refused_by_template = load_hook("pre_gen_project", answers, tmp_path).first_error(answers)
    process = scaffold(scaffolded, "Thing", "Task", spec, project_environment(scaffolded, "sqlite:///x.sqlite3"))
    refused_by_command = process.stderr.removeprefix("Error: ").strip()

    assert refused_by_template.replace(" in child_fields", "") == refused_by_command


# --- A scaffolded resource reads as the template writes one ------------------------------------------------


def class_source(text, name):
    """The source of the top-level class ``name``, through its last line."""
    match = re.search(rf"^class {name}\(.*?(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no class {name}"
    return match.group(0).rstrip("\n")


def statement(text, first_line):
    """The statement that starts with the line ``first_line``, through the line that closes it."""
    start = text.index(first_line)
    indent = first_line[: len(first_line) - len(first_line.lstrip())]
    end = text.index(f"\n{indent})", start) + len(indent) + 2
    return text[start:end]


def test_a_scaffolded_resource_is_written_as_the_template_writes_the_child(bake, tmp_path):
    """Scaffolding the default child into a project without it writes what baking it wrote, line for line."""
    fields = "title:string(50) description:text completed:boolean=false"
    baked = bake({**ANSWERS, "child_fields": fields})
    other = tmp_path / "todo-api"
    shutil.copytree(bake({**ANSWERS, "child_resource": "Chore", "child_fields": fields}).path, other)
    process = scaffold(other, "Task", "TaskBoard", fields, project_environment(other, "sqlite:///x.sqlite3"))
    assert process.returncode == 0, output_tail(process)
    written = {file: (other / "todo_api" / file).read_text(encoding="utf-8") for file in ("models.py", "resources.py")}
    expected = {file: (baked.package / file).read_text(encoding="utf-8") for file in ("models.py", "resources.py")}

    assert class_source(written["models.py"], "Task") == class_source(expected["models.py"], "Task")
    assert class_source(written["resources.py"], "TaskResource") == class_source(
        expected["resources.py"], "TaskResource"
    )
    parent_lines = [
        ("models.py", "TaskBoard", '    tasks: orm.Mapped[list["Task"]] = orm.relationship(\n'),
        ("resources.py", "TaskBoardResource", '        hypermedia.ToMany(\n            "tasks",\n'),
        ("resources.py", "TaskBoardResource", '        hypermedia.FilteredList(\n            "task_list",\n'),
        ("resources.py", "TaskBoardResource", "    add_task = hypermedia.add_child(\n"),
    ]
    for file, parent, first_line in parent_lines:
        assert statement(expected[file], first_line) in class_source(written[file], parent), first_line
    readme = (other / "README.md").read_text(encoding="utf-8")
    rows = [
        line
        for line in (baked.path / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and "/api/task/" in line
    ]
    assert rows
    assert [row for row in rows if row not in readme] == []


# --- Every file or none -------------------------------------------------------------------------------------


def load_writes():
    """The project template's scaffold/writes.py, which needs nothing but the standard library."""
    path = PROJECT_TEMPLATE / "{{cookiecutter.package_name}}" / "hypermedia" / "scaffold" / "writes.py"
    spec = importlib.util.spec_from_file_location("scaffold_writes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def files(tmp_path):
    """Two files that exist, and the new texts of a change to them and to a new file."""
    (tmp_path / "models.py").write_text("old models\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("old readme\n", encoding="utf-8")
    return {
        tmp_path / "models.py": "new models\n",
        tmp_path / "README.md": "new readme\n",
        tmp_path / "0005_note.py": "new revision\n",
    }


def contents(directory):
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.iterdir())}


def test_every_file_is_written(files, tmp_path):
    load_writes().write_all(files)

    assert contents(tmp_path) == {
        "0005_note.py": "new revision\n",
        "README.md": "new readme\n",
        "models.py": "new models\n",
    }


def test_a_file_that_cannot_be_written_leaves_every_file_as_it_was(files, tmp_path):
    before = contents(tmp_path)

    with pytest.raises(FileNotFoundError):
        load_writes().write_all({**files, tmp_path / "gone" / "resources.py": "new resources\n"})

    assert contents(tmp_path) == before


def test_a_failure_after_some_files_are_in_place_puts_them_back(files, tmp_path, monkeypatch):
    writes = load_writes()
    before = contents(tmp_path)
    replaced = []

    def replace(source, destination):
        if replaced:
            raise OSError("disk full")
        replaced.append(destination)
        os.rename(source, destination)

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(OSError, match="disk full"):
        writes.write_all(files)

    assert replaced
    assert contents(tmp_path) == before
