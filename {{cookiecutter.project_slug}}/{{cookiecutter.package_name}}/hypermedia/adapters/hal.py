"""HAL (application/hal+json)."""

import json

from flask import request
from ripozo.adapters import HalAdapter as BaseHalAdapter

from .. import fieldsets
from ..resources import item_path, page_rows
from . import AbsoluteURLs, Includes, PlainErrors, error_properties


class HalAdapter(AbsoluteURLs, Includes, PlainErrors, BaseHalAdapter):
    """ripozo's HAL adapter with absolute links and empty collections kept.

    ripozo links related resources by their bare path (``/task/1``),
    without the host or the URL prefix, and leaves the items out of an
    empty collection instead of embedding an empty list.  A collection
    page's rows are written straight from the page (``resources.page_rows``).
    Every document has a ``self`` link, as HAL says a resource should: the
    answer to a DELETE's is the URL of the row it deleted, with a link to
    the collection the row was in; an error's, the URL it answers for.
    A row's to-one relationship that ``include`` names is embedded under its
    name too (its properties and a ``self`` link), in the item's
    ``_embedded`` or each row's, beside the link.
    """

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        body = {"_links": {"self": {"href": request.url}}, **properties}
        return json.dumps(body), cls.extra_headers["Content-Type"], properties["status"]

    def _construct_resource(self, resource):
        if resource.deleted:
            collection = self.combine_base_url_with_resource_url(resource.base_url_sans_pks)
            return {"_links": {"self": {"href": request.base_url}, "collection": {"href": collection}}}
        page = page_rows(resource)
        representation = (
            super()._construct_resource(resource) if page is None else self._page(resource, *page)
        )
        if resource.no_pks:
            representation["_embedded"].setdefault(resource.resource_name, [])
            return representation
        if self.is_answered_row(resource):
            representation.setdefault("_embedded", {}).update(self._embedded_rows(resource.properties))
        if fieldsets.chosen(type(resource)) is not None:  # ripozo's, the properties the fieldsets keep
            kept = fieldsets.shown(type(resource), resource.properties)
            for name in resource.properties.keys() - kept.keys():
                representation.pop(name, None)
        return representation

    def _page(self, resource, rows, row_links):
        """ripozo's ``_construct_resource`` of a collection page, each row written from its dict."""
        resource_class, url = type(resource), self.combine_base_url_with_resource_url
        items = []
        for row in rows:
            if all(pk in row for pk in resource_class.pks):  # ripozo leaves out a row without its keys
                links = {name: {"href": url(path)} for name, _, path, _ in row_links.of(row)}
                links["self"] = {"href": url(item_path(resource_class, row))}
                embedded = self._embedded_rows(row)
                items.append({"_links": links, "_embedded": embedded, **fieldsets.shown(resource_class, row)})
        embedded = {resource.resource_name: items} if items else {}
        linked_embedded, links = self.generate_relationship(resource.linked_resources)
        embedded.update(linked_embedded)
        links["self"] = {"href": url(resource.url)}
        return {"_links": links, "_embedded": embedded, **resource.properties}

    def _embedded_rows(self, row):
        """``{relationship name: resource object}`` of each row ``include`` names that ``row`` refers to."""
        url = self.combine_base_url_with_resource_url
        return {
            name: {
                "_links": {"self": {"href": url(item_path(relation, target))}},
                **fieldsets.shown(relation, target),
            }
            for name, relation, target in self.embedded(row)
        }

    def _generate_relationship(self, relationship, embedded):
        if isinstance(relationship, list) or embedded:
            return super()._generate_relationship(relationship, embedded)
        if not relationship.has_all_pks:
            return None
        return {"href": self.combine_base_url_with_resource_url(relationship.url)}
