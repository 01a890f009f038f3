"""The search table: a list's first page found by ``q=words`` against the same page without a search.

It runs on one of the depth table's parents (bench/depth.py fills them: titles
"Task 1", "Task 2"... and one description, the same for every row), after its
ANALYZE, as a database whose statistics autovacuum keeps.  The words: one that
every row holds, two that every row holds, the number of one title (a row or
two) and one that no row holds.  On PostgreSQL the migrations index each text
field's trigrams (GIN, pg_trgm), and the planner reads a rare word's rows
through them and a common word's along the list's order; on SQLite a search
reads the parent's rows in order until it has a page, so that its cost grows
with the rows it passes over.
"""

from .compare import CHILDREN, alternating, checked, markdown_table, percentile, rows_of


def searches(size):
    """(what is searched, the words) for a parent with ``size`` children."""
    rare = str(size - 7)  # the number of one title: "Task 99993" among 100,000
    return [
        ("no search", None),
        ("a word of every row", "sentence"),
        ("two words of every row", "task sentence"),
        (f"a word of one row ({rare})", rare),
        ("a word of no row", "zqxj"),
    ]


def run(client, headers, parent, size, requests):
    """Time each search of the list of ``parent``'s ``size`` children; returns the table as Markdown."""
    first = f"{CHILDREN}?filter%5Btask_board_id%5D={parent}"
    rows = searches(size)
    paths = [first if words is None else f"{first}&filter%5Bq%5D={words.replace(' ', '+')}" for _, words in rows]
    found = [len(rows_of(checked(client.get(path, headers=headers)))) for path in paths]
    if not (found[0] == found[1] == found[2] > 0 and found[3] > 0 and found[4] == 0):
        raise ValueError(f"the searches found {found} rows on their first pages: not what the depth table filled")
    timings = alternating(client, paths, headers, requests)
    lines = []
    for (label, _), rows_found, seconds in zip(rows, found, timings, strict=True):
        p50, p90 = percentile(seconds, 0.5), percentile(seconds, 0.9)
        ratio = p50 / percentile(timings[0], 0.5)
        lines.append([label, rows_found, f"{p50 * 1000:.2f}", f"{p90 * 1000:.2f}", f"{ratio:.2f}x"])
    header = ["search (filter[q])", "rows on the page", "p50 ms", "p90 ms", "ratio p50 to no search"]
    title = (
        f"Search: the first page of one parent's child list (GET {CHILDREN}?filter[task_board_id]=P&filter[q]=words)"
        f" among its {size:,} children, {requests} requests each, alternating, after a warm-up, in process:"
    )
    return f"{title}\n\n{markdown_table(header, lines)}"
