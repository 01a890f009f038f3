"""Serialising rows, and a to-many relationship's first page: ordered, bounded, one statement."""

from functools import cache

from ripozo_sqlalchemy import AlchemyManager
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import object_session, with_parent

from .links import linked_ids, read_ids
from .listing import first_page_statement, leads_keyset_index
from .rows import dialect, json_safe, plain_columns, primary_key_names, serialize_rows


class Related:
    """Serialises a row as ripozo does, but reads one ordered page of each to-many relationship.

    ripozo would load the whole relationship, every row of it, for each
    response.  A relationship named in ``embedded`` shows its first
    ``paginate_by`` rows in primary key order, read with one statement
    that selects only the fields shown.  Override ``serialize_model`` to
    show a row otherwise; the resource's links follow what it returns.
    """

    def serialize_model(self, model, field_dict=None):
        """Serialise like ripozo, but load one ordered page of a to-many relationship."""
        if model is None:
            return None
        if isinstance(model, list):
            return [self.serialize_model(item, field_dict) for item in model]
        serialized, linked = {}, None
        for name, sub_fields in (field_dict or _field_dict(type(self))).items():
            if name in linked_ids(type(model)):
                (row_id,) = inspect(model).identity
                linked = linked or read_ids(object_session(model), type(model), [row_id])
                serialized[name] = linked[name][row_id]
            elif sub_fields is None:
                serialized[name] = json_safe(getattr(model, name))
            else:
                serialized[name] = self._related(model, name, sub_fields)
        return serialized

    def _related(self, model, name, sub_fields):
        """The serialised related row, or the first page of related rows in primary key order."""
        attribute = getattr(type(model), name)
        relationship = attribute.property
        if not relationship.uselist:
            return self.serialize_model(getattr(model, name), sub_fields)
        session = object_session(model)
        target = relationship.mapper
        names = plain_columns(target.class_, tuple(sub_fields))
        if names is None:  # nested relationships: serialise ORM objects
            statement = (
                select(target.class_).where(with_parent(model, attribute)).order_by(*target.primary_key)
            )
            return self.serialize_model(session.scalars(statement.limit(self.paginate_by)).all(), sub_fields)
        foreign_key = _indexed_foreign_key(attribute)
        if foreign_key is not None:  # the first page of the list filtered by it, read the same way
            (parent_id,) = inspect(model).identity
            statement = first_page_statement(target.class_, foreign_key, names, dialect(session, target))
            params = {f"filter_{foreign_key}": parent_id, "offset": 0, "limit": self.paginate_by}
        else:
            statement = _related_statement(attribute, names)
            keys = (f"parent_{name}" for name in primary_key_names(type(model)))
            params = dict(zip(keys, inspect(model).identity, strict=True), limit=self.paginate_by)
        return serialize_rows(names, session.execute(statement, params).all())


@cache
def _field_dict(manager_class):
    return AlchemyManager.dot_field_list_to_dict(manager_class, manager_class.fields)


@cache
def _indexed_foreign_key(attribute):
    """The one foreign key behind a to-many relationship, if it leads an index on (it, primary key)."""
    parent, target = attribute.parent, attribute.property.mapper
    pairs = attribute.property.local_remote_pairs
    one_key = attribute.property.secondary is None and len(pairs) == len(parent.primary_key) == 1
    if one_key and pairs[0][0] is parent.primary_key[0]:
        foreign_key = target.get_property_by_column(pairs[0][1]).key
        if leads_keyset_index(target.class_, foreign_key):
            return foreign_key
    return None


@cache
def _related_statement(attribute, names):
    """SELECT the named columns of the first rows related to the parent whose primary key is bound.

    Joining from the parent keeps whatever join condition the relationship
    has.  (A plain foreign key with an index on (it, primary key) is read as
    the list it filters is instead: see ``_indexed_foreign_key``.)
    """
    parent, target = attribute.parent, attribute.property.mapper
    statement = select(*(getattr(target.class_, name) for name in names)).select_from(parent).join(attribute)
    for key, column in zip(primary_key_names(parent.class_), parent.primary_key, strict=True):
        statement = statement.where(column == bindparam(f"parent_{key}"))
    return statement.order_by(*target.primary_key).limit(bindparam("limit"))
