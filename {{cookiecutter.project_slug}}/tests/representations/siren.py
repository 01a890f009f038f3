"""Siren: properties, entities for related resources, links and actions."""

from .base import Representation, validator

SCHEMA = validator("siren.schema.json")


class Siren(Representation):
    media_type = "application/vnd.siren+json"

    @classmethod
    def check(cls, body):
        """The specification's schema, and its unique names, in the entity and every entity it embeds."""
        SCHEMA.validate(body)
        for entity in _entities(body):
            actions = [action["name"] for action in entity.get("actions", [])]
            assert len(set(actions)) == len(actions), f"action names repeat: {actions}"
            for action in entity.get("actions", []):
                fields = [field["name"] for field in action.get("fields", [])]
                assert len(set(fields)) == len(fields), f"{action['name']}'s field names repeat: {fields}"

    def properties(self, body):
        return body["properties"]

    def link(self, body, rel):
        (url,) = self.links(body, rel)
        return url

    def page_link(self, body, rel):
        return next((link["href"] for link in body["links"] if rel in link["rel"]), None)

    def links(self, body, rel):
        urls = [link["href"] for link in body["links"] if rel in link["rel"]]
        urls += [entity["href"] for entity in body["entities"] if rel in entity["rel"] and "href" in entity]
        return urls

    def items(self, body, resource_name):
        return [entity["properties"] for entity in body["entities"] if resource_name in entity["rel"]]

    def included(self, body, rel):
        def embeds(entity):
            return "href" not in entity and rel in entity["rel"]

        rows = [entity for entity in body["entities"] if "href" not in entity and rel not in entity["rel"]]
        found = [entity for entity in body["entities"] if embeds(entity)]
        found += [sub for row in rows for sub in row.get("entities", []) if embeds(sub)]
        return [entity["properties"] for entity in found]

    def error(self, body):
        return body["properties"]["message"]

    def error_field(self, body):
        return body["properties"].get("field")


def _entities(entity):
    """The entity and every entity it embeds whole (sub-entities without an href), at any depth."""
    yield entity
    for sub_entity in entity.get("entities", []):
        if "href" not in sub_entity:
            yield from _entities(sub_entity)
