"""Plain JSON (application/json)."""

import json

from ripozo.adapters import BasicJSONAdapter

from .. import fieldsets
from ..resources import page_rows
from . import AbsoluteURLs, PlainErrors


class JsonAdapter(AbsoluteURLs, PlainErrors, BasicJSONAdapter):
    """The resource's properties under its name, for clients without hypermedia.

    Embedded related resources appear as their properties; linked ones as
    absolute URLs (ripozo wrapped every relationship in a list, to-one too).
    A collection page's rows are its items as they are (``resources.page_rows``).
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
            body[resource.resource_name] = [fieldsets.shown(type(resource), row) for row in page[0]]
            related = ()
        for related_resource, name, embedded in (*related, *resource.linked_resources):
            body[name] = self._value(related_resource, embedded)
        return json.dumps({resource.resource_name: body})

    def _value(self, related, embedded):
        if isinstance(related, list):
            return [self._value(item, embedded) for item in related]
        if embedded:
            return fieldsets.shown(type(related), related.properties)
        return self.combine_base_url_with_resource_url(related.url)
