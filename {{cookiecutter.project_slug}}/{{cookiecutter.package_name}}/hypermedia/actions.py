"""What each resource class lets a client do: its actions and their fields, for every adapter that lists them.

Siren sends them as actions; the browsable HTML pages show the same ones as forms.  Each has a
title in words, as a person reads it: "Create a task board", "Add a task", "Delete this task board".
"""

from functools import cache

from ripozo.utilities import titlize_endpoint

from . import labels
from .fields import json_value
from .resources import written_resource

# The title of each of a collection's own actions: {noun} is what one row is called, {plural} the rows.
_TITLES = {
    "create": "Create {a_noun}",
    "retrieve": "Show this {noun}",
    "retrieve_list": "Find {plural}",
    "update": "Edit this {noun}",
    "delete": "Delete this {noun}",
}


@cache
def action_templates(resource_class):
    """(name, title, method, route, fields or None) of each action: the same in every response."""
    templates = []
    for name, routes in resource_class.endpoint_dictionary().items():
        options = routes[0]
        method = options.get("methods", ["GET"])[0]
        fields = None
        if method in ("POST", "PATCH") or (method == "GET" and options.get("no_pks")):
            fields = [
                action_field(field, creates=method == "POST")
                for field in options["endpoint_func"].fields(resource_class.manager)
                if "." not in field.name
            ]
        route = options.get("route", resource_class.base_url)
        templates.append((name, action_title(resource_class, name), method, route, fields))
    return templates


def action_title(resource_class, name):
    """What a person calls the action ``name``: "Find task boards", "Add a task"; another by its name."""
    model = getattr(resource_class, "model", None)
    if model is None:
        return titlize_endpoint(name)
    written = written_resource(resource_class, name)
    if written is not resource_class:  # an add-child endpoint: it creates a row of another resource
        return f"Add {labels.with_article(labels.noun(written.model).lower())}"
    if name not in _TITLES:
        return titlize_endpoint(name)
    noun = labels.noun(model).lower()
    return _TITLES[name].format(
        noun=noun, a_noun=labels.with_article(noun), plural=labels.plural(model).lower()
    )


def action_field(field, creates):
    """An action's field: its HTML input type, whether a create needs it, and the default it takes.

    Only a create shows defaults as ``value``: clients such as pypermedia
    send every value, and an update or a filter must not reset a field.
    Siren has no member for the values a field allows: an enum's are listed
    under ``options``, as an HTML select lists its options.
    """
    described = {"name": field.name, "type": field.input_type, "required": field.required and creates}
    if creates and field.default is not None:
        described["value"] = json_value(field.default)
    if field.options is not None:
        described["options"] = list(field.options)
    return described


def fill_route(route, resource):
    """``route`` with the resource's known primary keys filled in, and ``{pk}`` for those still unknown."""
    item_pks = resource.item_pks
    for pk in resource.pks:
        route = route.replace(f"<{pk}>", str(item_pks.get(pk, "{" + pk + "}")))
    return route
