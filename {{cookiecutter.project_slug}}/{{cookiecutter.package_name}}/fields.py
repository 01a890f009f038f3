"""Strict field types for request input.

ripozo's own fields coerce whatever they are given (``1.9`` becomes ``1``, a
list becomes its first item, ``None`` becomes ``"None"``).  These accept a
value of the right JSON type, or its plain text form when it arrives in a
query string or a form, and reject anything else naming the field.
"""

import re

from ripozo.exceptions import TranslationException, ValidationException
from ripozo.resources.fields.field import IField
from ripozo.resources.fields.validations import validate_required

_INTEGER = re.compile(r"-?[0-9]+")
# The range of an INTEGER column on every database this project supports.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1


class StringField(IField):
    field_type = str

    def __init__(self, name, maximum=None, **kwargs):
        super().__init__(name, **kwargs)
        self.maximum = maximum

    def _translate(self, obj, skip_required=False):
        if not isinstance(obj, str):
            raise TranslationException(f'The field "{self.name}" must be a string.')
        return obj

    def _validate(self, obj, skip_required=False):
        obj = validate_required(self, obj, skip_required=skip_required)
        if obj is not None and self.maximum is not None and len(obj) > self.maximum:
            raise ValidationException(
                f'The field "{self.name}" must be at most {self.maximum} characters long.'
            )
        return obj


class IntegerField(IField):
    field_type = int

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, str) and _INTEGER.fullmatch(obj):
            obj = int(obj)
        if isinstance(obj, int) and not isinstance(obj, bool) and INTEGER_MIN <= obj <= INTEGER_MAX:
            return obj
        raise TranslationException(
            f'The field "{self.name}" must be an integer from {INTEGER_MIN} to {INTEGER_MAX}.'
        )

    def _validate(self, obj, skip_required=False):
        return validate_required(self, obj, skip_required=skip_required)


class BooleanField(IField):
    field_type = bool

    def _translate(self, obj, skip_required=False):
        if isinstance(obj, bool):
            return obj
        if isinstance(obj, str) and obj.lower() in ("true", "false"):
            return obj.lower() == "true"
        raise TranslationException(f'The field "{self.name}" must be true or false.')

    def _validate(self, obj, skip_required=False):
        return validate_required(self, obj, skip_required=skip_required)


_FIELD_FOR_TYPE = {str: StringField, int: IntegerField, bool: BooleanField}


def field_for_column(column):
    """The strict field for a table column: required when the database needs a value."""
    field_class = _FIELD_FOR_TYPE[column.type.python_type]
    required = not (column.nullable or column.primary_key or column.default or column.server_default)
    if field_class is StringField:
        return StringField(column.name, required=required, maximum=getattr(column.type, "length", None))
    return field_class(column.name, required=required)
