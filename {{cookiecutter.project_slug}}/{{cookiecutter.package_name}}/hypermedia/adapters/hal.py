"""HAL (application/hal+json)."""

from ripozo.adapters import HalAdapter as BaseHalAdapter

from . import AbsoluteURLs, PlainErrors


class HalAdapter(AbsoluteURLs, PlainErrors, BaseHalAdapter):
    """ripozo's HAL adapter with absolute links and empty collections kept.

    ripozo links related resources by their bare path (``/task/1``),
    without the host or the URL prefix, and leaves the items out of an
    empty collection instead of embedding an empty list.
    """

    def _construct_resource(self, resource):
        representation = super()._construct_resource(resource)
        if resource.no_pks:
            representation["_embedded"].setdefault(resource.resource_name, [])
        return representation

    def _generate_relationship(self, relationship, embedded):
        if isinstance(relationship, list) or embedded:
            return super()._generate_relationship(relationship, embedded)
        if not relationship.has_all_pks:
            return None
        return {"href": self.combine_base_url_with_resource_url(relationship.url)}
