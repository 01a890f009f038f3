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

    def included(self, body, rel):
        (resource,) = body.values()
        found = [resource[rel]] if isinstance(resource.get(rel), dict) else []
        rows = [row for value in resource.values() if isinstance(value, list) for row in value]
        return found + [row[rel] for row in rows if isinstance(row, dict) and isinstance(row.get(rel), dict)]

    def error(self, body):
        return body["message"]

    def error_field(self, body):
        return body.get("field")
