"""Siren: properties, entities for related resources, links and actions."""

from .base import Representation


class Siren(Representation):
    media_type = "application/vnd.siren+json"

    def properties(self, body):
        return body["properties"]

    def link(self, body, rel):
        (url,) = self.links(body, rel)
        return url

    def links(self, body, rel):
        urls = [link["href"] for link in body["links"] if rel in link["rel"]]
        urls += [entity["href"] for entity in body["entities"] if rel in entity["rel"] and "href" in entity]
        return urls

    def items(self, body, resource_name):
        return [entity["properties"] for entity in body["entities"] if resource_name in entity["rel"]]

    def error(self, body):
        return body["properties"]["message"]

    def error_field(self, body):
        return body["properties"].get("field")
