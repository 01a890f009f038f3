"""The depth table: a list's first page against its last, as a parent's children grow.

For each size it adds a parent with that many children by bulk SQL (a
recursive CTE on SQLite, ``generate_series`` on PostgreSQL), runs ANALYZE,
and times in process, through Flask's test client and the baked app,
``GET /api/task/?task_board_id=P`` (the first page) against the same list
``after`` the cursor of the middle row and of the row ``count`` rows before
the end (the deepest full page), signed in as the parents' owner where auth
is on.  Keyset pagination should keep the ratios middle / first and deepest
/ first near 1 at any size.  The sorted depth table does the same for the
list sorted by the title descending (``sort=-title``: the bench bakes the
title with ``^``, an index on (task_board_id, title, id)), against its own
first page, and that first page against the unsorted one.  Then the search
table (bench/search.py) on one of those parents.  The baked project must be
on ``sys.path``.
"""

import json
import sys
import time

from flask_migrate import upgrade
from sqlalchemy import insert, select, text
from todo_api import create_app, models
from todo_api.hypermedia import pagination

from . import search
from .compare import CHILDREN, SETTINGS, alternating, checked, cursor, markdown_table, percentile, rows_of, sign_in

Parent, Child, db = models.TaskBoard, models.Task, models.db
PAGE_SIZE = 20  # the generated API's default count
TARGET_RATIO = 1.5
TARGET_SORTED_FIRST = 1.2  # a sorted first page against the unsorted one
SORT = "-title"
SEARCH_SIZE = 100_000  # the children of the parent the search table searches
DESCRIPTION = "Something to do, described in a sentence or two."
FILL = {
    "sqlite": (
        "INSERT INTO {table} (task_board_id, title, description, completed)"
        " WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < :size)"
        " SELECT :parent, 'Task ' || x, :description, x % 3 = 0 FROM n"
    ),
    "postgresql": (
        "INSERT INTO {table} (task_board_id, title, description, completed)"
        " SELECT :parent, 'Task ' || x, :description, x % 3 = 0 FROM generate_series(1, :size) AS x"
    ),
}


def run(project, database_url, auth, sizes, requests, media_type):
    """Measure each size; returns the table and its verdict, then the search table (bench/search.py), as Markdown.

    The search table takes the parent of the size nearest SEARCH_SIZE, once every size is filled.
    """
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    client = app.test_client()
    rows, sorted_rows, parents = [], [], {}
    with app.app_context():
        upgrade(directory=str(project / "migrations"))
        dialect = db.engine.dialect.name
    # Requests outside the app context, so that each has its own (and its own signed-in user).
    owner, headers = sign_in(client, auth)
    headers = {**headers, "Accept": media_type}
    for size in sizes:
        started = time.perf_counter()
        with app.app_context():
            parent, middle, last = fill(dialect, owner, size)
            sorted_middle, sorted_last = sorted_positions(parent, size)
            parents[size] = parent
            db.engine.dispose()  # the requests start on fresh connections, as a worker's would
        print(f"Depth: {size:,} children filled in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        # JSON:API's spellings, which every representation takes (a JSON:API request only them).
        first_path = f"{CHILDREN}?filter%5Btask_board_id%5D={parent}"
        paths = [first_path, *(f"{first_path}&page%5Bafter%5D={cursor(row)}" for row in (middle, last))]
        sorted_first = f"{first_path}&sort={SORT}"
        paths += [sorted_first, *(f"{sorted_first}&page%5Bafter%5D={at}" for at in (sorted_middle, sorted_last))]
        measured = timings(client, paths, headers, requests)
        rows.append((size, *measured[:3]))
        sorted_rows.append((size, measured[0], *measured[3:]))
    searched = min(sizes, key=lambda size: abs(size - SEARCH_SIZE))
    searches = search.run(client, headers, parents[searched], searched, requests)
    with app.app_context():
        db.engine.dispose()
    return f"{table(rows, requests)}\n\n{sorted_table(sorted_rows, requests)}\n\n{searches}"


def fill(dialect, owner, size):
    """A new parent (with the columns ``owner`` gives) with ``size`` children, inserted by the database itself.

    Returns its id, and the ids of the rows whose cursors lead to its middle and its deepest full page.
    """
    parent = db.session.execute(insert(Parent).returning(Parent.id), [{"title": f"Depth {size}", **owner}]).scalar()
    statement = text(FILL[dialect].format(table=Child.__tablename__))
    db.session.execute(statement, {"parent": parent, "size": size, "description": DESCRIPTION})
    db.session.commit()
    with db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    children = select(Child.id).where(Child.task_board_id == parent)
    middle = db.session.scalar(children.order_by(Child.id).offset(size // 2).limit(1))
    # The row PAGE_SIZE before the end: the page after its cursor is the last full one.
    last = db.session.scalar(children.order_by(Child.id.desc()).offset(PAGE_SIZE).limit(1))
    db.session.remove()
    return parent, middle, last


def sorted_positions(parent, size):
    """The cursors of the middle row and of the row PAGE_SIZE before the end, in the order SORT gives."""
    children = select(Child.title, Child.id).where(Child.task_board_id == parent)
    children = children.order_by(Child.title.desc(), Child.id.desc())
    cursors = []
    for offset in (size // 2, size - PAGE_SIZE - 1):
        title, row_id = db.session.execute(children.offset(offset).limit(1)).one()
        cursors.append(pagination.encode({"title": title, "id": row_id}))
    db.session.remove()
    return cursors


def timings(client, paths, headers, requests):
    """Sorted seconds of ``requests`` requests to each of ``paths``, alternating; each must answer a full page."""
    for path in paths:
        body = checked(client.get(path, headers=headers))
        if len(rows_of(body)) < PAGE_SIZE:
            raise ValueError(f"GET {path} did not answer a full page: {json.dumps(body)[:300]}")
    return alternating(client, paths, headers, requests)


def table(rows, requests):
    header = ["children", "first page p50 ms", "p90 ms", "middle page p50 ms", "p90 ms", "deepest page p50 ms"]
    header += ["p90 ms", "ratio middle p50", "ratio p50", "ratio p90"]
    lines, met = [], True
    for size, first, middle, deepest in rows:
        cells = [f"{size:,}"]
        for quantity in (first, middle, deepest):
            cells += [f"{percentile(quantity, 0.5) * 1000:.2f}", f"{percentile(quantity, 0.9) * 1000:.2f}"]
        ratios = [
            percentile(page, fraction) / percentile(first, fraction)
            for page, fraction in ((middle, 0.5), (deepest, 0.5), (deepest, 0.9))
        ]
        cells += [f"{ratio:.2f}x" for ratio in ratios]
        met = met and max(ratios[:2]) <= TARGET_RATIO
        lines.append(cells)
    title = (
        f"Depth: one parent's filtered child list (GET {CHILDREN}?task_board_id=P), its first page against the"
        f" pages after the cursors of its middle row and of the row {PAGE_SIZE} before the end (the deepest),"
        f" {requests} requests each, alternating, after a warm-up, in process (Flask's test client); the ratios"
        " are to the first page:"
    )
    verdict = (
        f"Target: the middle and the deepest page at most {TARGET_RATIO}x the first (p50) at every size:"
        f" {'met' if met else 'not met'} in this run."
    )
    return f"{title}\n\n{markdown_table(header, lines)}\n\n{verdict}"


def sorted_table(rows, requests):
    """The sorted depth table: sorted pages against the sorted first page, and that against the unsorted one."""
    header = ["children", "first page p50 ms", "sorted first p50 ms", "p90 ms", "sorted middle p50 ms", "p90 ms"]
    header += ["sorted deepest p50 ms", "p90 ms", "ratio sorted first", "ratio middle p50", "ratio deepest p50"]
    lines, met = [], True
    for size, first, sorted_first, middle, deepest in rows:
        cells = [f"{size:,}", f"{percentile(first, 0.5) * 1000:.2f}"]
        for quantity in (sorted_first, middle, deepest):
            cells += [f"{percentile(quantity, 0.5) * 1000:.2f}", f"{percentile(quantity, 0.9) * 1000:.2f}"]
        ratios = [percentile(sorted_first, 0.5) / percentile(first, 0.5)]
        ratios += [percentile(page, 0.5) / percentile(sorted_first, 0.5) for page in (middle, deepest)]
        cells += [f"{ratio:.2f}x" for ratio in ratios]
        met = met and ratios[0] <= TARGET_SORTED_FIRST and max(ratios[1:]) <= TARGET_RATIO
        lines.append(cells)
    title = (
        f"Sorted depth: the same list sorted by an indexed field, descending (GET {CHILDREN}?task_board_id=P"
        f"&sort={SORT}, the title declared with ^), its first page against the unsorted first page and its pages"
        f" after the cursors of its middle row and of the row {PAGE_SIZE} before its end, {requests} requests each,"
        " alternating with the table above's:"
    )
    verdict = (
        f"Target: the sorted first page at most {TARGET_SORTED_FIRST}x the unsorted one, its middle and deepest"
        f" pages at most {TARGET_RATIO}x its first (p50), at every size: {'met' if met else 'not met'} in this run."
    )
    return f"{title}\n\n{markdown_table(header, lines)}\n\n{verdict}"
