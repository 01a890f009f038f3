"""JSON:API 1.1 (application/vnd.api+json).

ripozo's JSONAPIAdapter emits to-one relationships as lists, nests
collections in a single resource object and shapes errors loosely; this one
follows https://jsonapi.org/format/1.1/.  What the specification leaves to
the server, and what this API does (its sections in brackets):

- Media types (Content Negotiation): a request body's media type takes the
  ``profile`` parameter, ignored as every profile is unknown here, and no
  other: ``ext`` names an extension, and the API applies none, so either
  another parameter or ``ext`` is a 415; an Accept header whose every entry
  for JSON:API carries one is a 406 (``media_type_parameters``, read by
  dispatcher/negotiation.py and bodies.py).  Every response says
  ``Vary: Accept``, as the SHOULD for servers that take ``profile`` asks:
  its representation depends on it.
- Query parameters (Query Parameters, Fetching Data): a list pages with
  ``page[size]``, ``page[after]``, ``page[before]`` (cursors) and
  ``page[number]``, and filters with ``filter[field]`` (pagination.py); the
  links this adapter writes use those spellings, percent-encoded as the
  appendix's serializer does.  ``include`` names relationships whose rows
  the document then holds in ``included`` (Inclusion of Related
  Resources): on an item, its parent (to-one) and its first page of
  children (to-many, the rows its linkage names); on a list, each row's
  parent, as a list's rows carry no to-many linkage.  Each included
  relationship costs one statement.  A path of more than one relationship,
  or a name the resource cannot include, is a 400.  ``sort`` orders a list
  as in every representation (pagination.py).  ``fields[type]`` keeps
  those attributes and relationships of the resource objects of that type,
  in ``data`` and ``included`` (Sparse Fieldsets, fieldsets.py); a plain
  ``fields`` names no type, and is a 400.  Any other parameter is
  a 400 too: the plain names the other representations take (``count``,
  ``title``) are all lowercase, which JSON:API reserves, and one the API
  would not process is better refused than silently ignored
  (``check_query``).  These rules hold for a JSON:API request, one whose
  Accept header names the media type: a client that takes anything gets
  JSON:API where it is the first representation, and the query every
  representation takes.  Square brackets are taken percent-encoded or not,
  as the appendix's SHOULD asks.
- Errors (Error Objects): one about a query parameter names it in
  ``source.parameter``, as the request spells it; one about a field of the
  body points at its value in the request document (``source.pointer``),
  or, for a field the document does not hold (a required one left out),
  at the object it would be in, as a pointer must point at a value that
  exists, with ``meta.field`` naming it; one about a header names it
  (``source.header``).  A field sent outside a JSON:API document (plain
  JSON, a form) is named in ``meta.field`` alone.
- Relationships (Resource Objects): a to-one relationship, a child's link to
  its parent, has its linkage and a ``related`` link to the parent.  A
  to-many one has the linkage of its first page of rows (what the other
  representations embed) and a ``related`` link to all of them: the child's
  list filtered by the parent, the same list as the parent's ``{child}_list``
  relationship, which every representation has in the same place.  None
  has a ``self`` link, a relationship URL: relationship links are optional,
  and this API serves no ``.../relationships/<name>`` endpoints.  A child's
  parent changes with a PATCH of the child that gives the relationship new
  linkage (or the foreign key), and a parent's children by changing each
  child: replacing a parent's whole list of children would move or delete
  rows the client may never have seen, which the specification lets a
  server refuse, and relationship endpoints would be more routes, in every
  representation and in the OpenAPI document, for what a PATCH already does.
- Writes (Creating, Updating and Deleting Resources): the API assigns every
  id, so a create that sends one is a 403; an update whose ``id`` is not
  the URL's is a 409, as is a resource object of another ``type``.  A
  DELETE answers 200 with a document of top-level ``meta`` only, not 204,
  so that every representation answers it with the same status (the
  OpenAPI document's one answer, which its links hang on); a DELETE needs
  no body, and an empty object, which some clients send, is none.
- Other SHOULDs: a create's answer has a ``Location`` header, the new
  resource's ``self`` link; an error object has its ``status`` and a
  ``title`` that depends on the status alone (its HTTP reason phrase), the
  occurrence being in ``detail``; a 409 names the field whose value another
  row holds; a DELETE of a row that does not exist is a 404; a request with
  several problems is answered with the first found.  A requested profile is
  not applied, as the API knows none, and no extension or profile URI is
  the API's to document.
- Pagination links (Pagination): ``next`` and ``prev`` where there is such
  a page, left out where there is none; no ``first`` or ``last``, which
  cursors over a list that changes cannot promise.  A page's ``meta``
  repeats its size (``count``), position and filters.

Override ``formatted_body`` for another document, ``check_query`` to take
more query parameters.
"""

import json
import re
from functools import cache
from typing import ClassVar
from urllib.parse import parse_qsl, quote_plus, urlencode

import flask
from ripozo.adapters import AdapterBase
from ripozo.exceptions import JSONAPIFormatException, RestException
from werkzeug.http import HTTP_STATUS_CODES

from .. import fieldsets, filters, pagination
from ..errors import FieldError
from ..fields import Text
from ..resources import (
    ToMany,
    ToOne,
    asked_include,
    includable,
    include_names,
    item_path,
    many_types,
    page_rows,
    parent_types,
    row_links,
)
from . import AbsoluteURLs, error_properties

CONTENT_TYPE = "application/vnd.api+json"
VERSION = {"version": "1.1"}
# A member name of letters, digits, "-" and "_", not at either end (Member Names, its URL-safe part).
_MEMBER_NAME = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?")


class JsonApiAdapter(AbsoluteURLs, AdapterBase):
    formats: ClassVar[list[str]] = [CONTENT_TYPE]
    extra_headers: ClassVar[dict[str, str]] = {"Content-Type": CONTENT_TYPE, "Vary": "Accept"}
    # The media type's parameters and the values served (negotiation.py): any profile, no extension.
    media_type_parameters: ClassVar[dict] = {"profile": None, "ext": frozenset()}

    @property
    def formatted_body(self):
        resource = self.resource
        if resource.deleted:
            return json.dumps({"jsonapi": VERSION, "meta": {"deleted": True}})
        links = {"self": self._url(resource)}
        for link, name, _ in resource.linked_resources:
            if name == "next":
                links["next"] = self._url(link)
            elif name == "previous":
                links["prev"] = self._url(link)
            else:
                links[name] = self._url(link)
        document = {"jsonapi": VERSION, "links": links}
        page = page_rows(resource)
        if page is not None:
            document["data"] = [self._row_object(type(resource), row, page[1]) for row in page[0]]
            document["meta"] = _list_meta(resource)
        elif resource.no_pks:
            document["data"] = [
                self._resource_object(item)
                for related, name, _ in resource.related_resources
                if name == resource.resource_name
                for item in related
            ]
            document["meta"] = _list_meta(resource)
        else:
            identified = resource.pks and resource.has_all_pks
            document["data"] = self._resource_object(resource) if identified else None
        included = self._included(type(resource), document["data"])
        if included is not None:
            document["included"] = included
        return json.dumps(document)

    def _included(self, resource_class, data):
        """The resource objects of the rows ``include`` asks for, that ``data``'s linkage names; or None."""
        asked = asked_include()
        if asked is None or data is None:
            return None
        relations = includable(resource_class, isinstance(data, list))
        named = {}
        for name in include_names(asked):
            if name not in relations:
                continue  # refused beforehand (dispatcher/bodies.py)
            for resource_object in data if isinstance(data, list) else [data]:
                linkage = resource_object.get("relationships", {}).get(name, {}).get("data")
                for identifier in linkage if isinstance(linkage, list) else [linkage]:
                    if identifier is not None:
                        named.setdefault(relations[name], set()).add(int(identifier["id"]))
        included = []
        for relation, ids in named.items():
            links = row_links(relation)
            for row in relation.manager.rows_with_ids(ids):
                if links is None:
                    included.append(self._resource_object(relation(properties=row)))
                else:
                    included.append(self._row_object(relation, row, links))
        return included

    def _url(self, resource):
        return self.combine_base_url_with_resource_url(_spelled(resource.url))

    # What fields[type] names: a resource object's attributes and relationships.
    fieldset_names = staticmethod(fieldsets.jsonapi_names)

    def _resource_object(self, resource):
        attributes = dict(resource.properties)
        for relationship in type(resource).relationships:
            if not relationship.no_pks:
                for foreign_key in relationship.property_map:
                    attributes.pop(foreign_key, None)
        identifier = _identifier(resource)
        for pk in resource.pks:
            attributes.pop(pk, None)
        relationships = _empty_to_ones(type(resource), resource.properties)
        lists = _related_lists(type(resource))
        many = many_types(type(resource))
        for related, name, _ in resource.related_resources:
            if isinstance(related, list):
                relationships[name] = {"data": [_identifier(item) for item in related]}
                start, key = lists.get(name, (None, None))
                if start is not None and resource.properties.get(key) is not None:
                    path = start + _query_value(resource.properties[key])
                    relationships[name]["links"] = {"related": self.combine_base_url_with_resource_url(path)}
            elif related.no_pks:
                relationships[name] = {"links": {"related": self._url(related)}}
                if name in many and isinstance(resource.properties.get(many[name][0]), list):
                    ids, kind = many[name]
                    linkage = [{"type": kind, "id": str(value)} for value in resource.properties[ids]]
                    relationships[name] = {"data": linkage, **relationships[name]}
            else:
                relationships[name] = {"data": _identifier(related), "links": {"related": self._url(related)}}
        return {
            **identifier,
            **_trimmed(type(resource), attributes, relationships),
            "links": {"self": self._url(resource)},
        }

    def _row_object(self, resource_class, row, row_links):
        """``_resource_object`` of a collection page's row, written from its dict (resources.page_rows)."""
        attributes = dict(row)
        for name in row_links.dropped:
            attributes.pop(name, None)
        relationships = {}
        starts = _spelled_starts(row_links)
        for name, relation, path, value in row_links.of(row):
            if value is None:  # a filtered list's URL: its query, spelled as JSON:API's
                start, spelled = starts[name]
                path = spelled + path[len(start) :]
            related = {"links": {"related": self.combine_base_url_with_resource_url(path)}}
            if value is not None:
                related = {"data": {"type": relation.resource_name, "id": str(value)}, **related}
            relationships[name] = related
        return {
            "type": resource_class.resource_name,
            "id": "/".join(str(row[pk]) for pk in resource_class.pks),
            **_trimmed(resource_class, attributes, relationships),
            "links": {"self": self.combine_base_url_with_resource_url(item_path(resource_class, row))},
        }

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        status = properties["status"]
        error = {
            "status": str(status),
            "title": HTTP_STATUS_CODES.get(status, "Error"),
            "detail": properties["message"],
        }
        error.update(_about(exc, properties.get("field")))
        return json.dumps({"jsonapi": VERSION, "errors": [error]}), CONTENT_TYPE, status

    @classmethod
    def check_query(cls, parameters):
        """Refuse, with a FieldError naming it, a query parameter that a JSON:API request must not send.

        The API takes JSON:API's spellings of a list's parameters
        (pagination.py), ``sort``, and ``include`` and ``fields[type]``
        (checked in every representation: dispatcher/bodies.py), and nothing
        else.
        """
        for parameter in parameters:
            if parameter in (pagination.INCLUDE, pagination.SORT) or fieldsets.is_fieldset(parameter):
                continue
            if parameter == fieldsets.FIELDS:
                raise FieldError(
                    parameter, 'A JSON:API request names the type whose fields it keeps: "fields[type]".'
                )
            if parameter not in pagination.ALIASES and pagination.filter_name(parameter) is None:
                raise FieldError(parameter, _not_taken(parameter))

    @classmethod
    def format_request(cls, request):
        """Flatten ``{"data": {"type": ..., "attributes": ..., "relationships": ...}}`` into fields.

        The resource object's ``type`` is the type of the resource the
        endpoint writes (``request.written_resource``): another type is a
        409, as JSON:API says, and a type that is not a string a 400.  A
        to-one relationship ``parent`` with ``{"data": {"type": "parent",
        "id": "1"}}`` sets its foreign key, ``parent_id``; the id is a
        string, which the field reads as text.  A create's resource object
        has no ``id`` (403: the API assigns them), an update's is the URL's
        (409).  A request that writes nothing (a DELETE) takes no document:
        an empty object is none.  Where in the document each field is, is
        kept for the errors about it (``source.pointer``).
        """
        body = request.body_args
        written = getattr(request, "written_resource", None)
        if not body and (written is None or not flask.request.get_data(cache=True)):  # nothing to set
            return request
        data = body.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("attributes", {}), dict):
            raise JSONAPIFormatException('The body must be a document whose "data" is a resource object.')
        _check_type(data, written.resource_name if written is not None else None, "The resource object")
        _check_id(data, request)
        values = dict(data.get("attributes", {}))
        pointers = {None: "/data/attributes" if "attributes" in data else "/data"}
        pointers.update((name, f"/data/attributes/{_escaped(name)}") for name in values)
        relationships = data.get("relationships", {})
        if not isinstance(relationships, dict):
            raise JSONAPIFormatException('"relationships" must be an object.')
        parents = parent_types(written) if written is not None else {}
        many = many_types(written) if written is not None else {}
        for name, relationship in relationships.items():
            linkage = relationship.get("data") if isinstance(relationship, dict) else None
            if name in many and isinstance(linkage, list):  # a many-to-many's linkage: its ids, in full
                ids, kind = many[name]
                values[ids] = [_linked_id(item, kind, name) for item in linkage]
                pointers[ids] = f"/data/relationships/{_escaped(name)}/data"
                continue
            emptied = isinstance(relationship, dict) and "data" in relationship and linkage is None
            if name in parents and emptied:
                foreign_key, _ = parents[name]  # a to-one emptied: an optional reference
                values[foreign_key] = None
                pointers[foreign_key] = f"/data/relationships/{_escaped(name)}/data"
                continue
            if not isinstance(linkage, dict) or "id" not in linkage:
                raise JSONAPIFormatException(
                    f'The relationship "{name}" must have a "data" object with an "id".'
                )
            foreign_key, parent = parents.get(name, (f"{name}_id", None))
            _check_type(linkage, parent, f'The relationship "{name}"')
            values[foreign_key] = Text(linkage["id"]) if isinstance(linkage["id"], str) else linkage["id"]
            pointers[foreign_key] = f"/data/relationships/{_escaped(name)}/data"
        flask.g.jsonapi_pointers = pointers
        request.body_args = values
        return request


def _linked_id(identifier, kind, name):
    """The id of one resource identifier of a many-to-many's linkage, its type checked."""
    if not isinstance(identifier, dict) or "id" not in identifier:
        raise JSONAPIFormatException(
            f'The relationship "{name}" must list resource identifiers, each with an "id".'
        )
    _check_type(identifier, kind, f'The relationship "{name}"')
    value = identifier["id"]
    return Text(value) if isinstance(value, str) else value


def _empty_to_ones(resource_class, properties):
    """``{name: {"data": None}}`` for each to-one relationship whose foreign key holds null."""
    return {
        relation.name: {"data": None}
        for relation in resource_class._relationships or ()
        if isinstance(relation, ToOne)
        and relation.foreign_key in properties
        and properties[relation.foreign_key] is None
    }


def _check_type(resource_object, expected, subject):
    """Refuse a resource object without a string ``type`` (400), or of a type not ``expected`` (409)."""
    kind = resource_object.get("type")
    if not isinstance(kind, str):
        wanted = f' "{expected}"' if expected else ""
        raise JSONAPIFormatException(f'{subject} needs its "type"{wanted}, as a string.')
    if expected is not None and kind != expected:
        raise RestException(
            f'{subject} is of the type "{kind}", where this endpoint takes "{expected}".', 409
        )


def _check_id(resource_object, request):
    """Refuse an ``id`` in a create (403: the API assigns ids), and an update's other than the URL's (409)."""
    if "id" not in resource_object:
        return
    if flask.request.method == "POST":
        raise RestException("The API assigns each resource its id: send the resource object without.", 403)
    sent, own = resource_object["id"], request.url_params.get("id")
    if not isinstance(sent, str):
        raise JSONAPIFormatException('The resource object\'s "id" must be a string.')
    if own is not None and sent != str(own):
        raise RestException(f'The resource object\'s id is "{sent}", where this URL is that of "{own}".', 409)


def _identifier(resource):
    return {"type": resource.resource_name, "id": "/".join(str(resource.item_pks[pk]) for pk in resource.pks)}


def _about(error, field):
    """What an error is about, as members of its error object: ``source``, and ``meta`` for a field left out.

    A header, a query parameter as the request spells it, or where the
    request document holds the field; a field it does not hold (a required
    one) points where it would go, and ``meta.field`` names it.
    """
    header = getattr(error, "header", None)
    if header is not None:
        return {"source": {"header": header}}
    if field is None or not flask.has_request_context():
        return {}
    pointers = flask.g.get("jsonapi_pointers")
    if pointers is not None and field in pointers:
        return {"source": {"pointer": pointers[field]}}
    spellings = (field, pagination.jsonapi_spelling(field))
    parameter = next((name for name in spellings if name in flask.request.args), None)
    if parameter is not None:
        return {"source": {"parameter": parameter}}
    if pointers is not None:
        return {"source": {"pointer": pointers[None]}, "meta": {"field": field}}
    return {"meta": {"field": field}}


def _list_meta(resource):
    """A list's ``meta``: its size, position, filters; comparisons in ``"filter": {name: {operator: value}}``.

    ``due_on[gte]`` is not a legal member name, nor ``fields[task]``: the
    fieldsets are in ``"fields": {type: names}``.
    """
    meta, compared, trimmed = {}, {}, {}
    for key, value in resource.properties.items():
        if key == resource.resource_name:
            continue
        split, type_name = filters.split(key), fieldsets.type_of(key)
        if type_name is not None:
            trimmed[type_name] = value
        elif split is None:
            meta[key] = value
        else:
            compared.setdefault(split[0], {})[split[1]] = value
    return {**meta, **({"filter": compared} if compared else {}), **({"fields": trimmed} if trimmed else {})}


def _trimmed(resource_class, attributes, relationships):
    """A resource object's ``attributes`` and ``relationships``, of the fields its type's fieldset keeps."""
    kept = fieldsets.chosen(resource_class)
    if kept is not None:
        attributes = {name: value for name, value in attributes.items() if name in kept}
        relationships = {name: value for name, value in relationships.items() if name in kept}
    return {"attributes": attributes, "relationships": relationships}


def _not_taken(parameter):
    """Why a JSON:API request may not send ``parameter``, and what it may send instead, in one sentence."""
    if parameter in pagination.SPELLINGS or filters.split(parameter):
        return f'A JSON:API request sends "{parameter}" as "{pagination.jsonapi_spelling(parameter)}".'
    if _MEMBER_NAME.fullmatch(parameter) and parameter not in ("page", "filter"):
        return (
            f'The query parameter "{parameter}" is not one this API takes: a JSON:API request filters '
            f'a list by a field with "filter[{parameter}]".'
        )
    return (
        f'The query parameter "{parameter}" is not one this API takes: a list pages with page[size], '
        "page[after], page[before] and page[number], and filters with filter[field]."
    )


def _escaped(name):
    """A member name as a JSON Pointer's reference token (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def _query_value(value):
    """A value in a query string, as urlencode writes it: an integer needs no quoting."""
    return str(value) if type(value) is int else quote_plus(str(value))


def _spelled(url):
    """A URL whose query names a list's parameters as the other representations do, in JSON:API's spelling."""
    path, mark, query = url.partition("?")
    if not mark:
        return url
    pairs = parse_qsl(query, keep_blank_values=True)
    return f"{path}?{urlencode([(pagination.jsonapi_spelling(name), value) for name, value in pairs])}"


@cache
def _spelled_starts(row_links):
    """``{name: (start, spelled start)}`` of each filtered list a page's rows link to (resources.RowLinks)."""
    return {name: (start, _spelled(start)) for name, kind, _, _, start in row_links.links if kind == "list"}


@cache
def _related_lists(resource_class):
    """``{name: (path, key)}``: each to-many relationship's list of rows, the value of ``key`` left to add.

    The relation's list filtered by the foreign key of the model's
    relationship of the same name, as JSON:API spells it
    (``/task/?filter%5Btask_board_id%5D=``); none where the relation's list
    does not filter by that key.
    """
    model = getattr(resource_class, "model", None)
    if model is None:
        return {}
    lists = {}
    for relationship in resource_class.relationships:
        mapped = model.__mapper__.relationships.get(relationship.name)
        if type(relationship) is not ToMany or mapped is None or len(mapped.local_remote_pairs) != 1:
            continue
        ((local, remote),) = mapped.local_remote_pairs
        relation = relationship.relation
        if remote.key in relation.manager.list_fields:
            start = _spelled(f"{relation.base_url_sans_pks}?{urlencode({remote.key: ''})}")
            lists[relationship.name] = (start, local.key)
    return lists
