"""ripozo resources: the endpoints of the API and the links between them."""

from functools import cache
from urllib.parse import urlencode

from ripozo import ListRelationship, Relationship, ResourceBase, apimethod, restmixins, translate
from ripozo.decorators import classproperty, manager_translate
from ripozo.resources.resource_base import _generate_endpoint_dict
from ripozo.utilities import get_or_pop, join_url_parts

from .managers import (
{%- for name in [cookiecutter.parent_resource ~ "Manager", cookiecutter.child_resource ~ "Manager"] | sort %}
    {{ name }},
{%- endfor %}
    session_handler,
)

# The fields a client sends to the add-child endpoint; the URL names the parent.
ADD_FIELDS = ("title", "description", "completed")


def cached_classproperty(build):
    """A ripozo classproperty worked out once for each class.

    ripozo works out base URLs, endpoints, relationships and links again
    for every resource it builds, embedded items included; they depend on
    the class alone.
    """
    return classproperty(cache(build))


# ripozo's own definitions, which the cached ones call.
_BASE_URL = vars(ResourceBase)["base_url"]
_BASE_URL_SANS_PKS = vars(ResourceBase)["base_url_sans_pks"]


class Resource(ResourceBase):
    """Links end in a slash, as routes do, and query strings are URL-encoded."""

    __abstract__ = True
    append_slash = True

    def __init__(
        self,
        properties=None,
        errors=None,
        meta=None,
        no_pks=False,
        status_code=200,
        query_args=None,
        include_relationships=True,
        route_extension="",
    ):
        super().__init__(
            properties, errors, meta, no_pks, status_code, query_args, False, route_extension=route_extension
        )
        if include_relationships:
            self.related_resources = self._generate_links(self.relationships, self.properties)
            meta_links = self.meta.get("links", {}).copy()
            # Without meta links, a plain link makes no resource (each item of a list has none).
            links = self.links if meta_links else _links_without_meta(type(self))
            self.linked_resources = self._generate_links(links, meta_links)

    @classmethod
    def endpoint_dictionary(cls):
        return _endpoints(cls)

    @cached_classproperty
    def base_url(cls):
        return _BASE_URL.__get__(None, cls)

    @cached_classproperty
    def base_url_sans_pks(cls):
        return _BASE_URL_SANS_PKS.__get__(None, cls)

    @property
    def url(self):
        """ripozo's URL, with the route worked out once and primary keys filled in as text."""
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
    """A list of related resources, left out where the property is missing.

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


@cache
def _endpoints(resource_class):
    """ripozo inspects every method of a resource for each response; once is enough."""
    return _generate_endpoint_dict(resource_class)


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


class CollectionResource(Resource, restmixins.CRUDL):
    """Full CRUD and an ordered, paginated, filterable list of embedded items."""

    __abstract__ = True
    pks = ("id",)

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
        manager = cls.manager
        return (*manager.list_fields, manager.pagination_pk_query_arg, manager.pagination_count_query_arg)

    @cached_classproperty
    def relationships(cls):
        items = ToMany(cls.resource_name, relation=cls.__name__, embedded=True)
        return (*(cls._relationships or ()), items)

    @cached_classproperty
    def links(cls):
        return (
            *(cls._links or ()),
            Relationship("next", relation=cls.__name__, query_args=cls.list_query_args, no_pks=True),
            Relationship("previous", relation=cls.__name__, query_args=cls.list_query_args, no_pks=True),
        )


class {{ cookiecutter.parent_resource }}Resource(CollectionResource):
    manager = {{ cookiecutter.parent_resource }}Manager(session_handler)
    resource_name = "{{ cookiecutter.__parent_url }}"
    _relationships = (
        ToMany("{{ cookiecutter.__child_plural }}", relation="{{ cookiecutter.child_resource }}Resource"),
        Relationship(
            "{{ cookiecutter.__child_url }}_list",
            relation="{{ cookiecutter.child_resource }}Resource",
            property_map={"id": "{{ cookiecutter.__parent_fk }}"},
            query_args=("{{ cookiecutter.__parent_fk }}",),
            no_pks=True,
            remove_properties=False,
        ),
    )

    @apimethod(route="/{{ cookiecutter.__add_child_url }}/", methods=["POST"])
    @translate(fields=[{{ cookiecutter.child_resource }}Manager.get_field_type(name) for name in ADD_FIELDS])
    def {{ cookiecutter.__add_child }}(cls, request):
        """Create a {{ cookiecutter.child_resource }} in this {{ cookiecutter.parent_resource }}.

        Answers 404 if the {{ cookiecutter.parent_resource }} does not exist.
        """
        parent = cls.manager.check_exists(request.url_params)  # held, so the session still has it
        body = request.body_args
        body["{{ cookiecutter.__parent_fk }}"] = parent.id
        request.body_args = body
        return {{ cookiecutter.child_resource }}Resource.create(request)


class {{ cookiecutter.child_resource }}Resource(CollectionResource):
    manager = {{ cookiecutter.child_resource }}Manager(session_handler)
    resource_name = "{{ cookiecutter.__child_url }}"
    _relationships = (
        Relationship(
            "{{ cookiecutter.__parent_snake }}",
            relation="{{ cookiecutter.parent_resource }}Resource",
            property_map={"{{ cookiecutter.__parent_fk }}": "id"},
            remove_properties=False,
        ),
    )


class Index(Resource):
    """``GET {prefix}/``: where a client starts, with a link to each collection."""

    resource_name = "index"
    base_url = "/"
    _links = (
        Relationship(
            "{{ cookiecutter.__parent_url }}",
            relation="{{ cookiecutter.parent_resource }}Resource",
            no_pks=True,
            templated=True,
        ),
        Relationship(
            "{{ cookiecutter.__child_url }}",
            relation="{{ cookiecutter.child_resource }}Resource",
            no_pks=True,
            templated=True,
        ),
    )

    @apimethod(methods=["GET"])
    def index(cls, request):
        return cls(meta={"links": {link.name: {} for link in cls._links}})

    @property
    def url(self):
        return "/"
