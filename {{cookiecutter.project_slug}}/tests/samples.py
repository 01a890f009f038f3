"""Values for the fields each resource declares, worked out from its model's columns.

The tests send these rather than naming fields, so that they hold for
whatever fields models.py declares, a column added later included.
"""

import datetime
import decimal
import math
import string

from {{ cookiecutter.package_name }}.hypermedia import fields

_LETTERS = string.ascii_letters + string.digits


def settable(model):
    """The columns a client sets on a model, in order: all but its keys and hidden columns."""
    return [
        column
        for column in model.__table__.columns
        if not (column.primary_key or column.foreign_keys or column.info.get("hidden"))
    ]


def field(column):
    return fields.field_for_column(column)


def value(column, n=0):
    """A valid JSON value for the column, different for each ``n`` (for unique columns)."""
    kind = field(column)
    if isinstance(kind, fields.EnumField):
        return kind.options[n % len(kind.options)]
    if isinstance(kind, fields.StringField):
        text = f"Value {n}"
        if kind.maximum is not None and len(text) > kind.maximum:
            text = _digits(n)[-kind.maximum :]  # different for each n while n has that many digits in base 62
        return text
    if isinstance(kind, fields.BooleanField):
        return n % 2 == 1
    if isinstance(kind, fields.IntegerField):
        return 100 + n
    if isinstance(kind, fields.FloatField):
        return n + 0.25
    if isinstance(kind, fields.DecimalField):
        whole = (n + 1) % 10 ** (kind.precision - kind.scale) if kind.precision > kind.scale else 0
        step = decimal.Decimal(1).scaleb(-kind.scale)
        return str((decimal.Decimal(whole) + step * (n % 10)).quantize(step))
    if isinstance(kind, fields.DateField):
        return (datetime.date(2026, 1, 1) + datetime.timedelta(days=n)).isoformat()
    if isinstance(kind, fields.DateTimeField):
        moment = datetime.datetime(2026, 1, 1, 9, 30, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
        return moment.isoformat()
    raise TypeError(f"No sample value for the column {column}.")


def _digits(n):
    """``n`` written in base 62, with letters and digits."""
    digits = ""
    while True:
        n, digit = divmod(n, len(_LETTERS))
        digits = _LETTERS[digit] + digits
        if n == 0:
            return digits


def as_text(json_value):
    """A value as a query string or a form carries it."""
    if isinstance(json_value, bool):
        return "true" if json_value else "false"
    return str(json_value)


def values(model, n=0, required_only=False):
    """A valid body for creating a row of ``model`` (without its foreign key)."""
    return {
        column.key: value(column, n)
        for column in settable(model)
        if not required_only or field(column).required
    }


def row(model, n=0):
    """The ``n``-th sample values as the model's Python values, to write rows directly."""
    return {column.key: field(column).translate(value(column, n)) for column in settable(model)}


def invalid_values(column):
    """(JSON value, words its error must contain) that the column must refuse."""
    kind = field(column)
    wrong_type = [({"a": 1}, "must be"), (["x"], "must be")]
    if isinstance(kind, fields.EnumField):
        return [*wrong_type, ("not-one-of-them", kind.options[0]), (5, "one of")]
    if isinstance(kind, fields.StringField):
        cases = [*wrong_type, (5, "string"), (1.5, "string"), (True, "string")]
        if kind.maximum is not None:
            cases.append(("x" * (kind.maximum + 1), str(kind.maximum)))
        return cases
    if isinstance(kind, fields.BooleanField):
        return [*wrong_type, ("true", "true or false"), (1, "true or false"), ("yes", "true or false")]
    if isinstance(kind, fields.IntegerField):
        return [*wrong_type, ("5", "integer"), (1.5, "integer"), (True, "integer"), (2**31, "integer")]
    if isinstance(kind, fields.FloatField):
        return [*wrong_type, ("1.5", "number"), (True, "number"), (math.nan, "finite"), (math.inf, "finite")]
    if isinstance(kind, fields.DecimalField):
        too_precise = "0." + "1" * (kind.scale + 1)
        too_large = "9" * (kind.precision - kind.scale + 1)
        return [
            *wrong_type,
            (True, "decimal"),
            ("abc", "decimal"),
            (too_precise, "after"),
            (too_large, "before"),
        ]
    if isinstance(kind, fields.DateField):
        return [*wrong_type, ("2026-02-30", "date"), ("01/02/2026", "date"), (20260101, "date")]
    if isinstance(kind, fields.DateTimeField):
        return [
            *wrong_type,
            ("2026-01-01T10:00:00", "offset"),
            ("2026-13-01T10:00:00+00:00", "offset"),
            (5, "offset"),
        ]
    raise TypeError(f"No invalid values for the column {column}.")


def invalid_text(column):
    """Query-string text the column's filter must refuse, or None where any text is a valid filter."""
    kind = field(column)
    if isinstance(kind, fields.EnumField):
        return "not-one-of-them"
    if isinstance(kind, fields.StringField):
        return None
    if isinstance(kind, fields.BooleanField):
        return "maybe"
    if isinstance(kind, fields.DateField):
        return "2026-02-30"
    if isinstance(kind, fields.DateTimeField):
        return "tomorrow"
    return "abc"  # integer, float and decimal


def described(column):
    """An id for a test of the column: its name and type."""
    return f"{column.key}-{type(field(column)).__name__.removesuffix('Field').lower()}"
