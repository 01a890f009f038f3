"""Siren (application/vnd.siren+json)."""

import json
from functools import cache

from ripozo.adapters import SirenAdapter as BaseSirenAdapter
from ripozo.utilities import titlize_endpoint

from ..fields import json_value
from . import AbsoluteURLs, error_properties


class SirenAdapter(AbsoluteURLs, BaseSirenAdapter):
    """ripozo's Siren adapter with safe action URLs and meaningful fields.

    ripozo fills action routes with every property through ``re.sub``, so a
    backslash in any stored string breaks the response.  Here only primary
    keys fill a route, and those still unknown (actions listed on a
    collection) become URI template variables, ``{id}``, which Siren
    clients such as pypermedia fill in.  Fields are listed where a client
    sends them: the body of a POST or PATCH (only a POST requires any) and
    the filters of a collection's GET.  What does not change from one
    response to the next is worked out once for each resource class.
    Errors are entities of class ``exception`` whose properties are the
    status, the message and, for an error about one field, the field.
    """

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        body = {"class": ["exception"], "properties": properties, "actions": [], "entities": [], "links": []}
        return json.dumps(body), cls.formats[0], properties["status"]

    @property
    def _actions(self):
        actions = []
        resource = self.resource
        item_pks = resource.item_pks
        for name, title, method, route, fields in _action_templates(type(resource)):
            for pk in resource.pks:
                route = route.replace(f"<{pk}>", str(item_pks.get(pk, "{" + pk + "}")))
            action = {
                "name": name,
                "title": title,
                "method": method,
                "href": self.combine_base_url_with_resource_url(route),
                "fields": [],
            }
            if method in ("POST", "PATCH"):
                action["type"] = "application/json"
            if fields is not None:
                action["fields"] = [dict(field) for field in fields]
            actions.append(action)
        return actions


@cache
def _action_templates(resource_class):
    """(name, title, method, route, fields or None) of each action: the same in every response."""
    templates = []
    for name, routes in resource_class.endpoint_dictionary().items():
        options = routes[0]
        method = options.get("methods", ["GET"])[0]
        fields = None
        if method in ("POST", "PATCH") or (method == "GET" and options.get("no_pks")):
            fields = [
                _siren_field(field, creates=method == "POST")
                for field in options["endpoint_func"].fields(resource_class.manager)
                if "." not in field.name
            ]
        route = options.get("route", resource_class.base_url)
        templates.append((name, titlize_endpoint(name), method, route, fields))
    return templates


def _siren_field(field, creates):
    """A Siren action field: its HTML input type, whether a create needs it, and the default it takes.

    Only a create shows defaults as ``value``: clients such as pypermedia
    send every value, and an update or a filter must not reset a field.
    Siren has no member for the values a field allows: an enum's are listed
    under ``options``, as an HTML select lists its options.
    """
    siren_field = {"name": field.name, "type": field.input_type, "required": field.required and creates}
    if creates and field.default is not None:
        siren_field["value"] = json_value(field.default)
    if field.options is not None:
        siren_field["options"] = list(field.options)
    return siren_field
