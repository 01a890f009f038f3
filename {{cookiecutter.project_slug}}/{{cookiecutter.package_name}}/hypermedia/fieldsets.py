"""Sparse fieldsets: ``fields=title,due_on`` keeps those fields of the rows an answer holds.

A GET of an item or a list takes, in every representation, JSON:API's
spelling ``fields[type]=a,b`` for the rows of the resource type ``type``
(its ``resource_name``: ``fields[task]=title``) wherever the answer holds
them (the item, a list's rows, what it embeds or includes), and a plain
``fields=a,b`` for the type the URL answers with; a JSON:API request
names the type, as the specification asks.  The names are the fields the
representation shows (``names``; JSON:API's adapter adds its relationships,
``fieldset_names``), separated by commas; an empty value keeps none.  A
row keeps its id and its links whatever the fieldset: a fieldset trims
what a row says, never how a client finds it or where it leads.  A list's
next and previous links keep the fieldsets.

A fieldset anywhere but a GET, of a type the API does not serve, or with a
name the type does not show, is a 400 naming the parameter.  A resource
with a field named ``fields`` (declared before the name was reserved)
keeps ``fields=`` as that field's filter, and takes ``fields[type]``.

Nothing to override: ``dispatcher/bodies.py`` reads the query with
``read``, each adapter writes a row's properties through ``shown``.
"""

import re

from flask import g, has_request_context
from ripozo.resources.resource_base import ResourceMetaClass

from .errors import FieldError

FIELDS = "fields"
_TYPED = re.compile(r"fields\[(?P<type>[^\[\]]*)\]")


def names(resource_class):
    """The fields a representation shows of a ``resource_class`` row: its manager's own fields.

    Not ``tasks.title``: the fields of the rows a manager reads with its own
    (an item's first page of children) are those rows' type's to trim.
    """
    return tuple(name for name in resource_class.manager.fields if "." not in name)


def jsonapi_names(resource_class):
    """The fields a JSON:API resource object shows: its attributes (no key), and its relationships."""
    relationships = resource_class._relationships or ()
    keys = {key for to_one in relationships if not to_one.no_pks for key in to_one.property_map}
    keys.update(resource_class.pks)
    attributes = [name for name in names(resource_class) if name not in keys]
    return (*attributes, *(relationship.name for relationship in relationships))


def is_fieldset(parameter):
    """Whether a query parameter is a fieldset's (``fields[task]``), not a filter or a page's."""
    return type_of(parameter) is not None


def type_of(parameter):
    """The type a fieldset's query parameter names, ``task`` of ``fields[task]``; None for another."""
    match = _TYPED.fullmatch(parameter)
    return None if match is None else match["type"]


def read(args, answering, method, shown_names=names):
    """Remember the fieldsets ``args`` asks for, per type, for ``shown``; the parameters that were fieldsets.

    ``answering`` is the resource class the URL answers with, ``shown_names``
    the function that names the fields the answering representation shows.
    A plain ``fields`` on a resource with a field so named is its filter.
    """
    plain = FIELDS in args and FIELDS not in getattr(getattr(answering, "manager", None), "fields", ())
    asked = [(parameter, type_name) for parameter in args if (type_name := type_of(parameter)) is not None]
    if plain:
        asked.append((FIELDS, getattr(answering, "resource_name", None)))
    chosen, spelled = {}, {}
    for parameter, type_name in asked:
        if method not in ("GET", "HEAD"):
            raise FieldError(parameter, f'Only a read is trimmed to some fields: "{parameter}" takes a GET.')
        resource_class = served_types().get(type_name)
        if type_name is None:
            raise FieldError(
                parameter, f'This URL answers with no rows to trim: "{parameter}" takes a GET of rows.'
            )
        if resource_class is None:
            served = ", ".join(served_types())
            raise FieldError(
                parameter, f'"{type_name}" is no resource type of this API; fields takes one of: {served}.'
            )
        offered = shown_names(resource_class)
        value = str(args[parameter]).strip()
        fields = [name.strip() for name in value.split(",")] if value else []
        for name in fields:
            if name not in offered:
                raise FieldError(
                    parameter,
                    f'"{name}" is not a field of {type_name}; {parameter} takes: {", ".join(offered)}.',
                )
        chosen[type_name] = frozenset(fields)
        spelled[f"{FIELDS}[{type_name}]"] = ",".join(fields)
    g.fieldsets, g.fieldset_query = chosen, spelled
    return {parameter for parameter, _ in asked}


def query():
    """The fieldsets this request asked for, as a list's links repeat them: each named ``fields[type]``."""
    return g.get("fieldset_query", {}) if has_request_context() else {}


def parameters():
    """Every parameter a fieldset may take: ``fields[type]`` for each resource type, as links spell them."""
    return tuple(f"{FIELDS}[{type_name}]" for type_name in served_types())


def chosen(resource_class):
    """The fields this request keeps of a ``resource_class`` row, or None for all of them."""
    if not has_request_context():
        return None
    return g.get("fieldsets", {}).get(resource_class.resource_name)


def shown(resource_class, properties):
    """``properties`` of a ``resource_class`` row with the fields this request keeps, and its keys."""
    kept = chosen(resource_class)
    if kept is None:
        return properties
    return {name: value for name, value in properties.items() if name in kept or name in resource_class.pks}


def served_types():
    """``{resource_name: resource class}`` of every resource with rows (a manager), as registered by now."""
    return {
        resource_class.resource_name: resource_class
        for resource_class in ResourceMetaClass.registered_names_map.values()
        if getattr(resource_class, "manager", None) is not None and resource_class.pks
    }
