"""Idempotency-Key on every POST that creates: a retry gets the first answer again, and makes no second row.

The header is the IETF httpapi draft's ("The Idempotency-Key HTTP Header
Field"): a string as RFC 8941 writes one, in double quotes, such as
``Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"``.  A key is kept
for whoever sent it (the signed-in account, or the client's address in an
open API), in the table ``idempotency_key``:

- the first request with a key is served as ever, and its answer (status,
  body, and the headers that say what it made) is kept in the same
  transaction as the row it made: both are stored, or neither;
- the same key and the same request again, on any instance and after any
  restart: that answer, with ``Idempotent-Replayed: true``, and nothing written;
- the same key with another request (method, path or body): 422;
- the same key while the first request is still being served: 409 with
  ``Retry-After`` (PostgreSQL; SQLite serves one write at a time, so the
  retry waits for the first and gets its answer);
- an answer that is an error is not kept: the key is free again.

Keys expire after ``IDEMPOTENCY_KEY_TTL`` seconds (24 hours by default); each
keyed request deletes those expired, so no job has to.
"""

import hashlib
import json
import re
import time

import sqlalchemy as sa
from flask import Response, current_app, g, has_request_context, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from . import settings
from .errors import HeaderError
from .sessions import current_session

HEADER = "Idempotency-Key"
TABLE = "idempotency_key"
MAX_KEY_LENGTH = 255
# An RFC 8941 sf-string: printable ASCII in double quotes, with \" and \\ escaped.
_CHARACTER = r'(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])'
_STRING = re.compile(f'"({_CHARACTER}*)"')
# The same, for a key of 1 to MAX_KEY_LENGTH characters, as OpenAPI documents it.
KEY_PATTERN = '^"' + _CHARACTER + "{1," + str(MAX_KEY_LENGTH) + '}"$'
# A key as a client sends it, for messages and the OpenAPI document.
EXAMPLE_KEY = '"8e03978e-40d5-43e8-bc93-6894a57f9324"'
_ESCAPE = re.compile(r"\\([\"\\])")
# The headers of a kept answer that a replay repeats: what it is, and what it made.
KEPT_HEADERS = ("Content-Type", "Location", "ETag", "Vary")


def init_app(app, metadata):
    """Declare the table of keys on ``metadata`` and read ``IDEMPOTENCY_KEY_TTL`` (seconds, 86400)."""
    settings.load(app.config, [("IDEMPOTENCY_KEY_TTL", settings.seconds, 24 * 60 * 60)])
    if TABLE not in metadata.tables:
        table(metadata)


def table(metadata):
    """The table of kept answers, by (whose, key): as the app declares it and the migration makes it."""
    return sa.Table(
        TABLE,
        metadata,
        sa.Column("scope", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(MAX_KEY_LENGTH), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False, index=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
    )


def scope_by(app, scope):
    """Keep keys for whom ``scope()`` names (sign-in names the account); by default, the client's address."""
    app.extensions["idempotency_scope"] = scope


def forget(session, scope):
    """Delete every answer kept for ``scope``, in the session's transaction: an account deleted, say."""
    keys = _table()
    session.execute(sa.delete(keys).where(keys.c.scope == scope))


def begin():
    """Take the request's key for it: a kept answer to replay, or None to serve the request.

    A RestException refuses the request: a malformed key (400), one in use
    by a request being served (409), one sent before with another request (422).
    """
    g.idempotency = None
    value = request.headers.get(HEADER)
    if value is None:
        return None
    key = _key(value)
    scope = current_app.extensions.get("idempotency_scope", _address)()
    session = current_session()
    keys = _table()
    if session.get_bind().dialect.name == "postgresql":
        # Held until the commit: another instance serving the same key is told so, never waits.
        taken = session.scalar(
            sa.select(sa.func.pg_try_advisory_xact_lock(sa.func.hashtextextended(f"{scope}\n{key}", 0)))
        )
        if not taken:
            raise _in_flight()
    fingerprint = _fingerprint()
    started = now()
    where = (keys.c.scope == scope) & (keys.c.key == key)
    kept = session.execute(sa.select(keys).where(where)).first()
    if kept is not None and kept.expires_at <= started:
        session.execute(sa.delete(keys).where(where))
        kept = None
    if kept is None:
        expires = started + current_app.config["IDEMPOTENCY_KEY_TTL"]
        try:
            session.execute(
                sa.insert(keys).values(scope=scope, key=key, fingerprint=fingerprint, expires_at=expires)
            )
        except IntegrityError:  # kept by a request that was served meanwhile: nothing is written yet
            session.rollback()
            kept = session.execute(sa.select(keys).where(where)).first()
        else:
            g.idempotency = (scope, key)
            return None
    return _replay(kept, fingerprint)


def keeping():
    """Whether this request keeps its answer under a key: its write then waits for ``finish`` to commit."""
    return has_request_context() and g.get("idempotency") is not None


def commit(session):
    """Commit a write, or flush it where its answer is to be kept with it (``finish`` commits both)."""
    if keeping():
        session.flush()
    else:
        session.commit()


def finish(response):
    """Keep a successful answer under the request's key, and commit it with the write; forget an error."""
    held, g.idempotency = g.get("idempotency"), None
    if held is None:
        return response
    session = current_session()
    if response.status_code >= 400:
        session.rollback()
        return response
    scope, key = held
    keys = _table()
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    session.execute(
        sa.update(keys)
        .where((keys.c.scope == scope) & (keys.c.key == key))
        .values(status=response.status_code, headers=json.dumps(headers), body=response.get_data())
    )
    session.commit()
    _forget_expired(session)
    return response


def _replay(kept, fingerprint):
    if kept.fingerprint != fingerprint:
        raise HeaderError(
            HEADER,
            "This Idempotency-Key was sent before with another request: send a new key for a new request.",
            422,
        )
    if kept.status is None:
        raise _in_flight()
    current_session().rollback()  # nothing of this request is written
    response = Response(kept.body, status=kept.status, headers=json.loads(kept.headers))
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _in_flight():
    error = HeaderError(
        HEADER,
        "A request with this Idempotency-Key is still being served: wait, then send it again for its answer.",
        409,
    )
    error.retry_after = 1
    return error


def _key(value):
    match = _STRING.fullmatch(value.strip(" "))
    if match is None:
        raise HeaderError(
            HEADER,
            f"{HEADER} must be a string in double quotes (RFC 8941), such as "
            f'{EXAMPLE_KEY}: printable ASCII, with \\" and \\\\ escaped.',
            400,
        )
    key = _ESCAPE.sub(r"\1", match.group(1))
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise HeaderError(HEADER, f"{HEADER} must hold 1 to {MAX_KEY_LENGTH} characters.", 400)
    return key


def _fingerprint():
    """What makes a request the same request: its method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.full_path, request.content_type or ""):
        digest.update(part.encode() + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def now():
    """The time, in whole seconds since the epoch: what ``expires_at`` is compared with."""
    return int(time.time())


def _address():
    return f"address {request.remote_addr}"


def _table():
    return current_app.extensions["sqlalchemy"].metadata.tables[TABLE]


def _forget_expired(session):
    """Delete the expired keys, after the answer is committed: a failure here loses nothing."""
    keys = _table()
    try:
        session.execute(sa.delete(keys).where(keys.c.expires_at <= now()))
        session.commit()
    except SQLAlchemyError:
        session.rollback()
