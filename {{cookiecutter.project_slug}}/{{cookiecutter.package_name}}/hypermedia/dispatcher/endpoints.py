"""Endpoints outside ripozo, such as sign-up and sign-in, declared once: validated and described from it.

``json_endpoint`` declares a handler's route, the fields of its body and of
its answer, and the errors it raises; ``Api.add_json_endpoint`` serves it.
The handler is given the body's values, each translated by its field, and
nothing undeclared; the OpenAPI document describes the same fields
(openapi.py).  A field added to a declaration is in both, or in neither.
"""

import json
from dataclasses import dataclass
from typing import Any

from flask import Response, g
from ripozo.exceptions import RestException
from ripozo.utilities import join_url_parts

from .. import idempotency
from ..errors import FieldError


@dataclass(frozen=True)
class JsonEndpoint:
    """What ``json_endpoint`` declares; ``summary`` is the first line of the handler's docstring."""

    route: str
    handler: Any
    method: str
    summary: str
    body: tuple
    answer: tuple
    status: int
    answers: str
    errors: tuple
    signed_in: bool

    def values(self, body):
        """The declared fields' values in ``body``, translated; a FieldError names an unknown or bad one."""
        fields = {field.name: field for field in self.body}
        for name in body:
            if name not in fields:
                taken = ", ".join(fields) or "none"
                raise FieldError(
                    name, f'The field "{name}" is not one this endpoint takes; it takes: {taken}.'
                )
        return {name: field.translate(body.get(name), validate=True) for name, field in fields.items()}


def json_endpoint(
    route, *, method="POST", body=(), answer=(), status=200, answers="", errors=(), signed_in=False
):
    """Declare the function below as ``{method} {prefix}{route}``, answering JSON.

    ``body`` and ``answer`` are fields (``hypermedia.fields``) of the
    request and of the answer's object; the handler takes the body's
    values and returns the answer, sent with ``status`` (``answers`` says
    what it is).  ``errors`` are the statuses of the errors it raises
    beyond those every endpoint may answer; ``signed_in`` puts it behind
    the sign-in check of ``Api.require``.
    """

    def declare(handler):
        summary = (handler.__doc__ or "").strip().partition("\n")[0]
        fields = (tuple(body), tuple(answer))
        return JsonEndpoint(
            route, handler, method, summary, *fields, status, answers, tuple(errors), signed_in
        )

    return declare


class Endpoints:
    """Serves ``JsonEndpoint``s, and puts every endpoint but the index behind a sign-in check.

    These endpoints handle credentials: no cache keeps their answers.  A
    RestException their handler raises answers in the negotiated
    representation, as every endpoint's errors do.  One that creates (its
    ``status`` is 201) takes an Idempotency-Key, as a resource's create does.
    """

    def add_json_endpoint(self, endpoint):
        """Serve ``endpoint``, a ``JsonEndpoint``, under the prefix."""
        creates = endpoint.status == 201

        def view():
            g.idempotency = None
            try:
                response = idempotency.begin() if creates else None
                if response is None:
                    payload = endpoint.handler(endpoint.values(self.read_body()))
                    response = idempotency.finish(
                        Response(json.dumps(payload), status=endpoint.status, content_type="application/json")
                    )
            except RestException as error:
                response = self.error_response(self.negotiate(), error)
            response.headers["Cache-Control"] = "no-store"
            return response

        rule = join_url_parts(self.url_prefix, endpoint.route)
        if endpoint.signed_in and self.required is None:
            raise RuntimeError("A signed_in JSON endpoint needs Api.require to have been called first.")
        view_func = self.required(view) if endpoint.signed_in else view
        name = f"{endpoint.method} {endpoint.route}"
        self.app.add_url_rule(rule, endpoint=name, view_func=view_func, methods=[endpoint.method])
        self.json_endpoints[rule] = endpoint

    def require(self, decorator, security_scheme=None, errors=(), write_errors=()):
        """Put every endpoint but the index behind ``decorator``, such as Flask-HTTPAuth's login_required.

        ``security_scheme``, ``(name, OpenAPI security scheme)``, is what
        the OpenAPI document says these endpoints need, and ``errors`` the
        statuses the check itself may answer besides 401, ``write_errors``
        those a write may answer besides (a role's 403).  A JSON endpoint
        declared ``signed_in``, or a resource, added after this call is behind it too.
        """
        for endpoint in self.protected:
            self.app.view_functions[endpoint] = decorator(self.app.view_functions[endpoint])
        self.protected_endpoints.update(self.protected)
        self.required = decorator
        self.security_scheme = security_scheme
        self.protected_errors, self.write_errors = tuple(errors), tuple(write_errors)
