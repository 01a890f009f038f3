"""Errors a client sees: each says what is wrong in words written for the client."""

import re

from ripozo.exceptions import RestException, ValidationException

# SQLite names the columns of a unique constraint that failed: "UNIQUE constraint failed: task.code", or
# "task.task_board_id, task.code" for a value unique within a parent row or a workspace (the field last).
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?:\w+\.\w+, )*\w+\.(\w+)")


class FieldError(ValidationException):
    """An error about one field or query parameter of a request: a 400 unless ``status_code`` says otherwise.

    Every adapter puts ``field`` in the error body beside the message (Siren
    and HAL as ``field``; JSON:API as ``source.pointer`` to where its
    document holds the field, or ``source.parameter``, the query parameter
    as the request spells it), so that no client has to read the field's
    name out of the English.  A query parameter is named as the request
    spells it (``page[size]``), a filter by its field.
    """

    def __init__(self, field, message, status_code=400):
        super().__init__(message, status_code=status_code)
        self.field = field


class HeaderError(RestException):
    """An error about one request header: a 406 about Accept, a 415 about Content-Type.

    JSON:API names the header in the error's ``source.header``; the other
    representations say it in the message.
    """

    def __init__(self, header, message, status_code):
        super().__init__(message, status_code=status_code)
        self.header = header


def error_field(error):
    """The name of the field an error is about, or None."""
    return getattr(error, "field", None)


def conflict(error):
    """A 409 for an IntegrityError: naming the field when a unique column already holds the value."""
    field = _unique_field(error)
    if field is None:
        return RestException("The change conflicts with existing data.", 409)
    return FieldError(field, f'The field "{field}" must be unique, and another row has that value.', 409)


def _unique_field(error):
    diagnostics = getattr(error.orig, "diag", None)  # PostgreSQL: the constraint, named uq_<table>_<column>
    if diagnostics is not None and diagnostics.constraint_name and diagnostics.table_name:
        prefix = f"uq_{diagnostics.table_name}_"
        return (
            diagnostics.constraint_name.removeprefix(prefix)
            if diagnostics.constraint_name.startswith(prefix)
            else None
        )
    match = _SQLITE_UNIQUE.search(str(error.orig))
    return match.group(1) if match else None


def invalid_for_database():
    return RestException("A value is not valid for the database.", 400)


def unavailable():
    return RestException("The database is busy or unreachable; try again.", 503)
