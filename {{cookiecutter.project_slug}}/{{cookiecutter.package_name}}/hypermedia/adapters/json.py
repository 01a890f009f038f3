"""Plain JSON (application/json)."""

import json

from ripozo.adapters import BasicJSONAdapter

from . import AbsoluteURLs, PlainErrors


class JsonAdapter(AbsoluteURLs, PlainErrors, BasicJSONAdapter):
    """The resource's properties under its name, for clients without hypermedia.

    Embedded related resources appear as their properties; linked ones as
    absolute URLs (ripozo wrapped every relationship in a list, to-one too).
    """

    @property
    def formatted_body(self):
        resource = self.resource
        body = dict(resource.properties)
        for related, name, embedded in (*resource.related_resources, *resource.linked_resources):
            body[name] = self._value(related, embedded)
        return json.dumps({resource.resource_name: body})

    def _value(self, related, embedded):
        if isinstance(related, list):
            return [self._value(item, embedded) for item in related]
        if embedded:
            return related.properties
        return self.combine_base_url_with_resource_url(related.url)
