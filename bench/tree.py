"""The tree table: a grandchild that ``flask scaffold`` added, read as fast and as boundedly as the child.

Run in a process of its own, on a second bake of the default project into
which ``Note`` is scaffolded under ``Task`` (``python -m bench.tree PROJECT
DATABASE_URL AUTH REQUESTS MEDIA_TYPE``), as ``__main__`` does; it prints
the table as Markdown.  It fills one board with 500 tasks, one of them with
500 notes and one with a single note, and counts the SQL statements of the
grandchild's item and filtered list at 1 and 500 rows, then times in process
(Flask's test client) the child's and the grandchild's item and filtered
list, alternating, and gives each one's requests per second and the ratio
grandchild / child.
"""

import sys
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert, select
from todo_api import create_app, models

from .compare import SETTINGS, alternating, checked, markdown_table, percentile, sign_in

BIG = 500
NOTE = {"body": "Something to remember, in a sentence or two."}


def run(project, database_url, auth, requests, media_type):
    client, engine, headers, ids = filled(project, database_url, auth, media_type, fill)
    paths = {
        "GET child": f"/api/task/{ids['busy_task']}/",
        "GET grandchild": f"/api/note/{ids['note']}/",
        # JSON:API's spelling of a filter, which every representation takes (a JSON:API request only it).
        "GET child list": f"/api/task/?filter%5Btask_board_id%5D={ids['board']}",
        "GET grandchild list": f"/api/note/?filter%5Btask_id%5D={ids['busy_task']}",
    }
    counted = {
        (label, size): statements(client, engine, path, headers)
        for size, task in ((1, ids["quiet_task"]), (BIG, ids["busy_task"]))
        for label, path in (
            ("item", f"/api/note/{ids['notes'][task]}/"),
            ("list", f"/api/note/?filter%5Btask_id%5D={task}"),
        )
    }
    seconds = alternating(client, list(paths.values()), headers, requests)
    engine.dispose()
    return table(paths, seconds, counted, requests)


def filled(project, database_url, auth, media_type, fill):
    """The baked app on a migrated database that ``fill(owner)`` fills, with the benchmark's user signed up.

    Returns its test client, its engine, the headers that sign in and ask for ``media_type``, and what ``fill``
    returned.
    """
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    client = app.test_client()
    with app.app_context():
        upgrade(directory=str(project / "migrations"))
    owner, headers = sign_in(client, auth)
    with app.app_context():
        return client, models.db.engine, {**headers, "Accept": media_type}, fill(owner)


def fill(owner):
    """A board (with the columns ``owner`` gives) with BIG tasks; the first with BIG notes, the second with one."""
    session = models.db.session
    board = session.scalar(insert(models.TaskBoard).returning(models.TaskBoard.id), [{"title": "Tree", **owner}])
    tasks = [
        {"task_board_id": board, "title": f"Task {n}", "description": "To do.", "completed": False} for n in range(BIG)
    ]
    task_ids = sorted(session.scalars(insert(models.Task).returning(models.Task.id), tasks))
    busy, quiet = task_ids[0], task_ids[1]
    session.execute(insert(models.Note), [{"task_id": busy, **NOTE} for _ in range(BIG)] + [{"task_id": quiet, **NOTE}])
    session.commit()
    notes = {task: session.scalar(select(models.Note.id).where(models.Note.task_id == task)) for task in (busy, quiet)}
    return {"board": board, "busy_task": busy, "quiet_task": quiet, "note": notes[busy], "notes": notes}


def statements(client, engine, path, headers):
    """The number of SQL statements of a request, on its second run."""
    return len(executed(client, engine, path, headers))


def executed(client, engine, path, headers):
    """The SQL statements of a request, on its second run: (statement, parameters) of each, in order."""
    recorded = []

    def record(connection, cursor, statement, parameters, context, executemany):
        recorded.append((statement, parameters))

    checked(client.get(path, headers=headers))
    event.listen(engine, "before_cursor_execute", record)
    try:
        checked(client.get(path, headers=headers))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return recorded


def rates_and_medians(labels, seconds):
    """The requests per second and the p50 in ms of each label's sorted timings (``alternating``'s)."""
    rates = {label: len(times) / sum(times) for label, times in zip(labels, seconds, strict=True)}
    return rates, {label: percentile(times, 0.5) * 1000 for label, times in zip(labels, seconds, strict=True)}


def table(paths, seconds, counted, requests):
    rates, p50 = rates_and_medians(paths, seconds)
    rows = []
    for label, path in paths.items():
        child = label.replace("grandchild", "child")
        ratio = f"{rates[label] / rates[child]:.2f}x" if label != child else "1.00x"
        rows.append([f"{label} ({path.split('?')[0]})", f"{rates[label]:.0f}", f"{p50[label]:.2f}", ratio])
    header = ["request", "req/s, in process", "p50 ms", "req/s ratio to the child's"]
    title = (
        f"Tree: Note scaffolded under Task, read against Task itself; {requests} requests each, alternating,"
        " after a warm-up, in process (Flask's test client), 20 rows a page:"
    )
    sizes = ", ".join(
        f"{label} at {size:,} {'note' if size == 1 else 'notes'}: {count}"
        for (label, size), count in sorted(counted.items(), key=lambda item: (item[0][0], item[0][1]))
    )
    return f"{title}\n\n{markdown_table(header, rows)}\n\nSQL statements per request of the grandchild's {sizes}."


if __name__ == "__main__":
    project, database_url, auth, requests, media_type = sys.argv[1:]
    print(run(Path(project), database_url, auth, int(requests), media_type))
