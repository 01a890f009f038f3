"""Errors a client sees: each says what is wrong in words written for the client."""

from ripozo.exceptions import RestException, ValidationException


class FieldError(ValidationException):
    """A 400 about one field of the request.

    Every adapter puts ``field`` in the error body beside the message (Siren
    and HAL as ``field``, JSON:API as ``source.pointer``), so that no client
    has to read the field's name out of the English.
    """

    def __init__(self, field, message, status_code=400):
        super().__init__(message, status_code=status_code)
        self.field = field


def error_field(error):
    """The name of the field an error is about, or None."""
    return getattr(error, "field", None)


def conflict():
    return RestException("The change conflicts with existing data.", 409)


def invalid_for_database():
    return RestException("A value is not valid for the database.", 400)


def unavailable():
    return RestException("The database is busy or unreachable; try again.", 503)
