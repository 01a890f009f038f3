"""``GET /healthz`` (alive) and ``GET /readyz`` (ready for traffic), for load balancers and orchestrators."""

from flask import Response, json

from .hypermedia import database
from .models import db

BEHIND = "behind its migrations: run flask db upgrade"


def healthz():
    """200 when the database answers, 503 when it does not."""
    if not database.answers(db.session):
        return _json({"status": "unavailable", "database": "unreachable"}, 503)
    return _json({"status": "ok"}, 200)


def readyz():
    """200 when the database answers and its schema is at the migrations' head, 503 otherwise."""
    if not database.answers(db.session):
        return _json({"status": "unavailable", "database": "unreachable"}, 503)
    if not database.schema_is_current(db.session):
        return _json({"status": "unavailable", "database": BEHIND}, 503)
    return _json({"status": "ok"}, 200)


def _json(payload, status):
    return Response(json.dumps(payload), status=status, content_type="application/json")


def init_app(app):
    app.add_url_rule("/healthz", view_func=healthz, methods=["GET"])
    app.add_url_rule("/readyz", view_func=readyz, methods=["GET"])
