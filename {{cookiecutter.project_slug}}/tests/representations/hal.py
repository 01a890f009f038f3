"""HAL: properties at the top, ``_links`` and ``_embedded``."""

from .base import Representation, validator

SCHEMA = validator("hal.schema.json")


class Hal(Representation):
    media_type = "application/hal+json"

    @classmethod
    def check(cls, body):
        """The schema written from the HAL draft's resource and link objects."""
        SCHEMA.validate(body)

    def properties(self, body):
        return {key: value for key, value in body.items() if not key.startswith("_")}

    def link(self, body, rel):
        return body["_links"][rel]["href"]

    def links(self, body, rel):
        return [link["href"] for link in body["_links"].get(rel, [])]

    def page_link(self, body, rel):
        return body["_links"].get(rel, {}).get("href")

    def items(self, body, resource_name):
        return [self.properties(item) for item in body["_embedded"][resource_name]]

    def included(self, body, rel):
        embedded = body.get("_embedded", {})
        found = [embedded[rel]] if isinstance(embedded.get(rel), dict) else []
        found += [
            row["_embedded"][rel]
            for rows in embedded.values()
            if isinstance(rows, list)
            for row in rows
            if rel in row.get("_embedded", {})
        ]
        return [self.properties(row) for row in found]

    def error(self, body):
        return body["message"]

    def error_field(self, body):
        return body.get("field")
