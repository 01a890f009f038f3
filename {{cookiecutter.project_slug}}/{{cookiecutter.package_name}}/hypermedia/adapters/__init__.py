"""Hypermedia adapters: ripozo's, with their defects fixed, one module for each media type."""

# Not ``import json``: the package's own ``json`` module is the plain JSON adapter.
from json import dumps

from ..errors import error_field


class AbsoluteURLs:
    """Joins the API's base URL and a resource's URL as ripozo's ``join_url_parts`` does, only faster.

    An adapter joins them for every link and embedded item it writes.
    """

    def __init__(self, resource, base_url=""):
        super().__init__(resource, base_url=base_url)
        self._base = str(base_url).rstrip("/") + "/"

    def combine_base_url_with_resource_url(self, resource_url):
        return self._base + str(resource_url).lstrip("/")


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
