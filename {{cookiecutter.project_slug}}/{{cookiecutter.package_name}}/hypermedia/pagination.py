"""Cursor (keyset) pagination: the page after or before a position costs the same at any depth.

A list takes ``count`` (default 20, at most 100) and one of ``after`` or
``before``, a cursor that a ``next`` or ``previous`` link gave, or ``page``
for direct access to the first pages.  JSON:API's cursor-pagination profile
spells them ``page[size]``, ``page[after]`` and ``page[before]``: every
representation takes both spellings.

A cursor is the sort key of a row, as URL-safe base64 of a JSON object
(``{"id": 41}``), which a later sort option can extend with its own key.
Clients treat it as opaque.  It is not signed: a changed cursor only moves
the position, and rotating SECRET_KEY breaks no link.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from .errors import FieldError
from .fields import INTEGER_MAX, INTEGER_MIN, IntegerField, Text

# Each query parameter, and the name it goes by here.
ALIASES = {"page[size]": "count", "page[after]": "after", "page[before]": "before"}
# ``page`` reads past this many rows with OFFSET, whose cost grows with the depth: links go further.
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class Page:
    count: int
    after: dict | None = None
    before: dict | None = None
    number: int = 1


def read(query, keys, default_count, max_count):
    """The page a list's query asks for; ``query`` loses the pagination parameters, leaving the filters.

    ``keys`` are the names a cursor holds: the sort key.  Each problem is a
    FieldError naming the parameter.
    """
    for alias, name in ALIASES.items():
        if alias in query:
            if name in query:
                raise FieldError(alias, f'Send "{name}" or "{alias}", not both.')
            query[name] = query.pop(alias)
    count = _whole_number(query.pop("count", default_count), "count", 1, max_count)
    number = _whole_number(query.pop("page", 1), "page", 1, None)
    after, before = query.pop("after", None), query.pop("before", None)
    given = [name for name, value in (("after", after), ("before", before)) if value is not None]
    if number > 1:
        given.append("page")
    if len(given) > 1:
        raise FieldError(given[1], f'Send one of "after", "before" or "page", not {" and ".join(given)}.')
    if (number - 1) * count > MAX_OFFSET:
        raise FieldError(
            "page",
            f'The query parameter "page" reaches {MAX_OFFSET} rows deep at most; follow the "next" links.',
        )
    return Page(
        count=count,
        after=decode(after, "after", keys) if after is not None else None,
        before=decode(before, "before", keys) if before is not None else None,
        number=number,
    )


def encode(position):
    """The cursor for a position, ``{"id": 41}``."""
    text = json.dumps(position, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor, name, keys):
    """The position a cursor holds, a value for each of ``keys``; a FieldError for any other text."""
    problem = FieldError(name, f'The query parameter "{name}" is not a cursor from this API\'s links.')
    try:
        position = json.loads(base64.urlsafe_b64decode(str(cursor) + "=" * (-len(str(cursor)) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise problem from None
    if not isinstance(position, dict) or set(position) != set(keys):
        raise problem
    for value in position.values():
        if isinstance(value, bool) or not isinstance(value, int) or not INTEGER_MIN <= value <= INTEGER_MAX:
            raise problem
    return position


def _whole_number(value, name, minimum, maximum):
    number = IntegerField(name).translate(Text(value) if isinstance(value, str) else value)
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise FieldError(name, f'The query parameter "{name}" must be at least {minimum}{upper}.')
    return number
