"""OpenAPI links: which operation a response leads to, and where the next request's ids come from.

They follow the resources' relationships, as their hypermedia links do: a
create leads to the new row's read, update and delete; a parent to its
``add_<child>`` and its filtered list of children; a child to its parent;
a delete to the read that now answers 404.  Clients that read links (and
Schemathesis's stateful phase) walk the API with them.

An id is taken from the request where it is there (``$request.path.id``),
and from a create's ``Location`` header otherwise: the body puts it
somewhere else in each representation, and a link's expression cannot
depend on the media type.  Cutting it out of the header takes a
``#regex:`` extractor, which Schemathesis defines on top of OpenAPI's
runtime expressions; other readers see a string they do not follow.
"""

from ..resources import ToOne, child_endpoints, filtered_lists

SAME_ID = "$request.path.id"
NEW_ID = "$response.header.Location#regex:/([0-9]+)/$"


def add_links(operations, resource_classes, jsonapi=False):
    """Give the operations (by operationId) of ``resource_classes`` the links between them.

    ``jsonapi``: JSON:API is served, so the lists' operations take its spellings.
    """
    for resource_class in resource_classes:
        name = resource_class.__name__
        for source, status, id_from in (("retrieve", "200", SAME_ID), ("update", "200", SAME_ID)):
            _link(operations, f"{name}__{source}", status, _item_links(resource_class, id_from, jsonapi))
        _link(operations, f"{name}__delete", "200", {"retrieve": _to(name, "retrieve", id=SAME_ID)})
        created = _item_links(resource_class, NEW_ID, jsonapi)
        columns = resource_class.model.__table__.columns
        for relation in resource_class._relationships or ():
            # The row a create's body must name (an optional reference may be left out of it).
            if isinstance(relation, ToOne) and not columns[relation.foreign_key].nullable:
                parent = relation.relation.__name__
                created[relation.name] = _to(parent, "retrieve", id=f"$request.body#/{relation.foreign_key}")
        _link(operations, f"{name}__create", "201", created)
        for endpoint, child, foreign_key in child_endpoints(resource_class):
            links = _item_links(child, NEW_ID, jsonapi)
            links[_to_one(child, foreign_key)] = _to(name, "retrieve", id=SAME_ID)
            _link(operations, f"{name}__{endpoint}", "201", links)


def _item_links(resource_class, id_from, jsonapi):
    """From a row whose id is ``id_from``: its read, update and delete, and what its children hang on.

    With ``jsonapi``, a filter is spelled as JSON:API's, as the list's operation describes it.
    """
    name = resource_class.__name__
    links = {endpoint: _to(name, endpoint, id=id_from) for endpoint in ("retrieve", "update", "delete")}
    for endpoint, _child, _foreign_key in child_endpoints(resource_class):
        links[endpoint] = _to(name, endpoint, id=id_from)
    for link_name, child, foreign_key in filtered_lists(resource_class):
        # The filter as JSON:API spells it where JSON:API is served: every representation takes that.
        spelled = f"filter[{foreign_key}]" if jsonapi else foreign_key
        links[link_name] = _to(child.__name__, "retrieve_list", **{spelled: id_from})
        if foreign_key in child.manager.create_fields:  # not a many-to-many's list: its rows are the other's
            # A create of a child in it: the body the client writes, with the parent's id put in.
            create = {"operationId": f"{child.__name__}__create", "requestBody": {foreign_key: id_from}}
            links[f"new_{child.resource_name}"] = create
    return links


def _to_one(resource_class, foreign_key):
    """The name of a resource's link to the row ``foreign_key`` refers to: ``task_board``."""
    for relation in resource_class._relationships or ():
        if isinstance(relation, ToOne) and relation.foreign_key == foreign_key:
            return relation.name
    return "parent"


def _to(resource_name, endpoint, **parameters):
    return {"operationId": f"{resource_name}__{endpoint}", "parameters": parameters}


def _link(operations, source, status, links):
    """Add ``links`` to the ``status`` response of ``source``, those whose target is served."""
    operation = operations.get(source)
    if operation is None:
        return
    served = {name: link for name, link in links.items() if link["operationId"] in operations}
    if served:
        operation["responses"][status].setdefault("links", {}).update(served)
