"""The base resources: links, collections, and the relationships between them.

A project's resources are a few declarative lines each::

    class ShelfResource(hypermedia.CollectionResource):
        model = models.Shelf
        resource_name = "shelf"
        _relationships = (hypermedia.ToMany("books", relation="BookResource"),)

Relations are named by resource class name, as ripozo looks them up.
"""

import inspect
from functools import cache
from urllib.parse import urlencode

from ripozo import ListRelationship, Relationship, ResourceBase, apimethod, restmixins
from ripozo.decorators import manager_translate, translate
from ripozo.resources.constructor import ResourceMetaClass
from ripozo.utilities import get_or_pop, join_url_parts

from . import labels
from .caching import cached_classproperty
from .managers import Manager
from .sessions import FlaskSessionHandler


class Resource(ResourceBase):
    """A ripozo resource whose links end in a slash, as routes do, with URL-encoded query strings.

    What depends only on the class (base URLs, routes, endpoints) is worked
    out once for each class.
    """

    __abstract__ = True
    append_slash = True
    # What a collection relates to: its items, not what its filters name.
    collection_relationships = ()

    def __init__(self, include_relationships=True, **kwargs):
        # ripozo's own link building is replaced below: it would build every link of every item.
        super().__init__(include_relationships=False, **kwargs)
        if include_relationships:
            # Made when an adapter first asks (Siren never asks for a list item's), unless a
            # relationship takes properties out of this resource's: then before anyone reads them.
            self._related_resources = self._linked_resources = None
            if not _taken_properties(type(self)).isdisjoint(self.properties):
                self._related_resources = self._related()

    def _related(self):
        relationships = self.collection_relationships if self.no_pks else self.relationships
        return self._generate_links(relationships, self.properties)

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
            url = _route(type(self), self.no_pks, self.route_extension)
            for name, value in self.item_pks.items():
                url = url.replace(f"<{name}>", str(value))
            url = "/" + url.strip("/") + ("/" if self.append_slash else "")
            query_string = self.query_string
            self._url = f"{url}?{query_string}" if query_string else url
        return self._url

    @property
    def query_string(self):
        query_args = self.get_query_arg_dict()
        return urlencode(query_args) if query_args else ""


class ToMany(ListRelationship):
    """Related resources embedded as a list, left out where the property is missing.

    ripozo's ListRelationship gives every resource an empty list instead:
    each item of a collection would carry an empty list of items.
    """

    def construct_resource(self, properties):
        if self.name not in properties:
            return None
        relation, query_args, embedded = self.relation, self.query_args, self.embedded
        items = get_or_pop(properties, self.name, [], pop=self.remove_properties)
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
            many = [relation for relation in relationships if isinstance(relation, ToMany)]
            attributes = {
                "model": cls.model,
                "embedded": tuple(relation.name for relation in many),
                "embedded_relations": {relation.name: relation._relation for relation in many},
            }
            cls.manager = type(f"{cls.__name__}Manager", (cls.manager_class,), attributes)(
                FlaskSessionHandler()
            )

    @apimethod(methods=["GET"], no_pks=True)
    @manager_translate(fields_attr="list_fields")
    def retrieve_list(cls, request):
        items, meta = cls.manager.retrieve_list(request.query_args)
        return cls(
            properties={cls.resource_name: items, **meta["filters"]},
            meta=meta,
            query_args=cls.list_query_args,
            no_pks=True,
        )

    @cached_classproperty
    def list_query_args(cls):
        return (*cls.manager.list_fields, "count", "after", "before")

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
            Relationship("next", relation=cls.__name__, query_args=cls.list_query_args, no_pks=True),
            Relationship("previous", relation=cls.__name__, query_args=cls.list_query_args, no_pks=True),
        )


def add_child(relation, foreign_key, route):
    """An endpoint, ``POST {item}/{route}/``, that creates a ``relation`` resource in this one.

    It takes the fields that ``relation`` creates with, except ``foreign_key``,
    which the URL gives; it answers 404 if this resource does not exist.
    Assign it to the name of its Siren action::

        add_book = hypermedia.add_child("BookResource", foreign_key="shelf_id", route="addbook")
    """

    @apimethod(route=f"/{route}/", methods=["POST"])
    @_ChildFields(relation, foreign_key)
    def create_child(cls, request):
        parent = cls.manager.check_exists(request.url_params)  # held, so the session still has it
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
    each under its ``resource_name``.
    """

    __abstract__ = True
    base_url = "/"
    collections = ()

    @apimethod(methods=["GET"])
    def index(cls, request):
        return cls(meta={"links": {collection.resource_name: {} for collection in cls.collections}})

    @cached_classproperty
    def links(cls):
        return tuple(
            Relationship(collection.resource_name, relation=collection.__name__, no_pks=True, templated=True)
            for collection in cls.collections
        )

    @property
    def url(self):
        return "/"


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


def parent_types(resource_class):
    """Each to-one link of a resource: its foreign key and its parent's type, ``("task_id", "task")``."""
    return {
        relation.name: (relation.foreign_key, relation.relation.resource_name)
        for relation in resource_class._relationships or ()
        if isinstance(relation, ToOne)
    }


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
