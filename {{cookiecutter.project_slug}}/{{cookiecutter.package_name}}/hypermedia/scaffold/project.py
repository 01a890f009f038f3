"""What ``flask scaffold`` knows of a project: its resources, as the running app has them, and its files.

The app says which resources there are and how they relate (the index's
collections, their models' relationships and columns); the files say where
each is declared (``sources.py``).  Nothing here touches the database.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipDirection

from . import specs


class Refusal(Exception):
    """Why the command writes nothing, in one sentence."""


@dataclass(frozen=True)
class Project:
    """A project as the command reads it.

    ``resources`` are those of the index, by class name, as ``specs.Resource``
    (without their fields, which the command never rewrites);
    ``attributes`` the names on each of their models, columns and
    relationships; ``resource_attributes`` those on each resource class;
    ``unusual`` the sentence refusing to add under a resource whose table or
    URL is not the one its class name makes (written by hand, say).
    """

    package: Path
    root: Path
    migrations: Path
    url_prefix: str
    signed_in: bool
    resources: dict
    attributes: dict
    resource_attributes: dict
    classes: frozenset
    tables: frozenset
    urls: frozenset
    unusual: dict

    def path(self, name):
        """A file of the package: ``models.py``, ``resources.py``, ``auth.py``."""
        return self.package / name


def read(app):
    """The project that ``app`` (made by its ``create_app``) serves."""
    api = app.extensions["api"]
    accounts = app.extensions.get("accounts")
    account_table = accounts.model.__table__ if accounts is not None else None
    collections = {collection.model: collection for collection in api.index.collections}
    resources, attributes, resource_attributes, unusual = {}, {}, {}, {}
    for model, collection in collections.items():
        names = specs.Names(model.__name__)
        resources[model.__name__] = _resource(model, names, collections, account_table)
        if model.__table__.name != names.snake or collection.resource_name != names.url:
            unusual[model.__name__] = (
                f'The resource {collection.__name__} serves the table "{model.__table__.name}" at '
                f'"{collection.resource_name}", not "{names.snake}" at "{names.url}": the command adds '
                "resources only under those whose names are the ones it makes."
            )
        attributes[model.__name__] = frozenset(inspect(model).attrs.keys())
        resource_attributes[model.__name__] = frozenset(dir(collection))
    registry = next(iter(collections)).registry
    return Project(
        package=Path(app.root_path),
        root=Path(app.root_path).parent,
        migrations=Path(app.extensions["migrate"].directory).resolve(),
        url_prefix=api.url_prefix,
        signed_in=accounts is not None,
        resources=resources,
        attributes=attributes,
        resource_attributes=resource_attributes,
        classes=frozenset(mapper.class_.__name__ for mapper in registry.mappers),
        tables=frozenset(registry.metadata.tables),
        urls=frozenset(collection.resource_name for collection in collections.values()),
        unusual=unusual,
    )


def _resource(model, names, collections, account_table):
    """A resource of the index: the one it is under, those under it, and whether a user owns its rows."""
    relationships = inspect(model).relationships
    parents = [
        relationship.mapper.class_
        for relationship in relationships
        if relationship.direction is RelationshipDirection.MANYTOONE
        and relationship.mapper.class_ in collections
    ]
    children = [
        relationship.mapper.class_
        for relationship in relationships
        if relationship.direction is RelationshipDirection.ONETOMANY
        and relationship.mapper.class_ in collections
    ]
    owned = account_table is not None and any(
        key.column.table is account_table for column in model.__table__.columns for key in column.foreign_keys
    )
    return specs.Resource(
        names,
        parent=specs.Names(parents[0].__name__) if parents else None,
        children=tuple(specs.Names(child.__name__) for child in children),
        owned=owned,
    )
