"""JSON:API: resource objects with attributes and relationships."""

from {{ cookiecutter.package_name }}.api import URL_PREFIX

from ..contract import COLLECTIONS
from .base import BASE_URL, Representation

# Each foreign key, and the to-one relationship a document sets it with: its name and the parent's type.
RELATIONSHIPS = {
    collection.foreign_key: (collection.link, collection.parent.name)
    for collection in COLLECTIONS
    if collection.parent is not None
}


class JsonApi(Representation):
    media_type = "application/vnd.api+json"

    def document(self, fields, resource_name):
        attributes = dict(fields)
        relationships = {}
        for foreign_key, (name, parent_type) in RELATIONSHIPS.items():
            if foreign_key in attributes:
                parent = {"type": parent_type, "id": str(attributes.pop(foreign_key))}
                relationships[name] = {"data": parent}
        data = {"type": resource_name, "attributes": attributes, "relationships": relationships}
        return {"data": data}

    def request(self, method, url, fields=None, resource_name=None, **kwargs):
        if fields is not None:
            kwargs.setdefault("content_type", self.media_type)
        return super().request(method, url, fields, resource_name, **kwargs)

    def properties(self, body):
        return self._fields(body["data"])

    @staticmethod
    def _fields(resource):
        """A resource object's fields: its id, attributes, and the foreign key of each to-one relationship."""
        properties = {"id": int(resource["id"]), **resource["attributes"]}
        for name, relationship in resource["relationships"].items():
            if isinstance(relationship.get("data"), dict):
                properties[f"{name}_id"] = int(relationship["data"]["id"])
        return properties

    def link(self, body, rel):
        rel = {"previous": "prev"}.get(rel, rel)
        if rel in body["links"]:
            return body["links"][rel]
        relationship = body["data"]["relationships"][rel]
        return relationship["links"]["related"] if "links" in relationship else None

    def links(self, body, rel):
        related = body["data"]["relationships"][rel]["data"]
        return [f"{BASE_URL}{URL_PREFIX}/{item['type']}/{item['id']}/" for item in related]

    def items(self, body, resource_name):
        return [self._fields(item) for item in body["data"]]

    def error(self, body):
        return body["errors"][0]["detail"]

    def error_field(self, body):
        pointer = body["errors"][0].get("source", {}).get("pointer")
        return pointer.rpartition("/")[2] if pointer else None
