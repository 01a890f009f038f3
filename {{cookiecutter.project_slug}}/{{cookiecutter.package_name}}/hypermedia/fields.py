"""Strict field types for request input.

ripozo's own fields coerce whatever they are given (``1.9`` becomes ``1``, a
list becomes its first item, ``None`` becomes ``"None"``).  These accept a
value of the right JSON type, or its plain text form when it arrives in a
query string or a form, and raise ``FieldError`` naming the field for
anything else.  ``field_for_column`` picks one for a table column; a project
adds a column type by adding a field class here and an entry to
``_FIELD_FOR_TYPE``.
"""

import re

from ripozo.resources.fields.field import IField

from .errors import FieldError

_INTEGER = re.compile(r"-?[0-9]+")
# The range of an INTEGER column on every database this project supports.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1


class Field(IField):
    """A strict field: ``_translate`` accepts one type, ``_validate`` checks required and bounds.

    ``input_type`` is the HTML input type that Siren actions advertise.
    """

    input_type = "text"

    def _validate(self, obj, skip_required=False):
        if obj is None and self.required and not skip_required:
            raise FieldError(self.name, f'The field "{self.name}" is required.')
        return obj

    def invalid(self, expected):
        return FieldError(self.name, f'The field "{self.name}" must be {expected}.')


class StringField(Field):
    field_type = str

    def __init__(self, name, maximum=None, **kwargs):
        super().__init__(name, **kwargs)
        self.maximum = maximum

    def _translate(self, obj, skip_required=False):
        if not isinstance(obj, str):
            raise self.invalid("a string")
        return obj

    def _validate(self, obj, skip_required=False):
        obj = super()._validate(obj, skip_required=skip_required)
        if obj is not None and self.maximum is not None and len(obj) > self.maximum:
            raise self.invalid(f"at most {self.maximum} characters long")
        return obj


class IntegerField(Field):
    field_type = int
    input_type = "number"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, str) and _INTEGER.fullmatch(obj):
            obj = int(obj)
        if isinstance(obj, int) and not isinstance(obj, bool) and INTEGER_MIN <= obj <= INTEGER_MAX:
            return obj
        raise self.invalid(f"an integer from {INTEGER_MIN} to {INTEGER_MAX}")


class BooleanField(Field):
    field_type = bool
    input_type = "checkbox"

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, bool):
            return obj
        if isinstance(obj, str) and obj.lower() in ("true", "false"):
            return obj.lower() == "true"
        raise self.invalid("true or false")


_FIELD_FOR_TYPE = {str: StringField, int: IntegerField, bool: BooleanField}


def field_for_column(column):
    """The strict field for a table column: required when the database needs a value."""
    field_class = _FIELD_FOR_TYPE[column.type.python_type]
    required = not (column.nullable or column.primary_key or column.default or column.server_default)
    if field_class is StringField:
        return StringField(column.name, required=required, maximum=getattr(column.type, "length", None))
    return field_class(column.name, required=required)
