"""flask add-fields in a bake: plain fields and references added to resources a project has, then served and tested.

The issue's project: Projects holding Tickets, with token auth and every representation.  Milestone is
scaffolded under Project, Label at the top, then Ticket gets an optional reference to a Milestone, a list of
Labels and an optional integer.  The project must upgrade a database whose rows were there before (keeping
them), match its models (``flask db check``), lint clean and pass its own suite, on SQLite and PostgreSQL.  The
README's "Adding fields and references" is followed word for word; each refusal is one sentence and writes
nothing, for add-fields and for scaffold's references.
"""

import json
import shlex
import shutil
import sys
import textwrap

import pytest
from test_readme_command import fields_read
from test_scaffold import flask, project_environment, scaffold, scaffolded_copy, tree

from answer_sets import ADAPTERS
from helpers import assert_suite_and_lints_pass, clean_environment, output_tail, run
from local_extensions import parse_fields

ANSWERS = {"parent_resource": "Project", "child_resource": "Ticket", "auth": "token", **dict.fromkeys(ADAPTERS, True)}
SCAFFOLDS = [("Milestone", "Project", "name:string(80)"), ("Label", None, "name:string(30)!")]
ADDED = "milestone:ref(Milestone)? labels:refs(Label) estimate:integer^? assignee:ref(Account)?"


def add_fields(project, model, fields, env):
    return flask(project, "add-fields", model, fields, env=env)


def last_revision(project):
    """The number of the project's last numbered revision file: a command numbers the next one after it."""
    versions = project / "migrations" / "versions"
    return max(int(path.name[:4]) for path in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def succeeded(process):
    assert process.returncode == 0, output_tail(process)
    return process


def assert_code_lints_clean(project, env):
    """The code the commands write, the package and the migrations, pass ruff check and ruff format --check."""
    for lint in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        succeeded(run([sys.executable, "-m", "ruff", *lint, "todo_api", "migrations"], cwd=project, env=env))


@pytest.fixture(scope="module")
def scaffolded(bake, tmp_path_factory):
    """A copy of the bake with Milestone and Label scaffolded: the project before add-fields."""
    return scaffolded_copy(bake(ANSWERS), SCAFFOLDS, tmp_path_factory.mktemp("before"))


@pytest.fixture(scope="module")
def added(scaffolded, tmp_path_factory):
    """A copy of ``scaffolded`` after ``flask add-fields Ticket ADDED``, and what the command said."""
    project = tmp_path_factory.mktemp("added") / "todo-api"
    shutil.copytree(scaffolded, project)
    process = succeeded(add_fields(project, "Ticket", ADDED, project_environment(project, "sqlite:///unused.sqlite3")))
    return project, process.stdout


def test_it_says_what_it_wrote_and_what_to_run_next(added, scaffolded):
    _, said = added
    number = last_revision(scaffolded) + 1

    assert said.splitlines() == [
        "Wrote todo_api/models.py",
        "Wrote todo_api/resources.py",
        "Wrote README.md",
        f"Wrote migrations/versions/{number:04d}_ticket_fields.py",
        "Next: flask db upgrade, which adds the columns.",
    ]


# The code the runtime relies on, as the issue writes it.
MILESTONE_COLUMN = """
    completed: orm.Mapped[bool] = orm.mapped_column(sa.Boolean, default=False, server_default=sa.false())
    milestone_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("milestone.id", ondelete="SET NULL"),
        index=True,
    )
    estimate: orm.Mapped[int | None] = orm.mapped_column(sa.Integer)
    assignee_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("app_user.id", ondelete="SET NULL"),
        index=True,
    )
    project: orm.Mapped["Project"] = orm.relationship(
        back_populates="tickets",
    )
    labels: orm.Mapped[list["Label"]] = orm.relationship(
        secondary="ticket_labels",
        passive_deletes=True,
    )
"""
ASSOCIATION = """

# The labels of each ticket: a row for each pair, found from either side through an index.
ticket_labels = sa.Table(
    "ticket_labels",
    db.metadata,
    sa.Column("ticket_id", sa.ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("label_id", sa.ForeignKey("label.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_ticket_labels_label_id", "label_id", "ticket_id"),
)
"""
LINKS = """
    _relationships = (
        hypermedia.ToOne(
            "project",
            relation="ProjectResource",
            foreign_key="project_id",
        ),
        hypermedia.ToOne(
            "milestone",
            relation="MilestoneResource",
            foreign_key="milestone_id",
        ),
        hypermedia.ManyToMany(
            "labels",
            relation="LabelResource",
        ),
    )
"""
ROWS = """
| `completed` | `true` or `false` | no: defaults to `false` |
| `milestone_id` | the id of a Milestone (or null) | no |
| `estimate` | integer; indexed for sorts | no: may be `null` |
| `assignee_id` | the id of a member's account (or null) | no |
| `label_ids` | the ids of its Labels, a list | no |
"""


def test_the_code_is_the_issues(added, scaffolded):
    project, _ = added
    head = last_revision(scaffolded)  # Label's, scaffolded last
    models = (project / "todo_api" / "models.py").read_text(encoding="utf-8")
    resources = (project / "todo_api" / "resources.py").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    revision = (project / "migrations" / "versions" / f"{head + 1:04d}_ticket_fields.py").read_text(encoding="utf-8")

    assert MILESTONE_COLUMN in models
    assert models.endswith(ASSOCIATION)
    assert LINKS in resources
    assert ROWS in readme
    assert 'with op.batch_alter_table("ticket") as batch_op:' in revision
    assert f'revision = "{head + 1:04d}"\ndown_revision = "{head:04d}"\n' in revision
    for step in (
        'batch_op.add_column(sa.Column("milestone_id", sa.Integer(), nullable=True))',
        'batch_op.add_column(sa.Column("estimate", sa.Integer(), nullable=True))',
        'batch_op.create_index(batch_op.f("ix_ticket_estimate"), ["project_id", "estimate", "id"])',
        'batch_op.drop_index(batch_op.f("ix_ticket_estimate"))',
        'batch_op.f("ix_ticket_milestone_id")',
        'batch_op.f("fk_ticket_milestone_id")',
        'ondelete="SET NULL"',
        'op.create_table(\n        "ticket_labels",',
        'name=op.f("pk_ticket_labels")',
        'op.drop_table("ticket_labels")',
        'batch_op.drop_column("milestone_id")',
        'batch_op.f("fk_ticket_assignee_id"),\n            "app_user",',
    ):
        assert step in revision, step


# A signed-in client of the project's app, on the database of the command line.
SIGNED_IN = textwrap.dedent(
    """
    import json, sys
    from todo_api import create_app, models

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "s"})
    client = app.test_client()
    credentials = {"email": "ada@example.com", "password": "correct horse battery staple"}
    client.post("/api/auth/register", json=credentials)  # 201, or 409 the second time
    token = client.post("/api/auth/token", json=credentials).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    """
)
# Rows made before the revision, through the API of the project as it was.
BEFORE = SIGNED_IN + textwrap.dedent(
    """
    posts = [("/api/project/", {"title": "Launch"})]
    posts += [("/api/project/1/addticket/", {"title": f"Ticket {n}", "description": "Old"}) for n in range(3)]
    posts += [("/api/project/1/addmilestone/", {"name": "Beta"}), ("/api/label/", {"name": "urgent"})]
    for url, body in posts:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 201, (url, response.get_json())
    """
)
# The rows counted after it, and a ticket given a milestone and a label, found by them, and its milestone deleted.
AFTER = SIGNED_IN + textwrap.dedent(
    """
    with app.app_context():
        tables = (models.Project, models.Ticket, models.Milestone, models.Label)
        counts = {model.__tablename__: models.db.session.query(model).count() for model in tables}
    changed = client.patch("/api/ticket/2/", json={"milestone_id": 1, "label_ids": [1]}, headers=headers)
    ticket = client.get("/api/ticket/2/", headers=headers).get_json()["ticket"]  # plain JSON: {"ticket": {...}}
    listed = client.get("/api/ticket/?milestone_id=1", headers=headers).get_json()
    labelled = client.get("/api/ticket/?label_ids=1", headers=headers).get_json()
    # A person is a member of the ticket's workspace: ada, of her own; an account that is none is missing.
    assigned = [client.patch("/api/ticket/3/", json={"assignee_id": n}, headers=headers).status_code for n in (1, 9)]
    deleted = client.delete("/api/milestone/1/", headers=headers)
    after = client.get("/api/ticket/2/", headers=headers).get_json()["ticket"]
    seen = {"counts": counts, "changed": changed.status_code, "ticket": ticket, "listed": listed}
    seen.update(labelled=labelled, assigned=assigned)
    print(json.dumps({**seen, "deleted": deleted.status_code, "after": after}))
    """
)


def ids(page):
    """The ids of the tickets of a plain-JSON page, wherever it puts them."""
    if isinstance(page, dict):
        found = [page["id"]] if "id" in page and "title" in page else []
        return sorted(found + [key for value in page.values() for key in ids(value)])
    return sorted(key for value in page for key in ids(value)) if isinstance(page, list) else []


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_project_keeps_its_rows_matches_its_models_and_passes_its_suite(
    request, scaffolded, added, tmp_path, database
):
    """The issue's "Done when", on each database: rows made before the revision are there after it."""
    suite_env = {}  # the suite's own database: a new SQLite file, or an empty PostgreSQL database
    if database == "postgresql":
        cluster = request.getfixturevalue("postgresql_cluster")
        url = cluster.create_database(f"added_{tmp_path.name[-8:]}")
        suite_env["TEST_DATABASE_URL"] = cluster.create_database(f"suite_{tmp_path.name[-8:]}")
    else:
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    before, after = tmp_path / "before", tmp_path / "todo-api"
    shutil.copytree(scaffolded, before)
    shutil.copytree(added[0], after)
    env_before, env = project_environment(before, url), project_environment(after, url)
    succeeded(flask(before, "db", "upgrade", env=env_before))
    succeeded(run([sys.executable, "-c", BEFORE, url], cwd=before, env=env_before))

    for step in (["db", "upgrade"], ["db", "check"], ["readme", "--check"]):
        succeeded(flask(after, *step, env=env))
    session = succeeded(run([sys.executable, "-c", AFTER, url], cwd=after, env=env))

    seen = json.loads(session.stdout.strip().splitlines()[-1])
    assert seen["counts"] == {"project": 1, "ticket": 3, "milestone": 1, "label": 1}
    assert seen["changed"] == 200
    assert (seen["ticket"]["milestone_id"], seen["ticket"]["label_ids"], seen["ticket"]["estimate"]) == (1, [1], None)
    assert seen["ticket"]["title"] == "Ticket 1"
    assert ids(seen["listed"]) == ids(seen["labelled"]) == [2]
    assert seen["assigned"] == [200, 404]
    assert seen["deleted"] in (200, 204)
    assert seen["after"]["milestone_id"] is None
    assert_suite_and_lints_pass(after, {**env, **suite_env})


def test_the_readmes_steps_for_adding_fields_and_references_end_with_a_project_that_matches_its_models(bake, tmp_path):
    """The project README's "Adding fields and references", word for word, in a bake of the default answers."""
    project = tmp_path / "todo-api"
    shutil.copytree(bake({}).path, project)
    readme = (project / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n### Adding fields and references\n")[2].partition("\n## ")[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands[0] == "make install" and commands[-1] == "make test", commands
    assert any(" add-fields Task " in command and ":ref(" in command and ":refs(" in command for command in commands)
    env = clean_environment(SECRET_KEY="a secret for this test")  # the default database, as the reader has it
    for command in commands[1:-1]:
        program, *arguments = shlex.split(command)
        assert program == ".venv/bin/flask", command
        process = run([sys.executable, "-m", "flask", *arguments], cwd=project, env=env, timeout=300)
        assert process.returncode == 0, f"{command}:\n{output_tail(process)}"
    for step in (["db", "check"], ["readme", "--check"]):
        process = run([sys.executable, "-m", "flask", "--app", "todo_api", *step], cwd=project, env=env, timeout=300)
        assert process.returncode == 0, output_tail(process)
    models = (project / "todo_api" / "models.py").read_text(encoding="utf-8")
    assert "milestone_id: orm.Mapped[int | None]" in models and "task_labels = sa.Table(" in models
    assert_code_lints_clean(project, env)


def test_an_indexed_field_added_to_a_model_without_table_arguments_gives_it_them(bake, tmp_path):
    """``^`` on a field of the default bake's parent, whose model has no ``__table_args__`` until then."""
    project = tmp_path / "todo-api"
    shutil.copytree(bake({}).path, project)
    env = project_environment(project, f"sqlite:///{tmp_path / 'app.sqlite3'}")
    succeeded(add_fields(project, "TaskBoard", "rank:integer^?", env))
    models = (project / "todo_api" / "models.py").read_text(encoding="utf-8")

    assert (
        '    __tablename__ = "task_board"\n'
        "    __table_args__ = (\n"
        "        # A list sorted by one of these fields reads any page through its index, as fast as the first.\n"
        '        sa.Index("ix_task_board_rank", "rank", "id"),\n'
        "    )\n"
    ) in models
    for step in (["db", "upgrade"], ["db", "check"]):
        succeeded(flask(project, *step, env=env))
    assert_code_lints_clean(project, env)


def test_names_as_long_as_postgresql_takes_are_laid_out_as_ruff_lays_them_out(scaffolded, tmp_path):
    project = tmp_path / "todo-api"
    shutil.copytree(scaffolded, project)
    env = project_environment(project, "sqlite:///x.sqlite3")
    # The longest each name may be: a column's, a foreign key's constraint, an association's, a unique constraint.
    fields = f"{'d' * 63}:datetime? {'m' * 50}:ref(Milestone)? {'l' * 24}:refs(Label) {'s' * 53}:string(20)!?"
    fields += f" {'t' * 63}:string(20)?=x"

    succeeded(add_fields(project, "Ticket", fields, env))
    succeeded(scaffold(project, "AbcDefGhiJklMnoPqrStUvWx", "Ticket", f"{'n' * 24}:ref(Milestone)?", env))

    assert_code_lints_clean(project, env)


# (command, arguments, words the one-line refusal holds): refusals of the project after add-fields.
REFUSALS = [
    ("add-fields", ["Nobody", "x:text?"], 'The model "Nobody" is not a resource of this project; its resources are '),
    ("add-fields", ["Ticket", "title:string?"], "already the name of one of Ticket's fields"),
    ("add-fields", ["Ticket", "milestone:ref(Milestone)?"], "already the name of one of Ticket's fields"),
    ("add-fields", ["Ticket", "project:text?"], "Ticket's relationship to its Project"),
    ("add-fields", ["Ticket", "project_id:integer?"], "Ticket's foreign key to Project"),
    ("add-fields", ["Project", "tickets:text?"], "Project's relationship to its Ticket rows"),
    ("add-fields", ["Project", "workspace_id:integer?"], "Project's column for the workspace it belongs to"),
    ("add-fields", ["Ticket", "workspace_id:integer?"], "already the name of the workspace column of sign-in"),
    ("add-fields", ["Ticket", "points:integer"], "may hold rows: make it optional (?) or give it a default (=...)."),
    ("add-fields", ["Ticket", "stage:ref(Milestone)"], "is a required reference, which can have no default"),
    ("add-fields", ["Ticket", "stage:ref(Nowhere)?"], 'refers to "Nowhere", which is not a resource of this project'),
    ("add-fields", ["Ticket", "tickets:refs(Ticket)"], 'whose two columns would both be "ticket_id"'),
    ("add-fields", ["Ticket", "related:refs(Ticket)"], "refers to many rows of its own resource, Ticket"),
    ("add-fields", ["Ticket", "stage:ref(Milestone)? stage_id:integer?"], 'makes the name "stage_id"'),
    ("add-fields", ["Ticket", "m" * 56 + ":ref(Milestone)?"], "longer than 63 characters"),
    ("add-fields", ["Ticket", "x:refs(Label)?"], "drop its ?"),
    ("add-fields", ["Ticket", "x:ref(Label)=1"], "takes no default"),
    ("add-fields", ["Ticket", "label_id:ref(Label)?"], 'ends in "_id"'),
    ("add-fields", ["Ticket", "x:string(0)?"], "has the length"),
    ("add-fields", ["Ticket", ""], "declares no fields"),
    ("scaffold", ["Thing", "x:ref(Nobody)?"], 'refers to "Nobody", which is not a resource of this project'),
    ("scaffold", ["Thing", "others:refs(Thing)"], "refers to many rows of its own resource, Thing"),
    ("scaffold", ["Thing", "things:refs(Label)"], 'whose two columns would both be "thing_id"'),
    ("scaffold", ["Thing", "--parent", "Ticket", "ticket:ref(Ticket)?"], 'relationship name "ticket"'),
    ("scaffold", ["Thing", "--parent", "Ticket", "ticket:ref(Milestone)?"], 'relationship name "ticket"'),
    ("scaffold", ["Thing", "--parent", "Ticket", "ticket_id:text"], "foreign key to Ticket"),
    ("scaffold", ["Thing", "x:refs(Label)?"], "drop its ?"),
    ("scaffold", ["Thing", "--parent", "Ticket", "about:ref(Ticket)?"], "refers to Ticket, the resource Thing is"),
    ("add-fields", ["Ticket", "home:ref(Project)?"], "refers to Project, the resource Ticket is under"),
    ("add-fields", ["Project", "top:ref(Ticket)?"], "refers to Ticket, a resource under Project"),
]


@pytest.mark.parametrize(
    ("command", "arguments", "words"), REFUSALS, ids=[f"{c} {' '.join(a)}"[:50] for c, a, _ in REFUSALS]
)
def test_a_refusal_is_one_sentence_and_writes_nothing(added, tmp_path, command, arguments, words):
    project = tmp_path / "todo-api"
    shutil.copytree(added[0], project)
    before = tree(project)
    process = flask(project, command, *arguments, env=project_environment(project, "sqlite:///x.sqlite3"))

    assert process.returncode == 1, output_tail(process)
    assert process.stderr.startswith("Error: ") and process.stderr.count("\n") == 1, process.stderr
    assert words in process.stderr, process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert tree(project) == before


def test_a_later_scaffold_and_add_fields_see_the_references(added, scaffolded, tmp_path):
    """A resource scaffolded with references, and fields added to it: the README still matches the models."""
    project = tmp_path / "todo-api"
    shutil.copytree(added[0], project)
    env = project_environment(project, f"sqlite:///{tmp_path / 'app.sqlite3'}")
    fields = "body:text stage:ref(Milestone) reply_to:ref(Comment)? tags:refs(Label)"

    succeeded(scaffold(project, "Comment", "Ticket", fields, env))
    succeeded(add_fields(project, "Comment", "pinned:boolean=false seen_at:datetime=now tickets:refs(Ticket)", env))
    succeeded(add_fields(project, "Label", "color:enum(red|green)? code:string(8)!?", env))

    before_add_fields = f"{last_revision(scaffolded):04d}"
    for step in (["db", "upgrade"], ["db", "check"], ["readme", "--check"], ["db", "downgrade", before_add_fields]):
        succeeded(flask(project, *step, env=env))
    assert_code_lints_clean(project, env)


def test_the_fields_read_back_from_the_models_are_the_ones_declared_in_the_models_order(added):
    """project.fields_of reads a ref's foreign key and a refs' relationship back as the spec declared them."""
    declared = parse_fields("title:string(50) description:text completed:boolean=false " + ADDED, references=True)
    # A reference to the accounts of sign-in is marked with their table, which no resource serves.
    declared = [
        {**field, "target_table": "app_user"} if field.get("target") == "Account" else field for field in declared
    ]
    in_model_order = [field for field in declared if field["type"] != "refs"] + [
        field for field in declared if field["type"] == "refs"
    ]

    read = fields_read(added[0], "todo_api")

    assert read["Ticket"] == in_model_order
    assert read["Milestone"] == parse_fields("name:string(80)")
