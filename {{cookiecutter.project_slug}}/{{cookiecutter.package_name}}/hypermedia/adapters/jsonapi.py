"""JSON:API 1.1 (application/vnd.api+json).

ripozo's JSONAPIAdapter emits to-one relationships as lists, nests
collections in a single resource object and shapes errors loosely; this one
follows https://jsonapi.org/format/1.1/.
"""

import json
from typing import ClassVar

import flask
from ripozo.adapters import AdapterBase
from ripozo.exceptions import JSONAPIFormatException, RestException
from werkzeug.http import HTTP_STATUS_CODES

from ..fields import Text
from ..resources import item_path, page_rows, parent_types
from . import AbsoluteURLs, error_properties

CONTENT_TYPE = "application/vnd.api+json"


class JsonApiAdapter(AbsoluteURLs, AdapterBase):
    formats: ClassVar[list[str]] = [CONTENT_TYPE]
    extra_headers: ClassVar[dict[str, str]] = {"Content-Type": CONTENT_TYPE}

    @property
    def formatted_body(self):
        resource = self.resource
        links = {"self": self._url(resource)}
        for link, name, _ in resource.linked_resources:
            if name == "next":
                links["next"] = self._url(link)
            elif name == "previous":
                links["prev"] = self._url(link)
            else:
                links[name] = self._url(link)
        document = {"jsonapi": {"version": "1.1"}, "links": links}
        page = page_rows(resource)
        if page is not None:
            document["data"] = [self._row_object(type(resource), row, page[1]) for row in page[0]]
            document["meta"] = {
                key: value for key, value in resource.properties.items() if key != resource.resource_name
            }
        elif resource.no_pks:
            document["data"] = [
                self._resource_object(item)
                for related, name, _ in resource.related_resources
                if name == resource.resource_name
                for item in related
            ]
            document["meta"] = {
                key: value for key, value in resource.properties.items() if key != resource.resource_name
            }
        else:
            identified = resource.pks and resource.has_all_pks
            document["data"] = self._resource_object(resource) if identified else None
        return json.dumps(document)

    def _url(self, resource):
        return self.combine_base_url_with_resource_url(resource.url)

    def _resource_object(self, resource):
        attributes = dict(resource.properties)
        for relationship in type(resource).relationships:
            if not relationship.no_pks:
                for foreign_key in relationship.property_map:
                    attributes.pop(foreign_key, None)
        identifier = _identifier(resource)
        for pk in resource.pks:
            attributes.pop(pk, None)
        relationships = {}
        for related, name, _ in resource.related_resources:
            if isinstance(related, list):
                relationships[name] = {"data": [_identifier(item) for item in related]}
            elif related.no_pks:
                relationships[name] = {"links": {"related": self._url(related)}}
            else:
                relationships[name] = {"data": _identifier(related), "links": {"related": self._url(related)}}
        return {
            **identifier,
            "attributes": attributes,
            "relationships": relationships,
            "links": {"self": self._url(resource)},
        }

    def _row_object(self, resource_class, row, row_links):
        """``_resource_object`` of a collection page's row, written from its dict (resources.page_rows)."""
        attributes = dict(row)
        for name in row_links.dropped:
            attributes.pop(name, None)
        relationships = {}
        for name, relation, path, value in row_links.of(row):
            related = {"links": {"related": self.combine_base_url_with_resource_url(path)}}
            if value is not None:
                related = {"data": {"type": relation.resource_name, "id": str(value)}, **related}
            relationships[name] = related
        return {
            "type": resource_class.resource_name,
            "id": "/".join(str(row[pk]) for pk in resource_class.pks),
            "attributes": attributes,
            "relationships": relationships,
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
        if "field" in properties:
            error["source"] = {"pointer": f"/data/attributes/{properties['field']}"}
        return json.dumps({"jsonapi": {"version": "1.1"}, "errors": [error]}), CONTENT_TYPE, status

    @classmethod
    def format_request(cls, request):
        """Flatten ``{"data": {"type": ..., "attributes": ..., "relationships": ...}}`` into fields.

        The resource object's ``type`` is the type of the resource the
        endpoint writes (``request.written_resource``): another type is a
        409, as JSON:API says, and a type that is not a string a 400.  A
        to-one relationship ``parent`` with ``{"data": {"type": "parent",
        "id": "1"}}`` sets its foreign key, ``parent_id``; the id is a
        string, which the field reads as text.
        """
        body = request.body_args
        if not body and not flask.request.get_data(cache=True):  # no body at all: nothing to set
            return request
        data = body.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("attributes", {}), dict):
            raise JSONAPIFormatException('The body must be a document whose "data" is a resource object.')
        written = getattr(request, "written_resource", None)
        _check_type(data, written.resource_name if written is not None else None, "The resource object")
        values = dict(data.get("attributes", {}))
        relationships = data.get("relationships", {})
        if not isinstance(relationships, dict):
            raise JSONAPIFormatException('"relationships" must be an object.')
        parents = parent_types(written) if written is not None else {}
        for name, relationship in relationships.items():
            linkage = relationship.get("data") if isinstance(relationship, dict) else None
            if not isinstance(linkage, dict) or "id" not in linkage:
                raise JSONAPIFormatException(
                    f'The relationship "{name}" must have a "data" object with an "id".'
                )
            foreign_key, parent = parents.get(name, (f"{name}_id", None))
            _check_type(linkage, parent, f'The relationship "{name}"')
            values[foreign_key] = Text(linkage["id"]) if isinstance(linkage["id"], str) else linkage["id"]
        request.body_args = values
        return request


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


def _identifier(resource):
    return {"type": resource.resource_name, "id": "/".join(str(resource.item_pks[pk]) for pk in resource.pks)}
