"""Strict field types for request input, one for each column type.

ripozo's own fields coerce whatever they are given (``1.9`` becomes ``1``, a
list becomes its first item, ``None`` becomes ``"None"``).  These accept a
value of the field's JSON type.  Query strings and forms carry only text:
the dispatcher hands their values over as ``Text``, which each field parses
as a form value of its type.  Anything else raises ``FieldError`` naming
the field.  A value a field has already translated (a ``Decimal``, a
``date``) passes again unchanged: the add-child endpoint validates a body
before the child's own create does.

``field_for_column`` picks a field for a table column.  To serve a new
column type, add a field class here and a branch there.
"""

import datetime
import decimal
import math
import re

import sqlalchemy as sa
from ripozo.resources.fields.field import IField

from . import types
from .errors import FieldError

_INTEGER = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The range of an INTEGER column on every database this project supports.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
# The JSON Schema pattern of text without U+0000, which StringField refuses.
NO_NUL = r"^[^\u0000]*$"


class Text(str):
    """A value that arrived as text (a query string or a form): each field parses it as its type."""


class Field(IField):
    """A strict field: ``_translate`` accepts the field's type, ``_validate`` checks required and bounds.

    ``input_type`` is the HTML input type that actions advertise, and
    ``default`` the value a create uses when the field is left out.
    """

    input_type = "text"
    options = None
    # What the errors call it: a query parameter's own field says so.
    subject = "field"

    def __init__(self, name, required=False, default=None, **kwargs):
        super().__init__(name, required=required, **kwargs)
        self.default = default

    def _validate(self, obj, skip_required=False):
        if obj is None and self.required and not skip_required:
            raise FieldError(self.name, f'The field "{self.name}" is required.')
        return obj

    def invalid(self, expected):
        return FieldError(self.name, f'The {self.subject} "{self.name}" must be {expected}.')


class StringField(Field):
    """Text of ``minimum`` to ``maximum`` characters (either may be None), of the JSON Schema ``format``.

    No text holds the character U+0000 (NUL): PostgreSQL cannot store it,
    and the refusal is the same on every database (``NO_NUL``, in the
    OpenAPI document as a ``pattern``).
    """

    field_type = str
    format = None

    def __init__(self, name, maximum=None, minimum=None, **kwargs):
        super().__init__(name, **kwargs)
        self.maximum, self.minimum = maximum, minimum

    def _translate(self, obj, skip_required=False):
        if not isinstance(obj, str):
            raise self.invalid("a string")
        if "\x00" in obj:  # in a filter too, where PostgreSQL would refuse the query
            raise self.invalid("text without the character U+0000 (NUL)")
        return str(obj)

    def _validate(self, obj, skip_required=False):
        obj = super()._validate(obj, skip_required=skip_required)
        if obj is None:
            return obj
        if self.minimum is not None and len(obj) < self.minimum:
            upper = f"to {self.maximum} " if self.maximum is not None else "or more "
            raise self.invalid(f"{self.minimum} {upper}characters long")
        if self.maximum is not None and len(obj) > self.maximum:
            lower = f"{self.minimum} to " if self.minimum is not None else "at most "
            raise self.invalid(f"{lower}{self.maximum} characters long")
        return obj


class EnumField(StringField):
    def __init__(self, name, values, **kwargs):
        super().__init__(name, **kwargs)
        self.options = list(values)

    def _translate(self, obj, skip_required=False):
        if not isinstance(obj, str) or obj not in self.options:
            raise self.invalid("one of " + ", ".join(self.options))
        return str(obj)


class IntegerField(Field):
    """A 32-bit integer; a JSON number with nothing after its point (``3.0``) is one, as in JSON Schema."""

    field_type = int
    input_type = "number"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, Text) and _INTEGER.fullmatch(obj):
            obj = int(obj)
        if isinstance(obj, float) and obj.is_integer():
            obj = int(obj)
        if isinstance(obj, int) and not isinstance(obj, bool) and INTEGER_MIN <= obj <= INTEGER_MAX:
            return obj
        raise self.invalid(f"an integer from {INTEGER_MIN} to {INTEGER_MAX}")


class IdListField(Field):
    """The ids of the rows a many-to-many links to (managers/links.py): distinct, at most ``MAXIMUM``.

    In a query string or a form, the ids are written separated by commas
    (``3,5``; nothing for none).  A list filtered by it takes one id.
    """

    field_type = list
    MAXIMUM = 1000

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, Text):
            obj = [Text(part.strip()) for part in obj.split(",")] if obj.strip() else []
        if not isinstance(obj, list) or len(obj) > self.MAXIMUM:
            raise self.invalid(f"a list of at most {self.MAXIMUM} ids")
        ids = [IntegerField(self.name)._translate(value) for value in obj]
        if any(value < 1 for value in ids) or len(set(ids)) != len(ids):
            raise self.invalid("a list of distinct ids, each a whole number from 1")
        return ids


class FloatField(Field):
    field_type = float
    input_type = "number"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, Text):
            try:
                obj = float(obj)
            except ValueError:
                raise self.invalid("a number") from None
        if isinstance(obj, int | float) and not isinstance(obj, bool) and math.isfinite(obj):
            return float(obj)
        raise self.invalid("a finite number")


class DecimalField(Field):
    """A decimal with at most ``precision`` digits, ``scale`` of them after the point.

    It comes and goes out as a string, so that no client loses precision.
    """

    field_type = decimal.Decimal
    input_type = "number"

    def __init__(self, name, precision, scale, **kwargs):
        super().__init__(name, **kwargs)
        self.precision, self.scale = precision, scale

    def _translate(self, obj, skip_required=False):
        # A string only, as the OpenAPI document says: a JSON number may have lost digits on its way.
        if not isinstance(obj, str | decimal.Decimal):
            raise self.invalid("a decimal number, as a string")
        try:
            value = decimal.Decimal(obj.strip() if isinstance(obj, str) else str(obj))
        except decimal.InvalidOperation:
            raise self.invalid("a decimal number, as a string") from None
        places = -value.as_tuple().exponent if value.is_finite() else None
        whole_digits = self.precision - self.scale
        if places is None or places > self.scale or abs(value) >= 10**whole_digits:
            raise self.invalid(
                f"a number with at most {whole_digits} digits before the point and {self.scale} after"
            )
        return value.quantize(decimal.Decimal(1).scaleb(-self.scale))


class BooleanField(Field):
    field_type = bool
    input_type = "checkbox"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, bool):
            return obj
        if isinstance(obj, Text) and obj.lower() in ("true", "false"):
            return obj.lower() == "true"
        raise self.invalid("true or false")


class DateField(Field):
    field_type = datetime.date
    input_type = "date"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, datetime.date) and not isinstance(obj, datetime.datetime):
            return obj
        if isinstance(obj, str) and _DATE.fullmatch(obj):
            try:
                return datetime.date.fromisoformat(obj)
            except ValueError:
                pass
        raise self.invalid("a date, YYYY-MM-DD")


class DateTimeField(Field):
    """An instant: ISO 8601 with its offset from UTC; a time without one could be any of 24 instants."""

    field_type = datetime.datetime
    input_type = "datetime-local"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, datetime.datetime) and obj.tzinfo is not None:
            return obj
        if isinstance(obj, str) and len(obj) >= 16 and obj[10:11] in ("T", " "):
            try:
                value = datetime.datetime.fromisoformat(obj)
            except ValueError:
                value = None
            if value is not None and value.tzinfo is not None:
                return value.astimezone(datetime.UTC)
        raise self.invalid("a date and time with its offset from UTC, such as 2026-01-31T09:30:00+01:00")


def field_for_column(column):
    """The strict field for a table column: required when the database needs a value and has no default.

    A column set by creates alone (``info={"create_only": True}``) is filled
    in when a create leaves it out: sign-in's workspace column (ownership.py).
    """
    has_default = column.default is not None or column.server_default is not None
    has_default = has_default or bool(column.info.get("create_only"))
    options = {
        "required": not (column.nullable or column.primary_key or has_default),
        "default": column.default.arg if column.default is not None and column.default.is_scalar else None,
    }
    kind, name = column.type, column.key
    if isinstance(kind, sa.Enum):
        return EnumField(name, kind.enums, **options)
    if isinstance(kind, types.Decimal):
        return DecimalField(name, kind.precision, kind.scale, **options)
    if isinstance(kind, types.UtcDateTime | sa.DateTime):
        return DateTimeField(name, **options)
    if isinstance(kind, sa.Date):
        return DateField(name, **options)
    if isinstance(kind, sa.Boolean):
        return BooleanField(name, **options)
    if isinstance(kind, sa.Integer):
        return IntegerField(name, **options)
    if isinstance(kind, sa.Float):
        return FloatField(name, **options)
    if isinstance(kind, sa.String):
        return StringField(name, maximum=kind.length, **options)
    raise TypeError(f"hypermedia/fields.py has no field for the column {column} of type {kind!r}.")


def is_unique(column):
    """Whether a column's values are unique: in the whole table, or among the rows of one workspace or parent.

    The first is ``unique=True``, or a unique constraint or index of the
    column alone; the second a unique constraint of two columns ending with
    it, as a model declares a unique field with sign-in (the workspace's
    column or the parent's foreign key, then the field).
    """
    table = column.table
    uniques = [constraint for constraint in table.constraints if isinstance(constraint, sa.UniqueConstraint)]
    uniques += [index for index in table.indexes if index.unique]
    keys = [[other.key for other in unique.columns] for unique in uniques]
    return bool(column.unique) or any(key[-1:] == [column.key] and len(key) <= 2 for key in keys)


def json_value(value):
    """A column's value as JSON shows it: decimals as strings, dates and datetimes in ISO 8601."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return value
