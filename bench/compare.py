"""The comparison itself: the baked API (package todo_api) against ``handwritten.py`` on one database.

``run`` fills the database (50 parents with 20 children each, and one with
5,000), counts SQL statements and response bytes per request in this process
through Flask's test client, then serves both apps on loopback, each under
gunicorn with one sync worker, and drives each endpoint on both in turn with a
small threaded ``http.client`` load generator, alternating which goes first.
Then it sends a mix of requests to the generated API's worker and reads its
resident memory (VmRSS) after the first tenth of them and at the end: it
should stay flat.  It returns the tables as Markdown.  The baked project must be on ``sys.path``.
"""

import base64
import http.client
import itertools
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert, select, text
from todo_api import create_app, models

from . import handwritten

TEMPLATE = Path(__file__).resolve().parent.parent
Parent, Child, db = models.TaskBoard, models.Task, models.db
PREFIX = "/api"
PARENTS, CHILDREN, ADD_CHILD = f"{PREFIX}/taskboard/", f"{PREFIX}/task/", "addtask/"
NEW_CHILD = {"title": "Benchmark", "description": "Something to measure", "completed": False}
# The bake's representations (the default two, and JSON:API and plain JSON), in its order: the first
# answers clients that accept anything.
MEDIA_TYPES = {
    "Siren": "application/vnd.siren+json",
    "HAL": "application/hal+json",
    "JSON:API": "application/vnd.api+json",
    "JSON": "application/json",
}

SMALL_PARENTS, CHILDREN_EACH, LARGE_PARENT_CHILDREN = 50, 20, 5000
GENERATED_APP = "todo_api:create_app()"
HANDWRITTEN_APP = "bench.handwritten:create_app()"
PLAIN_APP = "bench.handwritten:create_app(plain=True)"
# The apps the generated API is measured against: like for like, and as a user writes one (handwritten.py).
BASELINES = {"hand-written": HANDWRITTEN_APP, "plain": PLAIN_APP}
SECRET_KEY = secrets.token_hex(32)  # for this run only
# The hand-written app logs nothing per request: neither does the generated one here.
SETTINGS = {"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "WARNING"}
EMAIL, PASSWORD = "bench@example.com", secrets.token_hex(16)
# The endpoints the load drives: each GET in every representation, POST child in the chosen one.
LOADED_GETS = ("GET parent list", "GET child list", "GET filtered list", "GET sorted list", "GET parent")
LOADED_POST = "POST child"
# The throughput the generated API aims for on each endpoint, relative to the hand-written app, by auth;
# basic auth has none, as the hand-written app checks no password.  And its p99 latency, everywhere.
TARGET_THROUGHPUT = {
    "none": {**dict.fromkeys(LOADED_GETS, 0.9), LOADED_POST: 0.9},
    "token": {**dict.fromkeys(LOADED_GETS, 0.9), LOADED_POST: 0.8},
}
TARGET_P99 = 1.5
# Every GET in plain JSON against the plain app, with any auth.
TARGET_PLAIN = 0.85
# A worker's resident memory after all the mixed requests, relative to after the first tenth of them.
TARGET_MEMORY = 1.1


class BenchError(Exception):
    """A request failed or a server did not start: the run has no valid numbers."""


def run(project, database_url, auth, duration, rounds, concurrency, media_type, memory_requests, in_process):
    """Measure; returns (the database's name and version, the tables and their notes as Markdown).

    The conditional table (bench/conditional.py) times ``in_process`` requests of each of its GETs.
    """
    from . import conditional  # which imports this module

    started = time.perf_counter()
    ids, database = build_database(project, database_url, auth)
    print(
        f"Database: {database}, {SMALL_PARENTS} parents x {CHILDREN_EACH} children and one parent"
        f" with {LARGE_PARENT_CHILDREN:,} ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    requests = census_requests(ids)
    hand_headers = ids["headers"] if auth == "token" else {}
    census = {
        name: count_statements(
            handwritten.create_app(database_url, auth, SECRET_KEY, plain=name == "plain"), requests, None, hand_headers
        )
        for name in BASELINES
    }
    generated = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    for name, media in MEDIA_TYPES.items():
        census[name] = count_statements(generated, requests, media, ids["headers"])
    conditional_gets = conditional.run(
        generated.test_client(), conditional.requests_of(ids), MEDIA_TYPES, ids["headers"], in_process
    )
    with generated.app_context():
        db.engine.dispose()

    with tempfile.TemporaryFile("w+") as log, Servers(project, database_url, auth, log) as servers:
        try:
            ports = {name: servers.start(app) for name, app in BASELINES.items()}
            ports["generated"] = servers.start(GENERATED_APP)
        except BenchError as error:
            log.seek(0)
            raise BenchError(f"{error}\n{log.read()}") from None
        results = measure(ids, ports, media_type, duration, rounds, concurrency, hand_headers)
        worker = worker_pid(servers.pids[ports["generated"]])
        memory = memory_growth(ids, ports["generated"], worker, media_type, memory_requests, concurrency)

    setup = (
        f"Load: {concurrency} client threads, {rounds} alternating round(s) of {duration:g} s per endpoint"
        f" and server or representation, each server a gunicorn sync worker; each GET in every"
        f" representation, {LOADED_POST} in {media_type}."
    )
    tables = [census_table(requests, census), setup, *results_table(results, auth), memory_line(*memory)]
    tables.append(conditional_gets)
    return database, "\n\n".join(tables)


# The data set


def build_database(project, database_url, auth):
    """Create the schema with the project's migrations, register a user over the API and fill it.

    Returns the ids the requests use with the headers that sign the generated API's requests in,
    and the database's name and version.
    """
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=str(project / "migrations"))
        owner, headers = sign_in(app.test_client(), auth)
        db.session.execute(insert(Parent), [{"title": f"Board {n}", **owner} for n in range(SMALL_PARENTS + 1)])
        parent_ids = db.session.scalars(select(Parent.id).order_by(Parent.id)).all()
        small, large = parent_ids[:-1], parent_ids[-1]
        rows = [child_row(parent_id, n) for parent_id in small for n in range(CHILDREN_EACH)]
        rows += [child_row(large, n) for n in range(LARGE_PARENT_CHILDREN)]
        db.session.execute(insert(Child), rows)
        db.session.commit()
        with db.engine.connect() as connection:  # statistics, as the database would have them by the load
            connection.execute(text("ANALYZE"))
            connection.commit()
        child_id = db.session.scalar(select(Child.id).order_by(Child.id))
        # The row 20 before the end of the large parent's children: the page after it is the last full one.
        large_last = db.session.scalar(
            select(Child.id).where(Child.task_board_id == large).order_by(Child.id.desc()).offset(20).limit(1)
        )
        database = database_name(db.engine)
        db.engine.dispose()
    ids = {"small": small[0], "large": large, "child": child_id, "large_last": large_last, "headers": headers}
    return ids, database


def database_name(engine):
    """The name and version of the database of ``engine``, as the results give it: "sqlite 3.40.1"."""
    dialect = engine.dialect
    return f"{dialect.name} {'.'.join(map(str, dialect.server_version_info))}"


# The personal workspace of an account, where the rows the benchmark writes directly go.
PERSONAL_WORKSPACE = text("SELECT id FROM workspace WHERE personal_of_id = :account")


def sign_in(client, auth, email=EMAIL):
    """Register the benchmark's user (or another, by ``email``); returns what puts a parent in its workspace, and
    the headers that sign in.

    What puts a parent written directly in the user's personal workspace is
    the columns to insert with it: none for an open API.
    """
    if auth == "none":
        return {}, {}
    credentials = {"email": email, "password": PASSWORD}
    registered = checked(client.post(f"{PREFIX}/auth/register", json=credentials))
    with client.application.app_context():
        personal = db.session.scalar(PERSONAL_WORKSPACE, {"account": registered["id"]})
    owner = {"workspace_id": personal}
    if auth == "basic":
        return owner, {"Authorization": "Basic " + base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()}
    token = checked(client.post(f"{PREFIX}/auth/token", json=credentials))["access_token"]
    return owner, {"Authorization": f"Bearer {token}"}


def checked(response):
    if response.status_code >= 400:
        raise BenchError(
            f"{response.request.method} {response.request.path} answered {response.status_code}: {response.text}"
        )
    return json.loads(response.data)


def child_row(parent_id, number):
    return {
        "task_board_id": parent_id,
        "title": f"Task {number}",
        "description": "Something to do, described in a sentence or two.",
        "completed": number % 3 == 0,
    }


# Statements per request and payload sizes, through the test client


def census_requests(ids):
    """(label, method, path, body) of each request counted; the load uses all but GET child.

    Every collection: the parents, the children, the children of one parent
    (filtered), and that parent with its embedded first page of children.
    """
    return [
        ("GET parent list", "GET", PARENTS, None),
        ("GET child list", "GET", CHILDREN, None),
        # JSON:API's spelling of the filter, which every representation takes (a JSON:API request only it).
        ("GET filtered list", "GET", f"{CHILDREN}?filter%5Btask_board_id%5D={ids['large']}", None),
        ("GET sorted list", "GET", f"{CHILDREN}?filter%5Btask_board_id%5D={ids['large']}&sort=-title", None),
        ("GET parent", "GET", f"{PARENTS}{ids['large']}/", None),
        ("POST child", "POST", f"{PARENTS}{ids['small']}/{ADD_CHILD}", NEW_CHILD),
        ("GET child", "GET", f"{CHILDREN}{ids['child']}/", None),
    ]


def count_statements(app, requests, media_type, extra_headers):
    """{label: (statements, bytes)} for each request, counted on its second run."""
    with app.app_context():
        engine = db.engine
    statements = 0

    def count(*args):
        nonlocal statements
        statements += 1

    client = app.test_client()
    counts = {}
    event.listen(engine, "before_cursor_execute", count)
    try:
        for label, method, path, body in requests:
            for _ in range(2):
                statements = 0
                headers = {"Accept": media_type or "application/json", **extra_headers}
                response = client.open(path, method=method, json=body, headers=headers)
                checked(response)
            counts[label] = (statements, len(response.data))
    finally:
        event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counts


# Servers


class Servers:
    """gunicorn processes serving the project, each with one sync worker; stopped on exit."""

    def __init__(self, project, database_url, auth, log):
        self.project, self.log, self.processes, self.pids = project, log, [], {}
        path = os.pathsep.join(filter(None, [str(TEMPLATE), os.environ.get("PYTHONPATH")]))
        self.environment = {
            **os.environ,
            **SETTINGS,
            "DATABASE_URL": database_url,
            "PYTHONPATH": path,
            "BENCH_AUTH": auth,  # the hand-written app checks tokens as the generated API does
        }

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()  # gunicorn stops its worker on SIGTERM
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def start(self, app_spec):
        """Serve ``app_spec`` on a free loopback port; returns the port once it answers."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync", "--log-level"]
        command += ["warning", "--bind", f"127.0.0.1:{port}", "--chdir", str(self.project), app_spec]
        process = subprocess.Popen(command, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.pids[port] = process.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BenchError(f"gunicorn {app_spec} exited with status {process.returncode}")
            try:
                if fetch(port, "GET", PARENTS, None, {})[0] < 500:  # it answers (a 401 too)
                    return port
            except OSError:
                pass
            time.sleep(0.1)
        raise BenchError(f"gunicorn {app_spec} did not answer on port {port} within 30 s")


def fetch(port, method, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# Load


def measure(ids, ports, media_type, duration, rounds, concurrency, hand_headers):
    """{(label, server): (requests per second, sorted latencies)}, alternating the servers.

    ``server`` is a baseline ("hand-written", "plain"), or the name of the
    representation the generated API answers in (MEDIA_TYPES): each GET in
    every one, POST child in ``media_type``.  Each round drives the
    baselines and each representation in turn, in the reverse order every
    other round.
    Raises BenchError if any request fails.
    """
    totals = {}
    posting = {name for name, media in MEDIA_TYPES.items() if media == media_type}
    for label, method, path, body in census_requests(ids):
        if label not in (*LOADED_GETS, LOADED_POST):
            continue
        requests = {}
        for name in [*BASELINES, *(MEDIA_TYPES if method == "GET" else posting)]:
            headers = {"Connection": "close", "Accept": "application/json", **hand_headers}
            port = ports.get(name)
            if name not in BASELINES:
                headers.update(ids["headers"], Accept=MEDIA_TYPES[name])
                port = ports["generated"]
            if body is not None:
                headers["Content-Type"] = "application/json"
            requests[name] = (port, method, path, body and json.dumps(body), headers)
            load(*requests[name], duration=0.2, concurrency=1)  # warm up
        for number in range(rounds):
            for name in requests if number % 2 == 0 else reversed(requests):
                count, elapsed, latencies = load(*requests[name], duration, concurrency)
                previous = totals.get((label, name), (0, 0.0, []))
                totals[label, name] = (previous[0] + count, previous[1] + elapsed, previous[2] + latencies)
    return {key: (count / elapsed, sorted(latencies)) for key, (count, elapsed, latencies) in totals.items()}


def load(port, method, path, payload, headers, duration, concurrency):
    """Send requests from ``concurrency`` threads for ``duration`` seconds; (count, seconds, latencies)."""
    latencies, failures = [], []
    deadline = time.perf_counter() + duration

    def client():
        while time.perf_counter() < deadline and not failures:
            start = time.perf_counter()
            try:
                status, body = fetch(port, method, path, payload, headers)
            except OSError as error:
                failures.append(f"{method} {path}: {error}")
                break
            latencies.append(time.perf_counter() - start)
            if status >= 400:
                failures.append(f"{method} {path} answered {status}: {body[:200]!r}")

    start = time.perf_counter()
    run_clients(client, concurrency, failures)
    return len(latencies), time.perf_counter() - start, latencies


# Memory


def worker_pid(master):
    """The pid of the gunicorn worker: the child of ``master``."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == master:
                return int(entry.name)
    raise BenchError(f"no gunicorn worker under process {master}")


def resident_kib(pid):
    """The resident memory (VmRSS) of process ``pid`` in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchError(f"no VmRSS for process {pid}")


def memory_growth(ids, port, pid, media_type, total, concurrency):
    """(requests, KiB after a tenth of them, KiB after all): a mix of reads, writes and deep pages."""
    headers = {"Connection": "close", "Accept": media_type, **ids["headers"]}
    last = ids["large_last"]
    mix = [(method, path, body) for _, method, path, body in census_requests(ids)]
    mix.append(("GET", f"{CHILDREN}?filter%5Btask_board_id%5D={ids['large']}&page%5Bafter%5D={cursor(last)}", None))
    mix.append(("GET", f"{CHILDREN}?page%5Bsize%5D=100&page%5Bbefore%5D={cursor(last)}", None))
    requests = [
        (
            port,
            method,
            path,
            body and json.dumps(body),
            {**headers, **({"Content-Type": "application/json"} if body else {})},
        )
        for method, path, body in mix
    ]
    first = total // 10
    send(requests, first, concurrency)
    early = resident_kib(pid)
    send(requests, total - first, concurrency)
    return total, first, early, resident_kib(pid)


def send(requests, total, concurrency):
    """Send ``total`` requests, cycling through ``requests``, from ``concurrency`` threads."""
    numbers, lock, failures = itertools.count(), threading.Lock(), []

    def client():
        while not failures:
            with lock:
                number = next(numbers)
            if number >= total:
                return
            port, method, path, payload, headers = requests[number % len(requests)]
            try:
                status, body = fetch(port, method, path, payload, headers)
            except OSError as error:
                failures.append(f"{method} {path}: {error}")
                return
            if status >= 400:
                failures.append(f"{method} {path} answered {status}: {body[:200]!r}")

    run_clients(client, concurrency, failures)


def run_clients(client, concurrency, failures):
    """Run ``client`` in ``concurrency`` threads until each returns; a BenchError for the first failure."""
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchError(failures[0])


def alternating(client, paths, headers, requests):
    """Sorted seconds of ``requests`` requests to each of ``paths`` in process, alternating, after a warm-up.

    Alternating spreads the other work on the machine over all of them alike.
    """
    return alternating_gets([(client, path, headers) for path in paths], requests)


def alternating_gets(gets, requests, statuses=None):
    """Sorted seconds of ``requests`` GETs of each (test client, path, headers) of ``gets``, as ``alternating``.

    The clients may be of different apps, each on its own database.  Each
    answer must be a success, or with ``statuses`` the status of its GET
    there (a 304 has no body to check).
    """
    statuses = statuses or [None] * len(gets)
    for (client, path, headers), status in zip(gets, statuses, strict=True):
        for _ in range(max(5, requests // 10)):
            answered(client.get(path, headers=headers), status)
    seconds = [[] for _ in gets]
    for _ in range(requests):
        for (client, path, headers), status, times in zip(gets, statuses, seconds, strict=True):
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            times.append(time.perf_counter() - start)
            answered(response, status)
    return [sorted(times) for times in seconds]


def answered(response, status):
    """Raise BenchError unless ``response`` has ``status``, or when None is a success."""
    if status is None:
        if response.status_code >= 400:
            checked(response)
    elif response.status_code != status:
        raise BenchError(
            f"GET {response.request.path} answered {response.status_code}, not {status}: {response.data[:200]!r}"
        )


def rows_of(body):
    """The rows of a page of tasks in any representation: Siren's entities, HAL's, JSON:API's data or JSON's."""
    for rows in (body.get("entities"), body.get("_embedded", {}).get("task"), body.get("data")):
        if isinstance(rows, list):
            return rows
    rows = body.get("task", {}).get("task")
    if not isinstance(rows, list):
        raise ValueError(f"no page of tasks in {json.dumps(body)[:300]}")
    return rows


def cursor(row_id):
    """The cursor of a row, as the generated API's links carry it: its id."""
    return str(row_id)


def memory_line(total, first, early, late):
    ratio = late / early
    return (
        f"Memory: the generated API's gunicorn worker, resident (VmRSS), after {first:,} mixed requests"
        f" {early / 1024:.1f} MiB, after {total:,} {late / 1024:.1f} MiB: {ratio:.2f}x"
        f" (target at most {TARGET_MEMORY}x: {'met' if ratio <= TARGET_MEMORY else 'not met'})."
    )


# Tables


def markdown_table(header, rows):
    """A Markdown table with padded columns, the first left-aligned and the others right-aligned."""
    rows = [header, *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        for row in rows
    ]
    lines.insert(1, ["-" * widths[0], *("-" * (width - 1) + ":" for width in widths[1:])])
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def census_table(requests, census):
    names = list(census)
    header = ["request", *(f"statements, {name}" for name in names), *(f"bytes, {name}" for name in names)]
    rows = [
        [label, *(census[name][label][0] for name in names), *(f"{census[name][label][1]:,}" for name in names)]
        for label, *_ in requests
    ]
    title = "SQL statements per request (the second of two) and response bytes, in process (Flask's test client):"
    return f"{title}\n\n{markdown_table(header, rows)}"


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def results_table(results, auth):
    """The load table, a row per (endpoint, representation), and whether the targets were met with ``auth``.

    Each row sets the generated API in one representation against the
    hand-written app on the same endpoint, measured in the same rounds, and
    its throughput against the plain app's (handwritten.py, ``plain``).
    """
    targets = TARGET_THROUGHPUT.get(auth)
    header = ["endpoint, representation"]
    for quantity in ("req/s", "p50 ms", "p99 ms"):
        header += [f"{quantity}, hand-written", f"{quantity}, generated", "ratio"]
        if quantity == "req/s":
            header += ["req/s, plain", "ratio to plain"]
    header.append("target (req/s, p99)")
    rows, met, plain_met = [], True, True
    for label, name in results:
        if name in BASELINES:
            continue
        (hand_rate, hand_latencies), (rate, latencies) = results[label, "hand-written"], results[label, name]
        plain_rate = results[label, "plain"][0]
        row = [f"{label}, {name}", f"{hand_rate:.1f}", f"{rate:.1f}", f"{rate / hand_rate:.2f}x"]
        row += [f"{plain_rate:.1f}", f"{rate / plain_rate:.2f}x"]
        for fraction in (0.5, 0.99):
            hand, generated = percentile(hand_latencies, fraction) * 1000, percentile(latencies, fraction) * 1000
            row += [f"{hand:.1f}", f"{generated:.1f}", f"{generated / hand:.2f}x"]
        if targets is None:
            row.append("none")
        else:
            row.append(f">= {targets[label]}x, <= {TARGET_P99}x")
            met = met and rate / hand_rate >= targets[label] and generated / hand <= TARGET_P99  # the p99s
            if name == "JSON" and label in LOADED_GETS:
                plain_met = plain_met and rate / plain_rate >= TARGET_PLAIN
        rows.append(row)
    if targets is None:
        verdict = (
            f"No target with {auth_name(auth)}: the generated API checks a password hash on every request,"
            " the hand-written and plain apps check nothing."
        )
    else:
        verdict = (
            f"Targets with {auth_name(auth)}: the throughput ratio at least the endpoint's target and the p99 ratio"
            f" at most {TARGET_P99}x on every row: {'met' if met else 'not met'} in this run; every GET in plain"
            f" JSON at least {TARGET_PLAIN}x the plain app's throughput: {'met' if plain_met else 'not met'}."
        )
    return markdown_table(header, rows), verdict


def auth_name(auth):
    """How the tables name an auth choice: "no auth", "basic auth", "token auth"."""
    return "no auth" if auth == "none" else f"{auth} auth"
