"""The references table: a child with a reference and a many-to-many, read against a child without.

Run in a process of its own, on the tree table's bake (``__main__``), into
which ``flask scaffold`` adds ``Chore`` and ``Ticket`` under ``TaskBoard``
with the default child's fields, ``Milestone`` under ``TaskBoard`` and
``Label`` at the top, and ``flask add-fields`` gives Ticket
``milestone:ref(Milestone)? labels:refs(Label)`` (``python -m
bench.references PROJECT DATABASE_URL AUTH REQUESTS MEDIA_TYPE``); it prints
the table as Markdown.  The child without is Chore, not Task, which in that
bake embeds a page of its notes.  It fills one board with 500 chores, 500
tickets and a milestone, and 500 labels: one ticket has the milestone and 5
labels, another all 500 labels.  It counts the SQL statements of a chore's
item, the ticket's item at 5 and 500 labels and the ticket list filtered by
a label, then times in process (Flask's test client) the chore's item
against the two tickets', alternating, and gives each one's requests per
second and the ratio to the chore's.
"""

import sys
from pathlib import Path

from sqlalchemy import insert, update
from todo_api import models

from .compare import BenchError, alternating, checked, markdown_table
from .tree import filled, rates_and_medians, statements

BIG, FEW = 500, 5
CHILD, MANY = "GET child", f"GET child with a reference and {BIG} labels"
ROW = {"title": "Something", "description": "Something to do, described in a sentence or two.", "completed": False}


def run(project, database_url, auth, requests, media_type):
    client, engine, headers, ids = filled(project, database_url, auth, media_type, fill)
    paths = {
        CHILD: f"/api/chore/{ids['chore']}/",
        f"GET child with a reference and {FEW} labels": f"/api/ticket/{ids['few']}/",
        MANY: f"/api/ticket/{ids['many']}/",
    }
    counted = {
        "the chore's item": statements(client, engine, paths[CHILD], headers),
        **{
            f"the ticket's item at {size} labels": statements(client, engine, f"/api/ticket/{ticket}/", headers)
            for size, ticket in ((FEW, ids["few"]), (BIG, ids["many"]))
        },
        # JSON:API's spelling of a filter, which every representation takes (a JSON:API request only it).
        "the ticket list filtered by a label": statements(
            client, engine, f"/api/ticket/?filter%5Blabel_ids%5D={ids['shared_label']}", headers
        ),
    }
    # The ticket's ids as plain JSON gives them: all its labels, not a page of them.
    shown = checked(client.get(paths[MANY], headers={**headers, "Accept": "application/json"}))["ticket"]["label_ids"]
    if len(shown) != BIG:
        raise BenchError(f"GET {paths[MANY]} shows {len(shown)} labels of {BIG}")
    seconds = alternating(client, list(paths.values()), headers, requests)
    engine.dispose()
    return table(paths, seconds, counted, requests)


def fill(owner):
    """A board with BIG chores, BIG tickets and a milestone, and BIG labels; a ticket with FEW labels, one with BIG.

    The board and the labels are in the workspace ``owner`` gives.
    """
    session = models.db.session
    board = session.scalar(insert(models.TaskBoard).returning(models.TaskBoard.id), [{"title": "References", **owner}])
    rows = [{"task_board_id": board, **ROW} for _ in range(BIG)]
    chore = min(session.scalars(insert(models.Chore).returning(models.Chore.id), rows))
    tickets = sorted(session.scalars(insert(models.Ticket).returning(models.Ticket.id), rows))
    milestone = session.scalar(
        insert(models.Milestone).returning(models.Milestone.id), [{"task_board_id": board, "title": "Release"}]
    )
    labels = sorted(
        session.scalars(insert(models.Label).returning(models.Label.id), [{"name": "A label", **owner}] * BIG)
    )
    few, many = tickets[0], tickets[1]
    session.execute(update(models.Ticket).where(models.Ticket.id == few).values(milestone_id=milestone))
    links = [{"ticket_id": few, "label_id": label} for label in labels[:FEW]]
    session.execute(insert(models.ticket_labels), links + [{"ticket_id": many, "label_id": label} for label in labels])
    session.commit()
    return {"chore": chore, "few": few, "many": many, "shared_label": labels[0]}


def table(paths, seconds, counted, requests):
    rates, p50 = rates_and_medians(paths, seconds)
    rows = [
        [f"{label} ({path})", f"{rates[label]:.0f}", f"{p50[label]:.2f}", f"{rates[label] / rates[CHILD]:.2f}x"]
        for label, path in paths.items()
    ]
    header = ["request", "req/s, in process", "p50 ms", "req/s ratio to the child's"]
    title = (
        "References: Ticket and Chore scaffolded under TaskBoard with Task's fields, Ticket given"
        " milestone:ref(Milestone)? and labels:refs(Label) by flask add-fields, read against Chore;"
        f" {requests} requests each, alternating, after a warm-up, in process (Flask's test client):"
    )
    sizes = ", ".join(f"{label}: {count}" for label, count in counted.items())
    return f"{title}\n\n{markdown_table(header, rows)}\n\nSQL statements per request of {sizes}."


if __name__ == "__main__":
    project, database_url, auth, requests, media_type = sys.argv[1:]
    print(run(Path(project), database_url, auth, int(requests), media_type))
