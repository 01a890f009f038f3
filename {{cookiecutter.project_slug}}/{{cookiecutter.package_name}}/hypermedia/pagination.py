"""Cursor (keyset) pagination: the page after or before a position costs the same at any depth.

A list takes ``count`` (default 20, at most 100), ``after`` and ``before``
(cursors, as ``next`` and ``previous`` links give them), ``page`` for
direct access to the first pages, and ``name=value`` for each field it
filters by.  JSON:API spells them in its query parameter families:
``page[size]``, ``page[after]``, ``page[before]``, ``page[number]`` and
``filter[name]`` (``SPELLINGS``, ``filter_name``); every representation
takes those spellings too, and a JSON:API request takes only them
(adapters/jsonapi.py, which writes its links with them).

They all combine, so that any set of them the OpenAPI document allows is a
request the API answers: ``after`` and ``before`` together are the rows
between the two, and ``page`` counts pages from the cursor (from the start
without one), at most ``max_page`` of them.  One parameter in both of its
spellings is refused.  A cursor is a row's primary key, an integer: the
API's links carry it, and a client may treat it as opaque.  It is not
signed: a changed cursor only moves the position.  Each problem is a
FieldError naming the parameter as the request spells it.
"""

import re
from dataclasses import dataclass

from .errors import FieldError
from .fields import IntegerField, Text

# Each JSON:API spelling of a pagination parameter, and the name it goes by here.
ALIASES = {"page[size]": "count", "page[after]": "after", "page[before]": "before", "page[number]": "page"}
# Each pagination parameter, and its JSON:API spelling.
SPELLINGS = {name: alias for alias, name in ALIASES.items()}
# JSON:API's spelling of a filter: filter[name], a legal member name between the brackets.
_FILTER = re.compile(r"filter\[([a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?)\]")
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

    ``keys`` are the names a cursor holds: the primary key.
    """
    spelled = {name: name for name in SPELLINGS}
    for alias, name in ALIASES.items():
        if alias in query:
            if name in query:
                raise FieldError(alias, f'Send "{name}" or "{alias}", not both.')
            query[name] = query.pop(alias)
            spelled[name] = alias
    count = _whole_number(query.pop("count", default_count), spelled["count"], 1, max_count)
    deepest = max_page(max_count)
    number = _whole_number(
        query.pop("page", 1), spelled["page"], 1, deepest, f'; follow the "next" links past page {deepest}'
    )
    after, before = query.pop("after", None), query.pop("before", None)
    return Page(
        count=count,
        after=decode(after, spelled["after"], keys) if after is not None else None,
        before=decode(before, spelled["before"], keys) if before is not None else None,
        number=number,
    )


def filter_name(parameter):
    """The field a query parameter spelled ``filter[name]`` filters by, ``name``; None for any other."""
    match = _FILTER.fullmatch(parameter)
    return match.group(1) if match else None


def plain_names(parameters):
    """``parameters``, each ``(name, value)``, with a filter spelled ``filter[name]`` named ``name``.

    A dict; one filter in both spellings is a FieldError.
    """
    named = {}
    for parameter, value in parameters:
        name = filter_name(parameter) or parameter
        if name in named:
            raise FieldError(parameter, f'Send "{name}" or "filter[{name}]", not both.')
        named[name] = value
    return named


def jsonapi_spelling(name):
    """A list's parameter as JSON:API spells it: ``page[size]`` for ``count``, ``filter[x]`` for ``x``."""
    return SPELLINGS.get(name) or f"filter[{name}]"


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
