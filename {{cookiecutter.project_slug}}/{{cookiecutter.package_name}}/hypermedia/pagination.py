"""Cursor (keyset) pagination: the page after or before a position costs the same at any depth.

A list takes ``count`` (default 20, at most 100), ``after`` and ``before``
(cursors, as ``next`` and ``previous`` links give them), and ``page`` for
direct access to the first pages; JSON:API's cursor-pagination profile
spells them ``page[size]``, ``page[after]`` and ``page[before]``, which
every representation takes too.

They all combine, so that any set of them the OpenAPI document allows is a
request the API answers: ``after`` and ``before`` together are the rows
between the two, and ``page`` counts pages from the cursor (from the start
without one), at most ``MAX_PAGE`` of them.  A cursor is a row's primary
key, an integer: the API's links carry it, and a client may treat it as
opaque.  It is not signed: a changed cursor only moves the position.
"""

from dataclasses import dataclass

from .errors import FieldError
from .fields import IntegerField, Text

# Each JSON:API spelling, and the name it goes by here.
ALIASES = {"page[size]": "count", "page[after]": "after", "page[before]": "before"}
# ``page`` skips rows with OFFSET, whose cost grows with the depth: this many at most; links go further.
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class Page:
    count: int
    after: dict | None = None
    before: dict | None = None
    number: int = 1

    @property
    def offset(self):
        return (self.number - 1) * self.count


def max_page(max_count):
    """The deepest ``page`` a list of at most ``max_count`` rows a page takes: MAX_OFFSET rows in."""
    return MAX_OFFSET // max_count + 1


def read(query, keys, default_count, max_count):
    """The page a list's query asks for; ``query`` loses the pagination parameters, leaving the filters.

    ``keys`` are the names a cursor holds: the primary key.  Each problem
    is a FieldError naming the parameter.
    """
    for alias, name in ALIASES.items():
        if alias in query:
            if name in query:
                raise FieldError(alias, f'Send "{name}" or "{alias}", not both.')
            query[name] = query.pop(alias)
    count = _whole_number(query.pop("count", default_count), "count", 1, max_count)
    deepest = max_page(max_count)
    number = _whole_number(
        query.pop("page", 1), "page", 1, deepest, f'; follow the "next" links past page {deepest}'
    )
    after, before = query.pop("after", None), query.pop("before", None)
    return Page(
        count=count,
        after=decode(after, "after", keys) if after is not None else None,
        before=decode(before, "before", keys) if before is not None else None,
        number=number,
    )


def encode(position):
    """The cursor of a position, ``{"id": 41}``: ``41``."""
    (value,) = position.values()
    return str(value)


def decode(cursor, name, keys):
    """The position a cursor holds, ``{"id": 41}``; a FieldError for anything else."""
    value = Text(cursor) if isinstance(cursor, str) else cursor
    try:
        number = IntegerField(name).translate(value)
    except FieldError:
        raise FieldError(
            name, f"The query parameter \"{name}\" is not a cursor from this API's links: a row's id."
        ) from None
    (key,) = keys
    return {key: number}


def _whole_number(value, name, minimum, maximum, beyond=""):
    number = IntegerField(name).translate(Text(value) if isinstance(value, str) else value)
    if number < minimum or number > maximum:
        raise FieldError(
            name, f'The query parameter "{name}" must be at least {minimum} and at most {maximum}{beyond}.'
        )
    return number
