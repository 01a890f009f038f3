"""What ``flask scaffold`` and ``flask readme`` know of a project: its resources, as the running app has them.

The app says which resources there are and how they relate (the index's
collections, their models' relationships and columns), and what fields
each has (``fields_of``: its model's columns and many-to-many
relationships, read back into the dicts of ``specs.parse_fields``); the
files say where each is declared (``sources.py``).  Nothing here touches
the database.
"""

import datetime
import decimal
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipDirection
from sqlalchemy.sql.elements import False_, TextClause, True_
from sqlalchemy.sql.functions import FunctionElement

from .. import fields, types
from ..managers.links import declared_parent
from . import specs


class Refusal(Exception):
    """Why the command writes nothing, in one sentence."""


@dataclass(frozen=True)
class Project:
    """A project as the command reads it.

    ``resources`` are those of the index, by class name, as ``specs.Resource``
    with their fields (``fields_of``);
    ``attributes`` the names on each of their models, columns and
    relationships; ``resource_attributes`` those on each resource class;
    ``unusual`` the words saying that a resource's table or URL is not the
    one its class name makes (written by hand, say): the commands add
    nothing under it, to it or referring to it, which ``unusual_problem``
    says in a sentence.
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

    def unusual_problem(self, name, doing):
        """The sentence refusing ``doing`` ("adds resources only under") the resource ``name``, or None."""
        if name not in self.unusual:
            return None
        return f"{self.unusual[name]}: the command {doing} resources whose names are the ones it makes."


def read(app):
    """The project that ``app`` (made by its ``create_app``) serves."""
    api = app.extensions["api"]
    accounts = app.extensions.get("accounts")
    workspace_table = accounts.workspace.__table__ if accounts is not None else None
    account = accounts.model if accounts is not None else None
    collections = {collection.model: collection for collection in api.index.collections}
    resources, attributes, resource_attributes, unusual = {}, {}, {}, {}
    for model, collection in collections.items():
        names = specs.Names(model.__name__)
        resources[model.__name__] = _resource(model, names, collections, workspace_table, account)
        if model.__table__.name != names.snake or collection.resource_name != names.url:
            unusual[model.__name__] = (
                f'The resource {collection.__name__} serves the table "{model.__table__.name}" at '
                f'"{collection.resource_name}", not "{names.snake}" at "{names.url}"'
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


def _resource(model, names, collections, workspace_table, account):
    """A resource of the index: its fields, the one it is under, those under it, whether a workspace owns it.

    Its parent is the one it is declared under (``links.declared_parent``:
    a required foreign key deleted with it), never a row it refers to.
    """
    parent = _parent(model, collections)
    children = [
        relationship.mapper.class_
        for relationship in inspect(model).relationships
        if relationship.direction is RelationshipDirection.ONETOMANY
        and relationship.mapper.class_ in collections
        and _parent(relationship.mapper.class_, collections) is model
    ]
    owned = workspace_table is not None and any(
        key.column.table is workspace_table
        for column in model.__table__.columns
        for key in column.foreign_keys
    )
    return specs.Resource(
        names,
        tuple(fields_of(model, parent, frozenset(collections), account)),
        parent=specs.Names(parent.__name__) if parent else None,
        children=tuple(specs.Names(child.__name__) for child in children),
        owned=owned,
        in_workspaces=workspace_table is not None,
    )


def _parent(model, collections):
    """The model of the resource ``model`` is declared under, or None."""
    relationship = declared_parent(model)
    return relationship.mapper.class_ if relationship and relationship.mapper.class_ in collections else None


# The spec type of each field the API reads a column as (fields.field_for_column); a StringField is a
# string, or text without a length.
_SPEC_TYPES = {
    fields.EnumField: "enum",
    fields.IntegerField: "integer",
    fields.FloatField: "float",
    fields.DecimalField: "decimal",
    fields.BooleanField: "boolean",
    fields.DateField: "date",
    fields.DateTimeField: "datetime",
}
# The database's functions that give the time of the insert, as a default.
_NOW_FUNCTIONS = frozenset({"now", "current_date", "current_timestamp"})


def fields_of(model, parent=None, targets=frozenset(), account=None):
    """The fields of ``model``'s columns, in order, then of its many-to-many, as ``specs.parse_fields`` gives.

    Every column the API shows is one, but the primary key, the foreign key
    to ``parent`` (the model it is under) and the columns the machinery
    declares, hidden or set by creates alone (the workspace column of
    sign-in).  Types are read as the API reads them
    (``fields.field_for_column``), defaults into the forms a spec gives
    them; a default no spec writes (a function of the team's) is ``None``
    with ``computed_default`` set, which the README says is there.  A
    foreign key ``*_id`` to a model of ``targets`` (the resources') is a
    ``ref``; a relationship through an association table to one is a ``refs``.
    So is one to ``account``, the account model of sign-in, marked with its
    table (``target_table``): a member of the row's workspace.
    """
    declared, links = [], _foreign_keys(model, parent)
    indexed = _sort_indexed(model, links)
    for column in model.__table__.columns:
        if column.primary_key or _machinerys(column) or column.key in links:
            continue
        target = _target(column, targets | {account} if account is not None else targets)
        field = {"name": column.key, **_type_of(column)} if target is None else _reference(column.key, target)
        if target is not None and target is account:
            field["target_table"] = specs.ACCOUNT_TABLE
        field.update(unique=fields.is_unique(column), indexed=column.key in indexed, optional=column.nullable)
        try:
            field["default"] = _default(column, field)
        except _Undescribed:  # the README says only that there is one
            field.update(default=None, computed_default=True)
        declared.append(field)
    for relationship in inspect(model).relationships:
        if relationship.secondary is not None and relationship.mapper.class_ in targets:
            field = _reference(f"{specs.singularize(relationship.key)}_ids", relationship.mapper.class_)
            field.update(
                name=relationship.key, type="refs", unique=False, indexed=False, optional=True, default=None
            )
            declared.append(field)
    return declared


def _sort_indexed(model, parent_keys):
    """The names of the columns of ``model`` declared with ``^``: each has an index on it and the id.

    After the parent's foreign key (``parent_keys``) under a parent, as ``Resource.sort_index`` makes it.
    """
    leading = sorted(parent_keys)
    named = ([column.key for column in index.columns] for index in model.__table__.indexes)
    return {
        names[-2]
        for names in named
        if len(names) == len(leading) + 2 and names[: len(leading)] == leading and names[-1] == "id"
    }


def _machinerys(column):
    return column.info.get("hidden") or column.info.get("create_only")


def _target(column, targets):
    """The model of ``targets`` that a column ``*_id`` refers to, a ref's target; else None."""
    keys = list(column.foreign_keys)
    if len(keys) != 1 or not column.key.endswith("_id"):
        return None
    return next((model for model in targets if model.__table__ is keys[0].column.table), None)


def _reference(key, target):
    """What a reference's field holds but its name and modifiers: a ``ref``'s, until told otherwise."""
    blank = dict.fromkeys(("length", "precision", "scale", "values"))
    return {"name": key.removesuffix("_id"), "type": "ref", **blank, "target": target.__name__, "key": key}


def _foreign_keys(model, parent):
    """The names of the columns by which ``model``'s rows refer to ``parent``'s (none without a parent)."""
    relationship = declared_parent(model)
    if parent is None or relationship is None or relationship.mapper.class_ is not parent:
        return set()
    return {column.key for column in relationship.local_columns}


def _type_of(column):
    """The column's type as a spec names it, with its length, precision and scale or values."""
    try:
        field = fields.field_for_column(column)
    except TypeError as error:
        raise Refusal(str(error)) from None
    kind = _SPEC_TYPES.get(type(field))
    if type(field) is fields.StringField:
        kind = "text" if field.maximum is None else "string"
    return {
        "type": kind,
        "length": field.maximum if kind == "string" else None,
        "precision": field.precision if kind == "decimal" else None,
        "scale": field.scale if kind == "decimal" else None,
        "values": list(field.options) if kind == "enum" else None,
    }


def _default(column, field):
    """What a create that leaves the column out gives it, as a spec's default is written; None for nothing."""
    default = column.default if column.default is not None else column.server_default
    if default is None:
        return None
    if field["type"] == "ref":  # a reference takes no default in a spec
        raise _Undescribed
    value = getattr(default, "arg", None)
    value = getattr(value, "__wrapped__", value)  # a callable, as SQLAlchemy wraps it
    if value is types.utcnow or value is types.today:
        return specs.NOW
    if isinstance(value, FunctionElement) and value.name.lower() in _NOW_FUNCTIONS:
        return specs.NOW
    if isinstance(value, TextClause):
        value = value.text
    if field["type"] in ("string", "text", "enum") and isinstance(value, str):
        return value  # any text: a spec's grammar is narrower than a model's
    text = _default_text(value, field["type"])
    if text is None:
        raise _Undescribed
    try:
        return specs.parse_default(field, text, f'The column "{column.table.name}.{column.key}"')
    except specs.FieldSpecError:
        raise _Undescribed from None


class _Undescribed(Exception):
    """A default that no field spec writes: a function, or a value a spec would refuse."""


def _default_text(value, kind):
    """A default as a spec would write it (``=text``), or None when it is not a plain value."""
    if isinstance(value, True_ | False_):  # sa.true(), sa.false()
        value = isinstance(value, True_)
    if kind == "boolean" and isinstance(value, str) and value in ("1", "0"):  # a server default on SQLite
        value = value == "1"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    return value if isinstance(value, str) else None
