"""Browsable HTML pages (text/html), for people reading the API in a browser.

Each page shows a resource's properties, its links as anchors, its embedded
resources as a table and its actions as forms built from the same
metadata as the Siren actions (``hypermedia.actions``).  The forms submit
JSON through ``browsable/static/browsable.js``; no page holds inline script
or style, and the Content-Security-Policy forbids both.  The dispatcher
serves this adapter only to clients that prefer text/html to every JSON
media type, and its static files under ``{url_prefix}/_static/``.
"""

from functools import cache
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from flask import current_app, request
from jinja2 import Environment, FileSystemLoader
from ripozo.adapters import AdapterBase
from werkzeug.http import HTTP_STATUS_CODES

from .. import labels
from ..actions import action_templates, fill_route
from ..fields import DecimalField, json_value
from . import AbsoluteURLs, error_properties

_FOLDER = Path(__file__).resolve().parent.parent / "browsable"
# Autoescaping everything: a stored "<script>" shows as text.
_TEMPLATES = Environment(
    loader=FileSystemLoader(_FOLDER / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)
_PAGE_LINKS = ("next", "previous")


class HtmlAdapter(AbsoluteURLs, AdapterBase):
    """Every resource and error as an HTML page; see the module's docstring."""

    formats: ClassVar[list] = ["text/html", "html"]
    extra_headers: ClassVar[dict] = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept, Authorization",
    }
    static_folder = str(_FOLDER / "static")
    static_max_age = 3600

    @property
    def formatted_body(self):
        if self.status_code == 204:
            return ""
        resource = self.resource
        actions, item_actions = self._actions(resource)
        kinds = _field_kinds(type(resource))
        links, pages = [], {}
        for link, name, _ in resource.linked_resources:
            url = self.combine_base_url_with_resource_url(link.url)
            if name in _PAGE_LINKS:
                pages[name] = url
            else:
                links.append((name, url))
        tables = []
        for related, name, _ in resource.related_resources:
            if isinstance(related, list):
                tables.append(self._table(name, related))
            elif related.has_all_pks:
                links.append((name, self.combine_base_url_with_resource_url(related.url)))
        properties = [
            (name, _kind(kinds.get(name), value), _shown(value))
            for name, value in resource.properties.items()
            if not isinstance(value, list | dict)
        ]
        # Named after the resource's own URL: a create's page shows what it made.
        path = urlsplit(self.combine_base_url_with_resource_url(resource.url)).path
        return _render(
            "resource.html",
            path,
            resource,
            title=_title(resource),
            properties=properties,
            links=links,
            pages=[(name, pages[name]) for name in _PAGE_LINKS if name in pages],
            tables=tables,
            actions=actions,
            item_actions=item_actions,
        )

    def _actions(self, resource):
        """The forms of this page, and the names of the actions offered at each item instead."""
        forms, at_items = [], []
        properties = resource.properties
        for name, title, method, route, fields in action_templates(type(resource)):
            route = fill_route(route, resource)
            if "{" in route:
                at_items.append(name)
                continue
            if method == "GET" and fields is None:
                continue
            inputs = []
            decimals = _decimal_fields(type(resource))
            for field in fields or ():
                described = dict(field)
                if field["name"] in decimals:  # sent as a string, as the API takes decimals
                    described["format"] = "decimal"
                if method == "PATCH" and field["name"] in properties:  # an update starts from what is stored
                    described["value"] = _shown(properties[field["name"]])
                inputs.append(described)
            forms.append(
                {
                    "name": name,
                    "title": title,
                    "method": method,
                    "href": self.combine_base_url_with_resource_url(route),
                    "fields": inputs,
                }
            )
        return forms, at_items

    def _table(self, name, resources):
        """Embedded resources as rows: their plain properties, a link to each, and its item actions."""
        columns, rows = [], []
        kinds = _field_kinds(type(resources[0])) if resources else {}
        for related in resources:
            for column in related.properties:
                if column not in columns and not isinstance(related.properties[column], list | dict):
                    columns.append(column)
        for related in resources:
            if not related.has_all_pks:
                continue
            actions = []
            for action, title, method, route, fields in action_templates(type(related)):
                if method == "GET" or not any(f"<{pk}>" in route for pk in related.pks):
                    continue
                actions.append(
                    {
                        "name": action,
                        "title": title,
                        "method": method,
                        "href": self.combine_base_url_with_resource_url(fill_route(route, related)),
                        "fields": fields,
                    }
                )
            rows.append(
                {
                    "href": self.combine_base_url_with_resource_url(related.url),
                    "label": labels.label(related),
                    "cells": [_cell(kinds.get(column), related.properties.get(column)) for column in columns],
                    "actions": actions,
                }
            )
        return {"name": name, "columns": columns, "rows": rows}

    @classmethod
    def format_exception(cls, exc):
        properties = error_properties(exc)
        status = properties["status"]
        body = _render(
            "error.html",
            request.script_root + request.path,
            None,
            title=f"{status} {HTTP_STATUS_CODES.get(status, 'Error')}",
            status=status,
            message=properties["message"],
            field=properties.get("field"),
        )
        return body, cls.formats[0], status

    @classmethod
    def format_request(cls, request):
        return request


def _render(template, path, resource, **context):
    """A page at ``path`` (of ``resource``, if any): breadcrumbs, static files, media types and sign-in."""
    api = current_app.extensions["api"]
    prefix = _prefix()
    return _TEMPLATES.get_template(template).render(
        prefix=prefix,
        breadcrumbs=_breadcrumbs(prefix, path, resource),
        media_types=[adapter.extra_headers["Content-Type"] for adapter in api.adapters],
        token_url=prefix + api.token_route if api.token_route else None,
        **context,
    )


def _prefix():
    """The API's URL prefix under the application's root."""
    return request.script_root + current_app.extensions["api"].url_prefix


def _title(resource):
    """A page's heading: the row's label, the collection's name, or Index."""
    if resource.manager is None:
        return "Index"
    return labels.plural(resource.manager.model) if resource.no_pks else labels.label(resource)


def _breadcrumbs(prefix, path, resource):
    """(label, URL) from the index down to ``path``: a collection by its name, a row by its label."""
    crumbs = [("Index", prefix + "/")]
    url, collection = prefix + "/", None
    segments = [segment for segment in path[len(prefix) :].strip("/").split("/") if segment]
    for number, segment in enumerate(segments):
        url += segment + "/"
        if number == 0:
            collection = _collections().get(segment)
            label = labels.plural(collection.model) if collection else segment
        elif collection is None:
            label = segment
        elif number == len(segments) - 1 and resource is not None and not resource.no_pks:
            label = labels.label(resource)
        else:
            label = f"{labels.noun(collection.model)} {segment}"
        crumbs.append((label, url))
    return crumbs


def _collections():
    """The API's collections, by URL segment."""
    return {
        collection.resource_name: collection for collection in current_app.extensions["api"].index.collections
    }


@cache
def _decimal_fields(resource_class):
    """The names of a resource's decimal fields."""
    manager = getattr(resource_class, "manager", None)
    if manager is None:
        return frozenset()
    return frozenset(
        name for name in manager.fields if isinstance(manager.get_field_type(name), DecimalField)
    )


def _field_kinds(resource_class):
    """Each field's action metadata by name (input type, options), from the resource's actions."""
    kinds = {}
    for _, _, method, _, fields in action_templates(resource_class):
        if method in ("POST", "PATCH"):
            for field in fields:
                kinds.setdefault(field["name"], field)
    return kinds


def _kind(field, value):
    """How a value is shown: none, boolean, date, datetime, number, enum or text."""
    if value is None:
        return "none"
    if field is not None:
        if field.get("options") is not None:
            return "enum"
        return {"checkbox": "boolean", "date": "date", "datetime-local": "datetime", "number": "number"}.get(
            field["type"], "text"
        )
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _cell(field, value):
    return _kind(field, value), _shown(value)


def _shown(value):
    """A value as a page or a form shows it: as JSON writes it (a form shows a datetime in local time)."""
    return json_value(value)
