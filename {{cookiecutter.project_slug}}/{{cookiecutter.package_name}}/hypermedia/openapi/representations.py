"""Where each representation puts a resource's properties, links and embedded items, and its errors."""

from .schemas import attributes_schema, item_schema

JSON_MEDIA_TYPE = "application/json"
JSONAPI_MEDIA_TYPE = "application/vnd.api+json"
SIREN_MEDIA_TYPE = "application/vnd.siren+json"
HAL_MEDIA_TYPE = "application/hal+json"
OBJECT = {"type": "object"}
_LINK = {"type": "object", "properties": {"href": {"type": "string"}}}
_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
# Siren's links, sub-entities and actions, with the members this API writes: typed, so that
# generated clients can read them (an object with no properties is Record<string, never> to
# openapi-typescript).
_SIREN_LINK = {
    "type": "object",
    "required": ["rel", "href"],
    "properties": {"rel": _STRINGS, "href": _STRING, "class": _STRINGS, "title": _STRING, "type": _STRING},
}
_SIREN_FIELD = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": _STRING,
        "type": _STRING,
        "title": _STRING,
        "required": {"type": "boolean"},
        "value": {"description": "The value the field has unless one is sent."},
        "options": {"type": "array", "items": _STRING, "description": "The values of a choice."},
    },
}
_SIREN_ACTION = {
    "type": "object",
    "required": ["name", "href"],
    "properties": {
        "name": _STRING,
        "href": _STRING,
        "method": _STRING,
        "title": _STRING,
        "type": _STRING,
        "fields": {"type": "array", "items": _SIREN_FIELD},
    },
}
_PAGE = {"count": {"type": "integer"}, "after": {"type": "string"}, "before": {"type": "string"}}
MESSAGES = {
    400: "The request is not valid: a field, a query parameter or the body (``field`` names which).",
    401: "No credentials, or wrong ones.",
    403: "Not allowed, such as a write the user's role does not allow, or without the current password.",
    404: "Nothing has that id.",
    409: "The change conflicts with existing data, such as a value a unique field already holds, or a row"
    " another refers to; or a request with the same Idempotency-Key is still being served (see Retry-After).",
    412: "The row has changed since the version the If-Match names: nothing was written. Read it again.",
    422: "The request is well formed, but a value breaks a rule the document cannot state, as a password too"
    " common to use does (``field`` names it); or its Idempotency-Key was sent before with another request.",
    428: "This API requires If-Match on every write (the setting REQUIRE_IF_MATCH): send the row's ETag.",
    406: "The Accept header asks for JSON:API only with a media type parameter or extension it does not"
    " serve.",
    413: "The body is too large.",
    415: "The body is neither JSON nor a form.",
    429: "Too many attempts from this address: wait as long as Retry-After says.",
    503: "The database is busy or unreachable; try again (see Retry-After).",
}


def success_schema(media_type, kind, resource_class, schemas):
    """The body of a resource (``kind`` ``item``), a page (``list``), the index or a deletion."""
    if kind == "deleted" and media_type == JSONAPI_MEDIA_TYPE:
        return _JSONAPI_DELETED
    if kind in ("index", "deleted"):
        return OBJECT
    if media_type == JSONAPI_MEDIA_TYPE:
        return _jsonapi(kind, attributes_schema(resource_class, schemas), resource_class.resource_name)
    item = item_schema(resource_class, schemas)
    build = {SIREN_MEDIA_TYPE: _siren, HAL_MEDIA_TYPE: _hal}.get(media_type, _json)
    return build(kind, item, resource_class.resource_name)


def _siren(kind, item, resource_name):
    # A list's entities are its items; a row's are its relationships, each of its own resource.
    entity = {
        "type": "object",
        "required": ["rel"],
        "properties": {
            "rel": _STRINGS,
            "class": _STRINGS,
            "href": _STRING,
            "properties": item if kind == "list" else OBJECT,
            "links": {"type": "array", "items": _SIREN_LINK},
        },
    }
    return {
        "type": "object",
        "required": ["properties", "links"],
        "properties": {
            "class": _STRINGS,
            "properties": item if kind == "item" else {"type": "object", "properties": _PAGE},
            "links": {"type": "array", "items": _SIREN_LINK},
            "entities": {"type": "array", "items": entity},
            "actions": {"type": "array", "items": _SIREN_ACTION},
        },
    }


def _hal(kind, item, resource_name):
    links = {"type": "object", "additionalProperties": {"anyOf": [_LINK, {"type": "array"}]}}
    hal = {"type": "object", "required": ["_links"], "properties": {"_links": links, "_embedded": OBJECT}}
    if kind == "item":
        return {"allOf": [hal, item]}
    embedded = {"type": "object", "properties": {resource_name: {"type": "array", "items": item}}}
    return {"allOf": [hal, {"type": "object", "properties": {**_PAGE, "_embedded": embedded}}]}


def _jsonapi(kind, attributes, resource_name):
    identifier = {
        "type": "object",
        "required": ["type", "id"],
        "properties": {"type": _STRING, "id": _STRING},
    }
    relationship = {
        "type": "object",
        "properties": {
            # A row's identifier, none (an empty reference), or a list of them.
            "data": {"anyOf": [identifier, {"type": "null"}, {"type": "array", "items": identifier}]},
            "links": {"type": "object", "properties": {"related": _STRING}},
        },
    }
    resource = {
        "type": "object",
        "required": ["type", "id"],
        "properties": {
            "type": {"const": resource_name},
            "id": _STRING,
            "attributes": attributes,
            "relationships": {"type": "object", "additionalProperties": relationship},
            "links": {"type": "object", "properties": {"self": _STRING}},
        },
    }
    data = resource if kind == "item" else {"type": "array", "items": resource}
    links = {"type": "object", "properties": {"self": _STRING, "next": _STRING, "prev": _STRING}}
    return {"type": "object", "required": ["data"], "properties": {"data": data, "links": links}}


# JSON:API's answer to a DELETE: a document of top-level meta only, no primary data.  (Not a const
# true: openapi-python-client 0.29 writes a model it cannot parse for one.)
_JSONAPI_DELETED = {
    "type": "object",
    "description": "No primary data: the row is gone.",
    "required": ["meta"],
    "properties": {
        "meta": {"type": "object", "required": ["deleted"], "properties": {"deleted": {"type": "boolean"}}}
    },
}


def _json(kind, item, resource_name):
    if kind == "item":
        return {"type": "object", "required": [resource_name], "properties": {resource_name: item}}
    listing = {"type": "object", "properties": {**_PAGE, resource_name: {"type": "array", "items": item}}}
    return {"type": "object", "required": [resource_name], "properties": {resource_name: listing}}


# What JSON:API's errors add to the messages, where it is served.
JSONAPI_MESSAGES = {
    400: "  In JSON:API, source.pointer or source.parameter names it (meta.field one left out).",
    406: "  source.header names the Accept header.",
    415: "  Or a JSON:API body's media type has a parameter other than profile (source.header names it).",
}


def error_response(status, media_types):
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
    siren = {
        "type": "object",
        "required": ["class", "properties"],
        "properties": {
            "class": {"type": "array", "items": {"type": "string"}, "contains": {"const": "exception"}},
            "properties": plain,
        },
    }
    schemas = {SIREN_MEDIA_TYPE: siren, HAL_MEDIA_TYPE: plain, JSON_MEDIA_TYPE: plain}
    schemas[JSONAPI_MEDIA_TYPE] = _jsonapi_errors(status)
    description = MESSAGES[status]
    if JSONAPI_MEDIA_TYPE in media_types:
        description += JSONAPI_MESSAGES.get(status, "")
    response = {
        "description": description,
        "content": {media_type: {"schema": schemas[media_type]} for media_type in media_types},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    if status in (409, 429, 503):
        response["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    return response


def _jsonapi_errors(status):
    error = {
        "type": "object",
        "required": ["status", "detail"],
        "properties": {
            "status": {"const": str(status)},
            "title": {"type": "string"},
            "detail": {"type": "string"},
            "source": {
                "type": "object",
                "description": "What the error is about: a value of the request document (pointer), a"
                " query parameter as the request spells it (parameter) or a header.",
                "properties": {
                    "pointer": {"type": "string"},
                    "parameter": {"type": "string"},
                    "header": {"type": "string"},
                },
            },
            "meta": {
                "type": "object",
                "description": "field: the field an error is about, where the request does not hold it.",
                "properties": {"field": {"type": "string"}},
            },
        },
    }
    return {
        "type": "object",
        "required": ["errors"],
        "properties": {"errors": {"type": "array", "minItems": 1, "items": error}},
    }
