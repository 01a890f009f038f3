"""ripozo resources: the endpoints of the API and the links between them."""

from functools import cache
from urllib.parse import urlencode

from ripozo import ListRelationship, Relationship, ResourceBase, apimethod, restmixins, translate
from ripozo.decorators import classproperty, manager_translate
from ripozo.resources.resource_base import _generate_endpoint_dict

from .managers import {{ [cookiecutter.parent_resource ~ "Manager", cookiecutter.child_resource ~ "Manager"] | sort | join(", ") }}, session_handler

# The fields a client sends to the add-child endpoint; the URL names the parent.
ADD_FIELDS = ("title", "description", "completed")


class Resource(ResourceBase):
    """Links end in a slash, as routes do, and query strings are URL-encoded."""

    __abstract__ = True
    append_slash = True

    @classmethod
    def endpoint_dictionary(cls):
        return _endpoints(cls)

    @property
    def query_string(self):
        return urlencode(self.get_query_arg_dict())


class ToMany(ListRelationship):
    """A list of related resources, left out where the property is missing.

    ripozo's ListRelationship gives every resource an empty list instead:
    each item of a collection would carry an empty list of items.
    """

    def construct_resource(self, properties):
        if self.name not in properties:
            return None
        return super().construct_resource(properties)


@cache
def _endpoints(resource_class):
    """ripozo inspects every method of a resource for each response; once is enough."""
    return _generate_endpoint_dict(resource_class)


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

    @classproperty
    def list_query_args(cls):
        manager = cls.manager
        return (*manager.list_fields, manager.pagination_pk_query_arg, manager.pagination_count_query_arg)

    @classproperty
    def relationships(cls):
        items = ToMany(cls.resource_name, relation=cls.__name__, embedded=True)
        return (*(cls._relationships or ()), items)

    @classproperty
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
        """Create a {{ cookiecutter.child_resource }} in this {{ cookiecutter.parent_resource }}, or answer 404 if it does not exist."""
        cls.manager.retrieve(request.url_params)
        body = request.body_args
        body["{{ cookiecutter.__parent_fk }}"] = request.get("id")
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
        Relationship("{{ cookiecutter.__parent_url }}", relation="{{ cookiecutter.parent_resource }}Resource", no_pks=True, templated=True),
        Relationship("{{ cookiecutter.__child_url }}", relation="{{ cookiecutter.child_resource }}Resource", no_pks=True, templated=True),
    )

    @apimethod(methods=["GET"])
    def index(cls, request):
        return cls(meta={"links": {link.name: {} for link in cls._links}})

    @property
    def url(self):
        return "/"
