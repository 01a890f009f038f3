"""The template's benchmark: a baked project against a hand-written Flask app.

    python -m bench                    # nine alternating rounds of 1 s per endpoint; prints the tables
    python -m bench --write-results    # make bench: the same, and records them in bench/RESULTS.md
    python -m bench --quick            # a smoke run in seconds: the numbers are only indicative
    python -m bench --no-depth         # leaves out the depth table (its million rows take a while)
    python -m bench --no-tree          # leaves out the tree table (a scaffolded grandchild against the child)
    python -m bench --no-references    # leaves out the references table (a child with a reference and a many-to-many)
    python -m bench --no-workspaces    # leaves out the workspaces table (a user's lists among other accounts' rows)
    python -m bench --workspaces-only --write-results   # measures only it, and replaces only it in RESULTS.md
    python -m bench.profile "GET child list" HAL   # where one row's time goes: cProfile's top (bench/profile.py)
    python -m bench.profile "GET child" Siren --not-modified   # the same for its 304 (If-None-Match)

Run from the template's root.  It bakes the default project (TaskBoard and
Task, the title indexed for sorts with ``^``) serving all four
representations (Siren, HAL, JSON:API and plain JSON) with the chosen auth (default token) and database (default sqlite)
into build/bench/, fills a fresh database (on postgresql, a
throwaway cluster as the test-suite starts: tests/postgres.py), and serves it
three times under gunicorn with one sync worker: as the baked API, as the
hand-written Flask + Flask-SQLAlchemy app in bench/handwritten.py, and as
its plain variant, an app as a user writes one without the template (rows
with their URL and a next link, nothing else); with basic auth neither
checks credentials.  It prints SQL statements and bytes per request, and
for each collection (the parents, the children, one parent's children, the
same sorted by title descending, and that parent with its first page of
them) in each representation, and for POST child, the requests per second
and p50/p99 latency with the ratio generated / hand-written, and the
throughput's ratio to the plain app's (see bench/compare.py).  The hand-written app pages
by keyset as the generated API does, and with token auth checks the same
kind of signed token and loads the user.

After the load it sends 20,000 mixed requests (2,000 with --quick) to the
generated API's worker and prints its resident memory after the first tenth
and at the end (target: at most 1.1x).  Then the conditional table
(bench/conditional.py), measured in process on the same database before the
servers start: a child, the parent with its first page of children, the
child list and that list with ``include``, each in every representation,
answered 200 against the same GET with If-None-Match naming its ETag,
answered 304 (500 requests each, 30 with --quick); target: the 304 at least
1.2x the 200's requests per second for an item, 1.4x for a page, none with
``include`` (whose tag is a digest of the formatted body).  Then, unless
--no-depth, the depth table (bench/depth.py): in a second database, one parent's child list, its
first page against its middle and deepest pages by cursor, with 1,000,
100,000 and 1,000,000 children (1,000 and 20,000 with --quick; --depth-sizes
to choose), timed in process; target: each at most 1.5x the first; the
sorted depth table, the same list sorted by the title descending: its first
page at most 1.2x the unsorted one, its middle and deepest pages at most
1.5x its first; and the search table (bench/search.py): the first page of the 100,000 children's
list (20,000 with --quick) found by ``filter[q]=words``, a word every row
holds, two, a word of one row and of none, against the page without a search.  Then,
unless --no-tree, the tree table (bench/tree.py): a second bake into which
``flask scaffold`` adds Note under Task, a grandchild's item and list
against the child's, timed in process, with the grandchild's SQL
statements at 1 and 500 rows.  Then, unless --no-references, the references
table (bench/references.py): into the same second bake ``flask scaffold``
adds Chore and Ticket beside Task with Task's fields, Milestone beside them
and Label at the top, and ``flask add-fields`` gives Ticket
``milestone:ref(Milestone)? labels:refs(Label)``; a ticket's item with the
milestone and 5 labels, and one with 500 labels, against a chore's (a child
without references), timed in process, with the SQL statements of the
ticket's item at 5 and 500 labels and of the ticket list filtered by a label.
Then, with sign-in (basic or token auth) and unless --no-workspaces, the
workspaces table (bench/workspaces.py), in process on the first bake: user
A's shared workspace of 20 parents, user B a member of it, read alone and
among 1,000 other accounts' personal workspaces of 20 parents each (100 with
--quick; --workspace-accounts to choose), A's and B's parent lists, B's child
list filtered by a parent, that parent and B's child list, each with its
ratio among / alone (target: at least 0.9x, as a list that reads the user's
rows through its indexes pays no scan of the others'), B's list against A's,
the SQL statements of each, and the plans of B's parent list and child list.
--workspaces-only measures that table alone, and --write-results then puts
it in place of the one in its section, with its own line of when and where.

Timings vary from machine to machine and run to run: compare the ratios of
one run.  The exit status is 1 if a request fails or a server does not start.
"""

import argparse
import datetime
import importlib.util
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parent.parent
RESULTS = TEMPLATE / "bench" / "RESULTS.md"
# The default bake serves Siren and HAL; the bench's serves JSON:API and plain JSON too.
ALL_ADAPTERS = {"adapter_jsonapi": "yes", "adapter_json": "yes"}
# --media-type's choices, and the representation each names (compare.MEDIA_TYPES).
MEDIA_TYPE_NAMES = {"siren": "Siren", "hal": "HAL", "jsonapi": "JSON:API", "json": "JSON"}
RESULTS_INTRO = """\
# Benchmark results

Written by `make bench` (`python -m bench --write-results`, see `bench/__main__.py`): the default
bake with all four representations against a hand-written Flask + Flask-SQLAlchemy app serving the
same pages with the same fields and links as plain JSON, and against a plain app as a user writes
one without the template (the same app, rows with their URL and a next link, nothing else),
each under gunicorn with one sync worker, on a data set of 50 parents with 20 children each and one
with 5,000; the hand-written app pages by keyset and, with token auth, checks the same signed tokens
and shows each user only their rows, as the generated API does.
Each section also gives the generated API's worker memory after a tenth of 20,000 mixed requests and
after all of them; the conditional table: a child, a parent with its first page of children, the child
list and that list with `include`, in every representation, each answered 200 against the same GET with
`If-None-Match` naming its ETag answered 304, in process on the same database; the depth table: a
parent's first page of children against its middle and deepest pages, by cursor, at 1,000, 100,000 and
1,000,000 children, in process; the sorted depth table: the same list sorted by the title (declared with
`^`) descending, its first page against the unsorted one and its middle and deepest pages against its
first; and the search table: the first page of the 100,000 children's list found by `filter[q]=words`
against the page without a search; and, on a second bake extended with `flask scaffold` and
`flask add-fields`, the tree table: a grandchild (Note under Task) against the child, and the references table:
a child with a reference and a many-to-many (Ticket, with a Milestone and 5 or 500 Labels) against one
without (Chore, with the same fields), both in process with their SQL statements per request at a few
and at 500 related rows. With sign-in, the workspaces table: a user's and a workspace member's lists
among 20,000 parents of 1,000 other accounts against the same lists with no other rows, in process, with
the SQL statements per request and the plans of the member's parent list and whole child list (`python -m bench
--workspaces-only --write-results` measures it alone and replaces only it, under a line of its own
run). Each run replaces the section of its database and auth and keeps the others. Ratios are generated /
hand-written (the 304's requests per second to the 200's in the conditional table, to the first page in
the depth table, to the child in the tree and references tables, to the same request with no other
accounts' rows in the workspaces table);
timings vary from machine to machine and run to run, so compare the ratios of one run. The load
table has a row for each collection (the parents, the children, one parent's children, the same
sorted by title descending, and that parent with its first page of them) in each representation,
and one for POST child. The targets: every GET row at least 0.9x, with no auth and with token auth;
POST child at least 0.9x with no auth and 0.8x with token auth; p99 at most 1.5x everywhere; and
every GET in plain JSON at least 0.85x the plain app's throughput. A 304 aims for at least 1.2x its 200's
throughput for an item and 1.4x for a page.
"""


# What starts the workspaces table in a section (its title, bench/workspaces.py), or the line before it when it
# was measured on its own (--workspaces-only).
WORKSPACES_MARK = "Workspaces"
WORKSPACES_ALONE = f"{WORKSPACES_MARK} table measured on its own (python -m bench --workspaces-only): "


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.partition("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round: checks that it all works")
    parser.add_argument("--auth", choices=["none", "basic", "token"], default="token", help="default: token")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite", help="default: sqlite")
    parser.add_argument("--duration", type=float, help="seconds per run (default 1, quick 0.3)")
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 9, quick 1)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (default 2)")
    parser.add_argument(
        "--media-type",
        choices=list(MEDIA_TYPE_NAMES),
        default="siren",
        help="what POST child, the memory, depth and tree tables ask for (each GET is loaded in all four)",
    )
    parser.add_argument("--build-dir", type=Path, default=TEMPLATE / "build" / "bench", help="where to bake")
    parser.add_argument("--write-results", action="store_true", help="record the tables in bench/RESULTS.md")
    parser.add_argument("--no-depth", dest="depth", action="store_false", help="leave out the depth table")
    parser.add_argument("--no-tree", dest="tree", action="store_false", help="leave out the tree table")
    parser.add_argument(
        "--no-references", dest="references", action="store_false", help="leave out the references table"
    )
    parser.add_argument(
        "--no-workspaces", dest="workspaces", action="store_false", help="leave out the workspaces table"
    )
    parser.add_argument(
        "--workspaces-only",
        action="store_true",
        help="measure only the workspaces table; --write-results then replaces only it in its section",
    )
    parser.add_argument(
        "--workspace-accounts",
        type=int,
        help="other accounts in the workspaces table, 20 parents each (default 1000, quick 100)",
    )
    parser.add_argument(
        "--depth-sizes",
        type=lambda value: [int(size) for size in value.split(",")],
        help="children per parent in the depth table (default 1000,100000,1000000; quick 1000,20000)",
    )
    parser.add_argument("--depth-requests", type=int, help="timed requests per page (default 200, quick 30)")
    parser.add_argument(
        "--memory-requests", type=int, help="mixed requests for the memory line (default 20000, quick 2000)"
    )
    options = parser.parse_args(argv)
    # Many short rounds rather than a few long ones: other work on the machine comes and goes, and
    # each round measures the hand-written app and the four representations within seconds.
    duration = options.duration or (0.3 if options.quick else 1.0)
    rounds = options.rounds or (1 if options.quick else 9)
    depth_sizes = options.depth_sizes or ([1000, 20_000] if options.quick else [1000, 100_000, 1_000_000])
    depth_requests = options.depth_requests or (30 if options.quick else 200)
    memory_requests = options.memory_requests or (2000 if options.quick else 20_000)
    in_process = 30 if options.quick else 500  # timed requests per row of the tree, references, workspaces tables
    workspace_accounts = options.workspace_accounts or (100 if options.quick else 1000)
    if options.auth == "none" and options.workspaces_only:
        parser.error("--workspaces-only: the workspaces table needs sign-in (--auth basic or token)")
    # Turn a SIGTERM into SystemExit, so that the servers and the cluster are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    load_before = os.getloadavg()[0]  # other work on the machine skews the timings
    project = bake(options.build_dir, auth=options.auth, database=options.database, child_fields=CHILD_FIELDS)
    sys.path.insert(0, str(project))
    from . import compare  # imports the baked package

    media_type = compare.MEDIA_TYPES[MEDIA_TYPE_NAMES[options.media_type]]
    with tempfile.TemporaryDirectory(prefix="bench-") as directory, databases(options.database, directory) as url:
        try:
            tables, only = [], options.workspaces_only  # only: none of the other tables
            if not only:
                database, load_tables = compare.run(
                    project,
                    url("bench"),
                    options.auth,
                    duration,
                    rounds,
                    options.concurrency,
                    media_type,
                    memory_requests,
                    in_process,
                )
                tables.append(load_tables)
            if options.depth and not only:
                from . import depth

                tables.append(depth.run(project, url("depth"), options.auth, depth_sizes, depth_requests, media_type))
            modules = [module for module in ("tree", "references") if getattr(options, module) and not only]
            scaffolded = scaffolded_bake(options) if modules else None
            for module in modules:
                tables.append(in_process_table(module, scaffolded, url(module), options.auth, in_process, media_type))
            if options.workspaces and options.auth != "none":  # no workspaces without sign-in
                from . import workspaces

                database, table = workspaces.run(
                    project, url("alone"), url("among"), options.auth, workspace_accounts, in_process, media_type
                )
                tables.append(table)
        except (compare.BenchError, ValueError, subprocess.CalledProcessError) as error:
            print(f"FAILED: {error}", file=sys.stderr)
            return 1

    heading = f"## {'SQLite' if options.database == 'sqlite' else 'PostgreSQL'}, {compare.auth_name(options.auth)}"
    described = describe_run(database, options.auth, load_before)
    if options.workspaces_only:  # a part of the section: its heading and the rest of it stay as they were
        section = f"{WORKSPACES_ALONE}{described}\n\n{tables[0]}\n"
    else:
        section = f"{heading}\n\n{described}\n\n" + "\n\n".join(tables) + "\n"
    print(f"\n{section}")
    if options.write_results and options.quick:
        print("A --quick run's numbers are only indicative: bench/RESULTS.md is left as it is.", file=sys.stderr)
    elif options.write_results:
        write_results(heading, section, workspaces_only=options.workspaces_only)
        print(f"Written to {RESULTS.relative_to(TEMPLATE)}", file=sys.stderr)
    return 0


def bake(build_dir, **answers):
    """A fresh bake of the default project, serving all four representations, with ``answers`` in ``build_dir``.

    Returns its directory.
    """
    shutil.rmtree(build_dir, ignore_errors=True)
    answers = {**ALL_ADAPTERS, **answers}
    print(f"Baking {answers} into {build_dir}", file=sys.stderr)
    return Path(cookiecutter(str(TEMPLATE), no_input=True, output_dir=str(build_dir), extra_context=answers))


# What the second bake adds with the project's own commands, in order: Note under Task (the tree
# table); Chore and Ticket, siblings of Task with its fields (and, unlike Task now, no children),
# Milestone beside them and Label at the top, then a reference and a many-to-many on Ticket (the
# references table).
# The default child's fields, its title indexed for sorts (^): the sorted rows sort by it.
CHILD_FIELDS = "title:string(50)^ description:text completed:boolean=false"
SCAFFOLDED = (
    ("scaffold", "Note", "--parent", "Task", "body:text"),
    ("scaffold", "Chore", "--parent", "TaskBoard", CHILD_FIELDS),
    ("scaffold", "Ticket", "--parent", "TaskBoard", CHILD_FIELDS),
    ("scaffold", "Milestone", "--parent", "TaskBoard", "title:string(60)"),
    ("scaffold", "Label", "name:string(30)"),
    ("add-fields", "Ticket", "milestone:ref(Milestone)? labels:refs(Label)"),
)


def scaffolded_bake(options):
    """A second bake into which ``flask scaffold`` and ``flask add-fields`` add SCAFFOLDED.

    Returns its directory and the environment its commands and measurements run in.
    """
    project = bake(
        options.build_dir.with_name(options.build_dir.name + "-tree"),
        auth=options.auth,
        database=options.database,
        child_fields=CHILD_FIELDS,
    )
    environment = {**os.environ, "SECRET_KEY": "bench", "PYTHONPATH": os.pathsep.join([str(project), str(TEMPLATE)])}
    for command in SCAFFOLDED:
        output([sys.executable, "-m", "flask", "--app", "todo_api", *command], project, environment)
    return project, environment


def in_process_table(module, scaffolded, database_url, auth, requests, media_type):
    """The table ``bench.<module>`` (tree.py, references.py) prints, measured on the second bake in its own process."""
    project, environment = scaffolded
    measure = [sys.executable, "-m", f"bench.{module}", str(project), database_url, auth, str(requests), media_type]
    return output(measure, TEMPLATE, environment).strip()


def output(command, directory, environment):
    """What ``command`` printed; if it fails, CalledProcessError, after passing on its error output."""
    process = subprocess.run(command, cwd=directory, env=environment, capture_output=True, text=True)
    if process.returncode:
        sys.stderr.write(process.stderr)
    process.check_returncode()
    return process.stdout


@contextmanager
def databases(kind, directory):
    """A function of a name that returns the URL of a new, empty database of that name.

    A file in ``directory``, or a database on a throwaway PostgreSQL cluster.
    """
    if kind == "sqlite":
        yield lambda name: "sqlite:///" + os.path.join(directory, f"{name}.sqlite3")
        return
    # The test-suite's module, imported by path: tests/ is no package.
    spec = importlib.util.spec_from_file_location("postgres", TEMPLATE / "tests" / "postgres.py")
    postgres = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(postgres)
    if not postgres.available():
        raise SystemExit(f"No PostgreSQL server binaries in {postgres.PG_BIN} (set PG_BIN)")
    with postgres.throwaway_cluster() as cluster:
        yield cluster.create_database


def describe_run(database, auth, load_before):
    """When, where and on what the run was made, and how busy the machine was when it started."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"Run on {datetime.date.today().isoformat()}, template {template_revision()}: {cores} cores,"
        f" {memory:.0f} GiB memory, {platform.system()} {platform.machine()}, Python {platform.python_version()},"
        f" {database}, auth {auth}; load average {load_before:.2f} when it started."
    )


def template_revision():
    """The template's commit, marked "+ changes" when files other than the results differ from it."""

    def git(*arguments):
        command = ["git", "-C", str(TEMPLATE), *arguments]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", f":!{RESULTS.relative_to(TEMPLATE)}")
    return f"{commit} + changes" if changed else commit


def write_results(heading, section, workspaces_only=False):
    """Replace the section under ``heading`` in RESULTS.md, or add it, keeping the other sections.

    With ``workspaces_only``, ``section`` is the workspaces table measured on
    its own: it replaces that table (the section's last) and keeps the rest.
    """
    sections = {}
    if RESULTS.exists():
        for part in RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]:
            sections["## " + part.partition("\n")[0]] = "## " + part.rstrip("\n") + "\n"
    if workspaces_only:
        kept = sections.get(heading, heading).rstrip("\n")
        # The table's title, or the line before it when it was measured on its own, both start so.
        start = kept.find(f"\n\n{WORKSPACES_MARK}")
        section = kept[: None if start < 0 else start] + "\n\n" + section
    sections[heading] = section
    RESULTS.write_text("\n".join([RESULTS_INTRO, *sections.values()]), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
