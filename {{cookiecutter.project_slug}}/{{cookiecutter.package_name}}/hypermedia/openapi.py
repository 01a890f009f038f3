"""An OpenAPI 3.1 document built from the registered resources, their routes and their models' columns.

``Api`` serves it at ``{prefix}/openapi.json``, built on the first request
after every endpoint is registered, and never written by hand: a column
added to a model is in the document on the next start.  Each operation
lists what it answers with in every served representation, the errors
included, and whether it needs credentials.
"""

import inspect
import re

from ripozo.resources.constructor import ResourceMetaClass

from . import pagination
from .fields import (
    INTEGER_MAX,
    INTEGER_MIN,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EnumField,
    FloatField,
    IntegerField,
    StringField,
)

_FLASK_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
_LINK = {"type": "object", "properties": {"href": {"type": "string"}}}
_OBJECT = {"type": "object"}
_MESSAGES = {
    400: "The request is not valid: a field, a query parameter or the body (``field`` names which).",
    401: "No credentials, or wrong ones.",
    403: "Not allowed.",
    404: "Nothing has that id.",
    409: "The change conflicts with existing data, such as a value a unique field already holds.",
    413: "The body is too large.",
    415: "The body is neither JSON nor a form.",
    429: "Too many attempts from this address: wait as long as Retry-After says.",
    503: "The database is busy or unreachable; try again (see Retry-After).",
}
# What every endpoint can answer: a body that cannot be read, or is too large; a database that is down.
_ALWAYS = (400, 413, 415, 503)
JSON_MEDIA_TYPE = "application/json"
JSONAPI_MEDIA_TYPE = "application/vnd.api+json"
SIREN_MEDIA_TYPE = "application/vnd.siren+json"
HAL_MEDIA_TYPE = "application/hal+json"


def build(api, title, version="0.1.0"):
    """The document for ``api`` (a ``dispatcher.Api``), as a dict ready for JSON."""
    media_types = [adapter.extra_headers["Content-Type"] for adapter in api.adapters]
    paths, components = {}, {"schemas": {}, "responses": {}, "securitySchemes": {}}
    security = []
    if api.security_scheme is not None:
        name, scheme = api.security_scheme
        components["securitySchemes"][name] = scheme
        security = [{name: []}]
    for status in (*_ALWAYS, 401, 403, 404, 409, 429):
        components["responses"][str(status)] = _error_response(status, media_types)
    for endpoint, rule, method, resource_class, name in api.routes:
        path = _FLASK_PARAMETER.sub(r"{\1}", rule)
        operation = _operation(resource_class, name, method, media_types, components["schemas"])
        operation["operationId"] = endpoint
        if endpoint in api.protected_endpoints:
            operation["security"] = security
            for status in (401, *api.protected_errors):
                operation["responses"][str(status)] = {"$ref": f"#/components/responses/{status}"}
        else:
            operation["security"] = []
        parameters = [_path_parameter(name) for name in _FLASK_PARAMETER.findall(rule)]
        operation["parameters"] = parameters + operation.get("parameters", [])
        paths.setdefault(path, {})[method.lower()] = operation
    for route, (method, operation, protected) in api.json_endpoints.items():
        operation = {
            **operation,
            "operationId": f"{method} {route}",
            "security": security if protected else [],
        }
        responses = {**operation["responses"]}
        for status in (*_ALWAYS, *([401] if protected else []), *operation.pop("errors", ())):
            responses[str(status)] = {"$ref": f"#/components/responses/{status}"}
        operation["responses"] = responses
        paths.setdefault(route, {})[method.lower()] = operation
    index_path = _FLASK_PARAMETER.sub(r"{\1}", api.openapi_path)
    paths[index_path] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {JSON_MEDIA_TYPE: {"schema": _OBJECT}},
                }
            },
        }
    }
    if not components["securitySchemes"]:
        del components["securitySchemes"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": (
                f"Served as {', '.join(media_types)}: ask with Accept.  A request body is an object "
                "of the fields (application/json, or a form), or a JSON:API document whose "
                "data.attributes hold them (application/vnd.api+json), whatever the Accept."
            ),
        },
        "paths": paths,
        "components": components,
    }


def _operation(resource_class, name, method, media_types, schemas):
    """The operation of one ripozo endpoint: its parameters, body and responses."""
    options = resource_class.endpoint_dictionary()[name][0]
    manager = getattr(resource_class, "manager", None)
    no_pks = options.get("no_pks", False)
    operation = {"summary": f"{name.replace('_', ' ').capitalize()} ({resource_class.resource_name})."}
    errors = list(_ALWAYS)
    if manager is None:  # the index
        kind = "index"
    elif method == "GET" and no_pks:
        kind = "list"
        operation["parameters"] = _list_parameters(manager, options["endpoint_func"].fields(manager))
    elif method == "GET":
        kind = "item"
        errors.append(404)
    elif method == "DELETE":
        kind = "deleted"
        errors.append(404)
    else:
        # Named schemas, such as ShelfResourceAddBookBody: generated clients name their models after them.
        body_name = resource_class.__name__ + "".join(part.capitalize() for part in name.split("_"))
        if name not in ("create", "update"):  # an endpoint of an item, such as add-child
            resource_class = _created_resource(resource_class, name)
        fields = [field for field in options["endpoint_func"].fields(manager) if "." not in field.name]
        creates = method == "POST"
        body = _object_schema(fields, resource_class.manager.model.__table__.columns, required=creates)
        schemas[f"{body_name}Body"] = body
        content = {JSON_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{body_name}Body"}}}
        if JSONAPI_MEDIA_TYPE in media_types:
            schemas[f"{body_name}Document"] = _jsonapi_request(body)
            content[JSONAPI_MEDIA_TYPE] = {"schema": {"$ref": f"#/components/schemas/{body_name}Document"}}
        operation["requestBody"] = {"required": creates, "content": content}
        kind = "item"
        errors += [409] if no_pks else [404, 409]
    status = "201" if method == "POST" else "200"
    operation["responses"] = {
        status: {
            "description": "The resource." if kind != "list" else "A page of resources.",
            "content": {
                media_type: {"schema": _success_schema(media_type, kind, resource_class, schemas)}
                for media_type in media_types
            },
        },
        **{str(code): {"$ref": f"#/components/responses/{code}"} for code in errors},
    }
    if status == "201":
        operation["responses"][status]["headers"] = {
            "Location": {"description": "The new resource's URL.", "schema": {"type": "string"}}
        }
    return operation


def _created_resource(resource_class, name):
    """The resource an item endpoint creates: add-child's ``relation``, or the resource itself."""
    relation = getattr(inspect.getattr_static(resource_class, name), "relation", None)
    return resource_class if relation is None else ResourceMetaClass.registered_names_map[relation]


def _list_parameters(manager, fields):
    # A filter takes any value of its type: one longer than a column holds matches nothing.
    parameters = [
        {"name": field.name, "in": "query", "required": False, "schema": _without_length(field_schema(field))}
        for field in fields
        if "." not in field.name
    ]
    # Pagination (pagination.py) in both spellings: a cursor from a next or previous link, or a page.
    count = {"type": "integer", "minimum": 1, "maximum": manager.max_page_size}
    cursor = {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}
    page = {"type": "integer", "minimum": 1, "maximum": pagination.MAX_OFFSET + 1}
    spellings = [("count", count), ("after", cursor), ("before", cursor), ("page", page)]
    spellings += [("page[size]", count), ("page[after]", cursor), ("page[before]", cursor)]
    return [
        *parameters,
        *({"name": name, "in": "query", "required": False, "schema": schema} for name, schema in spellings),
    ]


def _without_length(schema):
    return {key: value for key, value in schema.items() if key != "maxLength"}


def _path_parameter(name):
    schema = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
    return {"name": name, "in": "path", "required": True, "schema": schema, "example": 1}


def field_schema(field, nullable=False):
    """The JSON Schema of a value of ``field``: type, format, bounds, allowed values; null if ``nullable``."""
    if isinstance(field, EnumField):
        schema = {"type": "string", "enum": list(field.options)}
    elif isinstance(field, StringField):
        schema = {"type": "string"}
        if field.maximum is not None:
            schema["maxLength"] = field.maximum
    elif isinstance(field, DecimalField):
        whole, scale = field.precision - field.scale, field.scale
        fraction = r"(\.[0-9]{1," + str(scale) + "})?" if scale else ""
        schema = {"type": "string", "pattern": "^-?[0-9]{1," + str(whole) + "}" + fraction + "$"}
    elif isinstance(field, DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, IntegerField):
        schema = {"type": "integer", "minimum": INTEGER_MIN, "maximum": INTEGER_MAX}
    elif isinstance(field, FloatField):
        schema = {"type": "number"}
    else:
        schema = {}
    if nullable and schema:
        schema = _nullable(schema)
    return schema


def _nullable(schema):
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _object_schema(fields, columns, required):
    """A request body: the fields, null where the column takes it; ``required`` for a create."""
    properties = {field.name: field_schema(field, nullable=columns[field.name].nullable) for field in fields}
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    names = [field.name for field in fields if field.required and required]
    if names:
        schema["required"] = names
    return schema


def _jsonapi_request(body):
    data = {"type": "object", "properties": {"type": {"type": "string"}, "attributes": body}}
    if body.get("required"):
        data["required"] = ["attributes"]
    return {"type": "object", "required": ["data"], "properties": {"data": data}}


def _item_schema(resource_class, schemas):
    """A reusable schema of what a resource shows: every column, typed as the database holds it."""
    name = f"{resource_class.__name__}Properties"
    if name not in schemas:
        manager = resource_class.manager
        model_columns = manager.model.__table__.columns
        properties = {}
        for field_name in manager.fields:
            if "." in field_name:
                continue
            column = model_columns[field_name]
            nullable = column.nullable and not column.primary_key
            properties[field_name] = field_schema(manager.get_field_type(field_name), nullable=nullable)
        schemas[name] = {"type": "object", "properties": properties, "required": list(properties)}
    return {"$ref": f"#/components/schemas/{name}"}


def _success_schema(media_type, kind, resource_class, schemas):
    """Where a representation puts the properties, the links and the embedded items."""
    if kind in ("index", "deleted"):
        return _OBJECT
    item = _item_schema(resource_class, schemas)
    resource_name = resource_class.resource_name
    page = {"count": {"type": "integer"}, "after": {"type": "string"}, "before": {"type": "string"}}
    if media_type == SIREN_MEDIA_TYPE:
        entity = {
            "type": "object",
            "required": ["properties", "links"],
            "properties": {
                "class": {"type": "array", "items": {"type": "string"}},
                "properties": item if kind == "item" else {"type": "object", "properties": page},
                "links": {"type": "array", "items": {"type": "object", "required": ["rel", "href"]}},
                "entities": {"type": "array", "items": _OBJECT},
                "actions": {"type": "array", "items": _OBJECT},
            },
        }
        return entity
    if media_type == HAL_MEDIA_TYPE:
        links = {"type": "object", "additionalProperties": {"anyOf": [_LINK, {"type": "array"}]}}
        hal_properties = {"_links": links, "_embedded": _OBJECT}
        hal = {"type": "object", "required": ["_links"], "properties": hal_properties}
        if kind == "item":
            return {"allOf": [hal, item]}
        embedded = {"type": "object", "properties": {resource_name: {"type": "array", "items": item}}}
        return {"allOf": [hal, {"type": "object", "properties": {**page, "_embedded": embedded}}]}
    if media_type == JSONAPI_MEDIA_TYPE:
        resource = {
            "type": "object",
            "required": ["type", "id"],
            "properties": {
                "type": {"const": resource_name},
                "id": {"type": "string"},
                "attributes": _OBJECT,
                "relationships": _OBJECT,
                "links": _OBJECT,
            },
        }
        data = resource if kind == "item" else {"type": "array", "items": resource}
        return {"type": "object", "required": ["data"], "properties": {"data": data, "links": _OBJECT}}
    if kind == "item":
        return {"type": "object", "required": [resource_name], "properties": {resource_name: item}}
    listing = {"type": "object", "properties": {**page, resource_name: {"type": "array", "items": item}}}
    return {"type": "object", "required": [resource_name], "properties": {resource_name: listing}}


def _error_response(status, media_types):
    """An error in each representation: its status, message and the field it is about."""
    plain = {
        "type": "object",
        "required": ["status", "message"],
        "properties": {
            "status": {"const": status},
            "message": {"type": "string"},
            "field": {"type": "string"},
        },
    }
    schemas = {
        SIREN_MEDIA_TYPE: {
            "type": "object",
            "required": ["class", "properties"],
            "properties": {
                "class": {"type": "array", "items": {"type": "string"}, "contains": {"const": "exception"}},
                "properties": plain,
            },
        },
        HAL_MEDIA_TYPE: plain,
        JSON_MEDIA_TYPE: plain,
        JSONAPI_MEDIA_TYPE: {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["status", "detail"],
                        "properties": {
                            "status": {"const": str(status)},
                            "title": {"type": "string"},
                            "detail": {"type": "string"},
                            "source": {"type": "object", "properties": {"pointer": {"type": "string"}}},
                        },
                    },
                }
            },
        },
    }
    response = {
        "description": _MESSAGES[status],
        "content": {media_type: {"schema": schemas[media_type]} for media_type in media_types},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    if status in (429, 503):
        response["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    return response
