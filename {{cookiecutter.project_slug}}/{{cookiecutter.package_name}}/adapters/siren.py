"""Siren (application/vnd.siren+json)."""

from ripozo.adapters import SirenAdapter as BaseSirenAdapter
from ripozo.utilities import titlize_endpoint

# Siren action fields take HTML input types.
_INPUT_TYPES = {str: "text", int: "number", bool: "checkbox"}


class SirenAdapter(BaseSirenAdapter):
    """ripozo's Siren adapter with safe action URLs and meaningful fields.

    ripozo fills action routes with every property through ``re.sub``, so a
    backslash in any stored string breaks the response.  Here only primary
    keys fill a route, and those still unknown (actions listed on a
    collection) become URI template variables, ``{id}``, which Siren
    clients such as pypermedia fill in.  Fields are listed where a client
    sends them: the body of a POST or PATCH (only a POST requires any) and
    the filters of a collection's GET.
    """

    @property
    def _actions(self):
        actions = []
        resource = self.resource
        for name, routes in resource.endpoint_dictionary().items():
            options = routes[0]
            route = options.get("route", resource.base_url)
            for pk in resource.pks:
                route = route.replace(f"<{pk}>", str(resource.item_pks.get(pk, "{" + pk + "}")))
            method = options.get("methods", ["GET"])[0]
            action = {
                "name": name,
                "title": titlize_endpoint(name),
                "method": method,
                "href": self.combine_base_url_with_resource_url(route),
                "fields": [],
            }
            if method in ("POST", "PATCH"):
                action["type"] = "application/json"
            if method in ("POST", "PATCH") or (method == "GET" and options.get("no_pks")):
                action["fields"] = [
                    {
                        "name": field.name,
                        "type": _INPUT_TYPES.get(field.field_type, "text"),
                        "required": field.required and method == "POST",
                    }
                    for field in options["endpoint_func"].fields(resource.manager)
                    if "." not in field.name
                ]
            actions.append(action)
        return actions
