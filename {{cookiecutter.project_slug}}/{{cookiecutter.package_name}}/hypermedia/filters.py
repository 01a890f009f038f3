"""A list's comparisons: ``name[operator]=value`` beside the plain ``name=value``, which is equality.

``OPERATORS`` are:

- ``lt``, ``lte``, ``gt``, ``gte``: less than, at most, greater than, at
  least the value, on the fields whose values have the same order on every
  database (``ORDERED``: numbers, dates, dates and times).  Text is not
  among them: its order is the database's collation.  A null is none of
  them.
- ``ne``: another value than this one; a null is another value, so kept.
- ``in=a,b``: one of the values, separated by commas (at most
  ``MAX_VALUES``), on every field but a boolean.
- ``null=true`` or ``false``: the optional fields' rows without a value, or
  with one.

``q=words`` (``SEARCH``) keeps the rows in which every word is part of some
text field's value, whatever the case (on SQLite, the case of ASCII
letters): ``q=urg`` finds "Urgent".  At most ``MAX_WORDS`` words.

JSON:API spells them ``filter[name][operator]`` and ``filter[q]``
(pagination.py), which every representation takes too.  Each value is read
as the field's type (a date is a date); a value that is not one, an
operator a field does not take, or a field the list does not show is a
FieldError naming the parameter.  A manager's ``list_fields`` say which
fields a list shows, and so compares and searches (managers/listing.py).
"""

import copy
import operator as compare
import re
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, or_

from .errors import FieldError
from .fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IdListField,
    IntegerField,
    StringField,
    Text,
    json_value,
)

ORDERED = (IntegerField, FloatField, DecimalField, DateField, DateTimeField)
# Each operator, and what a field's value is when it holds, in words.
OPERATORS = {
    "lt": "is less than",
    "lte": "is at most",
    "gt": "is greater than",
    "gte": "is at least",
    "ne": "is not",
    "in": "is one of",
    "null": "is none",
}
MAX_VALUES = 100
SEARCH = "q"
MAX_WORDS = 10
_COMPARE = {"lt": compare.lt, "lte": compare.le, "gt": compare.gt, "gte": compare.ge}
# A field's name and an operator, as a list's query string spells them: due_on[gte].
_COMPARISON = re.compile(r"(?P<name>[a-z][a-z0-9_]*)\[(?P<operator>[a-z]+)\]")


@dataclass(frozen=True)
class Comparison:
    """``name[operator]=value``, its value read as the field's type (``in``: a tuple of them)."""

    name: str
    operator: str
    value: object

    @property
    def parameter(self):
        return f"{self.name}[{self.operator}]"

    @property
    def key(self):
        """What a list's statement depends on: ``(name, operator, empty)``, ``empty`` the value of null."""
        return (self.name, self.operator, self.value if self.operator == "null" else None)

    @property
    def bound(self):
        """The statement's parameter that takes the value (None for ``null``, which takes none)."""
        return bound_name(self.name, self.operator) if self.operator != "null" else None

    @property
    def text(self):
        """The value as the query string writes it, for the links to the pages beside."""
        values = self.value if self.operator == "in" else (self.value,)
        return ",".join(_written(value) for value in values)


def split(parameter):
    """``(name, operator)`` of a parameter spelled ``name[operator]``, else None."""
    match = _COMPARISON.fullmatch(parameter)
    return (match["name"], match["operator"]) if match else None


def operators(field, nullable):
    """The operators a field takes: its type's, and ``null`` if it is ``nullable``."""
    if isinstance(field, IdListField):
        return ()
    taken = ["lt", "lte", "gt", "gte"] if isinstance(field, ORDERED) else []
    taken += ["ne"] if isinstance(field, BooleanField) else ["ne", "in"]
    return (*taken, *(["null"] if nullable else []))


def parameters(fields, nullable):
    """Every ``name[operator]`` a list takes: ``fields`` by name, ``nullable`` the names of optional ones."""
    taken = ((name, operators(field, name in nullable)) for name, field in fields.items())
    return tuple(f"{name}[{operator}]" for name, names_operators in taken for operator in names_operators)


def read(query, fields, nullable):
    """The comparisons in a list's ``query``, which loses them: a tuple, ordered by field and operator."""
    comparisons = []
    for parameter in [parameter for parameter in query if split(parameter)]:
        name, operator = split(parameter)
        text = query.pop(parameter)
        if name not in fields:
            shown = ", ".join(fields)
            raise FieldError(parameter, f'Cannot filter by "{parameter}": a list compares {shown}.')
        taken = operators(fields[name], name in nullable)
        if operator not in taken:
            raise FieldError(parameter, f'Cannot filter by "{parameter}": "{name}" takes {", ".join(taken)}.')
        comparisons.append(Comparison(name, operator, _value(fields[name], operator, parameter, text)))
    return tuple(sorted(comparisons, key=lambda comparison: comparison.key))


@dataclass(frozen=True)
class Search:
    """``q``: the ``words`` to find in the text fields named ``fields``."""

    fields: tuple
    words: tuple

    @property
    def key(self):
        """What a list's statement depends on: the fields searched and how many words."""
        return (SEARCH, "search", (self.fields, len(self.words)))

    @property
    def bound(self):
        """The statement's parameters, ``q_0``, ``q_1``...: each word as a LIKE pattern, ``%word%``."""
        return {f"q_{n}": "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%" for n, word in enumerate(self.words)}

    @property
    def text(self):
        return " ".join(self.words)


def searched(fields):
    """The names of the text fields a search looks in: strings and text, not a choice of values."""
    return tuple(name for name, field in fields.items() if type(field) is StringField)


def read_search(query, fields):
    """``q`` of a list's ``query``, which loses it, as a Search of ``fields`` (by name); None without one.

    A field named ``q`` (from before the name was reserved) keeps it: there
    ``q=`` filters by that field.
    """
    if SEARCH in fields or SEARCH not in query:
        return None
    text = query.pop(SEARCH)
    names = searched(fields)
    if not names:
        raise FieldError(SEARCH, f'This list has no text to search with "{SEARCH}": filter it by its fields.')
    words = tuple(dict.fromkeys(str(text).lower().split()))
    if len(words) > MAX_WORDS or "\x00" in text:
        raise FieldError(
            SEARCH, f'The query parameter "{SEARCH}" takes at most {MAX_WORDS} words, without U+0000 (NUL).'
        )
    return Search(names, words)


def search(model_class, key):
    """The SQL condition of a search's ``key``: each word (``:q_0``...) in one of the fields, any case."""
    _, _, (names, count) = key
    columns = [getattr(model_class, name) for name in names]
    return and_(
        *(or_(*(column.ilike(bindparam(f"q_{n}"), escape="\\") for column in columns)) for n in range(count))
    )


def _written(value):
    return ("true" if value else "false") if isinstance(value, bool) else str(json_value(value))


def _value(field, operator, parameter, text):
    """The value of ``parameter``, read as ``field`` reads it; its errors name the parameter."""
    named = copy.copy(field) if operator != "null" else BooleanField(parameter)
    named.name, named.subject = parameter, "query parameter"
    if operator != "in":
        return named._translate(_text(text))
    values = str(text).split(",")
    if len(values) > MAX_VALUES:
        raise FieldError(parameter, f'The query parameter "{parameter}" takes at most {MAX_VALUES} values.')
    return tuple(dict.fromkeys(named._translate(Text(value)) for value in values))


def _text(value):
    return Text(value) if isinstance(value, str) else value


def bound_name(name, operator):
    return f"compare_{name}_{operator}"


def condition(column, key, comparable):
    """The SQL condition of a comparison's ``key`` on ``column``; ``comparable`` makes a value compare.

    The value is the statement's parameter ``bound_name(...)`` (for ``in``,
    an expanding one), so that the statement serves every value.
    """
    name, operator, empty = key
    if operator == "null":
        return column.is_(None) if empty else column.is_not(None)
    if operator == "in":
        return column.in_(bindparam(bound_name(name, operator), expanding=True, type_=column.type))
    value = bindparam(bound_name(name, operator), type_=column.type)
    if operator == "ne":
        return column.is_distinct_from(value)
    return _COMPARE[operator](comparable(column), comparable(value))
