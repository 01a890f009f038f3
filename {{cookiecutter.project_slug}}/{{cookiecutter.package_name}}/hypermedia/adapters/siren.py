"""Siren (application/vnd.siren+json)."""

import json
from functools import cache

from flask import request
from ripozo.adapters import SirenAdapter as BaseSirenAdapter

from .. import fieldsets
from ..actions import action_templates, fill_route
from ..resources import item_path, page_rows
from . import AbsoluteURLs, Includes, error_properties


class SirenAdapter(AbsoluteURLs, Includes, BaseSirenAdapter):
    """ripozo's Siren adapter with concrete action URLs and meaningful fields.

    ripozo fills action routes with every property through ``re.sub``, so a
    backslash in any stored string breaks the response, and lists an item's
    actions on a collection with URI templates (``.../{id}/``), where
    Siren's ``href`` is a URI.  Here an action sits on the entity it acts
    on, its ``href`` that entity's URL: a collection page carries the
    collection's actions (create, list), and each of its rows, a
    sub-entity, its own (read, update, delete, add a child).  Fields are
    listed where a client sends them: the body of a POST or PATCH (only a
    POST requires any) and the filters of a collection's GET.  What does
    not change from one response to the next is worked out once for each
    resource class, and a collection page's entities are written straight
    from its rows (``resources.page_rows``).
    The answer to a DELETE is an entity of the resource's class, linking
    to the row it deleted (``self``, now a 404) and to its list (``collection``).
    Errors are entities of class ``exception`` whose properties are the
    status, the message and, for an error about one field, the field.
    A row's to-one relationship that ``include`` names is an embedded
    representation (properties and a ``self`` link) in place of the
    embedded link: an item's sub-entity, or a sub-entity of each row's.
    """

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        body = {"class": ["exception"], "properties": properties, "actions": [], "entities": [], "links": []}
        return json.dumps(body), cls.formats[0], properties["status"]

    @property
    def formatted_body(self):
        resource = self.resource
        if resource.deleted:
            collection = self.combine_base_url_with_resource_url(resource.base_url_sans_pks)
            links = [{"rel": ["self"], "href": request.base_url}, {"rel": ["collection"], "href": collection}]
            body = {"properties": {}, "actions": [], "links": links, "entities": []}
            return json.dumps({**body, "class": [resource.resource_name]})
        if self.status_code == 204:
            return ""
        page = page_rows(resource)
        if page is None:  # ripozo's body, the properties the fieldsets keep, what include names embedded
            embedded = {} if resource.no_pks else self._embedded_entities(resource.properties)
            entities = [
                embedded.get(entity["rel"][0], entity) if "href" in entity else entity
                for entity in self.get_entities()
            ]
            body = {
                "properties": fieldsets.shown(type(resource), resource.properties),
                "actions": self._actions,
                "links": self.generate_links(),
                "entities": entities,
                "class": [resource.resource_name],
            }
            return json.dumps(body)
        # ripozo's body, its entities written from the page's rows as text (the same bytes, sooner).
        body = {
            "properties": resource.properties,
            "actions": self._actions,
            "links": self.generate_links(),
            "entities": _ENTITIES,
            "class": [resource.resource_name],
        }
        return json.dumps(body).replace(json.dumps(_ENTITIES), self._page_entities(*page), 1)

    @property
    def _actions(self):
        resource, url = self.resource, self.combine_base_url_with_resource_url
        return [
            {**head, "href": url(fill_route(route, resource)), **tail}
            for head, route, tail, of_an_item in _action_parts(type(resource))
            if not (of_an_item and resource.no_pks)  # a collection's rows carry their own
        ]

    def generate_entity(self, resource, name, embedded):
        if embedded and name == self.resource.resource_name and self.resource.no_pks:
            if isinstance(resource, list):  # ripozo's comes back here for each row: once is enough
                for row in resource:
                    yield from self.generate_entity(row, name, embedded)
                return
            resource_class = type(self.resource)
            for entity in super().generate_entity(resource, name, embedded):
                properties = entity["properties"]
                included = list(self._embedded_entities(properties).values())
                yield {
                    **entity,
                    "properties": fieldsets.shown(resource_class, properties),
                    "actions": self._row_actions(resource_class, properties),
                    **({"entities": included} if included else {}),
                }
            return
        yield from self._entities(resource, name, embedded)

    def _entities(self, resource, name, embedded):
        if embedded or not isinstance(resource, list):
            for entity in super().generate_entity(resource, name, embedded):
                if "properties" in entity:
                    entity["properties"] = fieldsets.shown(_class_of(resource), entity["properties"])
                yield entity
            return
        url = self.combine_base_url_with_resource_url
        yield from (  # ripozo's entities of linked resources, written in one go
            {"class": [item.resource_name], "rel": [name], "href": url(item.url)}
            for item in resource
            if item.has_all_pks
        )

    def _embedded_entities(self, row):
        """``{relationship name: embedded representation}`` of each included row ``row`` refers to."""
        url = self.combine_base_url_with_resource_url
        return {
            name: {
                "class": [relation.resource_name],
                "rel": [name],
                "properties": fieldsets.shown(relation, target),
                "links": [{"rel": ["self"], "href": url(item_path(relation, target))}],
            }
            for name, relation, target in self.embedded(row)
        }

    def _row_actions(self, resource_class, row):
        """The actions of a row of a collection page: an item's, on the item's URL."""
        path = item_path(resource_class, row)
        url = self.combine_base_url_with_resource_url
        return [
            {**head, "href": url(path + extension), **tail}
            for head, extension, tail in _row_action_parts(resource_class)
        ]

    def _page_entities(self, rows, _):
        """The JSON text of a collection page's entities, as json.dumps writes those ripozo makes."""
        resource_class, name = type(self.resource), self.resource.resource_name
        url = self.combine_base_url_with_resource_url
        pieces, extensions = _row_action_text(resource_class)
        entities = []
        for row in rows:
            if not all(pk in row for pk in resource_class.pks):  # ripozo leaves out a row without its keys
                continue
            item = url(item_path(resource_class, row))
            entity = {
                "class": [name],
                "rel": [name],
                "properties": fieldsets.shown(resource_class, row),
                "links": [{"rel": ["self"], "href": item}],
            }
            included = list(self._embedded_entities(row).values())
            if included:
                entity["entities"] = included
            hrefs = [json.dumps(item + extension) for extension in extensions]
            actions = "".join(piece + href for piece, href in zip(pieces, hrefs, strict=False)) + pieces[-1]
            entities.append(f'{json.dumps(entity)[:-1]}, "actions": {actions}}}')
        return f"[{', '.join(entities)}]"


def _class_of(related):
    """The resource class of a related resource, or of the resources of a related list."""
    return type(related[0]) if isinstance(related, list) and related else type(related)


@cache
def _action_parts(resource_class):
    """Each Siren action of a class: (its members before ``href``, its route, those after, of an item?).

    The same in every response but the ``href``, whose route gets the
    resource's primary keys; an item's action is one whose route takes them.
    The field lists are shared: read, never changed.
    """
    actions = []
    for name, title, method, route, fields in action_templates(resource_class):
        after = {"fields": [] if fields is None else fields}
        if method in ("POST", "PATCH"):
            after["type"] = "application/json"
        of_an_item = any(f"<{pk}>" in route for pk in resource_class.pks)
        actions.append(({"name": name, "title": title, "method": method}, route, after, of_an_item))
    return tuple(actions)


# Where a collection page's entities go in its text (SirenAdapter.formatted_body).
_ENTITIES = "\0entities\0"


@cache
def _row_action_text(resource_class):
    """A row's actions as JSON text around their hrefs: (the texts between, the routes after the item's)."""
    extensions = [extension for _, extension, _ in _row_action_parts(resource_class)]
    marker = "\0href\0"
    text = json.dumps(
        [{**head, "href": marker, **tail} for head, _, tail in _row_action_parts(resource_class)]
    )
    return text.split(json.dumps(marker)), extensions


@cache
def _row_action_parts(resource_class):
    """An item's actions as (members before ``href``, the route's text after the item's path, those after)."""
    item_route = resource_class.base_url
    return tuple(
        (head, route[len(item_route) :], after)
        for head, route, after, of_an_item in _action_parts(resource_class)
        if of_an_item and route.startswith(item_route)
    )
