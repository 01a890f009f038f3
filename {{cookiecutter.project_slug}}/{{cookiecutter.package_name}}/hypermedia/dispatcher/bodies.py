"""Reading a request: its body as a dict of fields, and the request ripozo's endpoints take."""

import json
import re

from flask import request
from ripozo import RequestContainer
from ripozo.exceptions import RestException
from werkzeug.exceptions import UnsupportedMediaType

from ..fields import Text

_JSON_MIMETYPE = re.compile(r"application/(.+\+)?json")
_FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Bodies:
    """Turns a Flask request into ripozo's RequestContainer, its body read by its own media type.

    A body is a JSON object or a form, and a JSON:API document when it is
    ``application/vnd.api+json`` (the adapter of a media type flattens its
    own documents: ``format_request``), whatever the Accept header says.
    Query strings and forms carry text: their values arrive as ``Text``,
    which each field parses as its type.  Override ``read_body`` to take
    another format.
    """

    def ripozo_request(self, url_params, written=None):
        """The request for a ripozo endpoint; ``written`` is the resource whose fields its body sets."""
        ripozo_request = RequestContainer(
            url_params=url_params,
            query_args={name: Text(value) for name, value in request.args.items()},
            body_args=self.read_body(),
            headers=request.headers,
            method=request.method,
        )
        ripozo_request.written_resource = written  # a JSON:API document's type must be its
        body_format = self.adapter_for_type.get(request.mimetype)
        return ripozo_request if body_format is None else body_format.format_request(ripozo_request)

    @staticmethod
    def read_body():
        """The request body as a dict: a JSON object or a form; anything else is a 4xx."""
        if not request.get_data(cache=True):
            return {}
        if request.mimetype in _FORM_MIMETYPES:
            return {name: Text(value) for name, value in request.form.items()}
        if not _JSON_MIMETYPE.fullmatch(request.mimetype):
            raise RestException(
                f'Send the body as JSON or as a form, not "{request.mimetype or "without a Content-Type"}".',
                UnsupportedMediaType.code,
            )
        try:
            body = json.loads(request.get_data())
        except ValueError as error:
            raise RestException(f"The request body is not valid JSON: {error}.", 400) from None
        if not isinstance(body, dict):
            raise RestException("The request body must be a JSON object.", 400)
        return body
