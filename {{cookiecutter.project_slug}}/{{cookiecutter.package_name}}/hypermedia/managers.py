"""The base manager: how a resource reads and writes the rows of its model."""

from functools import cache

from ripozo.exceptions import NotFoundException
from ripozo_sqlalchemy import AlchemyManager, db_access_point
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import ColumnProperty, object_session, with_parent

from .caching import cached_classproperty
from .errors import FieldError
from .fields import IntegerField, Text, field_for_column, json_value

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

    Lists are ordered by primary key and paginated with ``page`` and
    ``count`` (at most ``max_page_size``).  Reads cost one statement for a
    row or a page of rows, and one more for each embedded relationship:
    the statements are built once per class and select only the columns
    that are serialised.  Writes flush and serialise before they commit,
    so nothing is read back afterwards.
    """

    embedded = ()
    pagination_pk_query_arg = "page"
    pagination_count_query_arg = "count"
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
        filters = dict(filters)
        page = _positive_int(filters.pop(self.pagination_pk_query_arg, 1), self.pagination_pk_query_arg)
        count = _positive_int(
            filters.pop(self.pagination_count_query_arg, self.paginate_by),
            self.pagination_count_query_arg,
            maximum=self.max_page_size,
        )
        for name in filters:
            if name not in self.list_fields:
                allowed = ", ".join(self.list_fields)
                raise FieldError(name, f'Cannot filter by "{name}"; filter by one of: {allowed}.')
        names = _list_columns(type(self))
        statement = _list_statement(self.model, tuple(sorted(filters)), names)
        params = {f"filter_{name}": value for name, value in filters.items()}
        rows = session.execute(statement, dict(params, offset=(page - 1) * count, limit=count + 1)).all()
        filters = {name: _json_safe(value) for name, value in filters.items()}  # as the links repeat them
        links = {
            "next": dict(filters, page=page + 1, count=count) if len(rows) > count else None,
            "previous": dict(filters, page=page - 1, count=count) if page > 1 else None,
        }
        meta = {"links": links, "filters": dict(filters, page=page, count=count)}
        return _serialize_rows(names, rows[:count]), meta

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
        keys = (f"parent_{name}" for name in _primary_key_names(type(model)))
        params = dict(zip(keys, inspect(model).identity, strict=True), limit=self.paginate_by)
        return _serialize_rows(names, session.execute(_related_statement(attribute, names), params).all())

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


def _positive_int(value, name, maximum=None):
    number = IntegerField(name).translate(Text(value) if isinstance(value, str) else value)
    if number < 1 or (maximum is not None and number > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise FieldError(name, f'The query parameter "{name}" must be at least 1{upper}.')
    return number


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


# The statements are cached by model and by the set of filter names, which
# come from the model's columns: a bounded number of entries.


@cache
def _list_statement(model_class, filter_names, names):
    """SELECT the named columns WHERE each filter matches, in primary key order, one page."""
    statement = select(*(getattr(model_class, name) for name in names))
    for name in filter_names:
        statement = statement.where(getattr(model_class, name) == bindparam(f"filter_{name}"))
    statement = statement.order_by(*model_class.__mapper__.primary_key)
    return statement.offset(bindparam("offset")).limit(bindparam("limit"))


@cache
def _related_statement(attribute, names):
    """SELECT the named columns of the rows related to the parent whose primary key is bound.

    Joining from the parent keeps whatever join condition the relationship has.
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
