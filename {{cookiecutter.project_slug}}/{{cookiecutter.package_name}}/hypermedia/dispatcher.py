"""The dispatcher: routes, content negotiation, body parsing and error responses.

flask-ripozo's FlaskDispatcher registers ripozo resources on Flask; ``Api``
keeps that and replaces the request handling around each endpoint, so that
every response, errors included, is in the representation the client asked for.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, request, send_from_directory
from flask_ripozo import FlaskDispatcher
from ripozo import RequestContainer
from ripozo.exceptions import NotFoundException, RestException
from ripozo.utilities import join_url_parts
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, UnsupportedMediaType
from werkzeug.http import parse_accept_header

from . import errors, openapi
from .fields import INTEGER_MAX, Text

_JSON_MIMETYPE = re.compile(r"application/(.+\+)?json")
_FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_ROUTE_PARAMETER = re.compile(r"<(\w+)>")


class Api(FlaskDispatcher):
    """Serves ``index`` and the collections it links to under ``url_prefix``.

    ``adapters`` are the representations served; the first one answers
    clients that accept anything.  ``browsable``, an HTML adapter (such as
    adapters.html.HtmlAdapter), answers only the clients that prefer
    text/html to every one of ``adapters``: browsers.  Its static files are
    served under ``{url_prefix}/_static/``.  Every primary key in a route is
    an integer.  Call ``require`` to put every endpoint but the index behind
    a sign-in check, and ``add_json_endpoint`` for endpoints outside ripozo;
    ``token_route`` is the route of the endpoint that issues tokens, if any.
    ``{url_prefix}/openapi.json`` describes every endpoint (``openapi.py``);
    like the index, it is public, and the index links to it with the
    relation ``service-desc`` (RFC 8631) in a Link header.
    """

    def __init__(self, app, url_prefix, adapters, index, title="API", browsable=None):
        self.protected = []
        self.protected_endpoints = set()
        self.routes = []
        self.json_endpoints = {}
        self.security_scheme = None
        self.protected_errors = ()
        self.title = title
        self.index = index
        self._document = None
        self.token_route = None
        super().__init__(app, url_prefix=url_prefix, auto_options=False)
        self.adapters = tuple(adapters)
        self.browsable = browsable
        self.register_adapters(*self.adapters)
        self.adapter_for_type = {adapter.extra_headers["Content-Type"]: adapter for adapter in self.adapters}
        self._adapter_for_accept = lru_cache(maxsize=256)(self._choose_adapter)
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
        app.extensions["api"] = self

    def register_route(self, endpoint, endpoint_func=None, route=None, methods=None, **options):
        # /resource/abc/ is a 404, and the query gets an int.
        rule = _ROUTE_PARAMETER.sub(r"<int:\1>", join_url_parts(self.url_prefix, route))

        def view(**url_params):
            return self.handle(endpoint_func, url_params)

        self.app.add_url_rule(rule, endpoint=endpoint, view_func=view, methods=methods)
        class_name, _, name = endpoint.partition("__")
        resource_class = next(
            resource for resource in (self.index, *self.index.collections) if resource.__name__ == class_name
        )
        for method in methods or ["GET"]:
            self.routes.append((endpoint, rule, method, resource_class, name))
        if resource_class is not self.index:  # the index stays public
            self.protected.append(endpoint)

    def require(self, decorator, security_scheme=None, errors=()):
        """Put every endpoint but the index behind ``decorator``, such as Flask-HTTPAuth's login_required.

        ``security_scheme``, ``(name, OpenAPI security scheme)``, is what
        the OpenAPI document says these endpoints need, and ``errors`` the
        statuses the check itself may answer besides 401.
        """
        for endpoint in self.protected:
            self.app.view_functions[endpoint] = decorator(self.app.view_functions[endpoint])
        self.protected_endpoints.update(self.protected)
        self.security_scheme = security_scheme
        self.protected_errors = tuple(errors)

    def describe(self):
        """Build the OpenAPI document, once every endpoint is registered: ``create_app`` calls it last."""
        self._document = json.dumps(openapi.build(self, self.title))

    def openapi_view(self):
        """``GET {prefix}/openapi.json``: the OpenAPI document."""
        if self._document is None:  # an app made without create_app
            self.describe()
        return Response(self._document, content_type="application/json")

    def add_json_endpoint(self, route, handler, method="POST", decorator=None, operation=None):
        """``{method} {prefix}{route}`` outside ripozo: ``handler(body)`` returns ``(payload, status)``.

        The body is read as for every endpoint, and a RestException the
        handler raises answers in the negotiated representation.  These
        endpoints handle credentials: no cache keeps their answers.
        ``decorator`` wraps the view, e.g. with a sign-in check.
        ``operation`` is its OpenAPI operation (``errors`` lists the
        statuses of the errors it raises beyond those of every endpoint).
        """

        def view():
            try:
                payload, status = handler(_body_args())
            except RestException as error:
                response = self.error_response(self.negotiate(), error)
            else:
                response = Response(json.dumps(payload), status=status, content_type="application/json")
            response.headers["Cache-Control"] = "no-store"
            return response

        rule = join_url_parts(self.url_prefix, route)
        view_func = decorator(view) if decorator else view
        self.app.add_url_rule(rule, endpoint=f"{method} {route}", view_func=view_func, methods=[method])
        if operation is not None:
            self.json_endpoints[rule] = (method, operation, decorator is not None)

    def error(self, message, status):
        """An error response with ``message`` and ``status``, in the negotiated representation."""
        return self.error_response(self.negotiate(), RestException(message, status))

    def negotiate(self):
        """The adapter for the client's Accept header, ignoring media type parameters.

        The browsable adapter answers only when text/html itself (not */*
        nor text/*) has a higher quality than every adapter's media type.
        """
        return self._adapter_for_accept(request.headers.get("Accept", ""))

    def _choose_adapter(self, header):
        # Called through an LRU cache in __init__: clients send the same few Accept headers.
        accept = MIMEAccept(
            [(value.partition(";")[0].strip(), quality) for value, quality in parse_accept_header(header)]
        )
        if self.browsable is not None:
            html = max((quality for value, quality in accept if value.lower() == "text/html"), default=0)
            if html > max(accept.quality(media_type) for media_type in self.adapter_for_type):
                return self.browsable
        return self.adapter_for_type.get(accept.best_match(self.adapter_for_type), self.adapters[0])

    def handle(self, endpoint_func, url_params):
        adapter_class = self.negotiate()
        if any(value > INTEGER_MAX for value in url_params.values()):
            # No row has such a key, and the database would reject the query.
            # (The URL map's int(max=...) would answer 405 rather than 404.)
            return self.error_response(adapter_class, NotFoundException("Nothing has that id.", 404))
        try:
            ripozo_request = RequestContainer(
                url_params=url_params,
                query_args={name: Text(value) for name, value in request.args.items()},
                body_args=_body_args(),
                headers=request.headers,
                method=request.method,
            )
            # The body's own media type says how to read it: a JSON:API document when it is
            # application/vnd.api+json, an object of fields when it is JSON or a form.
            body_format = self.adapter_for_type.get(request.mimetype)
            if body_format is not None:
                ripozo_request = body_format.format_request(ripozo_request)
            resource = endpoint_func(ripozo_request)
        except RestException as error:
            return self.error_response(adapter_class, error)
        except IntegrityError as error:
            return self.error_response(adapter_class, errors.conflict(error))
        except DataError:
            return self.error_response(adapter_class, errors.invalid_for_database())
        except OperationalError:
            response = self.error_response(adapter_class, errors.unavailable())
            response.headers["Retry-After"] = "1"
            return response
        adapter = adapter_class(resource, base_url=self.base_url)
        response = self.response(adapter_class, adapter.formatted_body, adapter.status_code)
        if adapter.status_code == 201:
            response.headers["Location"] = adapter.combine_base_url_with_resource_url(resource.url)
        if isinstance(resource, self.index):
            document = request.host_url.rstrip("/") + self.openapi_path
            response.headers["Link"] = f'<{document}>; rel="service-desc"'
        return response

    def http_error(self, error):
        """Unknown routes, wrong methods and oversized bodies, in the negotiated representation."""
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


def _static_file(folder, filename, max_age):
    """A file of the browsable API's static folder, cached by browsers for ``max_age`` seconds."""
    response = send_from_directory(folder, filename, max_age=max_age)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _body_args():
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
