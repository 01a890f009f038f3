"""Reading a request: its query and its body as dicts of fields, and the request ripozo's endpoints take."""

import json
import re

from flask import request
from ripozo import RequestContainer
from ripozo.exceptions import RestException
from werkzeug.exceptions import UnsupportedMediaType

from .. import fieldsets, pagination
from ..errors import FieldError, HeaderError
from ..fields import Text
from ..resources import check_include
from .negotiation import unserved_parameters

_JSON_MIMETYPE = re.compile(r"application/(.+\+)?json")
_FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Bodies:
    """Turns a Flask request into ripozo's RequestContainer, its body read by its own media type.

    A body is a JSON object or a form, and a JSON:API document when it is
    ``application/vnd.api+json`` (the adapter of a media type flattens its
    own documents: ``format_request``), whatever the Accept header says.
    The media type of a served representation takes only the parameters
    its adapter declares (``media_type_parameters``, negotiation.py): any
    other is a 415.  The query is read by the names the endpoints take: a
    filter spelled ``filter[name]`` is ``name`` in every representation
    (pagination.py), and the adapter that answers may refuse what its
    clients must not send (``check_query``: JSON:API's rules), where the
    Accept header names its media type: a client that takes anything is not
    held to one representation's rules.  Query
    strings and forms carry text: their values arrive as ``Text``, which
    each field parses as its type.  Override ``read_body`` to take another
    format, ``read_query`` to read the query otherwise.
    """

    def ripozo_request(self, url_params, written=None, answering=None):
        """The request for an endpoint of ``answering``; ``written``: the resource whose fields it sets."""
        body_args = self.read_body()  # first: a media type the API cannot read is a 415 whatever the query
        ripozo_request = RequestContainer(
            url_params=url_params,
            query_args=self.read_query(answering),
            body_args=body_args,
            headers=request.headers,
            method=request.method,
        )
        ripozo_request.written_resource = written  # a JSON:API document's type must be its
        body_format = self.adapter_for_type.get(request.mimetype)
        return ripozo_request if body_format is None else body_format.format_request(ripozo_request)

    def read_query(self, answering=None):
        """The query's parameters by the names the endpoints of ``answering`` take, each value ``Text``.

        ``include`` (resources.includable) is no endpoint's: checked here, in
        every representation, and read by the JSON:API adapter; nor are the
        fieldsets, read here for every adapter (fieldsets.py).  ``sort``
        orders a list (pagination.py): anywhere else it is a 400.
        """
        adapter = self.negotiate()
        check_query = getattr(adapter, "check_query", None)
        if check_query is not None and self.asked_by_name():
            check_query(request.args)
        listing = (request.endpoint or "").endswith("__retrieve_list")
        if pagination.INCLUDE in request.args and answering is not None:
            check_include(request.args[pagination.INCLUDE], answering, listing)
        if pagination.SORT in request.args and not listing:
            raise FieldError(
                pagination.SORT, 'Only a list is sorted: "sort" takes its fields, in a list\'s URL.'
            )
        shown_names = getattr(adapter, "fieldset_names", fieldsets.names)
        taken = {pagination.INCLUDE, *fieldsets.read(request.args, answering, request.method, shown_names)}
        parameters = ((name, value) for name, value in request.args.items() if name not in taken)
        return {name: Text(value) for name, value in pagination.plain_names(parameters).items()}

    def read_body(self):
        """The request body as a dict: a JSON object or a form; anything else is a 4xx."""
        body_format = self.adapter_for_type.get(request.mimetype)
        if body_format is not None:
            unserved = unserved_parameters(body_format, request.mimetype_params)
            if unserved is not None:
                raise HeaderError("Content-Type", unserved, UnsupportedMediaType.code)
        if not request.get_data(cache=True):
            return {}
        if request.mimetype in _FORM_MIMETYPES:
            return {name: Text(value) for name, value in request.form.items()}
        if not _JSON_MIMETYPE.fullmatch(request.mimetype):
            raise HeaderError(
                "Content-Type",
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
