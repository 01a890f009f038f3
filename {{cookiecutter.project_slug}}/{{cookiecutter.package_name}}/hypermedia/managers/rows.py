"""What the manager's pieces share: a model's primary key, its plain columns, rows as JSON values."""

from functools import cache
from weakref import WeakKeyDictionary

from flask import current_app, has_app_context
from sqlalchemy import inspect
from sqlalchemy.orm import ColumnProperty

from ..fields import json_value

# Values that JSON takes as they are; anything else goes through json_value.
_JSON_TYPES = frozenset((str, int, bool, float, type(None)))
# The database's name for each model, by app (dialect).
_DIALECTS = WeakKeyDictionary()


@cache
def primary_key_names(model_class):
    mapper = model_class.__mapper__
    return tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)


@cache
def plain_columns(model_class, names):
    """``names`` if each is a plain column of the model, else None."""
    properties = model_class.__mapper__.attrs
    for name in names:
        if name not in properties or not isinstance(properties[name], ColumnProperty):
            return None
        if len(properties[name].columns) != 1:
            return None
    return names


def dialect(session, model_class):
    """The name of the database the model's rows are in: ``sqlite`` or ``postgresql``.

    Found once for each app and model: finding the session's bind costs as
    much as serialising a page's rows.
    """
    if not has_app_context():
        return _bind_dialect(session, model_class)
    names = _DIALECTS.setdefault(current_app._get_current_object(), {})
    name = names.get(model_class)
    if name is None:
        name = names[model_class] = _bind_dialect(session, model_class)
    return name


def _bind_dialect(session, model_class):
    return session.get_bind(inspect(model_class).mapper).dialect.name


def serialize_rows(names, rows):
    return [dict(zip(names, map(json_safe, row), strict=True)) for row in rows]


def json_safe(value):
    return value if type(value) in _JSON_TYPES else json_value(value)
