"""Browsable HTML pages (text/html), for people reading the API in a browser.

A page reads as what it shows.  A row's page: its fields, the forms that
edit and delete it, and its children's table with the form that adds one.
A collection's page: its rows, each with its own actions, the links to the
pages beside it, and the forms that find and create rows (a list filtered
to a parent's children creates in that parent).  The forms are built from
the same metadata as the Siren actions (``hypermedia.actions``), titled in
words, and send JSON through ``browsable/static/browsable.js``; no page
holds inline script or style, and the Content-Security-Policy forbids both.
A row's forms send its page's tag in If-Match (``data-if-match``), and a
row's own actions in a table the tag read just before (``data-if-match-from``),
so that a write to a row changed since it was shown is refused (412) and the
page says so in words, keeping what was typed (``preconditions``).
Fields and columns are headed in words (``due_on`` reads "Due on").  The
dispatcher serves this adapter only to clients that prefer text/html to
every JSON media type, and its static files under ``{url_prefix}/_static/``.
"""

from functools import cache
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode, urlsplit

from flask import current_app, request
from jinja2 import Environment, FileSystemLoader
from ripozo.adapters import AdapterBase
from ripozo.exceptions import NotFoundException
from werkzeug.http import HTTP_STATUS_CODES

from .. import fieldsets, labels, pagination, preconditions
from .. import filters as comparisons
from ..actions import action_templates, fill_route
from ..fields import DecimalField, StringField, json_value
from ..managers.links import referring_lists
from ..managers.listing import comparison_parameters, list_field_types
from ..resources import FilteredList, ManyToMany, ToOne, item_path, written_resource
from . import AbsoluteURLs, error_properties

_FOLDER = Path(__file__).resolve().parent.parent / "browsable"
# Autoescaping everything: a stored "<script>" shows as text.
_TEMPLATES = Environment(
    loader=FileSystemLoader(_FOLDER / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)
# The links to the pages beside a collection's, in reading order.
_PAGE_LINKS = {"previous": "Previous page", "next": "Next page"}
# The button of a form, and the link or button of a row, for the actions every collection has.
_BUTTONS = {"create": "Create", "update": "Save", "retrieve_list": "Find"}
_ROW_ACTIONS = {"update": "Edit", "delete": "Delete"}
# An item's actions in the order they are shown: edit first, any other, delete last.
_ORDER = {"update": 0, "delete": 2}
# The rows a form offers for a reference, and a row's page names of the rows it links to: at most these.
CHOICES = 100
SHOWN_LINKS = 20


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
        resource_class = type(resource)
        if resource.deleted:  # the answer to a DELETE: the row is gone
            model = _model(resource_class)
            return _render(
                "deleted.html",
                request.script_root + request.path,
                None,
                title=f"{labels.noun(model)} deleted",
                plural=labels.plural(model).lower(),
                collection=self.combine_base_url_with_resource_url(resource_class.base_url_sans_pks),
            )
        model = _model(resource_class)
        collection = model is not None and resource.no_pks
        # Each filter of a collection's page: (its value, and how the page shows it).
        filters = {
            name: (value, self._described(resource_class, name, value))
            for name, value in (_filters(resource) if collection else {}).items()
        }
        links, pages, parents, lists, related = self._links(resource, collection)
        # The tag of the row the page shows, whose version If-Match names (Api.answer sends it as ETag).
        tag = None if resource.no_pks else preconditions.answer_tag(type(self))
        forms = self._forms(resource, filters, tag)
        tables = [self._table(resource, *table, lists, forms["child"], filters) for table in related]
        placed = {id(form) for table in tables for form in table["forms"]}
        listed = {table["list"][0] for table in tables if table["list"]}
        return _render(
            "resource.html",
            # Named after the resource's own URL: a create's page shows what it made.
            urlsplit(self.combine_base_url_with_resource_url(resource.url)).path,
            resource,
            title=_title(resource),
            noun=labels.noun(model).lower() if model is not None else "",
            plural=labels.plural(model).lower() if model is not None else "",
            properties=[] if collection else self._properties(resource, parents),
            filters=[described for _, described in filters.values()],
            unfiltered=self.combine_base_url_with_resource_url(resource_class.base_url_sans_pks),
            tables=tables,
            pages=[(name, text, pages[name]) for name, text in _PAGE_LINKS.items() if name in pages],
            page_size=resource.properties.get("count") if collection else None,
            item_forms=sorted(forms["item"], key=lambda form: _ORDER.get(form["name"], 1)),
            collection_forms=forms["collection"],
            other_forms=[form for form in forms["child"] if id(form) not in placed] + forms["other"],
            links=[link for link in links if link[0] not in listed],
            links_heading="Links" if model is not None else "Collections",
        )

    def _links(self, resource, collection):
        """Where a page's links go: (links, pages, parents, lists, related).

        ``links`` are (name, text, URL) for the page's list of links, and
        ``pages`` the URLs of the pages beside a collection's, by name.  On a
        row's page, the parent a foreign key refers to is its property's
        link (``parents``, by key); a parent's list of children goes with its
        table of them, if it has one (``lists``, by resource class).
        ``related`` are (name, relationship, rows) of each table.
        """
        links, pages, parents, lists, related = [], {}, {}, {}, []
        for link, name, _ in resource.linked_resources:
            url = self.combine_base_url_with_resource_url(link.url)
            if name in _PAGE_LINKS:
                pages[name] = url
            else:
                links.append((name, _link_text(link, name), url))
        for linked, name, _ in resource.related_resources:
            relationship = _relationships(type(resource)).get(name)
            if isinstance(linked, list):
                related.append((name, relationship, linked))
            elif linked.no_pks or linked.has_all_pks:
                url = self.combine_base_url_with_resource_url(linked.url)
                if isinstance(relationship, ToOne) and not collection:
                    parents[relationship.foreign_key] = url
                    continue
                if isinstance(relationship, FilteredList):
                    lists[relationship.relation] = (name, url)
                links.append((name, _link_text(linked, name, resource), url))
        return links, pages, parents, lists, related

    def _properties(self, resource, parents):
        """(heading, kind, shown, link) of each plain property: a parent's key links to the parent.

        A many-to-many's ids (``label_ids``) read as the rows they link to,
        by label, the first ``SHOWN_LINKS`` of them (``_linked_rows``).
        """
        kinds = _field_kinds(type(resource))
        properties = []
        for name, value in fieldsets.shown(type(resource), resource.properties).items():
            reference = _reference(type(resource), name)
            if isinstance(reference, ManyToMany) and isinstance(value, list):
                linked = self._linked_rows(reference.relation, value)
                properties.append((_heading(type(resource), name), "rows", linked, None))
                continue
            if isinstance(value, list | dict):
                continue
            link = None
            if name in parents and value is not None:
                link = (parents[name], _label_of(_parent_class(type(resource), name), value))
            heading = _heading(type(resource), name)
            properties.append((heading, _kind(kinds.get(name), value), _shown(value), link))
        return properties

    def _linked_rows(self, target, ids):
        """The first ``SHOWN_LINKS`` of the ``target`` rows ``ids`` name, as (URL, label), and how many more.

        One statement, whatever the number of ids.
        """
        rows = target.manager.rows_with_ids(ids[:SHOWN_LINKS]) if ids else []
        shown = [
            (self.combine_base_url_with_resource_url(item_path(target, row)), labels.row_label(target, row))
            for row in rows
        ]
        return shown, len(ids) - len(shown)

    def _offered(self, target):
        """What a form offers for a reference to ``target``: the user's first ``CHOICES`` rows, and its list.

        Returns ((id, label) of each, whether there are more, the URL of the
        target's list); read once for each target a page's forms refer to,
        one statement.
        """
        offered = self.__dict__.setdefault("_offered_rows", {})
        if target not in offered:
            manager = target.manager
            rows, meta = manager.retrieve_list({"count": min(CHOICES, manager.max_page_size)})
            choices = [(row["id"], labels.row_label(target, row)) for row in rows]
            more = meta["links"].get("next") is not None
            collection = self.combine_base_url_with_resource_url(target.base_url_sans_pks)
            offered[target] = (choices, more, collection)
        return offered[target]

    def _described(self, resource_class, name, value):
        """(heading, kind, shown, link, words) of a collection's filter: its words, and a row as a link.

        The rows "whose due on is" a value, "whose task board is" a row (a
        parent or a reference), "whose labels include" a row (a
        many-to-many's ids), or "of the ticket" whose labels they are (an
        association table's name, the other side's link to them); a
        comparison's, "whose due on is at least" a value (filters.py).
        """
        if name == comparisons.SEARCH:
            return ("Search", "text", value, None, "with the words")
        compared = comparisons.split(name)
        if compared is not None:
            field, operator = compared
            heading = _heading(resource_class, field)
            whose = f"whose {heading[:1].lower()}{heading[1:]}"
            if operator == "null":  # "whose budget is none", "whose budget is not none"
                return (heading, "none", None, None, f"{whose} is" if value == "true" else f"{whose} is not")
            kind = "text" if operator == "in" else _kind(_field_kinds(resource_class).get(field), value)
            return (heading, kind, _shown(value), None, f"{whose} {comparisons.OPERATORS[operator]}")
        heading = _heading(resource_class, name)
        target, words = _referred(resource_class, name)
        if isinstance(value, list):  # the one row a many-to-many's ids are filtered by
            value = value[0] if value else None
        link = None
        if target is not None and value is not None:
            url = self.combine_base_url_with_resource_url(item_path(target, {"id": value}))
            link = (url, _label_of(target, value))
        kind = _kind(_field_kinds(resource_class).get(name), value)
        return (heading, kind, _shown(value), link, words or f"whose {heading[:1].lower()}{heading[1:]} is")

    def _forms(self, resource, filters, tag):
        """The page's forms, by where they go: ``item``, ``collection``, ``child`` (adding one) and ``other``.

        A collection's page leaves the actions of one item to its rows, and an
        item's page the collection's to the collection's page.  Each write
        of an item's page is checked against the row the page shows, by its
        ``tag``: an edit or a delete of it, and an add, which checks its parent.
        """
        resource_class = type(resource)
        forms = {"item": [], "collection": [], "child": [], "other": []}
        served = _model(resource_class) is not None
        for name, title, method, route, fields in action_templates(resource_class):
            of_an_item = any(f"<{pk}>" in route for pk in resource_class.pks)
            route = fill_route(route, resource)
            elsewhere = served and of_an_item == resource.no_pks  # on the rows, or on the collection's page
            if (method == "GET" and fields is None) or "{" in route or elsewhere:
                continue
            written = written_resource(resource_class, name)
            adds = written is not resource_class
            inputs = [self._field(resource, written, name, method, field, filters) for field in fields or ()]
            if method == "GET":
                inputs = [shown for field in inputs for shown in self._with_range(written, field, filters)]
                inputs = [*_search_box(written, filters), *inputs]
            form = {
                "name": name,
                "title": title,
                "method": method,
                "href": self.combine_base_url_with_resource_url(route),
                "button": "Add" if adds else _BUTTONS.get(name, title),
                "done": _done(name, method, written, adds),
                "confirm": _confirm(resource) if method == "DELETE" else None,
                "stay": adds,  # on its parent's page, which then shows it
                "relation": written,
                "fields": inputs,
                **(_checked(resource_class, tag) if of_an_item and method != "GET" else {}),
            }
            if adds:
                forms["child"].append(form)
            elif of_an_item:
                forms["item"].append(form)
            elif name in ("create", "retrieve_list"):
                forms["collection"].append(form)
            else:
                forms["other"].append(form)
        return forms

    def _field(self, resource, written, action, method, field, filters):
        """A field of ``action`` (which writes a ``written``) as its form shows it, headed in words.

        An update starts from what is stored, a filter from the page's own,
        and a create on a list of one parent's children from that parent,
        which the form shows and does not let change.  Text without a
        maximum length, or stored with a line break, is written in a
        textarea, which keeps line breaks.
        """
        name = field["name"]
        described = {**field, "label": _words(name)}
        kind = _field_types(written).get(name)
        if isinstance(kind, DecimalField):  # sent as a string, as the API takes decimals
            described["format"] = "decimal"
        if method == "PATCH" and name in resource.properties:
            described["value"] = _shown(resource.properties[name])
        elif method == "GET" and name in filters:
            value = filters[name][0]
            described["value"] = ("true" if value else "false") if isinstance(value, bool) else _shown(value)
        elif action == "create" and name in filters and _parent_class(type(resource), name) is not None:
            described["value"] = _shown(filters[name][0])
            described["fixed"] = filters[name][1]
        reference = _reference(written, name)
        if reference is not None and "fixed" not in described:
            described.update(self._choice(written, reference, method, described.get("value")))
        if method != "GET" and type(kind) is StringField:
            described["multiline"] = kind.maximum is None or "\n" in str(described.get("value") or "")
        return described

    def _with_range(self, written, field, filters):
        """A Find form's ``field``, then "from" and "to" where its values have an order (filters.py)."""
        yield field
        name = field["name"]
        if "choices" in field or name in written.pks:  # a row's id, or a reference: one row, not a range
            return
        compared = comparison_parameters(type(written.manager))
        for operator, words in (("gte", "from"), ("lte", "to")):
            parameter = f"{name}[{operator}]"
            if parameter in compared:
                value = filters[parameter][0] if parameter in filters else None
                yield {**field, "name": parameter, "label": f"{field['label']}: {words}", "value": value}

    def _choice(self, written, reference, method, value):
        """How a form offers a reference of a ``written``: a select of the user's rows, or an id to type.

        Up to ``CHOICES`` rows, a select lists them all by label (a
        many-to-many's select takes several, but its filter one), with
        "none" where the reference may be left empty.  Past that, the field
        takes an id (a many-to-many's, ids separated by commas) and suggests
        the first rows as it is typed in, with a link to the rest.
        """
        target, many = reference.relation, isinstance(reference, ManyToMany)
        choices, more, collection = self._offered(target)
        chosen = value if isinstance(value, list) else [] if value is None else [value]
        key = reference.ids if many else reference.foreign_key
        nullable = many or _model(written).__table__.columns[key].nullable
        field = _field_types(written).get(key)
        return {
            "label": _heading(written, key),
            "empty": _empty_choice(method, nullable, field is not None and not field.required, chosen),
            "choices": choices,
            "more": more,
            "collection": collection,
            "plural": labels.plural(_model(target)).lower(),
            "multiple": many and method != "GET",
            "chosen": {str(one) for one in chosen},
            "value": ", ".join(str(one) for one in chosen) if many else value,
        }

    def _table(self, resource, name, relationship, rows, lists, child_forms, filters):
        """A table of rows: a link to each, its plain properties in words, and its own actions.

        A parent's page reads its children's first page again, every column
        of it (what the API embeds is their label only), and shows the form
        that adds one under them.  A column every row shares (the parent's
        key, a collection's filter) is left out.
        """
        relation = relationship.relation if relationship is not None else type(rows[0]) if rows else None
        own = resource.no_pks and relation is type(resource)
        listed = lists.get(relation)
        more = False
        shared = set(filters)
        if not resource.no_pks:  # a parent's children
            shared.add(_key_to(relation, type(resource)))
            if listed is not None and rows:
                rows, more = _children(relation, resource, rows)
        label_field = getattr(relation, "display_field", None)
        columns = []
        for row in rows:
            for column, value in fieldsets.shown(type(row), row.properties).items():
                plain = not isinstance(value, list | dict)
                if plain and column not in columns and column not in shared and column != label_field:
                    columns.append(column)
        model = _model(relation) if relation is not None else None
        sorted_by = [label_field, *columns] if own and label_field else columns if own else []
        return {
            "name": name,
            "heading": None if own else _words(name),
            "plural": labels.plural(model).lower() if model is not None else _words(name).lower(),
            "label_heading": _words(label_field) if label_field else labels.noun(model) if model else "",
            "columns": [_heading(relation, column) for column in columns],
            # On a collection's own page, each heading links to the list sorted by its column.
            "sorting": {column: self._sorting(resource, column, filters) for column in sorted_by},
            "label_field": label_field,
            "column_names": columns,
            "rows": [self._row(row, columns) for row in rows if row.has_all_pks],
            "more": more,
            "list": listed,
            "forms": [form for form in child_forms if relation is not None and form["relation"] is relation],
        }

    def _sorting(self, collection, name, filters):
        """(URL, state) of a column heading: the list sorted by it, the other way if it is already.

        ``state`` is the heading's ``aria-sort``: ``ascending`` or
        ``descending`` for the column the list is sorted by first, else None.
        The page's filters and fieldsets stay; its cursors go, as a new order starts over.
        """
        first = str(collection.properties.get(pagination.SORT) or "").split(",")[0]
        state = "ascending" if first == name else "descending" if first == f"-{name}" else None
        query = {key: _query_value(value) for key, (value, _) in filters.items()}
        query[pagination.SORT] = f"-{name}" if state == "ascending" else name
        query.update(fieldsets.query())
        url = f"{collection.base_url_sans_pks}?{urlencode(query)}"
        return self.combine_base_url_with_resource_url(url), state

    def _row(self, row, columns):
        """A row of a table: its link and label, its ``columns`` (a parent's key as a link), its actions."""
        resource_class = type(row)
        kinds = _field_kinds(resource_class)
        cells = []
        for column in columns:
            value = row.properties.get(column)
            parent = _parent_class(resource_class, column)
            link = None
            if parent is not None and value is not None:
                link = self.combine_base_url_with_resource_url(item_path(parent, {"id": value}))
            cells.append((_kind(kinds.get(column), value), _shown(value), link))
        return {
            "href": self.combine_base_url_with_resource_url(row.url),
            "label": labels.label(row),
            "cells": cells,
            "actions": self._row_actions(row),
        }

    def _row_actions(self, row):
        """A row's own actions: a link to the form on its page, or a button for one that takes no field.

        Each says which row it acts on to a screen reader ("Edit Sprint 12"),
        and a delete asks first.
        """
        actions = []
        label = labels.label(row)
        for name, title, method, route, fields in action_templates(type(row)):
            if method == "GET" or not any(f"<{pk}>" in route for pk in row.pks):
                continue
            text = _ROW_ACTIONS.get(name, title)
            actions.append(
                {
                    "name": name,
                    "text": text,
                    "described": f"{text} {label}" if name in _ROW_ACTIONS else f"{title}: {label}",
                    "method": method,
                    "href": self.combine_base_url_with_resource_url(fill_route(route, row)),
                    "fields": fields,
                    "confirm": _confirm(row) if method == "DELETE" else None,
                    "done": _done(name, method, type(row), adds=False),
                    # A table shows no row's version: the script reads the row's tag just before the write.
                    **_checked(type(row), None, read_from=self.combine_base_url_with_resource_url(row.url)),
                }
            )
        return sorted(actions, key=lambda action: _ORDER.get(action["name"], 1))

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
        collection.resource_name: collection for collection in current_app.extensions["api"].index.served()
    }


def _words(name):
    """A name as a person reads it: ``due_on`` "Due on", ``task_board_id`` "Task board ID"."""
    text = " ".join("ID" if word == "id" else word for word in name.split("_") if word)
    return text[:1].upper() + text[1:]


def _heading(resource_class, name):
    """What heads a field of ``resource_class``: its name in words; a reference's, its link's ("Labels")."""
    reference = _reference(resource_class, name) if resource_class is not None else None
    if isinstance(reference, ManyToMany):
        return _words(reference.name)
    if reference is not None:
        return _words(name.removesuffix("_id"))
    return _words(name)


def _model(resource_class):
    """The model a resource class serves, or None (the index)."""
    manager = getattr(resource_class, "manager", None)
    return getattr(manager, "model", None)


def _link_text(resource, name, of=None):
    """What a link reads: a collection by its name ("Tasks of this task board"), a row by its label."""
    model = _model(type(resource))
    if model is None:
        return _words(name)
    if not resource.no_pks:
        return labels.label(resource)
    if of is not None and _model(type(of)) is not None:
        return f"{labels.plural(model)} of this {labels.noun(_model(type(of))).lower()}"
    return labels.plural(model)


@cache
def _relationships(resource_class):
    """A resource class's relationships, by name."""
    relationships = getattr(resource_class, "relationships", None) or resource_class._relationships or ()
    return {relationship.name: relationship for relationship in relationships}


@cache
def _parent_class(resource_class, key):
    """The resource a ``ToOne`` of ``resource_class`` links to by the foreign key ``key``, or None."""
    for relationship in getattr(resource_class, "_relationships", None) or ():
        if isinstance(relationship, ToOne) and relationship.foreign_key == key:
            return relationship.relation
    return None


@cache
def _reference(resource_class, name):
    """The relationship a field of ``resource_class`` refers to rows by, or None.

    A ``ToOne``'s foreign key (a parent's key, a reference) refers to one
    row, a ``ManyToMany``'s ids to many.
    """
    for relationship in getattr(resource_class, "_relationships", None) or ():
        if isinstance(relationship, ManyToMany) and relationship.ids == name:
            return relationship
        if isinstance(relationship, ToOne) and relationship.foreign_key == name:
            return relationship
    return _undeclared_reference(resource_class, name)


def _undeclared_reference(resource_class, name):
    """A foreign key no relationship declares, to the rows of a collection the API serves, as a ToOne.

    The workspace an owned row belongs to (``workspace_id``): its forms
    choose one of the user's workspaces by name, as they choose a parent.
    """
    model = _model(resource_class)
    column = model.__table__.columns.get(name) if model is not None else None
    for key in column.foreign_keys if column is not None else ():
        for collection in _collections().values():
            if _model(collection) is not None and _model(collection).__table__ is key.column.table:
                return ToOne(name.removesuffix("_id"), relation=collection.__name__, foreign_key=name)
    return None


@cache
def _referred(resource_class, name):
    """The resource a filter of ``resource_class`` names a row of, and what the filter reads as, if not "is".

    ``(None, None)`` for a filter by a value.
    """
    reference = _reference(resource_class, name)
    if isinstance(reference, ManyToMany):
        return reference.relation, f"whose {reference.name.replace('_', ' ')} include"
    if reference is not None:
        return reference.relation, None
    link = referring_lists(_model(resource_class)).get(name)
    if link is None:
        return None, None
    other = next((found for found in _collections().values() if _model(found) is link.target), None)
    if other is None:
        return None, None
    return other, f"of the {labels.noun(link.target).lower()}"


@cache
def _key_to(resource_class, parent_class):
    """The foreign key by which ``resource_class`` links to ``parent_class``, or None."""
    for relationship in getattr(resource_class, "_relationships", None) or ():
        if isinstance(relationship, ToOne) and relationship.relation is parent_class:
            return relationship.foreign_key
    return None


def _label_of(parent, value):
    """The label of ``parent``'s row ``value``: its display field, read by its key, or "Task board 7"."""
    label = labels.label(parent.link_to({"id": value}))
    if parent.display_field is None:
        return label
    try:
        row = parent.manager.check_exists({"id": value})
    except NotFoundException:  # gone, or not this user's
        return label
    shown = getattr(row, parent.display_field, None)
    return label if shown in (None, "") else str(shown)


def _children(relation, resource, embedded):
    """The first page of a parent's children, every column of it, and whether there are more.

    One statement more than the API's answer, for people only: the list
    that the parent's link to its children reads.
    """
    key = _key_to(relation, type(resource))
    manager = relation.manager
    if key is None or key not in manager.list_fields or "id" not in resource.properties:
        return embedded, False
    rows, meta = manager.retrieve_list({key: resource.properties["id"]})
    return [relation.link_to(row) for row in rows], meta["links"].get("next") is not None


def _filters(resource):
    """The filters of a collection's page: the query's fields, without its page size and cursors."""
    manager = type(resource.manager)
    fields = {*manager.list_fields, *comparison_parameters(manager), comparisons.SEARCH}
    return {name: value for name, value in resource.properties.items() if name in fields}


def _search_box(resource_class, filters):
    """A Find form's search box, ``q``, where the list has text to search: [the field], else []."""
    if not comparisons.searched(list_field_types(type(resource_class.manager))):
        return []
    value = filters[comparisons.SEARCH][0] if comparisons.SEARCH in filters else None
    return [
        {"name": comparisons.SEARCH, "type": "search", "label": "Words", "required": False, "value": value}
    ]


def _done(name, method, resource_class, adds):
    """What the page says once a form's action is done: "Task board created.", "Saved.", "Task added:"."""
    noun = labels.noun(_model(resource_class)) if _model(resource_class) is not None else "It"
    if adds:  # followed by a link to what it added
        return f"{noun} added:"
    if name == "create":
        return f"{noun} created."
    if method == "PATCH":
        return "Saved."
    if method == "DELETE":
        return f"{noun} deleted."
    return "Done."


def _checked(resource_class, tag, read_from=None):
    """How a form's write names the version of the row it changes, and what a page says when that fails.

    ``if_match``, the tag the page was shown with, or ``if_match_from``, the
    row's URL, to read its tag from just before the write; ``stale``, what
    the page says to a 412, and ``unconditional`` to a 428.
    """
    noun = labels.noun(_model(resource_class)).lower()
    return {
        "if_match": tag,
        "if_match_from": read_from,
        "stale": f"This {noun} changed since you opened it: reload the page to see the changes, "
        "then apply yours again.",
        "unconditional": f"The API asks for the version of the {noun} that this page shows, and the page had "
        "none to send: reload the page, then apply your change again.",
    }


def _confirm(resource):
    """The question a delete asks first: "Delete the task board “Sprint 12”?"."""
    noun = labels.noun(_model(type(resource))).lower()
    return f"Delete the {noun} “{labels.label(resource)}”?"


@cache
def _field_types(resource_class):
    """A resource's fields (``hypermedia.fields``) by name."""
    manager = getattr(resource_class, "manager", None)
    if manager is None:
        return {}
    return {name: manager.get_field_type(name) for name in manager.fields if "." not in name}


@cache
def _field_kinds(resource_class):
    """Each field's action metadata by name (input type, options), from the resource's actions: read only."""
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


def _query_value(value):
    """A value as a query string carries it: ``true``, ``3``, ``2026-01-31``."""
    return ("true" if value else "false") if isinstance(value, bool) else _shown(value)


def _shown(value):
    """A value as a page or a form shows it: as JSON writes it (a form shows a datetime in local time)."""
    return json_value(value)


def _empty_choice(method, nullable, defaulted, chosen):
    """The choice of no row that a reference's select starts with, or None for no such choice.

    Any row, for a filter; none, when the reference may be empty; the
    default, when a create fills it in (the user's own workspace); else a
    prompt to choose one, unless a row is chosen already.
    """
    if method == "GET":
        return "any"
    if nullable:
        return "none"
    if defaulted and method == "POST":
        return "default"
    return None if chosen else "choose one"
