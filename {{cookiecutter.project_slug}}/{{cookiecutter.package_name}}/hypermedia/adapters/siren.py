"""Siren (application/vnd.siren+json)."""

import json
from functools import cache

from ripozo.adapters import SirenAdapter as BaseSirenAdapter

from ..actions import action_templates, fill_route
from ..resources import item_path, page_rows
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
    response to the next is worked out once for each resource class, and
    a collection page's entities are written straight from its rows
    (``resources.page_rows``).
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
        resource, url = self.resource, self.combine_base_url_with_resource_url
        return [
            {**head, "href": url(fill_route(route, resource)), **tail}
            for head, route, tail in _action_parts(type(resource))
        ]

    def generate_entity(self, resource, name, embedded):
        if embedded or not isinstance(resource, list):
            return super().generate_entity(resource, name, embedded)
        url = self.combine_base_url_with_resource_url
        return [  # ripozo's entities of linked resources, written in one go
            {"class": [item.resource_name], "rel": [name], "href": url(item.url)}
            for item in resource
            if item.has_all_pks
        ]

    def get_entities(self):
        page = page_rows(self.resource)
        if page is None:
            return super().get_entities()
        resource_class, name = type(self.resource), self.resource.resource_name
        rows, _ = page
        return [
            {
                "class": [name],
                "rel": [name],
                "properties": row,
                "links": [
                    {
                        "rel": ["self"],
                        "href": self.combine_base_url_with_resource_url(item_path(resource_class, row)),
                    }
                ],
            }
            for row in rows
            if all(pk in row for pk in resource_class.pks)  # ripozo leaves out a row without its keys
        ]


@cache
def _action_parts(resource_class):
    """Each Siren action of a resource class as (its members before ``href``, its route, those after).

    The same in every response but the ``href``, whose route gets the
    resource's primary keys.  The field lists are shared: read, never changed.
    """
    actions = []
    for name, title, method, route, fields in action_templates(resource_class):
        after = {"fields": [] if fields is None else fields}
        if method in ("POST", "PATCH"):
            after["type"] = "application/json"
        actions.append(({"name": name, "title": title, "method": method}, route, after))
    return tuple(actions)
