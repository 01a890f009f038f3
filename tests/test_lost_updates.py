"""No lost update, no duplicate create: the kitchen sink on PostgreSQL, served by two instances at once.

The PostgreSQL kitchen-sink bake (token sign-in, every representation) is
migrated on a throwaway PostgreSQL cluster of its own and served by two
gunicorns of two workers each, as two hosts behind a load balancer would
serve it; clients alternate between them.  What the checks measure is
printed, as the issue asked for the numbers:

- contended read-modify-write increments of one field: without If-Match
  some are lost (printed, not asserted: how many depends on timing); with
  If-Match and a retry on each 412, none is;
- clients racing to retry one create with one Idempotency-Key make one row,
  and each gets its answer;
- the same key after both instances restarted replays the first answer;
- through a database outage (the server stopped and started again), clients
  that retry every 503, timeout and 409 with the same key store exactly one
  row per key.
"""

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

import postgres
from answer_sets import kitchen_sink
from helpers import TEMPLATE, clean_environment
from serving import free_port, gunicorn, migrate

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lost-updates")]

CLIENTS = 6
INCREMENTS = 12
RACERS = 8
PASSWORD = "correct horse battery staple"
JSON = "application/json"


class Client:
    """Speaks plain JSON to the API at ``roots`` (one instance each), signed in with ``token``."""

    def __init__(self, roots, token):
        self.roots, self.token = roots, token
        self.retried = Counter()  # the statuses create_until_answered sent again after

    def send(self, method, path, body=None, instance=0, timeout=30, **headers):
        """(status, headers, parsed body); status 0 for a connection that failed or timed out."""
        headers = {"Accept": JSON, "Content-Type": JSON, "Authorization": f"Bearer {self.token}", **headers}
        data = json.dumps(body).encode() if body is not None else None
        url = self.roots[instance % len(self.roots)] + path
        request = urllib.request.Request(url, data, {key.replace("_", "-"): value for key, value in headers.items()})
        request.method = method
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.headers, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, json.loads(error.read() or b"null")
        except OSError:
            return 0, {}, None

    def create_until_answered(self, path, body, key, instance=0, deadline=60):
        """POST with ``key`` until an answer other than a 503, a 409 or no answer: that answer."""
        stop = time.monotonic() + deadline
        while True:
            status, headers, answer = self.send("POST", path, body, instance, idempotency_key=key)
            if status not in (0, 409, 503) or time.monotonic() > stop:
                return status, headers, answer
            self.retried[status] += 1
            instance += 1  # as a load balancer may send the retry to the other instance
            time.sleep(float(headers.get("Retry-After", "0.2")) if status else 0.2)


@pytest.fixture(scope="module")
def served(cookies_session, tmp_path_factory):
    """(a Client of the two instances, the instances' restart function, the PostgreSQL cluster)."""
    if not postgres.available():
        pytest.skip(f"No PostgreSQL server binaries in {postgres.PG_BIN}")
    result = cookies_session.bake(template=str(TEMPLATE), extra_context=kitchen_sink(database="postgresql"))
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    folder = tmp_path_factory.mktemp("lost-updates")
    with postgres.throwaway_cluster() as cluster:
        environment = clean_environment(
            DATABASE_URL=cluster.create_database("lost_updates"),
            SECRET_KEY=secrets.token_hex(),
            PYTHONPATH=str(project),
            SIGN_UP_LIMIT_PER_ADDRESS="1000 per hour",
        )
        migrate(project, environment)
        ports = [free_port(), free_port()]
        instances = []

        def start():
            for port in ports:
                instance = gunicorn(project, environment, folder / "gunicorn.log", workers=2, port=port)
                instance.__enter__()
                instances.append(instance)

        def restart():
            while instances:
                instances.pop().__exit__(None, None, None)
            start()

        start()
        try:
            roots = [f"http://127.0.0.1:{port}" for port in ports]
            account = {"email": "ada@example.com", "password": PASSWORD}
            register = urllib.request.Request(
                f"{roots[0]}/api/auth/register", json.dumps(account).encode(), {"Content-Type": JSON}
            )
            urllib.request.urlopen(register, timeout=10).close()
            token_request = urllib.request.Request(
                f"{roots[1]}/api/auth/token", json.dumps(account).encode(), {"Content-Type": JSON}
            )
            with urllib.request.urlopen(token_request, timeout=10) as answer:
                token = json.load(answer)["access_token"]
            yield Client(roots, token), restart, cluster
        finally:
            while instances:
                instances.pop().__exit__(None, None, None)


def _new_task(client, name):
    """A task board named ``name`` and a task in it: the task's path."""
    status, _, board = client.send("POST", "/api/taskboard/", {"name": name})
    assert status == 201, board
    path = f"/api/taskboard/{board['taskboard']['id']}/addtask/"
    status, _, task = client.send("POST", path, {"summary": f"Count for {name}", "priority": 0})
    assert status == 201, task
    return f"/api/task/{task['task']['id']}/"


def _increment(client, path, number, conditional):
    """Read the priority and write it plus one, INCREMENTS times; with If-Match, again after each 412."""
    retries = 0
    for _ in range(INCREMENTS):
        while True:
            status, headers, body = client.send("GET", path, instance=number)
            assert status == 200, body
            condition = {"if_match": headers["ETag"]} if conditional else {}
            change = {"priority": body["task"]["priority"] + 1}
            status, _, answer = client.send("PATCH", path, change, instance=number + 1, **condition)
            if status == 200:
                break
            assert conditional and status == 412, (status, answer)
            retries += 1
    return retries


def _workspace_names(client):
    """How many workspaces the user sees with each name, read page by page."""
    names = Counter()
    path = "/api/workspace/?count=100"
    while path:
        status, _, body = client.send("GET", path)
        assert status == 200, body
        page = body["workspace"]
        names.update(workspace["name"] for workspace in page["workspace"])
        following = urlsplit(page["next"]) if page.get("next") else None
        path = f"{following.path}?{following.query}" if following else None
    return names


def test_contended_increments_with_if_match_and_retries_lose_none(served):
    client, _, _ = served
    kept = {}
    for conditional in (False, True):
        path = _new_task(client, f"Increments, If-Match {conditional}")
        with ThreadPoolExecutor(CLIENTS) as pool:
            numbers = range(CLIENTS)
            retries = sum(pool.map(_increment, [client] * CLIENTS, [path] * CLIENTS, numbers, [conditional] * CLIENTS))
        kept[conditional] = client.send("GET", path)[2]["task"]["priority"]
        print(
            f"{'with' if conditional else 'without'} If-Match: {kept[conditional]} of "
            f"{CLIENTS * INCREMENTS} increments kept, {retries} retries after a 412"
        )
    assert kept[True] == CLIENTS * INCREMENTS


def test_racing_retries_with_one_key_make_one_row_and_each_gets_its_answer(served):
    client, _, _ = served
    body = {"name": "Raced without a key"}
    with ThreadPoolExecutor(RACERS) as pool:
        statuses = list(pool.map(lambda number: client.send("POST", "/api/workspace/", body, number)[0], range(RACERS)))
    print(f"{RACERS} racing retries without a key: {_workspace_names(client)[body['name']]} rows")
    assert statuses == [201] * RACERS
    for attempt in range(3):
        key = f'"race-{attempt}-{secrets.token_hex(8)}"'
        body = {"name": f"Raced {attempt}"}
        start = threading.Barrier(RACERS)

        def racer(number, key=key, body=body, start=start):
            start.wait()
            return client.create_until_answered("/api/workspace/", body, key, instance=number)

        with ThreadPoolExecutor(RACERS) as pool:
            answers = list(pool.map(racer, range(RACERS)))
        assert {status for status, _, _ in answers} == {201}, answers
        assert len({json.dumps(answer, sort_keys=True) for _, _, answer in answers}) == 1
        replayed = sum(headers.get("Idempotent-Replayed") == "true" for _, headers, _ in answers)
        rows = _workspace_names(client)[body["name"]]
        print(f"{RACERS} racing retries of one key: {rows} row, {replayed} answers replayed, retried {client.retried}")
        assert rows == 1 and replayed == RACERS - 1


def test_a_key_replays_its_answer_after_both_instances_restart(served):
    client, restart, _ = served
    key, body = f'"restart-{secrets.token_hex(8)}"', {"name": "Before the restart"}
    status, headers, first = client.send("POST", "/api/workspace/", body, idempotency_key=key)
    assert status == 201
    restart()
    status, replay_headers, again = client.send("POST", "/api/workspace/", body, instance=1, idempotency_key=key)
    assert (status, again) == (201, first)
    assert replay_headers["Idempotent-Replayed"] == "true"
    assert replay_headers["Location"] == headers["Location"]
    status, _, changed = client.send("POST", "/api/workspace/", {"name": "Another"}, idempotency_key=key)
    assert status == 422, changed


def test_clients_retrying_through_a_database_outage_store_one_row_per_key(served):
    client, _, cluster = served
    client.retried.clear()
    stopped = threading.Event()
    answers = []

    def creator(number):
        count = 0
        while not stopped.is_set() or count < 5:
            count += 1
            key, body = f'"outage-{number}-{count}"', {"name": f"Outage {number}.{count}"}
            status, _, answer = client.create_until_answered("/api/workspace/", body, key, instance=number)
            answers.append((body["name"], status, answer))

    threads = [threading.Thread(target=creator, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    cluster.stop()  # every connection cut, in the middle of writes
    time.sleep(2)
    cluster.start()
    time.sleep(1)
    stopped.set()
    for thread in threads:
        thread.join(timeout=120)
    names = [name for name, _, _ in answers]
    assert {status for _, status, _ in answers} == {201}, [answer for answer in answers if answer[1] != 201][:5]
    stored = _workspace_names(client)
    per_key = [stored.get(name, 0) for name in names]
    print(f"through the outage: {len(names)} keys, rows per key {sorted(set(per_key))}, retried {client.retried}")
    assert per_key == [1] * len(names)
