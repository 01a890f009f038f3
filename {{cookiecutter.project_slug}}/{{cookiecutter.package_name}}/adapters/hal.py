"""HAL (application/hal+json)."""

from ripozo.adapters import HalAdapter as BaseHalAdapter


class HalAdapter(BaseHalAdapter):
    """ripozo's HAL adapter with absolute relationship links.

    ripozo links related resources by their bare path (``/task/1``),
    without the host or the URL prefix; these links are absolute.
    """

    def _generate_relationship(self, relationship, embedded):
        if isinstance(relationship, list) or embedded:
            return super()._generate_relationship(relationship, embedded)
        if not relationship.has_all_pks:
            return None
        return {"href": self.combine_base_url_with_resource_url(relationship.url)}
