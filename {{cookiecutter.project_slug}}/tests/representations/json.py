"""Plain JSON: the resource's fields under its name, related resources as URLs."""

from .base import Representation


class Json(Representation):
    media_type = "application/json"

    def properties(self, body):
        """Its fields: not the related rows it embeds, but a many-to-many's list of ids (``label_ids``)."""
        (resource,) = body.values()
        return {
            key: value
            for key, value in resource.items()
            if not isinstance(value, dict) and (not isinstance(value, list) or key.endswith("_ids"))
        }

    def link(self, body, rel):
        (resource,) = body.values()
        return resource[rel]

    def page_link(self, body, rel):
        (resource,) = body.values()
        return resource.get(rel)

    def links(self, body, rel):
        (resource,) = body.values()
        return resource.get(rel, [])

    def items(self, body, resource_name):
        (resource,) = body.values()
        return resource[resource_name]

    def error(self, body):
        return body["message"]

    def error_field(self, body):
        return body.get("field")
