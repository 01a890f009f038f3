"""A column's type as the review of a revision compares types: its kind, in words, and what widens it.

A kind is a tuple: ``("string", 80)``, ``("text",)``, ``("enum", ("open",
"done"))``, ``("integer", 32)``, ``("float",)``, ``("decimal", 12, 2)``,
``("boolean",)``, ``("date",)``, ``("datetime",)``, ``("time",)``, or
``("other", name)``.  The same kind is the same values: a model's
``types.Decimal(12, 2)``, a revision's ``sa.Numeric(12, 2)`` and a
PostgreSQL ``NUMERIC(12, 2)`` are all ``("decimal", 12, 2)``.
"""

import sqlalchemy as sa

# How many decimal digits an integer of so many bits needs.
_INTEGER_DIGITS = {16: 5, 32: 10, 64: 19}


def kind(type_):
    """The kind of a SQLAlchemy type instance (a model's, a revision's or a reflected one)."""
    if isinstance(type_, sa.types.TypeDecorator):
        type_ = type_.impl_instance
    if isinstance(type_, sa.Enum):
        return ("enum", tuple(type_.enums))
    if isinstance(type_, sa.Text):
        return ("text",)
    if isinstance(type_, sa.String):
        return ("string", type_.length)
    if isinstance(type_, sa.Boolean):
        return ("boolean",)
    if isinstance(type_, sa.BigInteger):
        return ("integer", 64)
    if isinstance(type_, sa.SmallInteger):
        return ("integer", 16)
    if isinstance(type_, sa.Integer):
        return ("integer", 32)
    if isinstance(type_, sa.Float):
        return ("float",)
    if isinstance(type_, sa.Numeric):
        return ("decimal", type_.precision, type_.scale)
    if isinstance(type_, sa.DateTime):
        return ("datetime",)
    if isinstance(type_, sa.Date):
        return ("date",)
    if isinstance(type_, sa.Time):
        return ("time",)
    return ("other", type(type_).__name__)


def keeps_every_value(old, new):
    """Whether every value of kind ``old`` is a value of kind ``new``: a change rows cannot fail."""
    if old == new:
        return True
    family, new_family = old[0], new[0]
    if family in ("string", "enum") and new_family == "text":
        return True
    if family == "string" and new_family == "string":
        return new[1] is None or (old[1] is not None and new[1] >= old[1])
    if family == "enum" and new_family == "enum":
        return set(old[1]) <= set(new[1])
    if family == "enum" and new_family == "string":
        return new[1] is None or new[1] >= max(len(value) for value in old[1])
    if family == "integer":
        if new_family == "integer":
            return new[1] >= old[1]
        if new_family == "float":
            return old[1] <= 32  # a double holds every integer of 53 bits
        if new_family == "decimal":
            precision, scale = new[1], new[2] or 0
            return precision is None or precision - scale >= _INTEGER_DIGITS[old[1]]
    if family == "decimal" and new_family == "decimal":
        precision, scale = old[1], old[2] or 0
        new_precision, new_scale = new[1], new[2] or 0
        if new_precision is None:
            return True
        return precision is not None and new_precision - new_scale >= precision - scale and new_scale >= scale
    return False


def words(kind_):
    """The kind as a sentence says it: "text of at most 80 characters", "one of open, done"."""
    family = kind_[0]
    if family == "string":
        return "text" if kind_[1] is None else f"text of at most {kind_[1]} characters"
    if family == "enum":
        return "one of " + ", ".join(kind_[1])
    if family == "integer":
        return "an integer" if kind_[1] == 32 else f"a {kind_[1]}-bit integer"
    if family == "decimal":
        return (
            "a decimal"
            if kind_[1] is None
            else f"a decimal of {kind_[1]} digits, {kind_[2] or 0} after the point"
        )
    return {
        "text": "text",
        "float": "a floating-point number",
        "boolean": "true or false",
        "date": "a date",
        "datetime": "a date and time",
        "time": "a time of day",
    }.get(family, f"a {kind_[-1]}")
