"""The base resources: links, collections, and the relationships between them.

A project's resources are a few declarative lines each::

    class ShelfResource(hypermedia.CollectionResource):
        model = models.Shelf
        resource_name = "shelf"
        _relationships = (hypermedia.ToMany("books", relation="BookResource"),)

Relations are named by resource class name, as ripozo looks them up.
"""

import inspect
from functools import cache, wraps
from typing import NamedTuple
from urllib.parse import quote_plus, urlencode

import flask
from ripozo import ListRelationship, Relationship, ResourceBase, apimethod, restmixins
from ripozo.decorators import classproperty, manager_translate, translate
from ripozo.resources.constructor import ResourceMetaClass
from ripozo.utilities import get_or_pop, join_url_parts

from . import fieldsets, labels, preconditions
from .caching import cached_classproperty
from .errors import FieldError
from .managers import Manager
from .managers.links import linked_ids
from .managers.listing import comparison_parameters
from .pagination import INCLUDE
from .sessions import FlaskSessionHandler


class Resource(ResourceBase):
    """A ripozo resource whose links end in a slash, as routes do, with URL-encoded query strings.

    What depends only on the class (base URLs, routes, endpoints) is worked
    out once for each class.
    """

    __abstract__ = True
    append_slash = True
    # The answer to a DELETE: its row is gone, and it has no URL of its own (CollectionResource.delete).
    deleted = False
    # What a collection relates to: its items, not what its filters name.
    collection_relationships = ()
    # Whether the adapters write a collection page's rows straight from the dicts its query
    # returned (page_rows) rather than from a ripozo resource made for each: the same bytes,
    # in a fraction of the time.  Set it False on a resource whose rows' resources link otherwise.
    fast_pages = True

    def __init__(self, include_relationships=True, **kwargs):
        # ripozo's own link building is replaced below: it would build every link of every item.
        super().__init__(include_relationships=False, **kwargs)
        self._taken = None
        if include_relationships:
            # Made when an adapter first asks (Siren never asks for a list item's; a page's
            # rows are written without them: page_rows).  A relationship that takes properties
            # out of this resource's takes them now, before anyone reads them, and makes its
            # resources from them later.
            self._related_resources = self._linked_resources = None
            taken = _taken_properties(type(self))
            if not taken.isdisjoint(self.properties):
                self._taken = {name: self.properties.pop(name) for name in taken if name in self.properties}

    def _related(self):
        relationships = self.collection_relationships if self.no_pks else self.relationships
        properties = self.properties if self._taken is None else {**self.properties, **self._taken}
        return self._generate_links(relationships, properties)

    @property
    def related_resources(self):
        if self._related_resources is None:
            self._related_resources = self._related()
        return self._related_resources

    @related_resources.setter
    def related_resources(self, value):
        self._related_resources = value

    @property
    def linked_resources(self):
        if self._linked_resources is None:
            meta_links = self.meta.get("links", {}).copy()
            # Without meta links, a plain link makes no resource (each item of a list has none).
            links = self.links if meta_links else _links_without_meta(type(self))
            self._linked_resources = self._generate_links(links, meta_links)
        return self._linked_resources

    @linked_resources.setter
    def linked_resources(self, value):
        self._linked_resources = value

    @classmethod
    def link_to(cls, properties):
        """A resource that only links to the row ``properties`` holds: no relationships, links or query.

        What ``cls(properties=properties, include_relationships=False)``
        makes, without the cost of ripozo's ``__init__``: a ``ToMany`` that
        links to its rows rather than embedding them makes one for each row
        of its page.
        """
        resource = cls.__new__(cls)
        resource.__dict__.update(
            properties=properties,
            status_code=200,
            errors=[],
            meta={},
            query_args={},
            no_pks=False,
            route_extension="",
            _url=None,
            _taken=None,
            _related_resources=[],
            _linked_resources=[],
        )
        return resource

    @classmethod
    def endpoint_dictionary(cls):
        return _endpoints(cls)

    @cached_classproperty
    def base_url(cls):
        return "/" + join_url_parts(cls.base_url_sans_pks, *(f"<{pk}>" for pk in cls.pks)).strip("/") + "/"

    @cached_classproperty
    def base_url_sans_pks(cls):
        return "/" + join_url_parts(cls.namespace, cls.resource_name).strip("/") + "/"

    @property
    def url(self):
        """The resource's path, primary keys filled in, and its query string."""
        if not self._url:
            if self.no_pks or self.route_extension:
                url = _path(type(self), self.no_pks, self.route_extension, self.item_pks)
            else:
                url = item_path(type(self), self.properties)
            query_string = self.query_string if self.query_args else ""
            self._url = f"{url}?{query_string}" if query_string else url
        return self._url

    @property
    def query_string(self):
        query_args = self.get_query_arg_dict()
        return urlencode(query_args) if query_args else ""


class ToMany(ListRelationship):
    """Related resources as a list, left out where the property is missing.

    ripozo's ListRelationship gives every resource an empty list instead:
    each item of a collection would carry an empty list of items.  Rows it
    links to rather than embeds are made with ``link_to``.
    """

    def construct_resource(self, properties):
        if self.name not in properties:
            return None
        relation, query_args, embedded = self.relation, self.query_args, self.embedded
        items = get_or_pop(properties, self.name, [], pop=self.remove_properties)
        if not (embedded or query_args) and issubclass(relation, Resource) and relation.fast_pages:
            return [relation.link_to(item) for item in items]
        return [
            relation(properties=item, query_args=query_args, include_relationships=embedded) for item in items
        ]


class ToOne(Relationship):
    """A link to the resource that ``foreign_key`` refers to (a child's link to its parent)."""

    def __init__(self, name, relation, foreign_key):
        super().__init__(name, relation=relation, property_map={foreign_key: "id"}, remove_properties=False)
        self.foreign_key = foreign_key

    def construct_resource(self, properties):
        # What ripozo's general property mapping makes of this one key, once for each item of a page.
        value = properties.get(self.foreign_key)
        return None if value is None else self.relation(properties={"id": value}, include_relationships=False)


class FilteredList(Relationship):
    """A link to the ``relation`` collection filtered by ``foreign_key``: a parent's link to its children."""

    def __init__(self, name, relation, foreign_key):
        super().__init__(
            name,
            relation=relation,
            property_map={"id": foreign_key},
            query_args=(foreign_key,),
            no_pks=True,
            remove_properties=False,
        )
        self.foreign_key = foreign_key

    def construct_resource(self, properties):
        # As ToOne's, the other way round.
        value = properties.get("id")
        if value is None:
            return None
        return self.relation(
            properties={self.foreign_key: value},
            query_args=self.query_args,
            include_relationships=False,
            no_pks=True,
        )


class ManyToMany(FilteredList):
    """A link to the ``relation`` rows a row refers to through its model's many-to-many ``name``.

    The model declares the relationship (``orm.relationship(secondary=...)``)
    and the manager serves the ids it links as a field of their own, the
    list ``label_ids`` for ``labels`` (managers/links.py): read in full,
    replaced as a whole by a create or an update.  This links to the rows
    themselves, a page at a time: the ``relation`` list filtered by the
    association table's name (``/label/?ticket_labels=7``), which every list
    of a model that a many-to-many refers to takes.  ``bind`` finds that
    name once the resource's model is known.
    """

    def __init__(self, name, relation):
        super().__init__(name, relation=relation, foreign_key=None)

    def bind(self, model):
        """Take the association table of ``model``'s relationship ``name`` as the filter to link with."""
        secondary = getattr(model.__mapper__.relationships.get(self.name), "secondary", None)
        if secondary is None:
            raise TypeError(
                f"{model.__name__}.{self.name} is no many-to-many relationship (orm.relationship with "
                "secondary=...), which hypermedia.ManyToMany links to."
            )
        self.foreign_key = secondary.name
        self.property_map = {"id": secondary.name}
        self.query_args = (secondary.name,)
        self.ids = next(name for name, link in linked_ids(model).items() if link.table is secondary)


class _CreateFields(manager_translate):
    """A create's fields, read from its body, with the parent that the list it is sent to names.

    A collection filtered by a foreign key, as a parent's link to its
    children is (``/task/?task_board_id=9``), is that parent's list: a row
    created there is created in that parent.  A body that names another is
    a 400.  Any other query argument is no field of a create: left out.
    """

    def __init__(self):
        super().__init__(validate=True, fields_attr="create_fields")

    def __call__(self, func):
        translated = super().__call__(func)
        validated = translated.func

        @wraps(validated)
        def create(cls, request, *args, **kwargs):
            _in_the_listed_parent(cls, request)
            return validated(cls, request, *args, **kwargs)

        translated.func = create
        return translated


def _in_the_listed_parent(resource_class, request):
    """The body with the parent the query names, and no query: a create's fields come from its body."""
    manager = resource_class.manager
    for name in _parent_keys(resource_class):
        if name not in request.query_args:
            continue
        field = manager.get_field_type(name)
        parent = field.translate(request.query_args[name])
        if name in request.body_args and field.translate(request.body_args[name]) != parent:
            (key,) = resource_class.model.__table__.columns[name].foreign_keys
            noun = key.column.table.name
            raise FieldError(
                name,
                f'The field "{name}" names another row than the list this is sent to, which is the one of '
                f"{noun.replace('_', ' ')} {parent}: leave the field out, or send it to that row's list.",
            )
        request.body_args = {**request.body_args, name: parent}
    request.query_args = {}


@cache
def _parent_keys(resource_class):
    """The fields of a create that refer to another row: the foreign keys a filtered list may name."""
    columns = resource_class.model.__table__.columns
    fields = resource_class.manager.create_fields
    return tuple(name for name in fields if name in columns and columns[name].foreign_keys)


class CollectionResource(Resource, restmixins.CRUDL):
    """A model served with create, read, update, delete and an ordered, paginated, filterable list.

    Set ``model`` and ``resource_name`` (its URL segment); ``_relationships``
    for links to other resources.  A ``ToMany`` relationship embeds the
    first page of related rows.  Set ``manager_class`` to a ``Manager``
    subclass to change how rows are read and written, and ``display_field``
    to the column that names a row to a person (labels.py; by default the
    model's first text column).
    """

    __abstract__ = True
    pks = ("id",)
    model = None
    manager_class = Manager

    @cached_classproperty
    def display_field(cls):
        return labels.display_field(cls.model) if cls.model is not None else None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None and "manager" not in vars(cls):
            relationships = cls._relationships or ()
            for relation in relationships:
                if isinstance(relation, ManyToMany):
                    relation.bind(cls.model)
            many = [relation for relation in relationships if isinstance(relation, ToMany)]
            attributes = {
                "model": cls.model,
                "embedded": tuple(relation.name for relation in many),
                "embedded_relations": {relation.name: relation._relation for relation in many},
            }
            cls.manager = type(f"{cls.__name__}Manager", (cls.manager_class,), attributes)(
                FlaskSessionHandler()
            )

    @apimethod(methods=["POST"], no_pks=True)
    @_CreateFields()
    def create(cls, request):
        """``POST {collection}/``: a new row, from the body's fields; in the parent a filtered list names."""
        properties = cls.manager.create(request.body_args)
        return cls(properties=properties, meta={"links": {"created": properties}}, status_code=201)

    @apimethod(methods=["DELETE"])
    @manager_translate()
    def delete(cls, request):
        """``DELETE {item}/``: the row gone; the answer says so (``deleted``), with no URL of its own."""
        cls.manager.delete(request.url_params)
        deleted = cls(properties={}, include_relationships=False)
        deleted.deleted = True
        return deleted

    @apimethod(methods=["GET"], no_pks=True)
    @manager_translate(fields_attr="list_fields")
    def retrieve_list(cls, request):
        items, meta = preconditions.remember(None, cls.manager.retrieve_list(request.query_args))
        kept = _kept_query()  # the links keep the fieldsets and include too
        for link in meta["links"].values():
            if link is not None:
                link.update(kept)
        return cls(
            properties={cls.resource_name: items, **meta["filters"], **kept},
            meta=meta,
            query_args=cls.linked_query_args,
            no_pks=True,
        )

    @cached_classproperty
    def list_query_args(cls):
        manager = type(cls.manager)
        compared = comparison_parameters(manager)
        return (*manager.list_fields, *compared, "q", "sort", "count", "after", "before")

    @cached_classproperty
    def linked_query_args(cls):
        """What a list's links repeat of its query: ``list_query_args``, the fieldsets and ``include``."""
        return (*cls.list_query_args, *fieldsets.parameters(), INCLUDE)

    @cached_classproperty
    def collection_relationships(cls):
        return (ToMany(cls.resource_name, relation=cls.__name__, embedded=True),)

    @cached_classproperty
    def relationships(cls):
        return (*(cls._relationships or ()), *cls.collection_relationships)

    @cached_classproperty
    def links(cls):
        return (
            *(cls._links or ()),
            *(
                Relationship(name, relation=cls.__name__, query_args=cls.linked_query_args, no_pks=True)
                for name in ("next", "previous")
            ),
        )


def add_child(relation, foreign_key, route):
    """An endpoint, ``POST {item}/{route}/``, that creates a ``relation`` resource in this one.

    It takes the fields that ``relation`` creates with, except ``foreign_key``,
    which the URL gives (a body naming another row there is a 400); it
    answers 404 if this resource does not exist.
    Assign it to the name of its Siren action::

        add_book = hypermedia.add_child("BookResource", foreign_key="shelf_id", route="addbook")
    """

    @apimethod(route=f"/{route}/", methods=["POST"])
    @_ChildFields(relation, foreign_key)
    def create_child(cls, request):
        parent = cls.manager.check_exists(request.url_params)  # held, so the session still has it
        cls.manager.hold(parent)  # If-Match names the parent's version
        named = request.body_args.get(foreign_key)
        if named is not None and str(named) != str(parent.id):
            raise FieldError(
                foreign_key,
                f'The field "{foreign_key}" names another row than the {cls.manager.noun} {parent.id} this '
                "is sent to: leave the field out.",
            )
        request.body_args = {**request.body_args, foreign_key: parent.id}
        return ResourceMetaClass.registered_names_map[relation].create(request)

    # What it creates, and how, for the OpenAPI document.
    create_child.relation, create_child.foreign_key = relation, foreign_key
    return create_child


class _ChildFields(translate):
    """Validates an add-child request with the child's own create fields, found when first asked for."""

    def __init__(self, relation, foreign_key):
        super().__init__(validate=True)
        self.relation, self.foreign_key = relation, foreign_key

    def fields(self, manager):
        return _child_fields(ResourceMetaClass.registered_names_map[self.relation].manager, self.foreign_key)


@cache
def _child_fields(manager, foreign_key):
    return [manager.get_field_type(name) for name in manager.create_fields if name != foreign_key]


class Index(Resource):
    """``GET {prefix}/``: where a client starts, with a link to each of ``collections``.

    A project declares ``collections``, the resource classes to link to,
    each under its ``resource_name``; ``added`` are those the machinery
    serves beside them (sign-in's workspaces and members: ``Api.add_collections``).
    """

    __abstract__ = True
    base_url = "/"
    collections = ()
    added = ()

    @apimethod(methods=["GET"])
    def index(cls, request):
        return cls(meta={"links": {collection.resource_name: {} for collection in cls.served()}})

    @classmethod
    def served(cls):
        """Every collection the index links to: the project's, then the added ones."""
        return (*cls.collections, *cls.added)

    @classproperty
    def links(cls):
        return _index_links(cls.served())

    @property
    def url(self):
        return "/"


@cache
def _index_links(collections):
    """The index's links, for the collections it serves now: ``Api.add_collections`` may add some."""
    return tuple(
        Relationship(collection.resource_name, relation=collection.__name__, no_pks=True, templated=True)
        for collection in collections
    )


def written_resource(resource_class, name):
    """The resource whose fields the endpoint ``name`` takes: add-child's ``relation``, or the resource."""
    relation = getattr(inspect.getattr_static(resource_class, name), "relation", None)
    return resource_class if relation is None else ResourceMetaClass.registered_names_map[relation]


def child_endpoints(resource_class):
    """Each add-child endpoint of a resource: its name, the resource it creates and its foreign key."""
    endpoints = []
    for name in resource_class.endpoint_dictionary():
        endpoint = inspect.getattr_static(resource_class, name)
        if getattr(endpoint, "relation", None) is not None:
            relation = ResourceMetaClass.registered_names_map[endpoint.relation]
            endpoints.append((name, relation, endpoint.foreign_key))
    return endpoints


def filtered_lists(resource_class):
    """Each ``FilteredList`` of a resource: its name, the resource it lists, and that one's foreign key."""
    return [
        (relation.name, relation.relation, relation.foreign_key)
        for relation in resource_class._relationships or ()
        if isinstance(relation, FilteredList)
    ]


@cache
def includable(resource_class, listing):
    """``{relationship: resource class}`` of the rows JSON:API's ``include`` may add to an answer.

    Those whose linkage the answer holds: an item's to-one and to-many
    relationships; a list's rows' to-one ones (its rows carry no to-many
    linkage).  Every representation takes these names (dispatcher/bodies.py):
    JSON:API adds their rows in ``included``, the others link or embed as ever.
    """
    return {
        relationship.name: relationship.relation
        for relationship in getattr(resource_class, "_relationships", None) or ()
        if isinstance(relationship, ToOne) or (isinstance(relationship, ToMany) and not listing)
    }


def check_include(value, resource_class, listing):
    """Refuse, with a FieldError about ``include``, a path or a relationship ``includable`` does not name."""
    offered = includable(resource_class, listing)
    for name in include_names(value):
        if "." in name:
            raise FieldError(
                INCLUDE, f'"{name}" is a path: include takes relationships of the resource itself.'
            )
        if name not in offered:
            names = ", ".join(offered) or "none"
            raise FieldError(
                INCLUDE, f'"{name}" is not a relationship this answer can include; it can include: {names}.'
            )


def _kept_query():
    """What a list's links keep of the request's query beside its filters: the fieldsets and ``include``."""
    asked = asked_include()
    return {**fieldsets.query(), INCLUDE: asked} if asked else fieldsets.query()


def asked_include():
    """The request's ``include`` as sent, or None (without one, or outside a request)."""
    return flask.request.args.get(INCLUDE) if flask.has_request_context() else None


def included_to_ones(resource_class, rows):
    """``{name: (relation, foreign key, {id: row})}``: the rows of each to-one relationship of
    ``resource_class`` that the request's ``include`` names and ``rows`` refer to.

    One statement for each relationship named, for an item as for a page:
    what Siren, HAL and plain JSON embed beside the row that refers to it
    (adapters.Includes).  The to-many relationships ``include`` may name
    (an item's first page of children) they embed as ever; JSON:API's
    adapter holds every one in ``included``.
    """
    asked = asked_include()
    if not asked:
        return {}
    names, found = set(include_names(asked)), {}
    for relationship in getattr(resource_class, "_relationships", None) or ():
        if isinstance(relationship, ToOne) and relationship.name in names:
            key, relation = relationship.foreign_key, relationship.relation
            ids = {row[key] for row in rows if row.get(key) is not None}
            targets = relation.manager.rows_with_ids(ids) if ids else []
            found[relationship.name] = (relation, key, {target["id"]: target for target in targets})
    return found


def include_names(value):
    """The relationships an ``include`` names: separated by commas."""
    return [name.strip() for name in value.split(",")]


def many_types(resource_class):
    """Each many-to-many of a resource: its field of ids and its rows' type, ``("label_ids", "label")``."""
    return {
        relation.name: (relation.ids, relation.relation.resource_name)
        for relation in resource_class._relationships or ()
        if isinstance(relation, ManyToMany)
    }


def parent_types(resource_class):
    """Each to-one link of a resource: its foreign key and its parent's type, ``("task_id", "task")``."""
    return {
        relation.name: (relation.foreign_key, relation.relation.resource_name)
        for relation in resource_class._relationships or ()
        if isinstance(relation, ToOne)
    }


class RowLinks(NamedTuple):
    """What a row of a collection page links to, worked out once for its resource class (``row_links``).

    ``links`` are ``(name, kind, key, relation, start)`` for each of the
    class's relationships in order: kind ``"one"`` (ToOne: the item whose
    ``id`` is the row's ``key``) or ``"list"`` (FilteredList: the
    ``relation`` list filtered by ``key``, the row's ``id``, whose URL is
    ``start``, ``/task/?task_board_id=``, and the id).  ``absent`` names the
    properties a row must not have (a ToMany would embed them).
    ``dropped`` are the properties that are not attributes in JSON:API:
    the primary keys and the foreign keys of the to-one links.
    """

    links: tuple
    absent: frozenset
    dropped: tuple

    def of(self, row):
        """``(name, relation, path, id)`` of each link the row has; ``id`` is None for a list."""
        found = []
        for name, kind, key, relation, start in self.links:
            if kind == "one":
                value = row.get(key)
                if value is not None:
                    found.append((name, relation, item_path(relation, {"id": value}), value))
            else:
                value = row.get("id")
                if value is not None:  # as urlencode writes it: an integer needs no quoting
                    text = str(value) if type(value) is int else quote_plus(str(value))
                    found.append((name, relation, start + text, None))
        return found


def page_rows(resource):
    """The rows of a collection page and their ``RowLinks``, or None to make a resource for each row.

    A ``CollectionResource``'s page holds its rows, the dicts its query
    returned, under its ``resource_name``: each adapter writes them with
    the links ``row_links`` works out once for the class, as it would
    write a ripozo resource made for each row, byte for byte.  None for
    any other resource, with ``fast_pages`` False, and where a row's
    resource could link otherwise (a relationship or link ``row_links``
    does not know, a row with a property a ToMany would embed).
    """
    resource_class = type(resource)
    if not (resource.no_pks and resource_class.fast_pages and resource._taken):
        return None
    rows = resource._taken.get(resource.resource_name)
    if not isinstance(rows, list) or _page_relationship(resource_class) is None:
        return None
    links = row_links(resource_class)
    if links is None or any(not links.absent.isdisjoint(row) for row in rows):
        return None
    return rows, links


@cache
def _page_relationship(resource_class):
    """The one collection relationship that embeds a page's rows as items of its own class, or None."""
    if len(resource_class.collection_relationships) != 1:
        return None
    (relationship,) = resource_class.collection_relationships
    plain = type(relationship) is ToMany and relationship.embedded and not relationship.query_args
    if (
        plain
        and relationship.name == resource_class.resource_name
        and relationship.relation is resource_class
    ):
        return relationship
    return None


@cache
def row_links(resource_class):
    """The ``RowLinks`` of a row of ``resource_class``; None if a relationship is of another kind."""
    if _links_without_meta(resource_class) or _item_route_halves(resource_class) is None:
        return None
    links, absent = [], set()
    dropped = [*resource_class.pks]
    dropped += [
        key
        for relation in resource_class.relationships
        if not relation.no_pks
        for key in relation.property_map
    ]
    for relationship in resource_class.relationships:
        kind = type(relationship)
        if kind is ToMany:
            absent.add(relationship.name)
            continue
        relation, key = relationship.relation, getattr(relationship, "foreign_key", None)
        if kind is ToOne and relation.pks == ("id",):
            links.append((relationship.name, "one", key, relation, None))
        elif kind is FilteredList and key not in relation.pks:
            start = f"{_path(relation, True, '', {})}?{urlencode({key: ''})}"
            links.append((relationship.name, "list", key, relation, start))
        else:
            return None
    return RowLinks(tuple(links), frozenset(absent), tuple(dropped))


@cache
def _endpoints(resource_class):
    """ripozo inspects every method of a resource for each response; once is enough."""
    return super(Resource, resource_class).endpoint_dictionary()


@cache
def _taken_properties(resource_class):
    """The properties that relationships take out of a resource's own: those of ripozo's that remove them."""
    relationships = (*resource_class.relationships, *resource_class.collection_relationships)
    return frozenset(
        name
        for relationship in relationships
        if relationship.remove_properties
        for name in (relationship.name, *relationship.property_map)
    )


@cache
def _links_without_meta(resource_class):
    """The links that can make a resource from no properties: all but plain, optional, untemplated ones."""
    return tuple(
        link
        for link in resource_class.links
        if type(link) is not Relationship or link.templated or link.required
    )


@cache
def _route(resource_class, no_pks, route_extension):
    base_url = resource_class.base_url_sans_pks if no_pks else resource_class.base_url
    return join_url_parts(base_url, route_extension)


def _path(resource_class, no_pks, route_extension, item_pks):
    """A route with ``item_pks`` filled in, between slashes, as ripozo writes a resource's path."""
    url = _route(resource_class, no_pks, route_extension)
    for name, value in item_pks.items():
        url = url.replace(f"<{name}>", str(value))
    return "/" + url.strip("/") + ("/" if resource_class.append_slash else "")


def item_path(resource_class, properties):
    """The path of the item of ``resource_class`` whose primary keys ``properties`` hold.

    The path of an item with one integer primary key is its route's text
    before the key, the key, and the text after it, split once for each class.
    """
    halves = _item_route_halves(resource_class)
    if halves is not None:
        value = properties.get(halves[2])
        if type(value) is int:
            return halves[0] + str(value) + halves[1]
    item_pks = {name: properties[name] for name in resource_class.pks if name in properties}
    return _path(resource_class, False, "", item_pks)


@cache
def _item_route_halves(resource_class):
    """(before, after, key): an item's path is ``before + str(key's value) + after``, or None."""
    if len(resource_class.pks) != 1:
        return None
    (key,) = resource_class.pks
    marker = "\0"
    path = _path(resource_class, False, "", {key: marker})
    if path.count(marker) != 1 or _route(resource_class, False, "").count(f"<{key}>") != 1:
        return None
    before, after = path.split(marker)
    if not before.endswith("/") or not after.startswith("/"):  # the key would be stripped with the slashes
        return None
    return before, after, key
