"""As an operator would: a bake under gunicorn with two workers and its gunicorn.conf.py, scraped by Prometheus.

gunicorn starts in the project's directory, so it reads gunicorn.conf.py,
which puts every worker's metrics in one folder (prometheus-client's
multiprocess mode): a scrape, which one worker answers, counts the requests
that both answered.  The request id a client sends is in gunicorn's access
log line and in the app's own line for the same request.
"""

import re
import secrets
import urllib.error
import urllib.request

from helpers import TEMPLATE, clean_environment
from serving import gunicorn, migrate

TOKEN = secrets.token_urlsafe(24)
REQUESTS = 40


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_scrape_counts_every_worker_s_requests_and_ids_meet_in_the_logs(cookies, tmp_path):
    result = cookies.bake(template=str(TEMPLATE))
    assert result.exception is None, f"baking failed: {result.exception!r}"
    project = result.project_path
    metrics_folder = tmp_path / "metrics"
    metrics_folder.mkdir()
    (metrics_folder / "left-over.db").write_bytes(b"from an earlier start")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'todo.sqlite3'}",
        SECRET_KEY=secrets.token_hex(),
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_folder),
        PYTHONPATH=str(project),
    )
    migrate(project, environment)
    log = tmp_path / "gunicorn.log"

    with gunicorn(project, environment, log, workers=2) as (_index, root):
        statuses = [get(f"{root}/api/taskboard/{row_id}/")[0] for row_id in range(1, REQUESTS + 1)]
        traced = get(f"{root}/api/taskboard/", **{"X-Request-ID": "trace-from-a-client"})[0]
        refused, _ = get(f"{root}/metrics")
        scrapes = [get(f"{root}/metrics", Authorization=f"Bearer {TOKEN}") for _ in range(4)]

    assert statuses == [404] * REQUESTS
    assert traced == 200
    assert refused == 401
    assert not (metrics_folder / "left-over.db").exists(), "the metrics folder was not emptied at start"
    for status, text in scrapes:
        assert status == 200, text
        counted = re.search(
            r'http_requests_total\{method="GET",route="/api/taskboard/<int:id>/",status="404"\} (\S+)', text
        )
        assert counted and float(counted[1]) == REQUESTS, text
        assert "/api/taskboard/1/" not in text  # a route template, never a path
    written = log.read_text(encoding="utf-8")
    workers = set(re.findall(r"Booting worker with pid: (\d+)", written))
    assert len(workers) == 2, written
    access = [line for line in written.splitlines() if "request_id=trace-from-a-client" in line]
    app_lines = [line for line in written.splitlines() if "[trace-from-a-client]" in line]
    assert len(access) == 1 and '"GET /api/taskboard/"' in access[0], written
    assert len(app_lines) == 1 and "GET /api/taskboard/ 200" in app_lines[0], written
