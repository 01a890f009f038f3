"""Plain JSON (application/json)."""

import json

from ripozo.adapters import BasicJSONAdapter

from .. import fieldsets
from ..resources import page_rows
from . import AbsoluteURLs, Includes, PlainErrors


class JsonAdapter(AbsoluteURLs, Includes, PlainErrors, BasicJSONAdapter):
    """The resource's properties under its name, for clients without hypermedia.

    Embedded related resources appear as their properties; linked ones as
    absolute URLs (ripozo wrapped every relationship in a list, to-one too).
    A collection page's rows are its items as they are (``resources.page_rows``).
    A to-one relationship that ``include`` names is its row's fields, in the
    item in place of its URL, and in each row of a page.
    """

    @property
    def formatted_body(self):
        resource = self.resource
        page = page_rows(resource)
        if page is None:
            body = dict(fieldsets.shown(type(resource), resource.properties))
            related = resource.related_resources
        else:
            body = dict(resource.properties)
            body[resource.resource_name] = [self._row(type(resource), row) for row in page[0]]
            related = ()
        for related_resource, name, embedded in (*related, *resource.linked_resources):
            body[name] = self._value(related_resource, embedded)
        if not resource.no_pks:
            body.update(self._embedded_rows(resource.properties))
        return json.dumps({resource.resource_name: body})

    def _row(self, resource_class, row):
        """An answered row: the fields the fieldsets keep, with the rows ``include`` names of it embedded."""
        return {**fieldsets.shown(resource_class, row), **self._embedded_rows(row)}

    def _embedded_rows(self, row):
        """``{relationship name: its row's fields}`` of each row ``include`` names that ``row`` refers to."""
        return {name: fieldsets.shown(relation, target) for name, relation, target in self.embedded(row)}

    def _value(self, related, embedded):
        if isinstance(related, list):
            return [self._value(item, embedded) for item in related]
        if embedded and self.is_answered_row(related):
            return self._row(type(related), related.properties)
        if embedded:
            return fieldsets.shown(type(related), related.properties)
        return self.combine_base_url_with_resource_url(related.url)
