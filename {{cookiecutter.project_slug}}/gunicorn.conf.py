"""gunicorn's settings: gunicorn reads this file from the directory it starts in (the image's /app too).

Options on the command line and in GUNICORN_CMD_ARGS win over these;
WEB_CONCURRENCY sets the number of workers (default 1).

On SIGTERM (a deploy, a scale-down) gunicorn stops accepting connections
and gives the requests in flight up to ``graceful_timeout`` seconds to
finish before the workers go.  The metrics at /metrics are every worker's:
prometheus-client's multiprocess mode keeps them in PROMETHEUS_MULTIPROC_DIR,
emptied at each start (a new one in the temporary folder unless it is set),
and drops the gauges of a worker that exits.
"""

import os
import shutil
import tempfile

wsgi_app = "{{ cookiecutter.package_name }}:create_app()"
graceful_timeout = 30
# A list's URL may carry a filter and comparisons for each field: gunicorn's longest request line.
limit_request_line = 8190
# One line a request, with the request id the app answered (X-Request-ID), and the path
# without its query string, which may hold secrets.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'


_made = []  # the metrics folder this start made, removed when gunicorn exits


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
    else:
        _made.append(tempfile.mkdtemp(prefix="{{ cookiecutter.package_name }}-metrics-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made[0]


def on_exit(server):
    for directory in _made:
        shutil.rmtree(directory, ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
