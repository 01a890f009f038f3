"""The dispatcher: routes, and the request handling around each endpoint.

flask-ripozo's FlaskDispatcher registers ripozo resources on Flask; ``Api``
keeps that and replaces the request handling around each endpoint, so that
every response, errors included, is in the representation the client
asked for.  Its jobs are mixins in modules of their own, each saying what
to override and when: ``negotiation`` (which representation answers),
``bodies`` (reading the request), ``answers`` (error responses) and
``endpoints`` (endpoints outside ripozo, and the sign-in check).
"""

import json
import re
from pathlib import Path

from flask import Response, g, request, send_from_directory
from flask_ripozo import FlaskDispatcher
from ripozo.exceptions import NotFoundException
from ripozo.utilities import join_url_parts
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .. import idempotency, openapi, preconditions
from ..fields import INTEGER_MAX
from ..resources import asked_include, written_resource
from .answers import ANSWERED, Answers
from .bodies import Bodies
from .endpoints import Endpoints, JsonEndpoint, json_endpoint
from .negotiation import Negotiation

__all__ = ["Api", "JsonEndpoint", "json_endpoint"]

_ROUTE_PARAMETER = re.compile(r"<(\w+)>")


class Api(Negotiation, Bodies, Answers, Endpoints, FlaskDispatcher):
    """Serves ``index`` and the collections it links to under ``url_prefix``.

    ``adapters`` are the representations served, the first for clients that
    accept anything, and ``browsable`` the HTML adapter for browsers
    (negotiation.py); its static files are served under
    ``{url_prefix}/_static/``.  Every primary key in a route is an integer.
    ``token_route`` is the route of the endpoint that issues tokens, if
    any, where the browsable pages sign in.  ``{url_prefix}/openapi.json``
    describes every endpoint (openapi.py); like the index, it is public,
    and the index links to it with the relation ``service-desc`` (RFC 8631)
    in a Link header.  Every answer that shows rows has an ETag, and takes
    If-None-Match; writes take If-Match (preconditions.py), and every POST
    that creates takes an Idempotency-Key (idempotency.py).
    """

    def __init__(self, app, url_prefix, adapters, index, title="API", browsable=None):
        self.protected, self.protected_endpoints, self.routes = [], set(), []
        self.required = None
        self.json_endpoints = {}
        self.security_scheme, self.protected_errors, self.write_errors = None, (), ()
        self.title, self.index = title, index
        self._document = None
        self.token_route = None
        super().__init__(app, url_prefix=url_prefix, auto_options=False)
        preconditions.init_app(app)
        idempotency.init_app(app, app.extensions["sqlalchemy"].metadata)
        self.set_adapters(adapters, browsable)
        self.register_adapters(*self.adapters)
        self.register_resources(index, *index.collections)
        self.openapi_path = join_url_parts(self.url_prefix, "openapi.json")
        app.add_url_rule(self.openapi_path, endpoint="openapi", view_func=self.openapi_view, methods=["GET"])
        if browsable is not None:
            self.register_adapters(browsable)
            static = Path(browsable.static_folder)
            self.app.add_url_rule(
                join_url_parts(self.url_prefix, "/_static/<path:filename>"),
                endpoint="hypermedia_static",
                view_func=lambda filename: _static_file(static, filename, browsable.static_max_age),
            )
        app.register_error_handler(HTTPException, self.http_error)
        # A database that stops answering outside an endpoint (the sign-in check reads the account): a 503.
        app.register_error_handler(OperationalError, lambda error: self.failure(self.error_adapter(), error))
        app.extensions["api"] = self

    def register_route(self, endpoint, endpoint_func=None, route=None, methods=None, **options):
        # /resource/abc/ is a 404, and the query gets an int.
        rule = _ROUTE_PARAMETER.sub(r"<int:\1>", join_url_parts(self.url_prefix, route))

        class_name, _, name = endpoint.partition("__")
        resource_class = next(
            resource for resource in (self.index, *self.index.served()) if resource.__name__ == class_name
        )
        writes = set(methods or ()) & {"POST", "PATCH"}
        written = written_resource(resource_class, name) if writes else None

        def view(**url_params):
            return self.handle(endpoint_func, url_params, written, resource_class)

        self.app.add_url_rule(rule, endpoint=endpoint, view_func=view, methods=methods)
        for method in methods or ["GET"]:
            self.routes.append((endpoint, rule, method, resource_class, name))
        if resource_class is not self.index:  # the index stays public
            self.protected.append(endpoint)
            if self.required is not None:  # registered after require: behind the same check
                self.app.view_functions[endpoint] = self.required(self.app.view_functions[endpoint])
                self.protected_endpoints.add(endpoint)

    def add_collections(self, *resource_classes):
        """Serve ``resource_classes`` beside the index's own, linked from it: before any request."""
        added = tuple(resource for resource in resource_classes if resource not in self.index.added)
        self.index.added = (*self.index.added, *added)  # the same classes for every app made
        self.register_resources(*resource_classes)

    def handle(self, endpoint_func, url_params, written=None, answering=None):
        """Run an endpoint of ``answering`` in the negotiated representation; its body writes ``written``."""
        adapter_class = self.negotiate()
        g.answered = g.idempotency = None  # what this request reads and keeps (preconditions, idempotency)
        if any(value > INTEGER_MAX for value in url_params.values()):
            # No row has such a key, and the database would reject the query.
            # (The URL map's int(max=...) would answer 405 rather than 404.)
            return self.error_response(adapter_class, NotFoundException("Nothing has that id.", 404))
        try:
            replay = idempotency.begin() if request.method == "POST" else None
            if replay is not None:
                return replay
            resource = endpoint_func(self.ripozo_request(url_params, written, answering))
            return idempotency.finish(self.answer(adapter_class, resource))
        except ANSWERED as error:
            return self.failure(adapter_class, error)

    def answer(self, adapter_class, resource):
        """The response that shows ``resource``: with its ETag, or a 304 where If-None-Match names it."""
        included = asked_include() is not None  # rows the managers did not read: the body's digest
        tag = None if included else preconditions.answer_tag(adapter_class)
        if tag is not None and preconditions.none_match(tag):
            return self.not_modified(adapter_class, tag)
        adapter = adapter_class(resource, base_url=self.base_url)
        response = self.response(adapter_class, adapter.formatted_body, adapter.status_code)
        if included:
            tag = preconditions.answer_tag(adapter_class, response.get_data())
            if tag is not None and preconditions.none_match(tag):
                return self.not_modified(adapter_class, tag)
        if tag is not None and not resource.deleted:
            response.headers["ETag"] = tag
            response.vary.add("Accept")
        if adapter.status_code == 201:
            response.headers["Location"] = adapter.combine_base_url_with_resource_url(resource.url)
        if isinstance(resource, self.index):
            document = request.host_url.rstrip("/") + self.openapi_path
            response.headers["Link"] = f'<{document}>; rel="service-desc"'
        return response

    @staticmethod
    def not_modified(adapter_class, tag):
        """A 304 to a GET whose If-None-Match names ``tag``: no body, and the headers that say which."""
        response = Response(
            status=304, headers={"ETag": tag, "Vary": adapter_class.extra_headers.get("Vary", "")}
        )
        response.vary.add("Accept")
        del response.headers["Content-Type"]
        return response

    def describe(self):
        """Build the OpenAPI document, once every endpoint is registered: ``create_app`` calls it last."""
        self._document = json.dumps(openapi.build(self, self.title))

    def openapi_view(self):
        """``GET {prefix}/openapi.json``: the OpenAPI document."""
        if self._document is None:  # an app made without create_app
            self.describe()
        return Response(self._document, content_type="application/json")


def _static_file(folder, filename, max_age):
    """A file of the browsable API's static folder, cached by browsers for ``max_age`` seconds."""
    response = send_from_directory(folder, filename, max_age=max_age)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
