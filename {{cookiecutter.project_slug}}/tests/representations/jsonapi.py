"""JSON:API: resource objects with attributes and relationships.

The tests shared by every representation write a list's query in the names
the others take (``count``, ``after``, ``{{ cookiecutter.__parent_fk }}``); a JSON:API
client sends them as JSON:API's families (``page[size]``, ``page[after]``,
``filter[{{ cookiecutter.__parent_fk }}]``), so this one does, and reads the links it is
given back into those names.  tests/test_jsonapi.py checks JSON:API's own
spellings, and what the API answers to the plain ones.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from jsonschema import Draft202012Validator

from {{ cookiecutter.package_name }}.api import URL_PREFIX

from ..contract import COLLECTIONS
from .base import BASE_URL, Representation

# Each foreign key, and the to-one relationship a document sets it with: its name and the parent's type.
RELATIONSHIPS = {
    collection.foreign_key: (collection.link, collection.parent.name)
    for collection in COLLECTIONS
    if collection.parent is not None
}
# A list's pagination parameters, and their JSON:API spellings.
PAGINATION = {"count": "page[size]", "after": "page[after]", "before": "page[before]", "page": "page[number]"}

# JSON:API 1.1's rules for a response document, as a JSON Schema: the project's own, written from the
# specification (https://jsonapi.org/format/1.1/), sections in the descriptions.  Every object it
# defines has only the members it lists.  Top-level links may have other names (Links: "a link's
# relation type SHOULD be inferred from the name of the link"): the index links to each collection so.
_MEMBER_NAME = {"type": "string", "pattern": "^[a-zA-Z0-9](?:[-_a-zA-Z0-9]*[a-zA-Z0-9])?$"}
_LINK = {
    "description": "Links: a URI-reference, or a link object with an href.",
    "oneOf": [
        {"type": "string", "format": "uri-reference"},
        {
            "type": "object",
            "required": ["href"],
            "properties": {
                "href": {"type": "string", "format": "uri-reference"},
                "rel": {"type": "string"},
                "describedby": {"type": "string"},
                "title": {"type": "string"},
                "type": {"type": "string"},
                "hreflang": {"type": ["string", "array"]},
                "meta": {"$ref": "#/$defs/meta"},
            },
            "additionalProperties": False,
        },
    ],
}
_PAGINATION_LINKS = {name: {"oneOf": [_LINK, {"type": "null"}]} for name in ("first", "last", "prev", "next")}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "JSON:API 1.1 response document",
    "type": "object",
    "description": "Top Level: data, errors or meta; never data and errors; included only with data.",
    "anyOf": [{"required": ["data"]}, {"required": ["errors"]}, {"required": ["meta"]}],
    "not": {"required": ["data", "errors"]},
    "dependentRequired": {"included": ["data"]},
    "properties": {
        "jsonapi": {
            "type": "object",
            "properties": {
                "version": {"type": "string"},
                "ext": {"type": "array", "items": {"type": "string"}},
                "profile": {"type": "array", "items": {"type": "string"}},
                "meta": {"$ref": "#/$defs/meta"},
            },
            "additionalProperties": False,
        },
        "links": {
            "type": "object",
            "properties": {"self": _LINK, "related": _LINK, "describedby": _LINK, **_PAGINATION_LINKS},
            "additionalProperties": _LINK,
        },
        "data": {
            "oneOf": [
                {"type": "null"},
                {"$ref": "#/$defs/resource"},
                {"type": "array", "items": {"$ref": "#/$defs/resource"}, "uniqueItems": True},
            ]
        },
        "included": {"type": "array", "items": {"$ref": "#/$defs/resource"}, "uniqueItems": True},
        "errors": {"type": "array", "items": {"$ref": "#/$defs/error"}},
        "meta": {"$ref": "#/$defs/meta"},
    },
    "additionalProperties": False,
    "$defs": {
        "meta": {"type": "object", "propertyNames": _MEMBER_NAME},
        "identifier": {
            "description": "Resource Identifier Objects: type and id, both strings.",
            "type": "object",
            "required": ["type", "id"],
            "properties": {"type": _MEMBER_NAME, "id": {"type": "string"}, "meta": {"$ref": "#/$defs/meta"}},
            "additionalProperties": False,
        },
        "relationship": {
            "description": "Relationships: links (self, related, pagination), data or meta, at least one.",
            "type": "object",
            "minProperties": 1,
            "properties": {
                "links": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {"self": _LINK, "related": _LINK, **_PAGINATION_LINKS},
                    "additionalProperties": False,
                },
                "data": {
                    "oneOf": [
                        {"type": "null"},
                        {"$ref": "#/$defs/identifier"},
                        {"type": "array", "items": {"$ref": "#/$defs/identifier"}, "uniqueItems": True},
                    ]
                },
                "meta": {"$ref": "#/$defs/meta"},
            },
            "additionalProperties": False,
        },
        "resource": {
            "description": "Resource Objects: no field named type or id, every name a legal member name.",
            "type": "object",
            "required": ["type", "id"],
            "properties": {
                "type": _MEMBER_NAME,
                "id": {"type": "string"},
                "attributes": {
                    "type": "object",
                    "propertyNames": {
                        **_MEMBER_NAME,
                        "not": {"enum": ["type", "id", "relationships", "links"]},
                    },
                },
                "relationships": {
                    "type": "object",
                    "propertyNames": {**_MEMBER_NAME, "not": {"enum": ["type", "id"]}},
                    "additionalProperties": {"$ref": "#/$defs/relationship"},
                },
                "links": {"type": "object", "properties": {"self": _LINK}, "additionalProperties": False},
                "meta": {"$ref": "#/$defs/meta"},
            },
            "additionalProperties": False,
        },
        "error": {
            "description": "Error Objects: status as a string; source is one pointer, parameter or header.",
            "type": "object",
            "minProperties": 1,
            "properties": {
                "id": {"type": "string"},
                "links": {
                    "type": "object",
                    "properties": {"about": _LINK, "type": _LINK},
                    "additionalProperties": False,
                },
                "status": {"type": "string", "pattern": "^[1-5][0-9][0-9]$"},
                "code": {"type": "string"},
                "title": {"type": "string"},
                "detail": {"type": "string"},
                "source": {
                    "type": "object",
                    "maxProperties": 1,
                    "properties": {
                        "pointer": {"type": "string", "pattern": "^(/([^~/]|~[01])*)*$"},
                        "parameter": {"type": "string"},
                        "header": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
                "meta": {"$ref": "#/$defs/meta"},
            },
            "additionalProperties": False,
        },
    },
}
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


class JsonApi(Representation):
    media_type = "application/vnd.api+json"
    # JSON:API's media type takes no parameter but "ext" and "profile"; the API knows no profile.
    ignored_parameter = 'profile="https://example.com/a-profile"'

    @classmethod
    def check(cls, body):
        """JSON:API's rules (``SCHEMA``), and one resource object for each type and id in a document."""
        VALIDATOR.validate(body)
        data = body.get("data")
        if isinstance(data, list):
            identities = [(item["type"], item["id"]) for item in data]
            assert len(set(identities)) == len(identities), f"a resource object repeats: {identities}"

    def document(self, fields, resource_name):
        attributes = dict(fields)
        relationships = {}
        for foreign_key, (name, parent_type) in RELATIONSHIPS.items():
            if foreign_key in attributes:
                parent = {"type": parent_type, "id": str(attributes.pop(foreign_key))}
                relationships[name] = {"data": parent}
        data = {"type": resource_name, "attributes": attributes, "relationships": relationships}
        return {"data": data}

    def request(self, method, url, fields=None, resource_name=None, **kwargs):
        if fields is not None:
            kwargs.setdefault("content_type", self.media_type)
        query = kwargs.get("query_string")
        if isinstance(query, dict):
            kwargs["query_string"] = dict(_spelled(query.items()))
        return super().request(method, _with_query(url, _spelled), fields, resource_name, **kwargs)

    def properties(self, body):
        return self._fields(body["data"])

    @staticmethod
    def _fields(resource):
        """A resource object's fields: its id, attributes, and the foreign key of each to-one relationship."""
        properties = {"id": int(resource["id"]), **resource["attributes"]}
        for name, relationship in resource["relationships"].items():
            if isinstance(relationship.get("data"), dict):
                properties[f"{name}_id"] = int(relationship["data"]["id"])
            elif "data" in relationship and relationship["data"] is None:  # an empty reference
                properties[f"{name}_id"] = None
        return properties

    def link(self, body, rel):
        rel = {"previous": "prev"}.get(rel, rel)
        if rel in body["links"]:
            return _with_query(body["links"][rel], _plain)
        relationship = body["data"]["relationships"][rel]
        return _with_query(relationship["links"]["related"], _plain) if "links" in relationship else None

    def page_link(self, body, rel):
        return self.link(body, rel) if {"previous": "prev"}.get(rel, rel) in body["links"] else None

    def links(self, body, rel):
        related = body["data"]["relationships"][rel]["data"]
        return [f"{BASE_URL}{URL_PREFIX}/{item['type']}/{item['id']}/" for item in related]

    def items(self, body, resource_name):
        return [self._fields(item) for item in body["data"]]

    def included(self, body, rel):
        objects = {(item["type"], item["id"]): item for item in body.get("included", [])}
        rows = body["data"] if isinstance(body["data"], list) else [body["data"]]
        linkages = [row["relationships"].get(rel, {}).get("data") for row in rows]
        return [self._fields(objects[linkage["type"], linkage["id"]]) for linkage in linkages if linkage]

    def error(self, body):
        return body["errors"][0]["detail"]

    def error_field(self, body):
        """The field an error is about: by its pointer, its query parameter, or (one left out) its meta."""
        error = body["errors"][0]
        source = error.get("source", {})
        if "parameter" in source:
            (name,) = dict(_plain([(source["parameter"], "")]))
            return name
        pointer = source.get("pointer", "")
        if pointer.startswith("/data/relationships/"):
            name = pointer.split("/")[3]
            return next(key for key, (link, _) in RELATIONSHIPS.items() if link == name)
        if pointer.startswith("/data/attributes/"):
            return pointer.split("/")[3]
        return error.get("meta", {}).get("field")

    def parameter(self, name):
        return PAGINATION.get(name, name)


def _with_query(url, respell):
    """``url`` with its query's names respelled by ``respell``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = urlencode(list(respell(parse_qsl(parts.query, keep_blank_values=True))))
    return urlunsplit(parts._replace(query=query))


def _spelled(pairs):
    """A list's query in JSON:API's spellings; a name already in one of JSON:API's families is left as it is.

    A name whose spelling is already in the query is sent as it is too: the request sends both spellings.
    """
    pairs = list(pairs)
    names = {name for name, _ in pairs}
    for name, value in pairs:
        own = name.startswith(("page[", "filter[", "fields[")) or name in ("include", "sort")  # JSON:API's
        field, bracket, operator = name.partition("[")  # a comparison, due_on[gte], is filter[due_on][gte]
        spelled = name if own else PAGINATION.get(name, f"filter[{field}]{bracket}{operator}")
        yield (name if spelled in names and spelled != name else spelled), value


def _plain(pairs):
    """A list's query in the names the other representations take, as the shared tests write them."""
    plain = {spelled: name for name, spelled in PAGINATION.items()}
    for name, value in pairs:
        if name.startswith("filter[") and name.endswith("]"):  # filter[due_on][gte] is due_on[gte]
            yield name[len("filter[") :].replace("]", "", 1), value
        else:
            yield plain.get(name, name), value
