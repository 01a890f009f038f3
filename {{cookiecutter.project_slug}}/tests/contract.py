"""Every collection the index lists, as the resources and models declare it: what the contract tests run over.

A resource added after the first two (``flask scaffold``) is one more
collection here, with no test written for it: ``test_contract.py`` checks
each one, at whatever depth it is, from its resource class and its model.
"""

import inspect
from dataclasses import dataclass

from sqlalchemy import insert

from {{ cookiecutter.package_name }} import models, resources
from {{ cookiecutter.package_name }}.api import URL_PREFIX
from {{ cookiecutter.package_name }}.hypermedia import ManyToMany, ToMany, ToOne, pagination
from {{ cookiecutter.package_name }}.hypermedia.managers.links import declared_parent

from . import samples

db = models.db


def cursor(row_id):
    """The cursor of a row, as the API's links carry it."""
    return pagination.encode({"id": row_id})


@dataclass(frozen=True)
class Collection:
    """A collection: its resource and model, the collection it is under (if any) and how a row is added there.

    ``name`` is its URL segment and its type in every representation,
    ``foreign_key`` its column that refers to its parent's row, ``link`` its
    link to it, ``add_route`` the parent's route that adds a row of it, and
    ``embedded`` the relationships whose first page each of its rows embeds.
    ``references`` are its other to-one links, ``(link, foreign key, target
    resource, required, refuses)``: ``refuses``, whether the target's delete
    is refused while the row refers to it (else it sets the reference to
    null); ``many`` its many-to-manys, ``(link, field of ids, target resource)``.
    """

    resource: type
    parent: "Collection | None"
    foreign_key: str | None
    link: str | None
    add_route: str | None
    references: tuple = ()
    many: tuple = ()

    @property
    def name(self):
        return self.resource.resource_name

    @property
    def url(self):
        return f"{URL_PREFIX}/{self.name}/"

    @property
    def model(self):
        return self.resource.model

    @property
    def columns(self):
        return samples.settable(self.model)

    @property
    def embedded(self):
        relationships = self.resource._relationships or ()
        return tuple(relation.name for relation in relationships if isinstance(relation, ToMany))

    @property
    def noun(self):
        """What error messages call one row."""
        return self.model.__table__.name.replace("_", " ")

    @property
    def depth(self):
        return 0 if self.parent is None else self.parent.depth + 1

    def __str__(self):
        return self.name


def _collections():
    """The index's collections, each knowing the one it is under."""
    found = {}

    def collection(resource):
        if resource.__name__ not in found:
            relationships = resource._relationships or ()
            declared = declared_parent(resource.model)
            parent_key = next(iter(declared.local_columns)).key if declared is not None else None
            to_one = next((link for link in relationships if _refers(link, parent_key)), None)
            parent = collection(to_one.relation) if to_one else None
            add_route = _add_route(parent.resource, resource) if parent else None
            foreign_key, link = (to_one.foreign_key, to_one.name) if to_one else (None, None)
            columns = resource.model.__table__.columns
            references = tuple(
                (link.name, link.foreign_key, link.relation, *_reference_kind(columns[link.foreign_key]))
                for link in relationships
                if isinstance(link, ToOne) and link is not to_one
            )
            many = tuple(
                (link.name, link.ids, link.relation) for link in relationships if isinstance(link, ManyToMany)
            )
            found[resource.__name__] = Collection(
                resource, parent, foreign_key, link, add_route, references, many
            )
        return found[resource.__name__]

    return tuple(collection(resource) for resource in resources.Index.collections)


def _reference_kind(column):
    """(required, refuses): whether a row needs the reference, and whether it keeps its target's delete."""
    (key,) = column.foreign_keys
    return not column.nullable, (key.ondelete or "NO ACTION").upper() in ("NO ACTION", "RESTRICT")


def _refers(link, parent_key):
    return isinstance(link, ToOne) and link.foreign_key == parent_key


def _add_route(parent, child):
    """The route of the parent's endpoint that adds a row of ``child``: ``addtask``."""
    for name, routes in parent.endpoint_dictionary().items():
        if getattr(inspect.getattr_static(parent, name), "relation", None) == child.__name__:
            return routes[0]["route"].rstrip("/").rpartition("/")[2]
    raise LookupError(f"{parent.__name__} has no endpoint that adds a {child.__name__}.")


COLLECTIONS = _collections()
# The collections under another: those a parent's row embeds, lists and adds rows to.
UNDER_A_PARENT = tuple(collection for collection in COLLECTIONS if collection.parent is not None)
# The collections with rows under theirs.
WITH_CHILDREN = tuple({collection.parent.name: collection.parent for collection in UNDER_A_PARENT}.values())
# (collection, reference) and (collection, many-to-many) of every collection that has one.
REFERENCES = tuple(
    (collection, reference) for collection in COLLECTIONS for reference in collection.references
)
MANY = tuple((collection, many) for collection in COLLECTIONS for many in collection.many)


def collection_of(resource):
    """The collection a resource class serves."""
    return next(collection for collection in COLLECTIONS if collection.resource is resource)


# (collection, field, the collection it refers to, whether it holds many ids) of every field that refers to
# rows: a parent's key, a reference's and a many-to-many's ids.
REFERRING_FIELDS = (
    *((collection, collection.foreign_key, collection.parent, False) for collection in UNDER_A_PARENT),
    *((collection, key, collection_of(target), False) for collection, (_, key, target, _, _) in REFERENCES),
    *((collection, ids, collection_of(target), True) for collection, (_, ids, target) in MANY),
)


def children_of(collection):
    return [other for other in COLLECTIONS if other.parent is collection]


def create(api, collection, n=0, under=None, **fields):
    """A row of ``collection`` made through the API, its properties; its parent's row too, unless ``under``.

    A row under a parent is added at the parent's add route (``under`` is
    the parent's id), so that each ancestor is made first; so is the row of
    each required reference, unless ``fields`` names it, in the same
    workspace if ``fields`` names one.
    """
    url, values = create_request(api, collection, n, under, **fields)
    response, body = api.post(url, values, collection.name)
    assert response.status_code == 201, body
    return api.properties(body)


def create_request(api, collection, n=0, under=None, **fields):
    """Where ``create`` sends a new row of ``collection``, and what; ``api`` makes the rows it needs first."""
    workspace = {"workspace_id": fields["workspace_id"]} if "workspace_id" in fields else {}
    values = {**samples.values(collection.model, n), **fields}
    for _, foreign_key, target, required, _ in collection.references:
        if required and foreign_key not in values:
            values[foreign_key] = create(api, collection_of(target), n, **workspace)["id"]
    if collection.parent is None:
        return collection.url, values
    values.pop("workspace_id", None)  # a row under a parent is in its parent's workspace
    parent_id = under if under is not None else create(api, collection.parent, n, **workspace)["id"]
    return f"{collection.parent.url}{parent_id}/{collection.add_route}/", values


def write_rows(app, collection, count, numbers, workspace_id=None):
    """``count`` rows of ``collection`` written directly, under a new row of each ancestor: (parent id, ids).

    ``numbers`` gives each row its sample values, different for every row
    so that unique columns never clash; ``workspace_id`` owns the rows at the top.
    """
    with app.app_context():
        parent_id, ids = _insert_under_ancestors(collection, count, numbers, workspace_id)
        db.session.commit()
        return parent_id, ids


def _insert_under_ancestors(collection, count, numbers, workspace_id):
    parent_id = None
    for ancestor in reversed(_ancestors(collection)):
        (parent_id,) = _insert(ancestor, 1, numbers, parent_id, workspace_id)
    return parent_id, _insert(collection, count, numbers, parent_id, workspace_id)


def _insert(collection, count, numbers, parent_id, workspace_id):
    """Insert ``count`` rows of ``collection`` under the row ``parent_id``: their ids, in order."""
    extra = {collection.foreign_key: parent_id} if collection.parent is not None else {}
    if workspace_id is not None and collection.parent is None:
        extra["workspace_id"] = workspace_id
    for _, foreign_key, target, required, _ in collection.references:
        if required:  # one row of the target for all of them, under its own ancestors
            _, (row_id,) = _insert_under_ancestors(collection_of(target), 1, numbers, workspace_id)
            extra[foreign_key] = row_id
    rows = [{**samples.row(collection.model, next(numbers)), **extra} for _ in range(count)]
    inserted = db.session.scalars(insert(collection.model).returning(collection.model.id), rows)
    return sorted(inserted)


def _ancestors(collection):
    ancestors, parent = [], collection.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    return ancestors
