"""An OpenAPI 3.1 document built from the registered resources, their routes and their models' columns.

``Api`` serves it at ``{prefix}/openapi.json``, built once every endpoint
is registered, and never written by hand: a column added to a model is in
the document on the next start, and the JSON endpoints (sign-up, sign-in)
are described from the fields they validate (dispatcher/endpoints.py).
Each operation lists what it answers with in every served representation,
the errors included, and whether it needs credentials.  ``schemas`` holds
the JSON Schemas of values and bodies, ``representations`` where each
media type puts them.
"""

import re

from .. import fieldsets, filters, idempotency, pagination, preconditions
from ..fields import NO_NUL
from ..managers.listing import comparison_parameters, list_columns, list_field_types
from ..resources import includable, parent_types, written_resource
from .links import add_links
from .representations import JSON_MEDIA_TYPE, JSONAPI_MEDIA_TYPE, OBJECT, error_response, success_schema
from .schemas import answer_schema, body_schema, field_schema, jsonapi_request, object_schema

__all__ = ["build", "field_schema"]

_FLASK_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
# What every endpoint can answer: a body that cannot be read, or is too large; a database that is down.
_ALWAYS = (400, 413, 415, 503)
# What every endpoint can answer where JSON:API is served: an Accept header it cannot serve (406).
_ALWAYS_JSONAPI = (*_ALWAYS, 406)


def build(api, title, version="0.1.0"):
    """The document for ``api`` (a ``dispatcher.Api``), as a dict ready for JSON."""
    media_types = [adapter.extra_headers["Content-Type"] for adapter in api.adapters]
    components = {"schemas": {}, "responses": {}, "headers": _HEADERS}
    security = []
    if api.security_scheme is not None:
        name, scheme = api.security_scheme
        components["securitySchemes"] = {name: scheme}
        security = [{name: []}]
    for status in (*_always(media_types), 401, 403, 404, 409, 412, 422, 428, 429):
        components["responses"][str(status)] = error_response(status, media_types)
    components["responses"]["304"] = _NOT_MODIFIED
    paths, operations = {}, {}
    for endpoint, rule, method, resource_class, name in api.routes:
        operation = _operation(resource_class, name, method, media_types, components["schemas"])
        operation["operationId"] = endpoint
        operations[endpoint] = operation
        errors = (*api.protected_errors, *(api.write_errors if method != "GET" else ()))
        _secure(operation, security, (401, *errors) if endpoint in api.protected_endpoints else None)
        parameters = [_path_parameter(name) for name in _FLASK_PARAMETER.findall(rule)]
        operation["parameters"] = parameters + operation.get("parameters", [])
        paths.setdefault(_FLASK_PARAMETER.sub(r"{\1}", rule), {})[method.lower()] = operation
    add_links(operations, api.index.served(), JSONAPI_MEDIA_TYPE in media_types)
    for rule, endpoint in api.json_endpoints.items():
        operation = _json_operation(endpoint, rule, security, media_types)
        paths.setdefault(rule, {})[endpoint.method.lower()] = operation
    paths[_FLASK_PARAMETER.sub(r"{\1}", api.openapi_path)] = {"get": _DOCUMENT_OPERATION}
    description = (
        f"Served as {', '.join(media_types)}: ask with Accept.  A request body is an object "
        "of the fields (application/json, or a form), or a JSON:API document whose "
        "data.attributes hold them (application/vnd.api+json), whatever the Accept."
    )
    if JSONAPI_MEDIA_TYPE in media_types:
        description += (
            "  A list's query parameters come in two spellings: count, after, before, page and "
            "field=value, and JSON:API's page[size], page[after], page[before], page[number] and "
            "filter[field]=value.  Every representation takes both, one of each parameter; a JSON:API "
            "request (Accept: application/vnd.api+json) takes only JSON:API's, and answers any other "
            "query parameter with a 400."
        )
    info = {"title": title, "version": version, "description": description}
    return {"openapi": "3.1.0", "info": info, "paths": paths, "components": components}


_DOCUMENT_OPERATION = {
    "operationId": "openapi",
    "summary": "This document.",
    "security": [],
    "responses": {
        "200": {"description": "The OpenAPI document.", "content": {JSON_MEDIA_TYPE: {"schema": OBJECT}}}
    },
}


def _secure(operation, security, errors):
    """The operation needs ``security`` and may answer ``errors`` (401 and others), or is public (None)."""
    if errors is None:
        operation["security"] = []
        return
    operation["security"] = security
    for status in errors:
        operation["responses"][str(status)] = _reference(status)


def _reference(status):
    return {"$ref": f"#/components/responses/{status}"}


def _always(media_types):
    """The errors every endpoint can answer, served as ``media_types``."""
    return _ALWAYS_JSONAPI if JSONAPI_MEDIA_TYPE in media_types else _ALWAYS


def _json_operation(endpoint, rule, security, media_types):
    """The operation of a ``JsonEndpoint`` at ``rule``: its body and answer from the fields it declares."""
    operation = {"summary": endpoint.summary, "operationId": f"{endpoint.method} {rule}"}
    if endpoint.body:
        schema = object_schema(endpoint.body)
        required = any(field.required for field in endpoint.body)
        operation["requestBody"] = {"required": required, "content": {JSON_MEDIA_TYPE: {"schema": schema}}}
    answer = {
        "description": endpoint.answers,
        "content": {JSON_MEDIA_TYPE: {"schema": answer_schema(endpoint.answer)}},
    }
    operation["responses"] = {str(endpoint.status): answer}
    errors = endpoint.errors
    if endpoint.status == 201:  # it creates: a retry with its key gets the same answer
        operation["parameters"] = [_parameter("IdempotencyKey")]
        errors = sorted({*errors, 409, 422})
    for status in (*_always(media_types), *errors):
        operation["responses"][str(status)] = _reference(status)
    _secure(operation, security, (401,) if endpoint.signed_in else None)
    return operation


def _operation(resource_class, name, method, media_types, schemas):
    """The operation of one ripozo endpoint: its parameters, body and responses."""
    options = resource_class.endpoint_dictionary()[name][0]
    manager = getattr(resource_class, "manager", None)
    no_pks = options.get("no_pks", False)
    operation = {"summary": f"{name.replace('_', ' ').capitalize()} ({resource_class.resource_name})."}
    errors = list(_always(media_types))
    if manager is None:  # the index
        kind = "index"
    elif method == "GET" and no_pks:
        kind = "list"
        fields = options["endpoint_func"].fields(manager)
        operation["parameters"] = _list_parameters(manager, fields, JSONAPI_MEDIA_TYPE in media_types)
        operation["parameters"] += _include(resource_class, True)
        operation["parameters"] += _fieldsets(resource_class, media_types)
    elif method in ("GET", "DELETE"):
        kind = "item" if method == "GET" else "deleted"
        errors += [404] if method == "GET" else [404, 409]  # a delete is refused while a row refers to it
        if method == "GET":
            operation["parameters"] = [
                *_include(resource_class, False),
                *_fieldsets(resource_class, media_types),
            ]
    else:
        kind = "item"
        resource_class, refers = _request_body(operation, resource_class, name, method, media_types, schemas)
        # An item's endpoint may not find its row; a body naming another row may not find that one.
        errors += [404, 409] if refers or not no_pks else [409]
        if method == "POST" and JSONAPI_MEDIA_TYPE in media_types:
            errors.append(403)  # a JSON:API document that gives the new row an id
    status = "201" if method == "POST" else "200"
    content = {
        media_type: {"schema": success_schema(media_type, kind, resource_class, schemas)}
        for media_type in media_types
    }
    description = "The resource." if kind != "list" else "A page of resources."
    operation["responses"] = {status: {"description": description, "content": content}}
    conditions = _conditions(method, no_pks, kind)
    operation["parameters"] = operation.get("parameters", []) + [_parameter(name) for name in conditions]
    errors += [*_CONDITION_ERRORS[method if method != "POST" or no_pks else "add"]]
    if kind in ("item", "list"):
        operation["responses"][status]["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"}}
    if method == "GET" and kind != "index":
        operation["responses"]["304"] = _reference(304)
    operation["responses"].update((str(code), _reference(code)) for code in sorted(set(errors)))
    if status == "201":
        operation["responses"][status]["headers"]["Location"] = {
            "description": "The new resource's URL.",
            "schema": {"type": "string"},
        }
    return operation


def _conditions(method, no_pks, kind):
    """The conditional headers an endpoint takes (preconditions.py, idempotency.py), by their names below."""
    if kind == "index":
        return []
    if method == "GET":
        return ["IfNoneMatch"]
    if method == "POST":  # a create, or an add-child, which checks the row it adds to
        return ["IdempotencyKey"] if no_pks else ["IfMatch", "IdempotencyKey"]
    return ["IfMatch"]


# The errors of the conditional headers: by method, "add" for an add-child.
_CONDITION_ERRORS = {
    "GET": (),
    "POST": (409, 422),
    "add": (409, 412, 422, 428),
    "PATCH": (412, 428),
    "DELETE": (412, 428),
}
# The headers' schemas give their limits in the pattern: up to 16 tags of 64 characters, within
# preconditions.MAX_HEADER_LENGTH, so every value the pattern allows is taken.
_TAG = r'(?:W/)?"[\x21\x23-\x7e]{0,64}"'
_TAGS = r"^(?:\*|" + _TAG + "(?:, ?" + _TAG + "){0,15})$"
_HEADER_PARAMETERS = {
    "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "description": "Write only if the row is still at the version one of these ETags names (else 412, "
        "and nothing is written), or exists at all (*). An ETag read in any representation will do.",
        "schema": {
            "type": "string",
            "pattern": _TAGS,
            "examples": [preconditions.EXAMPLE_TAG],
        },
    },
    "IfNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "The ETags of the copies the client holds: while one still matches, 304 with no body.",
        "schema": {
            "type": "string",
            "pattern": _TAGS,
            "examples": [preconditions.EXAMPLE_TAG],
        },
    },
    "IdempotencyKey": {
        "name": idempotency.HEADER,
        "in": "header",
        "required": False,
        "description": "A key the client makes for this request, a string in double quotes (RFC 8941), "
        f"such as {idempotency.EXAMPLE_KEY}. Sent again with the same request, the first "
        "answer comes back (Idempotent-Replayed: true) and nothing is written again; with another "
        "request, 422; while the first is still being served, 409 with Retry-After. Kept for 24 hours "
        "by default.",
        "schema": {
            "type": "string",
            "pattern": idempotency.KEY_PATTERN,
            "examples": [idempotency.EXAMPLE_KEY],
        },
    },
}
_HEADERS = {
    "ETag": {
        "description": "The row's version and the representation, which If-Match and If-None-Match name.",
        "schema": {"type": "string"},
    }
}
_NOT_MODIFIED = {
    "description": "The copy whose ETag the If-None-Match names is current: no body.",
    "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
}


def _parameter(name):
    """A conditional header, written out in each operation that takes it, as every other parameter is."""
    return _HEADER_PARAMETERS[name]


def _request_body(operation, resource_class, name, method, media_types, schemas):
    """The body of a create, an update or an add-child: the resource it writes, whether it names a row."""
    manager = resource_class.manager
    options = resource_class.endpoint_dictionary()[name][0]
    # Named schemas, such as ShelfResourceAddBookBody: generated clients name their models after them.
    body_name = resource_class.__name__ + "".join(part.capitalize() for part in name.split("_"))
    resource_class = written_resource(resource_class, name)  # add-child's is another
    fields = [field for field in options["endpoint_func"].fields(manager) if "." not in field.name]
    creates = method == "POST"
    body = body_schema(fields, resource_class.manager.model.__table__.columns, required=creates)
    schemas[f"{body_name}Body"] = body
    content = {JSON_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{body_name}Body"}}}
    if JSONAPI_MEDIA_TYPE in media_types:
        names = {field.name for field in fields}
        relationships = {
            link: parent
            for link, (foreign_key, parent) in parent_types(resource_class).items()
            if foreign_key in names
        }
        schemas[f"{body_name}Document"] = jsonapi_request(body, resource_class.resource_name, relationships)
        content[JSONAPI_MEDIA_TYPE] = {"schema": {"$ref": f"#/components/schemas/{body_name}Document"}}
    operation["requestBody"] = {"required": creates, "content": content}
    columns = resource_class.manager.model.__table__.columns
    return resource_class, any(field.name in columns and columns[field.name].foreign_keys for field in fields)


def _list_parameters(manager, fields, jsonapi):
    """A list's filters and pagination (pagination.py); with ``jsonapi``, in JSON:API's spellings too.

    Every representation takes both spellings, one of each parameter (both
    is a 400); a JSON:API request takes only JSON:API's (any other is a 400),
    as the plain names say.  Without JSON:API only the plain names are
    described: the other spelling, taken all the same, would only add
    requests to refuse.
    """
    # A filter takes any value of its type: one longer than a column holds matches nothing.
    equal = [(field.name, _without_length(field_schema(field))) for field in fields if "." not in field.name]
    # Cursors from next and previous links (a row's id, or in a sorted list its values encoded), a page.
    count = {"type": "integer", "minimum": 1, "maximum": manager.max_page_size}
    cursor = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,2000}$"}
    page = {"type": "integer", "minimum": 1, "maximum": pagination.max_page(manager.max_page_size)}
    plain = [*equal, ("count", count), ("after", cursor), ("before", cursor), ("page", page)]
    if filters.searched(list_field_types(type(manager))):
        plain.append((filters.SEARCH, {"type": "string", "pattern": NO_NUL}))
    parameters = [
        {"name": name, "in": "query", "required": False, "schema": schema} for name, schema in plain
    ]
    # The comparisons in one spelling, JSON:API's where it is served (every representation takes it):
    # in both, a list's URL with all of them would be longer than servers take.
    compared = [
        {
            "name": pagination.jsonapi_spelling(name) if jsonapi else name,
            "in": "query",
            "required": False,
            "schema": schema,
        }
        for name, schema in _comparisons(manager)
    ]
    sort = _sort_parameter(list_columns(type(manager)))
    if not jsonapi:
        return [*parameters, *compared, sort]
    for parameter in parameters:
        spelled = pagination.jsonapi_spelling(parameter["name"])
        parameter["description"] = f"Not in a JSON:API request (a 400 there), which sends it as {spelled}."
    return [
        *parameters,
        *compared,
        sort,
        *(
            {
                "name": pagination.jsonapi_spelling(name),
                "in": "query",
                "required": False,
                "schema": schema,
                "description": f"JSON:API's spelling of {name}, which every representation takes.",
            }
            for name, schema in plain
        ),
    ]


def _comparisons(manager):
    """``(name[operator], schema)`` of each comparison a list takes (filters.py): its field's type's value."""
    fields = list_field_types(type(manager))
    for parameter in comparison_parameters(type(manager)):
        name, operator = filters.split(parameter)
        if operator == "null":
            yield parameter, {"type": "boolean"}
        elif operator == "in":
            yield parameter, {"type": "string"}
        else:
            yield parameter, _without_length(field_schema(fields[name]))


def _sort_parameter(names):
    """``sort``: the list's fields to order it by, in every representation alike."""
    field = "-?(?:" + "|".join(re.escape(name) for name in names) + ")"
    description = (
        'The fields to order the list by, separated by commas, each descending after a "-" '
        "(sort=-priority,due_on); the id breaks ties, in the direction of the field before it. A null "
        "comes after every value: last going up, first going down. The next and previous links keep the "
        "order; a field twice is a 400."
    )
    schema = {"type": "string", "pattern": f"^{field}(?:,{field})*$"}
    return {
        "name": pagination.SORT,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _include(resource_class, listing):
    """``include`` of a GET, where the answer has something to include."""
    names = list(includable(resource_class, listing))
    if not names:
        return []
    description = (
        "The relationships whose rows the answer adds, separated by commas (one relationship deep): JSON:API "
        "holds them in included; Siren, HAL and plain JSON embed the row of a to-one relationship beside "
        "the row that refers to it, and an item's first page of children as they always do.  A list's next "
        "and previous links keep it."
    )
    schema = {"type": "string", "enum": names}
    return [
        {"name": "include", "in": "query", "required": False, "schema": schema, "description": description}
    ]


def _fieldsets(resource_class, media_types):
    """``fields[type]`` of a GET, which every representation takes, and a plain ``fields`` without JSON:API.

    Where JSON:API is served, only its spelling is described, as for a
    list's comparisons: a JSON:API request may not send the plain one.
    Each takes the names every served representation shows (fieldsets.py):
    JSON:API's relationships and the other representations' foreign keys
    are each one representation's, as the description says.
    """
    names = fieldsets.names(resource_class)
    jsonapi = fieldsets.jsonapi_names(resource_class) if JSONAPI_MEDIA_TYPE in media_types else None
    if jsonapi is not None:
        names = [name for name in names if name in jsonapi]
    name = "(?:" + "|".join(re.escape(name) for name in names) + ")"
    schema = {"type": "string", "pattern": f"^(?:{name}(?:,{name})*)?$"}
    description = (
        "The fields to keep of each row, separated by commas; an empty value keeps none. A row keeps its id "
        "and its links; a list's next and previous links keep the fieldset."
    )
    if jsonapi is not None:
        relationships = ", ".join(name for name in jsonapi if name not in names) or "none"
        description += f" A JSON:API request may also name relationships ({relationships})."
    typed = f"{fieldsets.FIELDS}[{resource_class.resource_name}]"
    parameters = [{"name": typed, "description": description}]
    if jsonapi is None and fieldsets.FIELDS not in resource_class.manager.fields:
        plain = f"{typed}, for the type this URL answers with."
        parameters.append({"name": fieldsets.FIELDS, "description": plain})
    return [{**parameter, "in": "query", "required": False, "schema": schema} for parameter in parameters]


def _without_length(schema):
    return {key: value for key, value in schema.items() if key != "maxLength"}


def _path_parameter(name):
    schema = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
    return {"name": name, "in": "path", "required": True, "schema": schema, "example": 1}
