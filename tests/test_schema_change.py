"""After the bake, a column added to models.py reaches the API with one migration and no other edit."""

import shutil
import sys
import textwrap

from helpers import assert_suite_and_lints_pass, clean_environment, output_tail, run

NEW_COLUMN = '    priority: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=3, server_default="3")\n'
ROUND_TRIP = textwrap.dedent(
    """
    import json
    from todo_api import create_app

    client = create_app().test_client()  # speaks Siren, the first representation
    old = client.get("/api/task/1/").get_json()["properties"]
    new = client.post("/api/taskboard/1/addtask/", json={"title": "New", "description": "x", "priority": 7})
    listed = client.get("/api/task/?priority=7").get_json()["entities"]
    bad = client.post("/api/taskboard/1/addtask/", json={"title": "Bad", "description": "x", "priority": "7"})
    titles = [item["properties"]["title"] for item in listed if "task" in item["rel"]]
    created = new.get_json()["properties"]["priority"]
    print(json.dumps([old["priority"], new.status_code, created, titles, bad.status_code]))
    """
)
SEED = textwrap.dedent(
    """
    from todo_api import create_app

    client = create_app().test_client()
    assert client.post("/api/taskboard/", json={"title": "Board"}).status_code == 201
    assert client.post("/api/taskboard/1/addtask/", json={"title": "Old", "description": "x"}).status_code == 201
    """
)


def test_a_column_added_to_models_reaches_the_api_after_one_migration(bake, tmp_path):
    project = tmp_path / "todo-api"
    shutil.copytree(bake({}).path, project)
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        SECRET_KEY="a secret for this test",
        PYTHONPATH=str(project),
    )
    flask = [sys.executable, "-m", "flask", "--app", "todo_api", "db"]

    def step(command):
        process = run(command, cwd=project, env=environment, timeout=600)
        assert process.returncode == 0, f"{command} failed:\n{output_tail(process)}"
        return process

    step([*flask, "upgrade"])
    step([sys.executable, "-c", SEED])  # a row that exists before the column does
    models = project / "todo_api" / "models.py"
    text = models.read_text(encoding="utf-8")
    relationship = '    task_board: orm.Mapped["TaskBoard"] = orm.relationship('
    assert relationship in text
    models.write_text(text.replace(relationship, NEW_COLUMN + relationship), encoding="utf-8")

    step([*flask, "migrate", "-m", "Add a priority"])
    added = [path for path in (project / "migrations" / "versions").glob("*.py") if "add_a_priority" in path.name]
    assert len(added) == 1, "flask db migrate wrote no revision"
    revision = added[0].read_text(encoding="utf-8")
    assert "server_default" in revision and "todo_api" not in revision
    step([*flask, "upgrade"])
    round_trip = step([sys.executable, "-c", ROUND_TRIP])

    assert round_trip.stdout.strip() == '[3, 201, 7, ["New"], 400]'
    assert_suite_and_lints_pass(project, environment)
