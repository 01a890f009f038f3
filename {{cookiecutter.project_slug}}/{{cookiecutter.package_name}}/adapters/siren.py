"""Siren (application/vnd.siren+json)."""

from ripozo.adapters import SirenAdapter as BaseSirenAdapter
from ripozo.utilities import titlize_endpoint

_PARAMETER = "<{0}>"


class SirenAdapter(BaseSirenAdapter):
    """ripozo's Siren adapter with safe action URLs.

    ripozo fills action routes with every property through ``re.sub``, so a
    backslash in any stored string breaks the response.  Here only primary
    keys fill a route, and those still unknown (actions listed on a
    collection) become URI template variables, ``{id}``, which Siren
    clients such as pypermedia fill in.
    """

    @property
    def _actions(self):
        actions = []
        resource = self.resource
        for name, routes in resource.endpoint_dictionary().items():
            options = routes[0]
            route = options.get("route", resource.base_url)
            for pk in resource.pks:
                value = resource.item_pks.get(pk, "{" + pk + "}")
                route = route.replace(_PARAMETER.format(pk), str(value))
            actions.append(
                {
                    "name": name,
                    "title": titlize_endpoint(name),
                    "method": options.get("methods", ["GET"])[0],
                    "href": self.combine_base_url_with_resource_url(route),
                    "fields": self.generate_fields_for_endpoint_funct(options.get("endpoint_func")),
                }
            )
        return actions
