"""A deploy loses nothing: two instances behind HAProxy on PostgreSQL, each restarted in turn with SIGTERM under load.

The PostgreSQL bake is served by two gunicorns (two workers each, started
in the project's directory, so with its gunicorn.conf.py) behind HAProxy,
which sends each request to an instance whose ``/readyz`` answers 200 and
retries a connection an instance refuses on the other.  Four clients send
creates, reads and lists through the proxy while each instance in turn is
restarted as a rolling deploy does it: taken out of the rotation (HAProxy's
``drain``), stopped with SIGTERM (gunicorn finishes the requests in flight),
started again and put back once ready.  No request may fail, and every
create the API acknowledged (201) must be there afterwards.  Without the
drain, the requests waiting in the stopped instance's listen queue are
reset, and HAProxy answers them 502: a deploy must drain first.

HAProxy is Debian's (``.ci/run`` installs it when missing); without it the
test skips, saying so, except in CI (``CI=true``), where that fails.  Its
access log names each request's X-Request-ID (the client's, or one it
makes), and the app's log line for the request names the same id.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from helpers import TEMPLATE, clean_environment
from serving import free_port, gunicorn, migrate, wait_for

CLIENTS = 4
METRICS_TOKEN = secrets.token_urlsafe(24)
HAPROXY_CONFIG = """
global
    maxconn 512
    stats socket {socket} mode 600 level admin
defaults
    mode http
    log stdout format raw local0
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch 1
    retry-on conn-failure
frontend api
    bind 127.0.0.1:{port}
    http-request set-header X-Request-ID %[uuid] unless {{ req.hdr(X-Request-ID) -m found }}
    http-request capture req.hdr(X-Request-ID) len 128
    log global
    log-format "%HM %HU %ST %b/%s request_id=%[capture.req.hdr(0)]"
    default_backend instances
backend instances
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 200ms fall 1 rise 2
    server first 127.0.0.1:{first} check
    server second 127.0.0.1:{second} check
"""


def haproxy_command(socket_path, command):
    """A command to HAProxy's runtime API (its stats socket): its answer."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.connect(str(socket_path))
        connection.sendall(command.encode() + b"\n")
        return connection.recv(65536).decode()


def scrape(url):
    """The metrics an instance serves to the bearer of METRICS_TOKEN."""
    headers = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
        return answer.read().decode()


def request(method, url, body=None, request_id=None):
    """(status, parsed body); status 0 for a connection that failed."""
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if request_id:
        headers["X-Request-ID"] = request_id
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=method), timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None


class Load:
    """Clients sending creates, reads and lists through ``root`` until stopped; what each got."""

    def __init__(self, root):
        self.root = root
        self.stopped = threading.Event()
        self.answers = []  # (method, status)
        self.created = []  # ids the API acknowledged
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=(number,)) for number in range(CLIENTS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _client(self, number):
        count = 0
        while not self.stopped.is_set():
            count += 1
            status, body = request("POST", f"{self.root}/api/taskboard/", {"title": f"Client {number}, row {count}"})
            with self.lock:
                self.answers.append(("POST", status))
                if status == 201:
                    self.created.append(body["taskboard"]["id"])
            for url in (f"{self.root}/api/taskboard/?count=5", f"{self.root}/api/taskboard/{count}/"):
                status, _ = request("GET", url)
                with self.lock:
                    self.answers.append(("GET", status))


@pytest.fixture
def haproxy():
    path = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.access(path, os.X_OK):
        message = "No haproxy (Debian's haproxy package)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the restart test.")
        pytest.skip(message)
    return path


@pytest.mark.slow
def test_restarting_each_instance_in_turn_loses_no_request_and_no_write(cookies, tmp_path, haproxy, postgresql_cluster):
    result = cookies.bake(template=str(TEMPLATE), extra_context={"database": "postgresql", "adapter_json": True})
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    environment = clean_environment(
        DATABASE_URL=postgresql_cluster.create_database("restarts"),
        SECRET_KEY=secrets.token_hex(),
        METRICS_TOKEN=METRICS_TOKEN,
        PYTHONPATH=str(project),
    )
    migrate(project, environment)
    ports = {"first": free_port(), "second": free_port()}
    proxy_port = free_port()
    config = tmp_path / "haproxy.cfg"
    runtime = tmp_path / "haproxy.sock"
    config.write_text(HAPROXY_CONFIG.format(port=proxy_port, socket=runtime, **ports), encoding="utf-8")
    app_log = tmp_path / "gunicorn.log"
    root = f"http://127.0.0.1:{proxy_port}"

    def serve(name):
        # Each instance its own metrics folder, as each host would have.
        folder = tmp_path / f"metrics-{name}"
        env = {**environment, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
        instance = gunicorn(project, env, app_log, workers=2, ready="/readyz", port=ports[name])
        instance.__enter__()
        return instance

    instances = {name: serve(name) for name in ports}
    proxy_log = (tmp_path / "haproxy.log").open("w")
    proxy = subprocess.Popen([haproxy, "-db", "-f", config], stdout=proxy_log, stderr=subprocess.STDOUT)
    restarts = []
    try:
        wait_for(f"{root}/readyz", proxy)
        time.sleep(1)  # both instances checked up
        with Load(root) as load:
            time.sleep(2)
            for name in ports:
                started = time.monotonic()
                haproxy_command(runtime, f"set server instances/{name} state drain")
                time.sleep(0.5)  # what was sent to it is answered
                instances[name].__exit__(None, None, None)  # SIGTERM, and wait for it to exit
                instances[name] = serve(name)  # back once its /readyz answers 200
                haproxy_command(runtime, f"set server instances/{name} state ready")
                time.sleep(1.5)  # checked up again (rise 2 at 200 ms), and under load a while
                restarts.append(round(time.monotonic() - started, 1))
        traced = request("GET", f"{root}/api/taskboard/?count=1", request_id="follow-me-through")
        made = request("GET", f"{root}/api/")  # an id HAProxy makes
        stored = {row_id: request("GET", f"{root}/api/taskboard/{row_id}/")[0] for row_id in load.created}
        scrapes = {name: scrape(f"http://127.0.0.1:{port}/metrics") for name, port in ports.items()}
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        proxy_log.close()
        for instance in instances.values():
            instance.__exit__(None, None, None)

    failed = [(method, status) for method, status in load.answers if status not in (200, 201, 404)]
    writes = sum(1 for method, _ in load.answers if method == "POST")
    print(f"{len(load.answers)} requests ({writes} creates), {len(failed)} failed, restarts {restarts} s")
    created = re.compile(r'^http_requests_total\{method="POST",route="/api/taskboard/",status="201"\} [1-9]', re.M)
    for name, text in scrapes.items():  # since the instance's restart: its counters started again
        counted = re.findall(r"^(?:http_requests_total|db_pool_connections_in_use)\b.*$", text, re.MULTILINE)
        print(f"/metrics of the {name} instance:", *counted, sep="\n  ")
        assert created.search(text), text
    assert failed == [], f"{len(failed)} of {len(load.answers)} requests failed: {failed[:10]}"
    assert writes > 20 and len(load.created) == writes
    assert set(stored.values()) == {200}, "an acknowledged create is not stored"
    assert traced[0] == 200 and made[0] == 200
    proxied = (tmp_path / "haproxy.log").read_text(encoding="utf-8")
    served = app_log.read_text(encoding="utf-8")
    assert re.search(r"GET /api/taskboard/\?count=1 200 instances/\w+ request_id=follow-me-through", proxied)
    assert re.search(r"\[follow-me-through\] GET /api/taskboard/ 200", served)
    assert re.search(r"request_id=follow-me-through", served)  # gunicorn's access line too
    generated = re.search(r"GET /api/ 200 instances/\w+ request_id=([0-9a-f-]{36})", proxied)
    assert generated and f"[{generated[1]}] GET /api/ 200" in served
