"""flask readme in a bake: the README's parts that follow from the models, written again after a hand edit.

After models.py is edited by hand (a field added, one renamed, a string widened, one dropped), ``flask readme
--check`` names each stale line and exits 1, and the project's own tests/test_readme.py fails naming the
command; ``flask readme`` then writes those parts as a bake that declares the edited fields has them, and the
team's own lines stay as they were.  On a fresh project, and after flask scaffold, it changes nothing; the
fields it reads back from the models are the ones declared.
"""

import json
import re
import shutil
import sys
import textwrap

import pytest

from answer_sets import ADAPTERS, KITCHEN_SINK, kitchen_sink, matrix
from helpers import clean_environment, output_tail, run
from local_extensions import parse_fields

CHILD_FIELDS = "title:string(50) notes:string(80) description:text completed:boolean=false"
ANSWERS = {"auth": "token", **dict.fromkeys(ADAPTERS, True), "child_fields": CHILD_FIELDS}
# The Task class of models.py, edited by hand: (line, what it becomes).
PRIORITY = '    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=3, server_default="3")\n'
HAND_EDITS = [
    (  # renamed: the first field, which the list's row and the pypermedia session show
        "    title: orm.Mapped[str] = orm.mapped_column(sa.String(50))\n",
        "    headline: orm.Mapped[str] = orm.mapped_column(sa.String(50))\n",
    ),
    (  # widened
        "    notes: orm.Mapped[str] = orm.mapped_column(sa.String(80))\n",
        "    notes: orm.Mapped[str] = orm.mapped_column(sa.String(200))\n",
    ),
    (  # dropped
        "    completed: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, default=False, server_default=sa.false())\n",
        "",
    ),
    (  # added, as the README's "Change the schema" writes a required field
        "    description: orm.Mapped[str] = orm.mapped_column(sa.Text)\n",
        "    description: orm.Mapped[str] = orm.mapped_column(sa.Text)\n" + PRIORITY,
    ),
]
# What the edited class declares, as a bake would have been asked for it.
EDITED_FIELDS = "headline:string(50) notes:string(200) description:text priority:integer=3"
# The team's own lines, one of them shaped a little like a table's row: (the line they follow, their lines).
PROSE = [
    ("## Use it\n", "\nOur API's users are the warehouse team; ask Ada before changing a route.\n"),
    ("The fields, declared in `todo_api/models.py`:\n", "| Ours: a line of prose, not a table's row.\n"),
]
# Resources added under the kitchen sink's child and deeper, beside it, and at the top.
SCAFFOLDS = [
    ("Remark", "Task", "words:text score:decimal(5,2)? said_at:datetime=now"),
    ("Reply", "Remark", KITCHEN_SINK + " when:datetime=2026-01-02T03:04:05.5+02:00 big:decimal(38,4)=-0.5"),
    ("Tag", "TaskBoard", "label:string(30)! on:date=2026-02-03"),
    ("Team", None, "name:string(80)! founded:date?"),
]
STALE_LINE = re.compile(r"^README\.md:(\d+): (.*)$", re.MULTILINE)


def flask(project, *arguments):
    env = clean_environment(SECRET_KEY="a secret for this test", DATABASE_URL="sqlite:///unused.sqlite3")
    return run([sys.executable, "-m", "flask", "--app", "todo_api", *arguments], cwd=project, env=env, timeout=300)


def own_readme_test(project):
    """The project's own tests/test_readme.py, run as its suite runs it."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_readme.py"]
    return run(command, cwd=project, env=clean_environment(), timeout=300)


def copied(bake, answers, tmp_path):
    project = tmp_path / "todo-api"
    shutil.copytree(bake(answers).path, project)
    return project


def with_prose(readme):
    for after, lines in PROSE:
        assert readme.count(after) == 1, after
        readme = readme.replace(after, after + lines)
    return readme


def edited_by_hand(project):
    """The project after a team's edit of the Task model and of the README's prose, without flask readme."""
    models = project / "todo_api" / "models.py"
    parent, _, child = models.read_text(encoding="utf-8").partition("class Task(db.Model):\n")
    for line, edited in HAND_EDITS:
        assert child.count(line) == 1, line
        child = child.replace(line, edited)
    models.write_text(f"{parent}class Task(db.Model):\n{child}", encoding="utf-8")
    readme = project / "README.md"
    readme.write_text(with_prose(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return project


@pytest.fixture
def edited(bake, tmp_path):
    return edited_by_hand(copied(bake, ANSWERS, tmp_path))


def test_after_a_hand_edit_the_check_names_each_stale_line_and_changes_nothing(edited):
    readme = (edited / "README.md").read_text(encoding="utf-8")

    process = flask(edited, "readme", "--check")

    assert process.returncode == 1, output_tail(process)
    assert "Traceback" not in process.stdout + process.stderr
    named = {int(number): line for number, line in STALE_LINE.findall(process.stdout)}
    lines = readme.splitlines()
    assert all(lines[number - 1] == line for number, line in named.items()), process.stdout
    for stale in (
        "| `title` | text, at most 50 characters | yes |",  # renamed
        "| `notes` | text, at most 80 characters | yes |",  # widened
        "| `completed` | `true` or `false` | no: defaults to `false` |",  # dropped, and priority added
        "| `GET /api/task/` | List Tasks (`?task_board_id=1`, `?title=...`, `?count=50`) |",
        ">>> task.title",
    ):
        assert stale in named.values(), stale
    assert any('-d \'{"title": "My title"' in line for line in named.values()), process.stdout
    assert any(line.startswith(">>> task = updated.add_task(title=") for line in named.values()), process.stdout
    assert not any("Ada" in line or "Ours" in line for line in named.values())
    assert process.stdout.rstrip().endswith("Run `flask --app todo_api readme` to write these lines from the models.")
    assert (edited / "README.md").read_text(encoding="utf-8") == readme


def test_after_a_hand_edit_the_projects_own_test_fails_naming_the_line_and_the_command(edited):
    process = own_readme_test(edited)

    assert process.returncode == 1, output_tail(process)
    assert "README.md:" in process.stdout and "| `title` | text, at most 50 characters | yes |" in process.stdout
    assert "Run `flask --app todo_api readme` to write these lines from the models." in process.stdout


def test_flask_readme_writes_what_a_bake_of_the_edited_fields_has_and_keeps_the_teams_lines(bake, edited):
    declared = bake({**ANSWERS, "child_fields": EDITED_FIELDS}).path / "README.md"

    process = flask(edited, "readme")

    assert process.returncode == 0, output_tail(process)
    assert "Rewrote the parts of README.md" in process.stdout
    rewritten = (edited / "README.md").read_text(encoding="utf-8")
    assert rewritten == with_prose(declared.read_text(encoding="utf-8"))
    check = flask(edited, "readme", "--check")
    assert (check.returncode, check.stdout) == (0, "README.md matches the models.\n"), output_tail(check)
    own = own_readme_test(edited)
    assert own.returncode == 0, output_tail(own)


@pytest.fixture(scope="module")
def scaffolded(bake, tmp_path_factory):
    """A copy of the kitchen-sink bake, its README as baked, and the copy after every resource of SCAFFOLDS."""
    fresh = copied(bake, kitchen_sink(), tmp_path_factory.mktemp("fresh"))
    project = tmp_path_factory.mktemp("scaffolded") / "todo-api"
    shutil.copytree(fresh, project)
    for name, parent, fields in SCAFFOLDS:
        process = flask(project, "scaffold", name, *(["--parent", parent] if parent else []), fields)
        assert process.returncode == 0, output_tail(process)
    return {"fresh": fresh, "scaffolded": project}


@pytest.mark.parametrize("which", ["fresh", "scaffolded"])
def test_flask_readme_changes_nothing_in_a_project_whose_readme_matches(scaffolded, which):
    project = scaffolded[which]
    before = (project / "README.md").read_bytes()

    process = flask(project, "readme")

    assert (process.returncode, process.stdout) == (0, "README.md matches the models.\n"), output_tail(process)
    assert (project / "README.md").read_bytes() == before


# The fields project.read gives each resource, as JSON.
READ_FIELDS = textwrap.dedent(
    """
    import json, sys
    from importlib import import_module
    from {package}.hypermedia.scaffold import project
    app = import_module("{package}").create_app({{"TESTING": True}})
    print(json.dumps({{name: list(resource.fields) for name, resource in project.read(app).resources.items()}}))
    """
)


def fields_read(project, package):
    env = clean_environment(DATABASE_URL="sqlite:///unused.sqlite3", PYTHONPATH=str(project))
    process = run([sys.executable, "-c", READ_FIELDS.format(package=package)], cwd=project, env=env, timeout=300)
    assert process.returncode == 0, output_tail(process)
    return json.loads(process.stdout)


def test_the_fields_read_from_a_scaffolded_projects_models_are_the_ones_declared(scaffolded):
    answers = kitchen_sink()
    declared = {"TaskBoard": parse_fields(answers["parent_fields"]), "Task": parse_fields(answers["child_fields"])}
    declared.update({name: parse_fields(fields) for name, _, fields in SCAFFOLDS})

    assert fields_read(scaffolded["scaffolded"], "todo_api") == declared


@pytest.mark.parametrize("name", ["default-siren+hal", "project-basic-siren+hal", "long-names", "short-names"])
def test_the_fields_read_from_a_bakes_models_are_the_ones_its_answers_declare(bake, tmp_path, name):
    answers = dict(matrix())[name]
    baked = bake(answers)
    project = tmp_path / baked.path.name
    shutil.copytree(baked.path, project)
    read = fields_read(project, baked.context["package_name"])

    assert list(read.values()) == [
        parse_fields(baked.context["parent_fields"]),
        parse_fields(baked.context["child_fields"]),
    ]


FIELDS_HEADER = re.compile(r"^\| (\w+) field \| Type \|", re.MULTILINE)
# (what the team did to the README, words of the one-sentence refusal)
UNREADABLE = [
    (None, "README.md cannot be read"),
    (lambda text: text.replace("| Method and path | What it does |", "| Endpoint | Use |"), "table of endpoints"),
    (lambda text: FIELDS_HEADER.sub(r"| \1 | Type |", text), "tables of fields"),
]


@pytest.mark.parametrize(("edit", "words"), UNREADABLE, ids=["missing", "no-endpoints", "no-fields"])
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_a_readme_it_cannot_find_its_way_in_is_refused_in_one_sentence(bake, tmp_path, edit, words, check):
    project = copied(bake, ANSWERS, tmp_path)
    readme = project / "README.md"
    if edit is None:
        readme.unlink()
    else:
        readme.write_text(edit(readme.read_text(encoding="utf-8")), encoding="utf-8")
    before = readme.read_bytes() if readme.exists() else None

    process = flask(project, "readme", *(["--check"] if check else []))

    assert process.returncode == 1
    assert process.stderr.startswith("Error: ") and process.stderr.count("\n") == 1, process.stderr
    assert words in process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert (readme.read_bytes() if readme.exists() else None) == before


def test_a_default_no_field_spec_writes_is_said_to_be_there(bake, tmp_path):
    """A team's own default, a function say: the README says a create may leave the field out."""
    project = copied(bake, ANSWERS, tmp_path)
    models = project / "todo_api" / "models.py"
    notes = "    notes: orm.Mapped[str] = orm.mapped_column(sa.String(80))\n"
    text = models.read_text(encoding="utf-8")
    assert text.count(notes) == 1
    models.write_text(text.replace(notes, notes.replace("80))", "80), default=lambda: 'New'.lower())")), "utf-8")

    process = flask(project, "readme")

    assert process.returncode == 0, output_tail(process)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "| `notes` | text, at most 80 characters | no: the model gives it a default |" in readme
    assert own_readme_test(project).returncode == 0
