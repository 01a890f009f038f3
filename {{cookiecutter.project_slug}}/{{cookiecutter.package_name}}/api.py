"""The dispatcher: routes, content negotiation and error responses.

flask-ripozo's FlaskDispatcher registers ripozo resources on Flask; this
subclass keeps that and replaces the request handling around each endpoint,
so that every response, errors included, is in the representation the
client asked for.
"""

import json
import re

from flask import Response, request
from flask_ripozo import FlaskDispatcher
from ripozo import RequestContainer
from ripozo.exceptions import NotFoundException, RestException
from ripozo.utilities import join_url_parts
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.datastructures import Headers, MIMEAccept
from werkzeug.exceptions import HTTPException, UnsupportedMediaType

{% if cookiecutter.adapter_json -%}
from .adapters.basic_json import BasicJSONAdapter
{% endif -%}
{% if cookiecutter.adapter_hal -%}
from .adapters.hal import HalAdapter
{% endif -%}
{% if cookiecutter.adapter_jsonapi -%}
from .adapters.jsonapi import JSONAPIAdapter
{% endif -%}
{% if cookiecutter.adapter_siren -%}
from .adapters.siren import SirenAdapter
{% endif -%}
{% if cookiecutter.auth == "basic" -%}
from .auth import auth, register
{% elif cookiecutter.auth == "token" -%}
from .auth import auth, issue_token, register
{% endif -%}
from .fields import INTEGER_MAX
from .models import db
from .resources import {{ ["Index", cookiecutter.parent_resource ~ "Resource", cookiecutter.child_resource ~ "Resource"] | sort | join(", ") }}

URL_PREFIX = "{{ cookiecutter.url_prefix }}"

# The first adapter answers clients that accept anything.
ADAPTERS = [
{%- if cookiecutter.adapter_siren %}
    SirenAdapter,
{%- endif %}
{%- if cookiecutter.adapter_hal %}
    HalAdapter,
{%- endif %}
{%- if cookiecutter.adapter_jsonapi %}
    JSONAPIAdapter,
{%- endif %}
{%- if cookiecutter.adapter_json %}
    BasicJSONAdapter,
{%- endif %}
]

_JSON_MIMETYPE = re.compile(r"application/(.+\+)?json")
_FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_ROUTE_PARAMETER = re.compile(r"<(\w+)>")
_CONFLICT = "The change conflicts with existing data."
_INVALID_FOR_DATABASE = "A value is not valid for the database."
_UNAVAILABLE = "The database is busy or unreachable; try again."


class Api(FlaskDispatcher):
    """Serves the resources of this API on a Flask app."""

    def __init__(self, app):
        super().__init__(app, url_prefix=URL_PREFIX, auto_options=False)
        self.register_adapters(*ADAPTERS)
        self.adapter_for_type = {adapter.extra_headers["Content-Type"]: adapter for adapter in ADAPTERS}
        self.register_resources(
            Index,
            {{ cookiecutter.parent_resource }}Resource,
            {{ cookiecutter.child_resource }}Resource,
        )
        app.register_error_handler(HTTPException, self.http_error)
{%- if cookiecutter.auth != "none" %}
        auth.error_handler(self.unauthorized)
        self.add_json_endpoint("/auth/register", register)
{%- endif %}
{%- if cookiecutter.auth == "token" %}
        self.add_json_endpoint("/auth/token", issue_token)
{%- endif %}

    def register_route(self, endpoint, endpoint_func=None, route=None, methods=None, **options):
        # Every primary key here is an integer: let the URL map say so, so
        # that /resource/abc/ is a 404 and the query gets an int.
        rule = _ROUTE_PARAMETER.sub(r"<int:\1>", join_url_parts(self.url_prefix, route))

        def view(**url_params):
            return self.handle(endpoint_func, url_params)
{%- if cookiecutter.auth != "none" %}

        if not endpoint.startswith(f"{Index.__name__}__"):  # the index stays public
            view = auth.login_required(view)
{%- endif %}

        self.app.add_url_rule(rule, endpoint=endpoint, view_func=view, methods=methods)
{%- if cookiecutter.auth != "none" %}

    def add_json_endpoint(self, route, handler):
        """A POST endpoint outside ripozo: ``handler(body)`` returns ``(payload, status)``."""

        def view():
            try:
                payload, status = handler(_body_args())
            except RestException as error:
                return self.error_response(self.negotiate(), error)
            return Response(json.dumps(payload), status=status, content_type="application/json")

        rule = join_url_parts(self.url_prefix, route)
        self.app.add_url_rule(rule, endpoint=route, view_func=view, methods=["POST"])

    def unauthorized(self, status):
        """No or bad credentials (Flask-HTTPAuth adds WWW-Authenticate)."""
        message = "Send valid credentials to use this endpoint."
        return self.error_response(self.negotiate(), RestException(message, status))
{%- endif %}

    def negotiate(self):
        """The adapter for the client's Accept header, ignoring media type parameters."""
        accept = MIMEAccept(
            [(value.partition(";")[0].strip(), quality) for value, quality in request.accept_mimetypes]
        )
        return self.adapter_for_type.get(accept.best_match(self.adapter_for_type), ADAPTERS[0])

    def handle(self, endpoint_func, url_params):
        adapter_class = self.negotiate()
        if any(value > INTEGER_MAX for value in url_params.values()):
            # No row has such a key, and the database would reject the query.
            # (The URL map's int(max=...) would answer 405 rather than 404.)
            return self.error_response(adapter_class, NotFoundException("Nothing has that id.", 404))
        try:
            ripozo_request = RequestContainer(
                url_params=url_params,
                query_args=request.args.to_dict(),
                body_args=_body_args(),
                headers=Headers(request.headers),
                method=request.method,
            )
            resource = endpoint_func(adapter_class.format_request(ripozo_request))
        except RestException as error:
            return self.error_response(adapter_class, error)
        except IntegrityError:
            return self.error_response(adapter_class, RestException(_CONFLICT, 409))
        except DataError:
            return self.error_response(adapter_class, RestException(_INVALID_FOR_DATABASE, 400))
        except OperationalError:
            response = self.error_response(adapter_class, RestException(_UNAVAILABLE, 503))
            response.headers["Retry-After"] = "1"
            return response
        adapter = adapter_class(resource, base_url=self.base_url)
        response = self.response(adapter_class, adapter.formatted_body, adapter.status_code)
        if adapter.status_code == 201:
            response.headers["Location"] = adapter.combine_base_url_with_resource_url(resource.url)
        return response

    def http_error(self, error):
        """Unknown routes, wrong methods and oversized bodies, in the negotiated representation."""
        response = self.error_response(self.negotiate(), RestException(error.description, error.code))
        for name, value in error.get_headers():
            if name != "Content-Type":
                response.headers[name] = value
        return response

    def error_response(self, adapter_class, error):
        db.session.rollback()
        body, _, status = adapter_class.format_exception(error)
        return self.response(adapter_class, body, status)

    @staticmethod
    def response(adapter_class, body, status):
        # ripozo's adapters report a format name ("hal", "json") as the
        # content type of errors: always send the adapter's media type.
        return Response(body, status=status, content_type=adapter_class.extra_headers["Content-Type"])


def _body_args():
    """The request body as a dict: a JSON object or a form; anything else is a 4xx."""
    if not request.get_data(cache=True):
        return {}
    if request.mimetype in _FORM_MIMETYPES:
        return request.form.to_dict()
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
