"""Hypermedia adapters: ripozo's, with their defects fixed, one module for each media type."""

# Not ``import json``: the package's own ``json`` module is the plain JSON adapter.
from json import dumps

from ..errors import error_field
from ..resources import included_to_ones


class AbsoluteURLs:
    """Joins the API's base URL and a resource's URL as ripozo's ``join_url_parts`` does, only faster.

    An adapter joins them for every link and embedded item it writes.
    """

    def __init__(self, resource, base_url=""):
        super().__init__(resource, base_url=base_url)
        self._base = str(base_url).rstrip("/") + "/"

    def combine_base_url_with_resource_url(self, resource_url):
        return self._base + str(resource_url).lstrip("/")


class Includes:
    """Embeds the to-one relationships a request's ``include`` names beside the rows that refer to them.

    For the adapters that embed (Siren, HAL, plain JSON): the rows are read
    once for the answer's item or page (resources.included_to_ones), and
    ``embedded`` says which of them one of its rows refers to; each adapter
    writes them its own way.
    """

    _included = None

    def embedded(self, row):
        """(relationship name, its resource class, the row) of each included row that ``row`` refers to.

        ``row`` is the properties of the answer's item or of a row of its page.
        """
        if self._included is None:
            resource = self.resource
            taken = resource._taken or {}
            rows = (taken.get(resource.resource_name) or []) if resource.no_pks else [resource.properties]
            self._included = included_to_ones(type(resource), rows)
        for name, (relation, foreign_key, targets) in self._included.items():
            target = targets.get(row.get(foreign_key))
            if target is not None:
                yield name, relation, target

    def is_answered_row(self, resource):
        """Whether ``resource`` is the answer's item or a row of its page, not a row either embeds."""
        answer = self.resource
        a_row = answer.no_pks and not resource.no_pks and type(resource) is type(answer)
        return a_row or (resource is answer and not answer.no_pks)


def error_properties(error):
    """``status`` and ``message`` of an error, and ``field`` when it is about one field."""
    properties = {"status": getattr(error, "status_code", 500), "message": str(error)}
    field = error_field(error)
    if field is not None:
        properties["field"] = field
    return properties


class PlainErrors:
    """Errors as a JSON object of their ``error_properties``."""

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        return dumps(properties), cls.extra_headers["Content-Type"], properties["status"]

    @classmethod
    def format_request(cls, request):
        return request
