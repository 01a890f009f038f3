"""The base manager: how a resource reads and writes the rows of its model."""

from functools import cache, lru_cache

from ripozo.exceptions import NotFoundException
from ripozo_sqlalchemy import AlchemyManager, db_access_point
from sqlalchemy import bindparam, inspect, select, tuple_
from sqlalchemy.orm import ColumnProperty, object_session, with_parent

from . import pagination
from .caching import cached_classproperty
from .errors import FieldError
from .fields import IntegerField, field_for_column, json_value

# Values that JSON takes as they are; anything else goes through json_value.
_JSON_TYPES = frozenset((str, int, bool, float, type(None)))


class Manager(AlchemyManager):
    """An AlchemyManager that validates strictly, orders its lists and bounds every query.

    ``CollectionResource`` makes one for its ``model``; subclass it, and set
    the resource's ``manager_class``, to change how rows are read or written.

    The field lists follow from the model's columns: every column is shown,
    and every column but the primary key is set by creates and updates.  A
    column with ``info={"hidden": True}`` is neither (auth's owner column).
    ``embedded`` names the to-many relationships whose first page of
    primary keys a row shows.  Override ``fields``, ``list_fields``,
    ``create_fields`` or ``update_fields`` to show or accept less.

    Lists are ordered by primary key and paginated by cursor: ``after``
    and ``before``, and ``count`` (at most ``max_page_size``); see
    pagination.py.  Reads cost one statement for a
    row or a page of rows, and one more for each embedded relationship:
    the statements are built once per class and select only the columns
    that are serialised.  Writes flush and serialise before they commit,
    so nothing is read back afterwards.
    """

    embedded = ()
    paginate_by = 20
    max_page_size = 100

    @cached_classproperty
    def fields(cls):
        return (*_primary_key_names(cls.model), *cls.create_fields, *(f"{name}.id" for name in cls.embedded))

    @cached_classproperty
    def list_fields(cls):
        return (*_primary_key_names(cls.model), *cls.create_fields)

    @cached_classproperty
    def create_fields(cls):
        return tuple(
            column.key
            for column in cls.model.__table__.columns
            if not column.primary_key and not column.info.get("hidden")
        )

    @cached_classproperty
    def update_fields(cls):
        return cls.create_fields

    @cached_classproperty
    def field_validators(cls):
        return [cls.get_field_type(name) for name in cls.fields]

    @cached_classproperty
    def noun(cls):
        """What a client calls one row, in messages: ``book shelf`` for the table ``book_shelf``."""
        return cls.model.__table__.name.replace("_", " ")

    @classmethod
    def get_field_type(cls, name):
        if "." in name:  # a related field such as "children.id": read only
            return IntegerField(name)
        return field_for_column(cls.model.__table__.columns[name])

    @db_access_point
    def create(self, session, values, *args, **kwargs):
        self._check_values(session, values, self.create_fields)
        model = self._set_values_on_model(self.model(), values, fields=self.create_fields)
        session.add(model)
        return self._commit(session, model)

    @db_access_point
    def update(self, session, lookup_keys, updates, *args, **kwargs):
        self._check_values(session, updates, self.update_fields)
        model = self._get_model(lookup_keys, session)
        self._set_values_on_model(model, updates, fields=self.update_fields)
        return self._commit(session, model)

    def _commit(self, session, model):
        session.flush()
        serialized = self.serialize_model(model)
        session.commit()
        return serialized

    @db_access_point
    def check_exists(self, session, lookup_keys):
        """The row, or NotFoundException: while it is referenced, the session finds it without a query."""
        return self._get_model(lookup_keys, session)

    def _get_model(self, lookup_keys, session):
        names = _primary_key_names(self.model)
        key = tuple(lookup_keys.get(name) for name in names)
        model = session.get(self.model, key) if None not in key and len(lookup_keys) == len(names) else None
        if model is None:
            described = ", ".join(f"the {name} {value}" for name, value in lookup_keys.items())
            raise NotFoundException(f"No {self.noun} has {described or 'that key'}.")
        return model

    @db_access_point
    def retrieve_list(self, session, filters, *args, **kwargs):
        """One page of rows in primary key order, and the links to the pages beside it.

        The page after a cursor is read with ``WHERE key > :after ORDER BY
        key LIMIT count + 1``, the page before one backwards, so that every
        page costs the same at any depth (pagination.py).
        """
        filters = dict(filters)
        keys = _primary_key_names(self.model)
        page = pagination.read(filters, keys, self.paginate_by, self.max_page_size)
        for name in filters:
            if name not in self.list_fields:
                allowed = ", ".join(self.list_fields)
                raise FieldError(name, f'Cannot filter by "{name}"; filter by one of: {allowed}.')
        names = _list_columns(type(self))
        direction = "before" if page.before else "after" if page.after else "offset"
        dialect = _dialect(session, self.model)
        statement = _list_statement(self.model, tuple(sorted(filters)), names, direction, dialect)
        params = {f"filter_{name}": value for name, value in filters.items()}
        params.update({f"cursor_{key}": value for key, value in (page.before or page.after or {}).items()})
        params.update(offset=(page.number - 1) * page.count, limit=page.count + 1)
        rows = session.execute(statement, params).all()
        more = len(rows) > page.count
        rows = rows[: page.count]
        if page.before:
            rows.reverse()
        items = _serialize_rows(names, rows)
        filters = {name: _json_safe(value) for name, value in filters.items()}  # as the links repeat them
        first = {key: items[0][key] for key in keys} if items else page.after
        last = {key: items[-1][key] for key in keys} if items else page.before
        has_next = more if not page.before else last is not None
        has_previous = more if page.before else bool(page.after or page.number > 1) and first is not None
        links = {
            "next": dict(filters, count=page.count, after=pagination.encode(last)) if has_next else None,
            "previous": dict(filters, count=page.count, before=pagination.encode(first))
            if has_previous
            else None,
        }
        position = {
            name: pagination.encode(value)
            for name, value in (("after", page.after), ("before", page.before))
            if value
        }
        meta = {"links": links, "filters": dict(filters, count=page.count, **position)}
        return items, meta

    def serialize_model(self, model, field_dict=None):
        """Serialise like ripozo, but load one ordered page of a to-many relationship."""
        if model is None:
            return None
        if isinstance(model, list):
            return [self.serialize_model(item, field_dict) for item in model]
        serialized = {}
        for name, sub_fields in (field_dict or _field_dict(type(self))).items():
            if sub_fields is None:
                serialized[name] = _json_safe(getattr(model, name))
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
        names = _plain_columns(target.class_, tuple(sub_fields))
        if names is None:  # nested relationships: serialise ORM objects
            statement = (
                select(target.class_).where(with_parent(model, attribute)).order_by(*target.primary_key)
            )
            return self.serialize_model(session.scalars(statement.limit(self.paginate_by)).all(), sub_fields)
        foreign_key = _indexed_foreign_key(attribute)
        if foreign_key is not None:  # the first page of the list filtered by it, read the same way
            (parent_id,) = inspect(model).identity
            dialect = _dialect(session, target)
            statement = _list_statement(target.class_, (foreign_key,), names, "offset", dialect)
            params = {f"filter_{foreign_key}": parent_id, "offset": 0, "limit": self.paginate_by}
        else:
            statement = _related_statement(attribute, names)
            keys = (f"parent_{name}" for name in _primary_key_names(type(model)))
            params = dict(zip(keys, inspect(model).identity, strict=True), limit=self.paginate_by)
        return _serialize_rows(names, session.execute(statement, params).all())

    def _check_values(self, session, values, allowed):
        """Reject unknown fields, nulls in required columns and references to missing rows."""
        columns = self.model.__table__.columns
        for name, value in values.items():
            if name not in allowed:
                settable = ", ".join(allowed)
                raise FieldError(name, f'The field "{name}" cannot be set; settable fields are: {settable}.')
            column = columns[name]
            if value is None and not column.nullable:
                raise FieldError(name, f'The field "{name}" cannot be null.')
            for foreign_key in column.foreign_keys:
                if not _row_exists(session, self.model.registry, foreign_key.column, value):
                    target = foreign_key.column.table.name.replace("_", " ")
                    message = f'The field "{name}" refers to {target} {value}, which does not exist.'
                    raise FieldError(name, message)


# What does not change from one request to the next, worked out once for each class.


@cache
def _primary_key_names(model_class):
    mapper = model_class.__mapper__
    return tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)


@cache
def _field_dict(manager_class):
    return AlchemyManager.dot_field_list_to_dict(manager_class, manager_class.fields)


@cache
def _list_columns(manager_class):
    names = _plain_columns(manager_class.model, tuple(manager_class.list_fields))
    if names is None:
        raise TypeError(f"{manager_class.__name__}.list_fields must name columns of its model.")
    return names


@cache
def _plain_columns(model_class, names):
    """``names`` if each is a plain column of the model, else None."""
    properties = model_class.__mapper__.attrs
    for name in names:
        if name not in properties or not isinstance(properties[name], ColumnProperty):
            return None
        if len(properties[name].columns) != 1:
            return None
    return names


# A list's statement depends on which filters a request sends: a client
# could ask for each of their 2^fields sets, so the cache keeps the latest.


@lru_cache(maxsize=256)
def _list_statement(model_class, filter_names, names, direction, dialect):
    """SELECT the named columns WHERE each filter matches, one page in primary key order.

    ``direction`` is ``after`` (keys above a cursor), ``before`` (keys below
    one, read backwards) or ``offset`` (the first pages, by OFFSET).

    A filter on a column that leads an index on (column, primary key), such
    as a foreign key's, orders by both and bounds the column on each side,
    so that the database reads the page from that index at any depth:
    written ``column = :value ORDER BY key``, PostgreSQL may walk the
    primary key past every other parent's rows when one parent holds most
    of them.  From a cursor, PostgreSQL seeks with a row value, ``(column,
    key) > (:value, :cursor)``; SQLite's planner seeks only with ``column =
    :value AND key > :cursor``.
    """
    statement = select(*(getattr(model_class, name) for name in names))
    keys = order = list(model_class.__mapper__.primary_key)
    cursor = [bindparam(f"cursor_{name}") for name in _primary_key_names(model_class)]
    leading = _leading_filter(model_class, filter_names)
    for name in filter_names:
        if name != leading:
            statement = statement.where(getattr(model_class, name) == bindparam(f"filter_{name}"))
    if leading is not None:
        column, value = getattr(model_class, leading), bindparam(f"filter_{leading}")
        order = [column, *keys]
        if direction == "offset":
            statement = statement.where(column >= value, column <= value)
        elif dialect == "sqlite":
            statement = statement.where(column == value)
        else:
            keys, cursor = order, [value, *cursor]
            statement = statement.where(column <= value if direction == "after" else column >= value)
    key = tuple_(*keys) if len(keys) > 1 else keys[0]
    cursor = tuple_(*cursor) if len(cursor) > 1 else cursor[0]
    if direction == "after":
        statement = statement.where(key > cursor)
    elif direction == "before":
        statement = statement.where(key < cursor).order_by(*(column.desc() for column in order))
        return statement.limit(bindparam("limit"))
    statement = statement.order_by(*order)
    if direction == "offset":
        statement = statement.offset(bindparam("offset"))
    return statement.limit(bindparam("limit"))


def _leading_filter(model_class, filter_names):
    """The first of ``filter_names`` whose column leads an index on (that column, primary key), or None."""
    return next((name for name in filter_names if _leads_keyset_index(model_class, name)), None)


@cache
def _leads_keyset_index(model_class, name):
    table = model_class.__table__
    column = model_class.__mapper__.attrs[name].columns[0]
    return any(list(index.columns) == [column, *table.primary_key.columns] for index in table.indexes)


def _dialect(session, model_class):
    return session.get_bind(inspect(model_class).mapper).dialect.name


@cache
def _indexed_foreign_key(attribute):
    """The one foreign key behind a to-many relationship, if it leads an index on (it, primary key)."""
    parent, target = attribute.parent, attribute.property.mapper
    pairs = attribute.property.local_remote_pairs
    one_key = attribute.property.secondary is None and len(pairs) == len(parent.primary_key) == 1
    if one_key and pairs[0][0] is parent.primary_key[0]:
        foreign_key = target.get_property_by_column(pairs[0][1]).key
        if _leads_keyset_index(target.class_, foreign_key):
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
    for key, column in zip(_primary_key_names(parent.class_), parent.primary_key, strict=True):
        statement = statement.where(column == bindparam(f"parent_{key}"))
    return statement.order_by(*target.primary_key).limit(bindparam("limit"))


@cache
def _mapped_class_for_primary_key(column, registry):
    """The mapped class whose whole primary key is ``column``, or None."""
    for mapper in registry.mappers:
        if mapper.local_table is column.table and tuple(mapper.primary_key) == (column,):
            return mapper.class_
    return None


def _row_exists(session, registry, column, value):
    """Whether a row has ``value`` in ``column``: found in the session's identity map if it is there."""
    model_class = _mapped_class_for_primary_key(column, registry)
    if model_class is not None and value is not None:
        return session.get(model_class, value) is not None
    return session.scalar(select(column).where(column == value)) is not None


def _serialize_rows(names, rows):
    return [dict(zip(names, map(_json_safe, row), strict=True)) for row in rows]


def _json_safe(value):
    return value if type(value) in _JSON_TYPES else json_value(value)
