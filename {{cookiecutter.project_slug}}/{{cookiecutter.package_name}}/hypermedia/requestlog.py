"""Request ids and the request log: a line per request, as text or JSON, tied to the client's request.

An ``X-Request-ID`` that the client or a proxy sends is kept when it is
short and printable, and replaced by a fresh one otherwise; the response
carries it back, and every line the app logs while it handles the request
names it, so that a proxy's access log, the client's report and the app's
lines meet.  ``LOG_FORMAT=json`` writes every line as one JSON object (with
python-json-logger) for log shippers; ``text``, the default, stays readable.

What reaches a line is chosen field by field, never dumped: the method,
the route's template (``/api/task/<int:id>/``, so that ids do not make
every line unique), the path, the status, the duration, the request id,
and the signed-in account's id.  Never a header, a body or a query string,
which hold passwords and tokens.

Override nothing here: ``init_app(app, user=...)`` takes the function that
names the signed-in account, if the project has accounts.
"""

import logging
import re
import time
import uuid

import sqlalchemy
from flask import g, has_request_context, request
from flask.logging import wsgi_errors_stream
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
FORMATS = ("text", "json")
# Printable ASCII without spaces, at most 128 characters: what a proxy's id looks like, and
# nothing that could forge a log line or bloat it.
_ACCEPTED = re.compile(r"[!-~]{1,128}")
_TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestId(logging.Filter):
    """Puts the request id on every record written while a request is handled ("-" outside one)."""

    def filter(self, record):
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def formatter(log_format):
    """The formatter of ``LOG_FORMAT``: readable text, or one JSON object a line."""
    if log_format == "json":
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return logging.Formatter(_TEXT)


def init_app(app, user=None):
    """Give each request an id and log a line for it at ``LOG_LEVEL``, in ``LOG_FORMAT``.

    ``user`` returns the signed-in account (or None), whose ``id`` the line
    names.  The app's lines go to the server's error stream (gunicorn's
    error log), or to stderr outside a request, in the format of the last
    app made in the process.
    """
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
    handler.addFilter(RequestId())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])
    requests_log = app.logger.getChild("requests")

    @app.before_request
    def _identify():
        g.request_started = time.perf_counter()
        sent = request.headers.get(HEADER, "")
        g.request_id = sent if _ACCEPTED.fullmatch(sent) else uuid.uuid4().hex

    @app.after_request
    def _log(response):
        response.headers[HEADER] = g.request_id
        if not requests_log.isEnabledFor(logging.INFO):  # LOG_LEVEL above INFO: no line to fill
            return response
        duration = round(elapsed() * 1000, 1)
        fields = {
            "method": request.method,
            "route": route(),
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "user_id": _id_of(user() if user is not None else None),
        }
        line = "%s %s %s %.1fms"
        requests_log.info(line, request.method, request.path, response.status_code, duration, extra=fields)
        return response


def route():
    """The template of the URL rule this request matched (``/api/task/<int:id>/``), or None."""
    return request.url_rule.rule if request.url_rule is not None else None


def elapsed():
    """Seconds since this request began, as ``init_app``'s first hook timed it; None before that hook."""
    started = g.get("request_started")
    return None if started is None else time.perf_counter() - started


def _id_of(account):
    """The account's id, from its identity: a commit expires it, and reading ``id`` would load it again."""
    if account is None:
        return None
    state = sqlalchemy.inspect(account, raiseerr=False)
    if state is not None and state.identity is not None:
        (account_id,) = state.identity
        return account_id
    return getattr(account, "id", None)
