"""Error answers: every failure in the representation the client asked for, saying what is wrong."""

from flask import Response, current_app
from ripozo.exceptions import RestException
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.exceptions import NotAcceptable

from .. import errors

# What an endpoint may raise that is the client's problem or the database's, not a bug (a 500).
ANSWERED = (RestException, IntegrityError, DataError, OperationalError)


class Answers:
    """Builds error responses: the negotiated adapter formats them, with its media type.

    ``failure`` answers what an endpoint raised: a RestException with its
    own status (and ``Retry-After`` if it has ``retry_after``), a unique
    value taken with a 409 naming the field, a value
    the database refuses with a 400, an unreachable or busy database with a
    503 and ``Retry-After``.  Override it to answer another exception;
    ``http_error`` answers Flask's own (unknown routes, wrong methods,
    oversized bodies, a 406 from negotiation.py).  Every error rolls the
    session back.
    """

    def failure(self, adapter_class, error):
        """The response to ``error``, one of ``ANSWERED``."""
        if isinstance(error, IntegrityError):
            return self.error_response(adapter_class, errors.conflict(error))
        if isinstance(error, DataError):
            return self.error_response(adapter_class, errors.invalid_for_database())
        if isinstance(error, OperationalError):
            response = self.error_response(adapter_class, errors.unavailable())
            response.headers["Retry-After"] = "1"
            return response
        response = self.error_response(adapter_class, error)
        if getattr(error, "retry_after", None):  # a request being served: idempotency.py
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    def error(self, message, status):
        """An error response with ``message`` and ``status``, in the negotiated representation."""
        return self.error_response(self.error_adapter(), RestException(message, status))

    def http_error(self, error):
        """Unknown routes, wrong methods, oversized bodies and a 406, in the negotiated representation."""
        if isinstance(error, NotAcceptable):  # about the Accept header, which JSON:API's errors name
            response = self.error_response(
                self.error_adapter(), errors.HeaderError("Accept", error.description, error.code)
            )
        else:
            response = self.error(error.description, error.code)
        for name, value in error.get_headers():
            if name != "Content-Type":
                response.headers[name] = value
        return response

    def error_response(self, adapter_class, error):
        current_app.extensions["sqlalchemy"].session.rollback()
        body, _, status = adapter_class.format_exception(error)
        return self.response(adapter_class, body, status)

    @staticmethod
    def response(adapter_class, body, status):
        # ripozo's adapters report a format name ("hal", "json") as the
        # content type of errors: always send the adapter's media type,
        # with any other header it sends (the HTML adapter's security policy).
        return Response(body, status=status, headers=adapter_class.extra_headers)
