"""The template's benchmark (bench/, make bench) keeps working: a quick run, its tables checked, never its timings."""

import re
import sys

from helpers import TEMPLATE, clean_environment, output_tail, run, write_user_config

REQUESTS = (
    "GET parent list",
    "GET child list",
    "GET filtered list",
    "GET sorted list",
    "GET parent",
    "POST child",
    "GET child",
)
REPRESENTATIONS = ("Siren", "HAL", "JSON:API", "JSON")
# A row for each collection in each representation, and POST child in the one the load asks for (Siren).
LOADED = (*(f"{label}, {name}" for label in REQUESTS[:5] for name in REPRESENTATIONS), "POST child, Siren")
# The baselines: like for like, and the plain app a user writes without the template (bench/handwritten.py).
BASELINES = ("hand-written", "plain")
APPS = (*BASELINES, *REPRESENTATIONS)
FIRST_COLUMN, TARGET_COLUMN = "endpoint, representation", "target (req/s, p99)"
# The conditional table's GETs, each answered 200 and 304 in every representation, with the 304's target.
CONDITIONAL_TARGETS = {
    "GET child": ">= 1.2x",
    "GET parent": ">= 1.2x",
    "GET child list": ">= 1.4x",
    "GET child list with include": "none",
}
TREE_REQUESTS = ("GET child", "GET grandchild", "GET child list", "GET grandchild list")
REFERENCES_REQUESTS = (
    "GET child",
    "GET child with a reference and 5 labels",
    "GET child with a reference and 500 labels",
)
WORKSPACES_REQUESTS = (
    "GET parent list, owner (A)",
    "GET parent list, member (B)",
    "GET filtered child list, member",
    "GET parent, member",
    "GET child list, member",
)
# Each measured column, alone and among the 2,000 parents of a quick run's 100 other accounts.
WORKSPACES_COLUMNS = ["req/s, alone", "req/s, among 2,000", "ratio", "p50 ms, alone", "p50 ms, among 2,000"]
# The member's lists whose statements the workspaces table gives with their plans, and the table each reads.
PLANNED = {"parent list": "task_board", "whole child list": "task"}


def markdown_tables(text):
    """Each Markdown table in ``text`` as {first cell: {column: cell}}."""
    tables, rows = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            header, _, *body = rows
            tables.append({row[0]: dict(zip(header, row, strict=True)) for row in body})
            rows = []
    return tables


def test_quick_benchmark_prints_its_tables(tmp_path):
    # The user config keeps cookiecutter's replay file in tmp_path.
    environment = clean_environment(COOKIECUTTER_CONFIG=str(write_user_config(tmp_path)))
    command = [sys.executable, "-m", "bench", "--quick", "--auth", "token", "--build-dir", tmp_path / "build"]
    process = run(command, cwd=TEMPLATE, env=environment, timeout=300)

    assert process.returncode == 0, output_tail(process)
    census, load, conditional, depth, sorted_depth, search, tree, references, workspaces = markdown_tables(
        process.stdout
    )
    assert tuple(census) == REQUESTS, process.stdout
    for label, row in census.items():
        # At most three statements whatever the size (token auth loads the user), the same in every representation.
        statements = {app: int(row[f"statements, {app}"]) for app in APPS}
        assert all(statements[baseline] >= 1 for baseline in BASELINES), (label, row)
        assert 1 <= statements["Siren"] <= 3, (label, row)
        assert all(statements[name] == statements["Siren"] for name in REPRESENTATIONS), (label, row)
        size = {app: int(row[f"bytes, {app}"].replace(",", "")) for app in APPS}
        assert all(size[app] > 0 for app in APPS), (label, row)
        # The plain app writes rows with their URL and a next link, nothing between rows: fewer bytes.
        assert size["plain"] < size["hand-written"] or label.startswith("POST"), (label, row)
    assert tuple(load) == LOADED, process.stdout
    for label, row in load.items():
        assert {"req/s, plain", "ratio to plain"} <= set(row), (label, row)
        measured = {column: cell for column, cell in row.items() if column not in (FIRST_COLUMN, TARGET_COLUMN)}
        assert all(float(cell.rstrip("x")) > 0 for cell in measured.values()), (label, row)
        # Token auth's targets: every GET at 0.9x the hand-written throughput, POST at 0.8x; p99 at most 1.5x.
        throughput = "0.8x" if label.startswith("POST") else "0.9x"
        assert row[TARGET_COLUMN] == f">= {throughput}, <= 1.5x", (label, row)
    verdict = (
        r"^Targets with token auth: .* on every row: (met|not met) in this run; every GET in plain JSON"
        r" at least 0\.85x the plain app's throughput: (met|not met)\.$"
    )
    assert re.search(verdict, process.stdout, re.M), process.stdout
    # The conditional table: each GET's 200 against its 304 (checked to answer 304 with no body) in every
    # representation, the 304's throughput against the 200's, and the target of each.
    assert tuple(conditional) == tuple(f"{label}, {name}" for label in CONDITIONAL_TARGETS for name in REPRESENTATIONS)
    for label, row in conditional.items():
        measured = ("bytes, 200", "req/s, 200", "req/s, 304", "ratio 304 / 200", "p50 ms, 200", "p50 ms, 304")
        assert all(float(row[column].rstrip("x").replace(",", "")) > 0 for column in measured), (label, row)
        assert row["target"] == CONDITIONAL_TARGETS[label.rpartition(", ")[0]], (label, row)
    verdict = (
        r"^Target: the 304 at least 1\.2x the 200's throughput for an item and 1\.4x for a page, in every"
        r" representation; none with include.*: (met|not met) in this run\.$"
    )
    assert re.search(verdict, process.stdout, re.M), process.stdout
    # The depth table: a row for each of the quick sizes, each with its ratios middle / first and deepest / first.
    assert tuple(depth) == ("1,000", "20,000"), process.stdout
    for label, row in depth.items():
        ratios = ("ratio middle p50", "ratio p50", "ratio p90")
        assert all(float(row[column].rstrip("x")) > 0 for column in ratios), (label, row)
    # The sorted depth table: the same sizes, the sorted first page against the unsorted one, and the sorted
    # middle and deepest pages against the sorted first.
    assert tuple(sorted_depth) == ("1,000", "20,000"), process.stdout
    for label, row in sorted_depth.items():
        ratios = ("ratio sorted first", "ratio middle p50", "ratio deepest p50")
        assert all(float(row[column].rstrip("x")) > 0 for column in ratios), (label, row)
    assert re.search(
        r"^Target: the sorted first page at most 1\.2x .*: (met|not met) in this run\.$", process.stdout, re.M
    )
    # The search table: on the 20,000 children's parent, each search's first page, with what it found.
    found = {label: int(row["rows on the page"]) for label, row in search.items()}
    assert found == {
        "no search": 20,
        "a word of every row": 20,
        "two words of every row": 20,
        "a word of one row (19993)": 1,
        "a word of no row": 0,
    }, process.stdout
    assert all(float(row["ratio p50 to no search"].rstrip("x")) > 0 for row in search.values()), process.stdout
    # The tree table: a scaffolded grandchild's item and list against the child's, and its statements at 1 and 500.
    assert [label.partition(" (")[0] for label in tree] == list(TREE_REQUESTS), process.stdout
    assert all(float(row["req/s ratio to the child's"].rstrip("x")) > 0 for row in tree.values()), process.stdout
    counts = re.search(r"SQL statements per request of the grandchild's (.*)\.$", process.stdout, re.M)
    assert counts, process.stdout
    found = {
        (kind, int(size)): int(count)
        for kind, size, count in re.findall(r"(item|list) at ([\d,]+) notes?: (\d+)", counts.group(1).replace(",", ""))
    }
    assert set(found) == {("item", 1), ("item", 500), ("list", 1), ("list", 500)}, counts.group(0)
    # As many at 500 rows as at 1, and as few as the child's: the row or the page, and the signed-in user.
    assert found[("item", 1)] == found[("item", 500)] <= 3 and found[("list", 1)] == found[("list", 500)] <= 3, found
    # The references table: a child with a reference and a many-to-many, at 5 and 500 labels, against one without.
    assert [label.partition(" (")[0] for label in references] == list(REFERENCES_REQUESTS), process.stdout
    assert all(float(row["req/s ratio to the child's"].rstrip("x")) > 0 for row in references.values()), process.stdout
    line = re.search(r"^SQL statements per request of the chore's item: .*\.$", process.stdout, re.M)
    assert line, process.stdout
    found = {name: int(count) for name, count in re.findall(r"(?:of |, )(the [^:]+): (\d+)", line.group(0))}
    item, few, many = "the chore's item", "the ticket's item at 5 labels", "the ticket's item at 500 labels"
    assert set(found) == {item, few, many, "the ticket list filtered by a label"}, line.group(0)
    # As many at 500 labels as at 5, the labels read in one statement more than the chore's; a page of tickets as few.
    assert found[few] == found[many] <= found[item] + 1, found
    assert found["the ticket list filtered by a label"] <= found[item] + 1, found
    # The memory line: the worker's resident memory after a tenth of the mixed requests and after all of them.
    memory = [line for line in process.stdout.splitlines() if line.startswith("Memory: ")]
    assert len(memory) == 1, process.stdout
    assert re.search(r"after 200 mixed requests [\d.]+ MiB, after 2,000 [\d.]+ MiB: [\d.]+x", memory[0]), memory
    # The workspaces table: A's and B's lists among 2,000 parents of 100 other accounts against the same alone.
    assert tuple(workspaces) == WORKSPACES_REQUESTS, process.stdout
    for label, row in workspaces.items():
        measured = {column: cell for column, cell in row.items() if column not in ("request", "SQL statements")}
        assert list(measured) == WORKSPACES_COLUMNS, (label, row)
        assert all(float(cell.rstrip("x")) > 0 for cell in measured.values()), (label, row)
        # As few statements among the others' rows as the census's: the signed-in user, the rows, the parent's page.
        assert 1 <= int(row["SQL statements"]) <= 3, (label, row)
    verdict = r"^Target: each request among the others' 2,000 parents at least 0\.9x .*: (met|not met) in this run\.$"
    assert re.search(verdict, process.stdout, re.M), process.stdout
    member = r"^The member's parent list against the owner's, in req/s: [\d.]+x alone, [\d.]+x among 2,000\.$"
    assert re.search(member, process.stdout, re.M), process.stdout
    # Each planned list's statement reads its table, and the database's plan of it follows.
    plans = re.findall(
        r"^The member's ([^\n]+) statement among the others' rows, and its plan \(EXPLAIN QUERY PLAN\):"
        r"\n\n```sql\n(.+?)\n```\n\n```\n(.+?)\n```$",
        process.stdout,
        re.M | re.S,
    )
    assert [what for what, _, _ in plans] == list(PLANNED), process.stdout
    for what, statement, plan in plans:
        assert re.search(rf"^FROM {PLANNED[what]}\b", statement, re.M), (what, statement)
        assert plan.strip(), (what, plan)
