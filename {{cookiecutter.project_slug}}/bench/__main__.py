"""The generated API against a hand-written Flask app, on the same database.

    python -m bench           # make bench: three alternating rounds of 3 s per endpoint
    python -m bench --quick   # a smoke run in seconds: the numbers are only indicative

It builds a fresh SQLite database (50 parents with 20 children each, and one
with 5,000), then serves it twice on loopback, each under gunicorn with
one sync worker: the generated API, and the hand-written Flask +
Flask-SQLAlchemy app in ``bench/handwritten.py``.  A small threaded
``http.client`` load generator drives each endpoint on both servers in
turn, alternating which goes first, and the table gives requests per
second and p50/p99 latency, each as a ratio to the hand-written app.
SQL statements per request and payload sizes are counted in this process
through Flask's test client.

Timings vary from machine to machine and run to run: compare the ratios.
The exit status is 1 only if a request fails or a server does not start.
"""

import argparse
{%- if cookiecutter.auth == "basic" %}
import base64
{%- endif %}
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert, select

from {{ cookiecutter.package_name }} import create_app, models
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
{%- if cookiecutter.auth == "basic" %}
from {{ cookiecutter.package_name }}.auth import create_user
{%- elif cookiecutter.auth == "token" %}
from {{ cookiecutter.package_name }}.auth import create_user, issue_token
{%- endif %}

from . import handwritten

ROOT = Path(__file__).resolve().parent.parent
Parent = models.{{ cookiecutter.parent_resource }}
Child = models.{{ cookiecutter.child_resource }}
db = models.db

PARENTS = URL_PREFIX + "/{{ cookiecutter.__parent_url }}/"
CHILDREN = URL_PREFIX + "/{{ cookiecutter.__child_url }}/"
ADD_CHILD = "{{ cookiecutter.__add_child_url }}/"
FOREIGN_KEY = "{{ cookiecutter.__parent_fk }}"
CHILD_NAME = "{{ cookiecutter.__child_url }}"
NEW_CHILD = {"title": "Benchmark", "description": "Something to measure", "completed": False}
JSONAPI = "application/vnd.api+json"

SMALL_PARENTS, CHILDREN_EACH, LARGE_PARENT_CHILDREN = 50, 20, 5000
GENERATED_APP = "{{ cookiecutter.package_name }}:create_app()"
HANDWRITTEN_APP = "bench.handwritten:create_app()"
SECRET_KEY = secrets.token_hex(32)  # for this run only
# The hand-written app logs nothing per request: neither does the generated one here.
SETTINGS = {"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "WARNING"}
{%- if cookiecutter.auth != "none" %}
EMAIL, PASSWORD = "bench@example.com", secrets.token_hex(16)
{%- endif %}
# The throughput and p99 latency the generated API aims for, relative to the hand-written app.
TARGET_THROUGHPUT, TARGET_P99 = 0.7, 2.0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.partition("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round: checks that it all works")
    parser.add_argument("--duration", type=float, help="seconds per run (default 3, quick 0.3)")
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 3, quick 1)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (default 2)")
    parser.add_argument(
        "--media-type",
        choices=[adapter.extra_headers["Content-Type"] for adapter in ADAPTERS],
        default=ADAPTERS[0].extra_headers["Content-Type"],
        help="the representation the load asks the generated API for (default: the first adapter)",
    )
    options = parser.parse_args(argv)
    duration = options.duration or (0.3 if options.quick else 3.0)
    rounds = options.rounds or (1 if options.quick else 3)
    # Turn a SIGTERM into SystemExit, so that the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        database_url = "sqlite:///" + os.path.join(directory, "bench.sqlite3")
        started = time.perf_counter()
        ids = build_database(database_url)
        print(
            f"Database: {SMALL_PARENTS} parents x {CHILDREN_EACH} children, and one parent"
            f" with {LARGE_PARENT_CHILDREN:,} ({time.perf_counter() - started:.1f} s)"
        )
        requests = census_requests(ids)
        handwritten_app = handwritten.create_app(database_url)
        census = {"hand-written": count_statements(handwritten_app, requests, None, {})}
        generated = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
        for adapter in ADAPTERS:
            media_type = adapter.extra_headers["Content-Type"]
            census[media_type] = count_statements(generated, requests, media_type, ids["headers"])
        print_census(requests, census)

        servers = []
        log = open(os.path.join(directory, "gunicorn.log"), "w+")  # noqa: SIM115 (read on failure)
        try:
            hand_port = serve(servers, HANDWRITTEN_APP, database_url, log)
            generated_port = serve(servers, GENERATED_APP, database_url, log)
            results = measure(
                ids,
                {"hand-written": (hand_port, None), "generated": (generated_port, options.media_type)},
                duration,
                rounds,
                options.concurrency,
            )
        except ServerError as error:
            log.seek(0)
            print(f"{error}\n{log.read()}", file=sys.stderr)
            return 1
        finally:
            for process in servers:
                stop(process)
            log.close()

    print(
        f"\nLoad: {options.concurrency} client threads, {rounds} round(s) of {duration:g} s per endpoint"
        f" and server, each a gunicorn sync worker; the generated API in {options.media_type}"
    )
    return print_results(results)


# The data set


def build_database(database_url):
    """Create the schema with the migrations and fill it.

    Returns the ids the requests use, and the headers that sign the generated API's requests in.
    """
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
{%- if cookiecutter.auth == "none" %}
        parents = [{"title": f"Board {n}"} for n in range(SMALL_PARENTS + 1)]
        headers = {}  # this API is open
{%- else %}
        owner = create_user(EMAIL, PASSWORD)
        parents = [{"title": f"Board {n}", "owner_id": owner.id} for n in range(SMALL_PARENTS + 1)]
{%- endif %}
{%- if cookiecutter.auth == "basic" %}
        headers = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()}
{%- elif cookiecutter.auth == "token" %}
        token, _ = issue_token({"email": EMAIL, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token['access_token']}"}
{%- endif %}
        db.session.execute(insert(Parent), parents)
        parent_ids = db.session.scalars(select(Parent.id).order_by(Parent.id)).all()
        small, large = parent_ids[:-1], parent_ids[-1]
        rows = [child_row(parent_id, n) for parent_id in small for n in range(CHILDREN_EACH)]
        rows += [child_row(large, n) for n in range(LARGE_PARENT_CHILDREN)]
        db.session.execute(insert(Child), rows)
        db.session.commit()
        child_id = db.session.scalar(select(Child.id).order_by(Child.id))
        db.engine.dispose()
    return {"small": small[0], "large": large, "child": child_id, "headers": headers}


def child_row(parent_id, number):
    return {
        FOREIGN_KEY: parent_id,
        "title": f"Task {number}",
        "description": "Something to do, described in a sentence or two.",
        "completed": number % 3 == 0,
    }


# Statements per request and payload sizes, through the test client


def census_requests(ids):
    """(label, method, path, body) of each request counted; the load uses the first three."""
    return [
        ("GET parent", "GET", f"{PARENTS}{ids['large']}/", None),
        ("GET list", "GET", PARENTS, None),
        ("POST child", "POST", f"{PARENTS}{ids['small']}/{ADD_CHILD}", NEW_CHILD),
        ("GET child", "GET", f"{CHILDREN}{ids['child']}/", None),
        ("GET child list", "GET", f"{CHILDREN}?{FOREIGN_KEY}={ids['large']}", None),
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
                payload, content_type = encode(body, media_type)
                headers = {"Accept": media_type or "application/json", "Content-Type": content_type}
                headers.update(extra_headers)
                response = client.open(path, method=method, data=payload, headers=headers)
                if response.status_code >= 400:
                    raise SystemExit(f"{method} {path} answered {response.status_code}: {response.text}")
            counts[label] = (statements, len(response.data))
    finally:
        event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counts


def encode(body, media_type):
    if body is None:
        return None, None
    if media_type == JSONAPI:
        return json.dumps({"data": {"type": CHILD_NAME, "attributes": body}}), JSONAPI
    return json.dumps(body), "application/json"


def print_census(requests, census):
    print("\nSQL statements per request, and response bytes (in process, Flask test client)")
    columns = list(census)
    width = max(len(column) for column in columns) + 2
    print(f"{'':16}" + "".join(f"{column:>{width}}" for column in columns))
    for label, *_ in requests:
        cells = (f"{census[column][label][0]} / {census[column][label][1]:,}" for column in columns)
        print(f"{label:16}" + "".join(f"{cell:>{width}}" for cell in cells))


# Servers


class ServerError(Exception):
    pass


def serve(servers, app_spec, database_url, log):
    """Start ``app_spec`` under gunicorn on a free loopback port; return the port once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning", app_spec]
    environment = {**os.environ, **SETTINGS, "DATABASE_URL": database_url}
    process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    servers.append(process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn {app_spec} exited with status {process.returncode}")
        try:
            status, _ = fetch(port, "GET", PARENTS, None, {})
            if status < 500:  # it answers (a 401 too, where the API asks for credentials)
                return port
        except OSError:
            pass
        time.sleep(0.1)
    raise ServerError(f"gunicorn {app_spec} did not answer on port {port} within 30 s")


def stop(process):
    if process.poll() is None:
        process.terminate()  # gunicorn stops its worker on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(port, method, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# Load


def measure(ids, servers, duration, rounds, concurrency):
    """{(label, server): (requests per second, latencies, failures)}, alternating the servers."""
    totals = {}
    for label, method, path, body in census_requests(ids)[:3]:
        requests = {}
        for name, (port, media_type) in servers.items():
            payload, content_type = encode(body, media_type)
            headers = {"Accept": media_type or "application/json", "Connection": "close"}
            if media_type:  # the generated API
                headers.update(ids["headers"])
            if content_type:
                headers["Content-Type"] = content_type
            requests[name] = (port, method, path, payload, headers)
            run(*requests[name], duration=0.2, concurrency=1)  # warm up
        names = list(servers)
        for number in range(rounds):
            for name in names if number % 2 == 0 else reversed(names):
                count, elapsed, latencies, failures = run(*requests[name], duration, concurrency)
                previous = totals.get((label, name), (0, 0.0, [], []))
                totals[label, name] = (
                    previous[0] + count,
                    previous[1] + elapsed,
                    previous[2] + latencies,
                    previous[3] + failures,
                )
    return {
        key: (count / elapsed, sorted(latencies), failures)
        for key, (count, elapsed, latencies, failures) in totals.items()
    }


def run(port, method, path, payload, headers, duration, concurrency, max_requests=100_000):
    """Send requests from ``concurrency`` threads for ``duration`` seconds (at most ``max_requests`` each)."""
    latencies, failures = [], []
    deadline = time.perf_counter() + duration

    def client():
        mine, bad = [], []
        while len(mine) < max_requests and time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status, body = fetch(port, method, path, payload, headers)
            except OSError as error:
                bad.append(f"{method} {path}: {error}")
                continue
            mine.append(time.perf_counter() - start)
            if status >= 400:
                bad.append(f"{method} {path} answered {status}: {body[:200]!r}")
        latencies.extend(mine)
        failures.extend(bad)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.perf_counter() - start, latencies, failures


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def print_results(results):
    groups = ("requests/s", "p50 latency, ms", "p99 latency, ms")
    print(f"{'':12}" + "".join(f"{group:^30}" for group in groups))
    print(f"{'endpoint':12}" + f"{'hand':>10}{'generated':>11}{'ratio':>9}" * 3)
    failures, met = [], True
    for label in dict.fromkeys(label for label, _ in results):
        hand_rate, hand_latencies, hand_failures = results[label, "hand-written"]
        rate, latencies, generated_failures = results[label, "generated"]
        failures += hand_failures + generated_failures
        row = [hand_rate, rate, rate / hand_rate]
        for fraction in (0.5, 0.99):
            hand_latency = percentile(hand_latencies, fraction) * 1000
            latency = percentile(latencies, fraction) * 1000
            row += [hand_latency, latency, latency / hand_latency]
        met = met and row[2] >= TARGET_THROUGHPUT and row[8] <= TARGET_P99
        cells = (f"{row[i]:10.1f}{row[i + 1]:11.1f}{row[i + 2]:8.2f}x" for i in (0, 3, 6))
        print(f"{label:12}" + "".join(cells))
    print(
        f"\nTarget: at least {TARGET_THROUGHPUT}x the hand-written throughput and at most"
        f" {TARGET_P99}x its p99 on every endpoint: {'met' if met else 'not met'} in this run."
    )
    for failure in failures[:10]:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
