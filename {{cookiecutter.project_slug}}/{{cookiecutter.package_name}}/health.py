"""``GET /healthz`` for load balancers and container runtimes, and a log line per request."""

import time

from flask import Response, g, json, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .models import db

LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return _json({"status": "unavailable", "database": "unreachable"}, 503)
    return _json({"status": "ok"}, 200)


def _json(payload, status):
    return Response(json.dumps(payload), status=status, content_type="application/json")


def init_app(app):
    """Serve /healthz and log one line per request at LOG_LEVEL.

    A line holds the method, the path (not the query string, which may hold
    secrets), the status and the duration; never headers or bodies.
    """
    app.add_url_rule("/healthz", view_func=healthz, methods=["GET"])
    app.logger.setLevel(app.config["LOG_LEVEL"])
    requests_log = app.logger.getChild("requests")

    @app.before_request
    def _start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        elapsed = (time.perf_counter() - g.request_started) * 1000
        requests_log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, elapsed)
        return response
