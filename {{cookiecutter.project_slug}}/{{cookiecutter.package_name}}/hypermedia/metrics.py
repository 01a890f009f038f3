"""Prometheus metrics at ``GET /metrics``: requests, latencies, the database pool, refusals.

With prometheus-client itself rather than an exporter for Flask: the
labels are the ones below and nothing else, the route is always the URL
rule's template (``/api/task/<int:id>/``: ids would make a series per
row), and gunicorn's several workers are one view through the client's
multiprocess mode, which ``gunicorn.conf.py`` sets up (its directory made
empty at each start, a dead worker's gauges dropped).

``/metrics`` is outside the API's prefix and its OpenAPI document, and it
is served only when ``METRICS_TOKEN`` is set: a scraper then sends
``Authorization: Bearer <METRICS_TOKEN>``.  Without it the route does not
exist (404), so that a deploy never shows its traffic to the world by
default.

Nothing to override: ``init_app(app, db)`` counts the app's requests (timed
and named by ``requestlog``, whose ``init_app`` comes first) and its
database pool; ``sign_in_refused()`` is called where a sign-in is refused.
"""

import hmac
import os

from flask import Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event

from . import requestlog

PATH = "/metrics"
REQUESTS = Counter(
    "http_requests_total",
    "Requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by method and route template.",
    ["method", "route"],
)
TOO_MANY = Counter("http_too_many_requests_total", "Requests answered 429, by route template.", ["route"])
SIGN_IN_REFUSALS = Counter("sign_in_refusals_total", "Sign-ins refused for a wrong email or password.")
POOL_IN_USE = Gauge(
    "db_pool_connections_in_use",
    "Database connections checked out of the pool.",
    multiprocess_mode="livesum",
)


def sign_in_refused():
    SIGN_IN_REFUSALS.inc()


def init_app(app, db):
    """Count every request but the scrapes, and the pool's connections in use; serve /metrics if asked."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and not os.path.isdir(directory):
        raise RuntimeError(
            f"PROMETHEUS_MULTIPROC_DIR {directory!r} is not a folder: make it, or leave it unset "
            "for gunicorn.conf.py to make one."
        )
    with app.app_context():
        engine = db.engine
    if not event.contains(engine, "checkout", _checked_out):
        event.listen(engine, "checkout", _checked_out)
        event.listen(engine, "checkin", _checked_in)

    @app.after_request
    def _count(response):
        seconds = requestlog.elapsed()
        if request.path == PATH or seconds is None:
            return response
        route = requestlog.route() or "(no route)"
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(seconds)
        if response.status_code == 429:
            TOO_MANY.labels(route).inc()
        return response

    if app.config["METRICS_TOKEN"]:
        app.add_url_rule(PATH, "metrics", scrape, methods=["GET"])


def scrape():
    """The metrics in Prometheus's text format, for the bearer of METRICS_TOKEN; 401 for anyone else."""
    sent = request.headers.get("Authorization", "")
    expected = f"Bearer {current_app.config['METRICS_TOKEN']}"
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(Response("Send Authorization: Bearer <METRICS_TOKEN>.\n", 401, {"WWW-Authenticate": "Bearer"}))
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # under gunicorn.conf.py: every worker's values
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _checked_out(dbapi_connection, connection_record, connection_proxy):
    POOL_IN_USE.inc()


def _checked_in(dbapi_connection, connection_record):
    POOL_IN_USE.dec()
