"""Changing the schema as the project's README says, with rows in every table: no row or value lost.

A token-auth Project/Ticket bake, with a Comment scaffolded under Ticket and
rows at every level (an account, its projects, their tickets, the tickets'
comments), goes through the README's "Change the schema" word for word (add,
widen, rename, make required, drop a field of the parent, whose table SQLite
rebuilds under the tickets and comments), then through what the README says
``flask db migrate`` refuses, an enum value added, a revision that fails, and
each revision down and up again: on SQLite and on PostgreSQL, every row and
value counted before and after each step.
"""

import hashlib
import json
import shlex
import shutil
import sys
import textwrap

import pytest

from helpers import assert_suite_and_lints_pass, clean_environment, output_tail, run

ANSWERS = {
    "project_name": "Ticket Desk",
    "parent_resource": "Project",
    "child_resource": "Ticket",
    "auth": "token",
    "parent_fields": "name:string(80)!",
    "child_fields": (
        "summary:string(120) notes:text? due_on:date? status:enum(open|done)=open priority:integer=3 "
        "estimate:decimal(12,2)=0.00 starts_at:datetime=now"
    ),
}
PACKAGE = "ticket_desk"
GRANDCHILD = ("Comment", "Ticket", "body:text")
RELATIONSHIP = '    tickets: orm.Mapped[list["Ticket"]] = orm.relationship('
STEPS = ["Add a field", "Widen a field", "Rename a field", "Make a field required, or change its type", "Drop a field"]

SEED = textwrap.dedent(
    """
    import datetime, decimal
    from ticket_desk import create_app
    from ticket_desk.models import db

    with create_app().app_context(), db.engine.begin() as connection:
        tables = db.metadata.tables
        connection.execute(tables["app_user"].insert(), [{"email": "ada@example.com", "password_hash": "x"}])
        connection.execute(tables["workspace"].insert(), [{"name": "ada@example.com", "personal_of_id": 1}])
        connection.execute(tables["member"].insert(), [{"workspace_id": 1, "account_id": 1, "role": "owner"}])
        projects = [{"workspace_id": 1, "name": f"Project {n}"} for n in range(1, 4)]
        connection.execute(tables["project"].insert(), projects)
        tickets = [
            {
                "project_id": 1 + n % 3,
                "summary": f"Ticket {n}",
                "notes": None if n % 2 else f"Notes on ticket {n}",
                "due_on": datetime.date(2026, 1, 1 + n % 28) if n % 3 else None,
                "status": ("open", "done")[n % 2],
                "priority": n,
                "estimate": decimal.Decimal(n) / 4,
                "starts_at": datetime.datetime(2026, 2, 1, n % 24, tzinfo=datetime.UTC),
            }
            for n in range(1, 61)
        ]
        connection.execute(tables["ticket"].insert(), tickets)
        comments = [{"ticket_id": 1 + n % 60, "body": f"Comment {n}"} for n in range(1, 121)]
        connection.execute(tables["comment"].insert(), comments)
    """
)
# Every row of every table, in order, as JSON: what a step must keep.
DUMP = textwrap.dedent(
    """
    import json, sys
    import sqlalchemy as sa
    from ticket_desk import create_app
    from ticket_desk.models import db

    with create_app().app_context(), db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        rows = {}
        for name in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
            order = ", ".join(inspector.get_pk_constraint(name)["constrained_columns"])
            selected = connection.execute(sa.text(f"SELECT * FROM {name} ORDER BY {order}"))
            rows[name] = [dict(row) for row in selected.mappings()]
    json.dump(rows, sys.stdout, default=str, sort_keys=True)
    """
)
SQL = textwrap.dedent(
    """
    import sys
    import sqlalchemy as sa
    from ticket_desk import create_app
    from ticket_desk.models import db

    with create_app().app_context(), db.engine.begin() as connection:
        connection.execute(sa.text(sys.argv[1]))
    """
)


class Project:
    """A copy of the bake with its own database, driven as a person at a terminal drives it."""

    def __init__(self, path, database_url):
        self.path = path
        self.env = clean_environment(
            DATABASE_URL=database_url, SECRET_KEY="a secret for this test", PYTHONPATH=str(path)
        )
        self.models = path / PACKAGE / "models.py"
        self.versions = path / "migrations" / "versions"

    def flask(self, *arguments, stdin=""):
        return run(
            [sys.executable, "-m", "flask", "--app", PACKAGE, *arguments],
            cwd=self.path,
            env=self.env,
            input=stdin,
            timeout=300,
        )

    def ok(self, *arguments, stdin=""):
        process = self.flask(*arguments, stdin=stdin)
        assert process.returncode == 0, f"flask {' '.join(arguments)}:\n{output_tail(process)}"
        return process

    def python(self, script, *arguments):
        process = run([sys.executable, "-c", script, *arguments], cwd=self.path, env=self.env, timeout=300)
        assert process.returncode == 0, output_tail(process)
        return process.stdout

    def rows(self):
        return json.loads(self.python(DUMP))

    def execute(self, statement):
        self.python(SQL, statement)

    def revisions(self):
        return sorted(path.name for path in self.versions.glob("*.py"))

    def edit_models(self, old, new):
        text = self.models.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"models.py does not hold {old!r} once"
        self.models.write_text(text.replace(old, new), encoding="utf-8")

    def run_readme_command(self, command):
        """A command of the README, as written: ``.venv/bin/flask`` is this Python's, ``printf ... |`` its input."""
        stdin = ""
        if command.startswith("printf "):
            printed, _, command = command.partition(" | ")
            stdin = shlex.split(printed)[1].encode().decode("unicode_escape")
        program, *arguments = shlex.split(command)
        assert program == ".venv/bin/flask" and arguments[:2] == ["--app", PACKAGE], command
        return self.ok(*arguments[2:], stdin=stdin)


def counts(rows):
    return {table: len(found) for table, found in rows.items()}


def without(rows, table, column):
    """``rows`` with one column of one table left out: what a change of that column keeps."""
    return {
        name: [{k: v for k, v in row.items() if name != table or k != column} for row in found]
        for name, found in rows.items()
    }


def column(rows, table, name):
    return [row.get(name) for row in rows[table]]


def readme_steps(project):
    """The README's "Change the schema", as (heading, its model lines, its commands), in order."""
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Change the schema\n")[2].partition("\n## ")[0]
    steps = []
    for part in section.split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        blocks = [line[4:] for line in body.splitlines() if line.startswith("    ")]
        steps.append(
            (
                heading,
                [line for line in blocks if ": orm.Mapped[" in line],
                [line for line in blocks if ": orm.Mapped[" not in line],
            )
        )
    return steps


@pytest.fixture(scope="module")
def scaffolded(bake, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "ticket-desk"
    shutil.copytree(bake(ANSWERS).path, path)
    name, parent, fields = GRANDCHILD
    Project(path, "sqlite:///unused.sqlite3").ok("scaffold", name, "--parent", parent, fields)
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def project(request, scaffolded, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgresql_cluster").create_database(f"schema_{tmp_path.name[-10:]}".lower())
    else:
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    shutil.copytree(scaffolded, tmp_path / "ticket-desk")
    project = Project(tmp_path / "ticket-desk", url)
    project.ok("db", "upgrade")
    project.python(SEED)
    project.database = request.param
    project.sqlite_file = tmp_path / "app.sqlite3"
    if request.param == "postgresql":
        project.test_database_url = request.getfixturevalue("postgresql_cluster").create_database(
            f"schema_tests_{tmp_path.name[-10:]}".lower()
        )
    else:
        project.test_database_url = f"sqlite:///{tmp_path / 'tests.sqlite3'}"
    return project


def test_the_readmes_schema_changes_keep_every_row_and_value(project, capsys):
    steps = readme_steps(project)
    assert [heading for heading, _, _ in steps] == STEPS
    start = project.rows()
    assert counts(start) == {
        "app_user": 1,
        "workspace": 1,
        "member": 1,
        "project": 3,
        "ticket": 60,
        "comment": 120,
        "idempotency_key": 0,
    }
    report = [f"{project.database} before: {counts(start)}"]
    added, renamed = "code", "reference"
    line = None
    for heading, model_lines, commands in steps:
        before = project.rows()
        if heading == "Add a field":
            [line] = model_lines
            assert line.startswith(f"{added}: ")
            project.edit_models(RELATIONSHIP, f"    {line}\n{RELATIONSHIP}")
        elif heading == "Drop a field":
            assert model_lines == []
            project.edit_models(f"    {line}\n", "")
            refused = project.flask("db", "migrate", "-m", "Drop it")
            assert refused.returncode == 1
            assert f"would drop project.{renamed} and every value in it" in refused.stderr, output_tail(refused)
            assert "-x allow_drop=yes" in refused.stderr
        else:
            [new_line] = model_lines
            project.edit_models(f"    {line}\n", f"    {new_line}\n")
            line = new_line
        written = project.revisions()
        for command in commands:
            project.run_readme_command(command)
        assert len(project.revisions()) == len(written) + 1, f"{heading}: no revision written"
        after = project.rows()
        report.append(f"{project.database} after {heading.lower()}: {counts(after)}")
        assert counts(after) == counts(start), heading
        if heading == "Add a field":
            assert column(after, "project", added) == [None, None, None]
            assert without(after, "project", added) == before
            project.execute(f"UPDATE project SET {added} = 'P-' || CAST(id AS VARCHAR(10)) WHERE id < 3")
        elif heading == "Widen a field":
            assert after == before
        elif heading == "Rename a field":
            assert column(after, "project", renamed) == column(before, "project", added) == ["P-1", "P-2", None]
            assert without(after, "project", renamed) == without(before, "project", added)
        elif heading.startswith("Make a field required"):
            assert column(after, "project", renamed) == ["P-1", "P-2", "none"]
            assert without(after, "project", renamed) == without(before, "project", renamed)
        else:
            assert after == without(before, "project", renamed)
    assert without(project.rows(), "project", renamed) == without(start, "project", renamed)
    with capsys.disabled():
        print("\n" + "\n".join(report))

    # Every revision down, keeping the rows (a drop comes back without its values), then up again.
    for _ in STEPS:
        project.ok("db", "downgrade")
        assert counts(project.rows()) == counts(start)
    assert project.rows() == start
    project.ok("db", "upgrade")
    assert counts(project.rows()) == counts(start)
    assert_suite_and_lints_pass(project.path, {**project.env, "TEST_DATABASE_URL": project.test_database_url})


# The child's lines in models.py, and what the test makes of them.
DUE_ON = "    due_on: orm.Mapped[datetime.date | None] = orm.mapped_column(sa.Date)\n"
PRIORITY = '    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=3, server_default="3")\n'
PRIORITY_ENUM = (
    "    priority: orm.Mapped[str] = orm.mapped_column(\n"
    '        sa.Enum("low", "high", name="priority", native_enum=False, create_constraint=True)\n'
    "    )\n"
)
NOTES = "    notes: orm.Mapped[str | None] = orm.mapped_column(sa.Text)\n"
SUMMARY = "    summary: orm.Mapped[str] = orm.mapped_column(sa.String(120))\n"
STATUS = 'sa.Enum("open", "done", name="status"'
ESTIMATE = (
    "    estimate: orm.Mapped[decimal.Decimal] = orm.mapped_column(\n"
    "        types.Decimal(12, 2),\n"
    '        default=decimal.Decimal("0.00"),\n'
    '        server_default="0.00",\n'
    "    )\n"
)
# A revision that widens the projects' names, then adds a constraint that rows already stored break.
FAILING = textwrap.dedent(
    """
    \"\"\"A change the rows already stored cannot satisfy.\"\"\"

    import sqlalchemy as sa
    from alembic import op

    revision = "f41l"
    down_revision = {head!r}
    branch_labels = None
    depends_on = None


    def upgrade():
        with op.batch_alter_table("project") as batch_op:
            batch_op.alter_column("name", existing_type=sa.String(80), type_=sa.String(100))
        with op.batch_alter_table("ticket") as batch_op:
            batch_op.create_check_constraint("ck_ticket_priority_small", "priority < {limit}")


    def downgrade():
        with op.batch_alter_table("ticket") as batch_op:
            batch_op.drop_constraint("ck_ticket_priority_small", type_="check")
        with op.batch_alter_table("project") as batch_op:
            batch_op.alter_column("name", existing_type=sa.String(100), type_=sa.String(80))
    """
)


def refused(project, *arguments, stdin=""):
    """What ``flask db migrate`` says as it refuses, having written nothing."""
    written = project.revisions()
    process = project.flask("db", "migrate", *arguments, stdin=stdin)
    assert process.returncode == 1, output_tail(process)
    assert project.revisions() == written
    assert "Traceback" not in process.stderr, output_tail(process)
    return process.stdout + process.stderr


def test_what_migrate_refuses_an_enum_value_added_and_a_failed_revision(project):
    start = project.rows()

    # A column renamed but not confirmed (the end of the input answers no) is a drop, refused.
    project.edit_models(DUE_ON, DUE_ON.replace("due_on", "due_date"))
    said = refused(project, "-m", "Rename")
    assert "Rename ticket.due_on to ticket.due_date? [y/N] (end of input: no)" in said
    assert "would drop ticket.due_on and every value in it" in said
    project.edit_models(DUE_ON.replace("due_on", "due_date"), DUE_ON)

    # Changes that values already stored may not fit, each refused with what to write instead.
    project.edit_models(PRIORITY, PRIORITY_ENUM)
    project.edit_models(SUMMARY, SUMMARY.replace("120", "60"))
    project.edit_models(NOTES, NOTES.replace("str | None", "str"))
    said = refused(project, "-m", "Narrow")
    assert "ticket.priority would change from an integer to one of low, high" in said
    assert "add the new field beside it under another name" in said
    assert "ticket.summary would change from text of at most 120 characters to text of at most 60" in said
    assert "-x allow_narrowing=yes" in said
    assert "ticket.notes would become required, but rows may have no notes: give it a server_default" in said
    assert "does not know -x allow_everything=yes" in refused(project, "-x", "allow_everything=yes", "-m", "Unknown")
    project.edit_models(PRIORITY_ENUM, PRIORITY)
    project.edit_models(SUMMARY.replace("120", "60"), SUMMARY)
    project.edit_models(NOTES.replace("str | None", "str"), NOTES)

    # A new required field without a server default: the rows already there would have no value.
    size = "    size: orm.Mapped[int] = orm.mapped_column(sa.Integer)\n"
    project.edit_models(SUMMARY, SUMMARY + size)
    said = refused(project, "-m", "Sizes")
    assert "ticket.size is new and required, but the rows already in ticket would have no size" in said
    project.edit_models(SUMMARY + size, SUMMARY)

    # An enum value added: its CHECK constraint allows it, alike on SQLite and PostgreSQL.  One taken away: refused.
    project.edit_models(STATUS, 'sa.Enum("open", "done", "wip", name="status"')
    project.ok("db", "migrate", "-m", "Work in progress")
    project.ok("db", "upgrade")
    assert project.rows() == start
    project.execute("UPDATE ticket SET status = 'wip' WHERE id = 1")
    assert column(project.rows(), "ticket", "status")[0] == "wip"
    project.execute("UPDATE ticket SET status = 'done' WHERE id = 1")
    project.edit_models('sa.Enum("open", "done", "wip", name="status"', 'sa.Enum("open", "wip", name="status"')
    said = refused(project, "-m", "No more done")
    assert "ticket.status would change from one of open, done, wip to one of open, wip" in said
    project.edit_models('sa.Enum("open", "wip", name="status"', 'sa.Enum("open", "done", "wip", name="status"')

    # A revision that fails half-way changes nothing: the same bytes on SQLite, the same revision everywhere.
    [head] = project.ok("db", "heads").stdout.split()[:1]
    failing = project.versions / "f41l_a_change_the_rows_cannot_satisfy.py"
    failing.write_text(FAILING.format(head=head, limit=10).lstrip(), encoding="utf-8")
    sqlite_bytes = _digest(project)
    process = project.flask("db", "upgrade")
    assert process.returncode == 1 and "Traceback" not in process.stderr, output_tail(process)
    assert f"The migration failed and changed nothing; the database is still at revision {head}." in process.stderr
    assert _digest(project) == sqlite_bytes
    assert project.ok("db", "current").stdout.split()[:1] == [head]
    assert project.rows() == start
    # Once the cause is fixed, the next try works.
    failing.write_text(FAILING.format(head=head, limit=1000).lstrip(), encoding="utf-8")
    project.ok("db", "upgrade")
    assert counts(project.rows()) == counts(start)
    assert project.ok("db", "current").stdout.split()[:1] == ["f41l"]
    # The model as the revision made it (the name is unique within a workspace, by the table's constraint).
    project.edit_models(
        "name: orm.Mapped[str] = orm.mapped_column(sa.String(80))",
        "name: orm.Mapped[str] = orm.mapped_column(sa.String(100))",
    )

    # A dropped column comes back in the downgrade with the type its revision gave it, not the one SQLite reflects.
    project.edit_models(ESTIMATE, "")
    project.ok("db", "migrate", "-x", "allow_drop=yes", "-m", "No estimates")
    [revision] = project.versions.glob("*_no_estimates.py")
    downgrade = revision.read_text(encoding="utf-8").partition("def downgrade():")[2]
    assert 'sa.Numeric(precision=12, scale=2).with_variant(sa.String(), "sqlite")' in downgrade, downgrade
    project.ok("db", "upgrade")
    project.ok("db", "downgrade")
    assert counts(project.rows()) == counts(start)


def _digest(project):
    """The SQLite file's digest; None on PostgreSQL."""
    if project.database != "sqlite":
        return None
    return hashlib.sha256(project.sqlite_file.read_bytes()).hexdigest()
