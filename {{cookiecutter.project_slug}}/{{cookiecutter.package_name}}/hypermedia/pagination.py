"""Cursor (keyset) pagination: the page after or before a position costs the same at any depth.

A list takes ``count`` (default 20, at most 100), ``after`` and ``before``
(cursors, as ``next`` and ``previous`` links give them), ``page`` for
direct access to the first pages, and ``name=value`` for each field it
filters by, and ``name[operator]`` for each comparison (filters.py).
JSON:API spells them in its query parameter families: ``page[size]``,
``page[after]``, ``page[before]``, ``page[number]``, ``filter[name]`` and
``filter[name][operator]`` (``SPELLINGS``, ``filter_name``); every representation
takes those spellings too, and a JSON:API request takes only them
(adapters/jsonapi.py, which writes its links with them).

They all combine, so that any set of them the OpenAPI document allows is a
request the API answers: ``after`` and ``before`` together are the rows
between the two, and ``page`` counts pages from the cursor (from the start
without one), at most ``max_page`` of them.  One parameter in both of its
spellings is refused.  ``sort=-priority,due_on`` orders a list by fields,
``-`` for descending, with the primary key last to break ties, in the
direction of the field before it (so that one index serves the sort, read
forwards or backwards); JSON:API spells it the same.  A null sorts after
every value, so first in a descending key.  A cursor is a row's primary key, an integer, or, in a
sorted list, the row's values of the sort's fields and its key, encoded
(base64url of a JSON array): the API's links carry it, and a client may
treat it as opaque.  It is not signed: a changed cursor only moves the
position.  Each problem is a FieldError naming the parameter as the request
spells it.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass

from .errors import FieldError
from .fields import IntegerField, Text, json_value
from .fieldsets import is_fieldset

# Each JSON:API spelling of a pagination parameter, and the name it goes by here.
ALIASES = {"page[size]": "count", "page[after]": "after", "page[before]": "before", "page[number]": "page"}
SORT = "sort"
# The relationships whose rows an answer embeds (or JSON:API includes): resources.included_to_ones.
INCLUDE = "include"
# Each pagination parameter, and its JSON:API spelling; ``sort`` and ``include`` are spelled alike.
SPELLINGS = {**{name: alias for alias, name in ALIASES.items()}, SORT: SORT, INCLUDE: INCLUDE}
# JSON:API's spelling of a filter: filter[name], a legal member name between the brackets, or a
# comparison (filters.py), filter[name][operator].
_FILTER = re.compile(r"filter\[([a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?)\](\[[a-z]+\])?")
# ``page`` skips rows with OFFSET, whose cost grows with the depth: this many at most; links go further.
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class Page:
    """A page a list's query asks for: ``sort`` as ``((field, descending), ...)``, the key last."""

    count: int
    after: dict | None = None
    before: dict | None = None
    number: int = 1
    sort: tuple = ()

    @property
    def keys(self):
        """The names a cursor holds: the sort's fields, then the key."""
        return tuple(name for name, _ in self.sort)

    @property
    def offset(self):
        return (self.number - 1) * self.count


def max_page(max_count):
    """The deepest ``page`` a list of at most ``max_count`` rows a page takes: MAX_OFFSET rows in."""
    return MAX_OFFSET // max_count + 1


def read(query, keys, default_count, max_count, fields=None):
    """The page a list's query asks for; ``query`` loses the pagination parameters, leaving the filters.

    ``keys`` are the primary key's names; ``fields`` the list's sortable
    fields by name (``hypermedia.fields``), which read a cursor's values.
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
    fields = fields or {}
    sort = read_sort(query.pop(SORT, None), keys, fields)
    kinds = [(name, fields[name]) for name, _ in sort] if sort else None
    return Page(
        count=count,
        after=decode(after, spelled["after"], keys, kinds) if after is not None else None,
        before=decode(before, spelled["before"], keys, kinds) if before is not None else None,
        number=number,
        sort=sort,
    )


def read_sort(value, keys, fields):
    """``sort=-priority,due_on`` as ``(("priority", True), ("due_on", False), ("id", False))``, or ()."""
    if value is None:
        return ()
    names = str(value).split(",")
    sort, seen = [], set()
    for spelled in names:
        name = spelled.removeprefix("-")
        if name not in fields:
            sortable = ", ".join(fields)
            raise FieldError(
                SORT,
                f'Cannot sort by "{name}": sort by fields separated by commas, "-" before one for descending '
                f"order; the fields are: {sortable}.",
            )
        if name in seen:
            raise FieldError(SORT, f'The field "{name}" is in "sort" twice.')
        seen.add(name)
        sort.append((name, spelled.startswith("-")))
    (key,) = keys
    return (*sort, (key, sort[-1][1])) if key not in seen else tuple(sort)


def write_sort(sort, keys):
    """A sort as its parameter writes it, ``-priority,due_on``: the key left out where it only breaks ties."""
    (key,) = keys
    written = [f"-{name}" if descending else name for name, descending in sort]
    tie_breaker = len(sort) > 1 and sort[-1] == (key, sort[-2][1])
    return ",".join(written[:-1] if tie_breaker else written)


def filter_name(parameter):
    """A filter spelled ``filter[name]`` as the other representations spell it, ``name``; None for any other.

    ``filter[name][operator]`` is ``name[operator]`` (filters.py).
    """
    match = _FILTER.fullmatch(parameter)
    return match.group(1) + (match.group(2) or "") if match else None


def plain_names(parameters):
    """``parameters``, each ``(name, value)``, with a filter spelled ``filter[name]`` named ``name``.

    A dict; one filter in both spellings is a FieldError.
    """
    named = {}
    for parameter, value in parameters:
        name = filter_name(parameter) or parameter
        if name in named:
            raise FieldError(parameter, f'Send "{name}" or "{jsonapi_spelling(name)}", not both.')
        named[name] = value
    return named


def jsonapi_spelling(name):
    """A list's parameter as JSON:API spells it: ``page[size]`` for ``count``, ``filter[x]`` for ``x``.

    A comparison ``x[lt]`` is ``filter[x][lt]``; a fieldset, ``fields[type]``, is spelled alike.
    """
    if is_fieldset(name):
        return name
    field, bracket, operator = name.partition("[")
    return SPELLINGS.get(name) or f"filter[{field}]{bracket}{operator}"


def encode(position):
    """The cursor of a position: ``41`` for ``{"id": 41}``; in a sorted list, its values, encoded."""
    if len(position) == 1:
        (value,) = position.values()
        return str(value)
    values = json.dumps([json_value(value) for value in position.values()], separators=(",", ":"))
    return base64.urlsafe_b64encode(values.encode()).decode().rstrip("=")


def decode(cursor, name, keys, kinds=None):
    """The position a cursor holds, ``{"id": 41}``; a FieldError for anything else.

    In a sorted list (``kinds``: ``(name, field)`` of each sort key, the
    primary key last), the row's values as the fields read them.
    """
    if kinds is not None and len(kinds) > 1:
        return _decode_values(cursor, name, kinds)
    value = Text(cursor) if isinstance(cursor, str) else cursor
    try:
        number = IntegerField(name).translate(value)
    except FieldError:
        raise FieldError(
            name, f"The query parameter \"{name}\" is not a cursor from this API's links: a row's id."
        ) from None
    (key,) = keys
    return {key: number}


def _decode_values(cursor, name, kinds):
    refusal = FieldError(
        name, f'The query parameter "{name}" is not a cursor from the links of a list in this order.'
    )
    try:
        text = str(cursor)
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise refusal from None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise refusal
    position = {}
    for (field_name, field), value in zip(kinds, values, strict=True):
        try:
            position[field_name] = None if value is None else field.translate(value)
        except FieldError:
            raise refusal from None
    return position


def _whole_number(value, name, minimum, maximum, beyond=""):
    number = IntegerField(name).translate(Text(value) if isinstance(value, str) else value)
    if number < minimum or number > maximum:
        raise FieldError(
            name, f'The query parameter "{name}" must be at least {minimum} and at most {maximum}{beyond}.'
        )
    return number
