"""The workspaces table: a user's lists among other accounts' rows, against the same lists alone.

Run in process on the benchmark's bake (token or basic auth), as the depth
table is.  Two databases: in each, user A owns a shared workspace of SHARED
parents, each with CHILDREN_EACH children, of which user B is a member (a
viewer: the row is written directly into ``member``); in the second,
``others`` more accounts (1,000 by default) each have a personal workspace
with OTHERS_EACH parents (20,000 in all) of OTHERS_CHILDREN children each,
all written directly with SQL.  It times in process (Flask's test client),
alternating across both databases, A's (the owner's) parent list and B's
(the member's) parent list, B's child list filtered by a parent, that parent
and B's whole child list, and gives each one's requests per second among
the others' rows against alone: a list that reads the user's rows through
the indexes (``workspace_id, id`` on the parents, ``account_id,
workspace_id`` on ``member``) stays near 1.0x however many rows others have.
It also gives the member's list against the owner's, the SQL statements of
each request, and the plans of the statements that read B's parent list and
B's whole child list as the database gives them (``EXPLAIN QUERY PLAN`` on
SQLite, ``EXPLAIN (COSTS OFF)`` on PostgreSQL).  The baked project must be
on ``sys.path``.
"""

import re
import sys
import time

from sqlalchemy import insert, literal, select, text
from todo_api import models

from .compare import (
    CHILDREN,
    EMAIL,
    PARENTS,
    alternating_gets,
    child_row,
    database_name,
    markdown_table,
    sign_in,
)
from .tree import executed, filled, rates_and_medians

Parent, Child, db = models.TaskBoard, models.Task, models.db
SHARED, CHILDREN_EACH = 20, 5  # the shared workspace's parents, and the children of each
OTHERS_EACH, OTHERS_CHILDREN = 20, 2  # each other account's parents, and the children of each
MEMBER_EMAIL = "member-" + EMAIL
OTHER_EMAIL = "other-{}@example.com"
TARGET_RATIO = 0.9  # each request among the others' rows, in req/s, against alone
OWNER_LIST, MEMBER_LIST = "GET parent list, owner (A)", "GET parent list, member (B)"
MEMBER_CHILDREN = "GET child list, member"
# The lists whose statements' plans are given, each with the table its page is read from.
PLANNED = {
    MEMBER_LIST: ("parent list", Parent.__tablename__),
    MEMBER_CHILDREN: ("whole child list", Child.__tablename__),
}
EXPLAIN = {"sqlite": "EXPLAIN QUERY PLAN ", "postgresql": "EXPLAIN (COSTS OFF) "}


def run(project, alone_url, among_url, auth, others, requests, media_type):
    """Measure; returns (the database's name and version, the table, the statements and their plans as Markdown)."""
    databases = {"alone": database_of(project, alone_url, auth, media_type, 0)}
    started = time.perf_counter()
    databases["among"] = database_of(project, among_url, auth, media_type, others)
    print(
        f"Workspaces: {others:,} other accounts with {others * OTHERS_EACH:,} parents filled"
        f" in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    gets = {name: requests_of(*database) for name, database in databases.items()}
    seconds = alternating_gets([get for name in gets for get in gets[name].values()], requests)
    labels = [(name, label) for name in gets for label in gets[name]]
    rates, p50 = rates_and_medians(labels, seconds)
    engine = databases["among"][1]
    counted = {
        label: executed(client, engine, path, headers) for label, (client, path, headers) in gets["among"].items()
    }
    plans = [plan_text(engine, what, *page_statement(counted[label], name)) for label, (what, name) in PLANNED.items()]
    for database in databases.values():
        database[1].dispose()
    tables = [table(list(gets["among"]), rates, p50, counted, others, requests), *plans]
    return database_name(engine), "\n\n".join(tables)


def database_of(project, database_url, auth, media_type, others):
    """The baked app on a new database with A's shared workspace and B in it, after ``others`` other accounts' rows.

    Returns its test client, its engine, the headers that sign A and B in, and the ids the requests use.
    """
    client, engine, owner_headers, ids = filled(
        project, database_url, auth, media_type, lambda owner: shared(owner, others)
    )
    member, member_headers = sign_in(client, auth, MEMBER_EMAIL)
    with client.application.app_context():
        workspace, member_table = db.metadata.tables["workspace"], db.metadata.tables["member"]
        account = db.session.scalar(select(workspace.c.personal_of_id).where(workspace.c.id == member["workspace_id"]))
        db.session.execute(
            insert(member_table), [{"workspace_id": ids["workspace"], "account_id": account, "role": "viewer"}]
        )
        db.session.commit()
        with db.engine.connect() as connection:  # statistics, as the database would have them by then
            connection.execute(text("ANALYZE"))
            connection.commit()
        db.session.remove()
        engine.dispose()  # the requests start on fresh connections, as a worker's would
    return client, engine, {"owner": owner_headers, "member": {**member_headers, "Accept": media_type}}, ids


def shared(owner, others):
    """``others`` other accounts' rows (``crowd``), then A's shared workspace of SHARED parents, A its owner.

    A is the account whose personal workspace ``owner`` names.  Each parent has
    CHILDREN_EACH children.  Returns the ids of the workspace, of its first
    parent and of its first child.  The others' rows come first, as in a
    database that had them before the workspace was made: they are before
    its rows in the order of the ids.
    """
    crowd(others)
    session, tables = db.session, db.metadata.tables
    workspace, member = tables["workspace"], tables["member"]
    account = session.scalar(select(workspace.c.personal_of_id).where(workspace.c.id == owner["workspace_id"]))
    shared_id = session.scalar(insert(workspace).returning(workspace.c.id), [{"name": "Shared"}])
    session.execute(insert(member), [{"workspace_id": shared_id, "account_id": account, "role": "owner"}])
    rows = [{"title": f"Shared {n}", "workspace_id": shared_id} for n in range(SHARED)]
    parents = sorted(session.scalars(insert(Parent).returning(Parent.id), rows))
    children = [child_row(parent, n) for parent in parents for n in range(CHILDREN_EACH)]
    child = min(session.scalars(insert(Child).returning(Child.id), children))
    session.commit()
    return {"workspace": shared_id, "parent": parents[0], "child": child}


def crowd(others):
    """``others`` accounts, each with its personal workspace (its owner) of OTHERS_EACH parents, written directly.

    Each parent has OTHERS_CHILDREN children.
    """
    if not others:
        return
    session, tables = db.session, db.metadata.tables
    account, workspace, member = tables["app_user"], tables["workspace"], tables["member"]
    emails = [{"email": OTHER_EMAIL.format(n), "password_hash": "!"} for n in range(others)]  # none signs in
    session.execute(insert(account), emails)
    theirs = account.c.email.like(OTHER_EMAIL.format("%"))
    session.execute(
        insert(workspace).from_select(["name", "personal_of_id"], select(account.c.email, account.c.id).where(theirs))
    )
    personal = workspace.c.name.like(OTHER_EMAIL.format("%"))
    session.execute(
        insert(member).from_select(
            ["workspace_id", "account_id", "role"],
            select(workspace.c.id, workspace.c.personal_of_id, literal("owner")).where(personal),
        )
    )
    workspaces = session.scalars(select(workspace.c.id).where(personal).order_by(workspace.c.id)).all()
    rows = [{"title": f"Board {n}", "workspace_id": id_} for id_ in workspaces for n in range(OTHERS_EACH)]
    session.execute(insert(Parent), rows)
    their_parents = select(Parent.id, literal("Task"), literal("To do."), literal(False)).where(
        Parent.workspace_id.in_(workspaces)
    )
    columns = ["task_board_id", "title", "description", "completed"]
    for _ in range(OTHERS_CHILDREN):
        session.execute(insert(Child).from_select(columns, their_parents))


def requests_of(client, engine, headers, ids):
    """{label: (test client, path, headers)} of each request timed, all but the first B's."""
    member = headers["member"]
    return {
        OWNER_LIST: (client, PARENTS, headers["owner"]),
        MEMBER_LIST: (client, PARENTS, member),
        # JSON:API's spelling of the filter, which every representation takes (a JSON:API request only it).
        "GET filtered child list, member": (client, f"{CHILDREN}?filter%5Btask_board_id%5D={ids['parent']}", member),
        "GET parent, member": (client, f"{PARENTS}{ids['parent']}/", member),
        MEMBER_CHILDREN: (client, CHILDREN, member),
    }


def page_statement(recorded, table_name):
    """The (statement, parameters) of ``recorded`` that reads the page: the last with a FROM of ``table_name``.

    The statement that loads the signed-in user comes before it; a subquery's FROM names another table.
    """
    reads = re.compile(rf"^FROM {table_name}\b", re.M)
    return next(statement for statement in reversed(recorded) if reads.search(statement[0]))


def plan(engine, statement, parameters):
    """The lines of the database's plan of ``statement`` with ``parameters``, as its driver took them."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(EXPLAIN[engine.dialect.name] + statement, parameters)
        return [row[-1] for row in cursor.fetchall()]  # SQLite's detail column; PostgreSQL's one
    finally:
        connection.close()


def table(labels, rates, p50, counted, others, requests):
    rows, met = [], True
    for label in labels:
        ratio = rates["among", label] / rates["alone", label]
        met = met and ratio >= TARGET_RATIO
        rows.append(
            [
                label,
                f"{rates['alone', label]:.0f}",
                f"{rates['among', label]:.0f}",
                f"{ratio:.2f}x",
                f"{p50['alone', label]:.2f}",
                f"{p50['among', label]:.2f}",
                len(counted[label]),
            ]
        )
    among = f"among {others * OTHERS_EACH:,}"
    header = ["request", "req/s, alone", f"req/s, {among}", "ratio", "p50 ms, alone", f"p50 ms, {among}"]
    header.append("SQL statements")
    title = (
        f"Workspaces: user A's shared workspace of {SHARED} parents with {CHILDREN_EACH} children each, B a member"
        f" (viewer); read alone, and among {others:,} other accounts' personal workspaces of {OTHERS_EACH} parents"
        f" each ({others * OTHERS_EACH:,}, with {OTHERS_CHILDREN} children each); {requests} requests each,"
        " alternating across both databases, after a warm-up, in process (Flask's test client); the ratio is"
        " among / alone, and the statements are per request among the others' rows:"
    )
    member = ", ".join(
        f"{rates[name, MEMBER_LIST] / rates[name, OWNER_LIST]:.2f}x {where}"
        for name, where in (("alone", "alone"), ("among", among))
    )
    verdict = (
        f"Target: each request among the others' {others * OTHERS_EACH:,} parents at least {TARGET_RATIO}x its"
        f" req/s alone (it scans none of their rows): {'met' if met else 'not met'} in this run."
    )
    return (
        f"{title}\n\n{markdown_table(header, rows)}\n\n{verdict}\n\n"
        f"The member's parent list against the owner's, in req/s: {member}."
    )


def plan_text(engine, what, statement, parameters):
    """The statement that reads B's ``what`` (its parent list, its child list) among the others' rows, and its plan."""
    command = EXPLAIN[engine.dialect.name].strip()
    sql = "\n".join(line.rstrip() for line in statement.strip().splitlines())
    plan_lines = "\n".join(plan(engine, statement, parameters))
    return (
        f"The member's {what} statement among the others' rows, and its plan ({command}):"
        f"\n\n```sql\n{sql}\n```\n\n```\n{plan_lines}\n```"
    )
