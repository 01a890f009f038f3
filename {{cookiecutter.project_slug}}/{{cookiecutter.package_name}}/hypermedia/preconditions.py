"""Conditional requests: an ETag on every answer, 304 for If-None-Match, 412 and 428 for If-Match.

Every row of a resource has a version, its hidden column ``row_version``:
1 when it is made, and one more after each write.  The write checks the
version and bumps it in one statement (``claim``), so two writers that read
the same version cannot both win, however many instances serve the API.
A version is cheaper than a digest of the body, and safer: a digest says
only that two bodies are the same, a version orders the writes.

An item's tag is ``"<version>-<representation>-<digest>"``: its row's version,
the representation it was written in, so that a 304 never stands for another
media type's body, and a digest of what the answer shows beside the row (the
first page of its children, which change without changing it).  A list's tag
is the representation and the digest of its page.  Where ``include`` adds
other rows, the digest is of the whole body.

``If-Match`` holds when one of its tags names the row's current version, in
whichever representation the client read it; ``*`` when the row exists.  A
write whose tags name none is refused with 412 and writes nothing.  With the
setting ``REQUIRE_IF_MATCH``, a write without If-Match is refused with 428.
``If-None-Match`` on a GET holds its answer back (304) while a tag matches.

A resource whose model has no ``row_version`` (one added before versions
existed) answers with a tag of its representation and digest alone, which
If-Match is compared with before the write, not in the same statement.
"""

import hashlib
import re

from flask import current_app, g, has_request_context, request
from ripozo.exceptions import RestException
from sqlalchemy import orm, update

from . import settings
from .errors import HeaderError

VERSION = "row_version"
# A list of entity tags (RFC 9110, section 8.8.3), each strong or weak; or "*".
_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
_TAG_LIST = re.compile(rf"\s*{_ENTITY_TAG}(?:\s*,\s*{_ENTITY_TAG})*\s*")
_TAGS = re.compile(r"(W/)?\"([\x21\x23-\x7e\x80-\xff]*)\"")
_OWN_VERSION = re.compile(r"(\d{1,18})-[a-z]+-[0-9a-f]+")
# The longest If-Match or If-None-Match taken: enough for dozens of tags.
MAX_HEADER_LENGTH = 2048
# A tag as the ETag header sends it, for messages and the OpenAPI document.
EXAMPLE_TAG = '"3-siren-5d41402abc4b2a76"'
_DIGEST_LENGTH = 16
# Each media type's name in tags, by its subtype.
_REPRESENTATIONS = {"vnd.siren+json": "siren", "hal+json": "hal", "vnd.api+json": "jsonapi", "json": "json"}


class PreconditionFailed(RestException):
    """A 412: the row changed since the tag the client sent, or a 428: the write needs If-Match."""


def init_app(app):
    """Read ``REQUIRE_IF_MATCH`` (off by default): whether every write must send If-Match."""
    settings.load(app.config, [("REQUIRE_IF_MATCH", settings.flag, False)])


def versioned(model_class):
    """Whether the rows of ``model_class`` keep a version: the column ``row_version``."""
    return VERSION in model_class.__table__.columns


def remember(model, shown):
    """Note what an answer shows, ``shown``, and the version of its row ``model`` (None for a list).

    The managers call it with what they read, in the statement that read it,
    so the tag and the body always say the same.  Returns ``shown``.
    """
    if has_request_context():
        version = getattr(model, VERSION, None) if model is not None else None
        g.answered = (version, _digest(shown))
    return shown


def answer_tag(adapter_class, body=None):
    """The ETag of the answer being written in ``adapter_class``, or None if nothing was remembered.

    ``body``, the formatted answer, joins the digest where ``include`` adds rows
    that the managers did not read.
    """
    answered = g.get("answered")
    if answered is None:
        return None
    version, digest = answered
    if body is not None:
        digest = _digest([digest, body if isinstance(body, str) else body.decode()])
    name = representation(adapter_class)
    return f'"{name}-{digest}"' if version is None else f'"{version}-{name}-{digest}"'


def representation(adapter_class):
    """The short name of a representation in tags: ``siren``, ``hal``, ``jsonapi``, ``json``, ``html``."""
    subtype = adapter_class.extra_headers["Content-Type"].partition(";")[0].rpartition("/")[2]
    return _REPRESENTATIONS.get(subtype, subtype.replace("vnd.", "").partition("+")[0])


def none_match(tag):
    """Whether the request's If-None-Match holds ``tag`` (or is ``*``): then a GET answers 304.

    Compared weakly, as RFC 9110 asks: ``W/"x"`` matches ``"x"``.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    header = _header("If-None-Match")
    if header is None:
        return False
    if header == "*":
        return True
    return any(value == tag[1:-1] for _, value in _TAGS.findall(header))


def claim(session, model, shown, bump=True):
    """Check the request's If-Match against ``model``'s version and bump it, in one statement.

    ``UPDATE ... SET row_version = row_version + 1 WHERE id = :id AND
    row_version IN (:versions the tags name)``: a row another writer has
    changed since matches no version, and the write is refused (412)
    before anything is written.  Without If-Match the version is bumped
    alone, unless ``REQUIRE_IF_MATCH`` asks for one (428).  ``bump`` False
    checks without writing, holding the row until the commit: what an
    add-child does to its parent.  The model then holds the new version,
    and its other columns as the statement found them.

    A row without a version (``versioned``) is compared by the digest of
    what it shows, ``shown()``: checked, but not in the write's statement.
    """
    model_class = type(model)
    header = _header("If-Match")
    if header is None and current_app.config.get("REQUIRE_IF_MATCH"):
        raise PreconditionFailed(
            "This API requires If-Match on every write: read the row first, then send its ETag in If-Match.",
            428,
        )
    if header is None and not bump:
        return
    if not versioned(model_class):
        if header not in (None, "*") and _digest(shown()) not in _digests(header):
            raise _stale(model_class, model_class.__mapper__.primary_key_from_instance(model)[0])
        return
    table, (row_id,) = model_class.__table__, model_class.__mapper__.primary_key_from_instance(model)
    (key,) = table.primary_key.columns
    column = table.columns[VERSION]
    statement = update(table).where(key == row_id)
    if header is not None and header != "*":
        versions = _versions(header)
        if not versions:
            raise _stale(model_class, row_id)
        statement = statement.where(column.in_(versions))
    known = getattr(model, VERSION)
    statement = statement.values({VERSION: column + 1 if bump else column}).returning(column)
    version = session.execute(statement).scalar()
    if version is None:
        raise _stale(model_class, row_id)
    if version != known + (1 if bump else 0):  # written since it was read: read what the write starts from
        session.refresh(model)
    orm.attributes.set_committed_value(model, VERSION, version)


def _stale(model_class, row_id):
    noun = model_class.__table__.name.replace("_", " ")
    return PreconditionFailed(
        f"The {noun} {row_id} has changed since the version your If-Match names: read it again, and send "
        "its new ETag with the change if it still applies.",
        412,
    )


def _versions(header):
    """The versions the strong tags of an If-Match name; a weak tag never matches one (RFC 9110)."""
    found = set()
    for weak, value in _TAGS.findall(header):
        match = _OWN_VERSION.fullmatch(value)
        if not weak and match:
            found.add(int(match.group(1)))
    return found


def _digests(header):
    """The digests the strong tags of an If-Match end with."""
    return {value.rpartition("-")[2] for weak, value in _TAGS.findall(header) if not weak}


def _header(name):
    """The request's ``name`` header, checked: None without it, ``*``, or a list of entity tags."""
    if not has_request_context():
        return None
    value = request.headers.get(name)
    if value is None:
        return None
    if len(value) > MAX_HEADER_LENGTH:
        raise HeaderError(name, f"{name} is longer than {MAX_HEADER_LENGTH} characters.", 400)
    if value.strip() == "*":
        return "*"
    if not _TAG_LIST.fullmatch(value):
        raise HeaderError(
            name,
            f'{name} must be "*" or entity tags separated by commas, each in double quotes as the ETag '
            f"header sends it, such as {EXAMPLE_TAG}.",
            400,
        )
    return value


def _digest(value):
    """A digest of ``value``: rows as the managers read them, their keys always in the same order.

    Their ``repr`` says as much as JSON would (every value is a string, a number,
    a boolean or None by then), in a fraction of the time a page's JSON takes.
    """
    return hashlib.blake2b(repr(value).encode(), digest_size=_DIGEST_LENGTH // 2).hexdigest()
