"""Managers: how each resource reads and writes its rows."""

from functools import cache

{% if cookiecutter.auth != "none" -%}
from flask import has_app_context
{% endif -%}
from ripozo.exceptions import NotFoundException, ValidationException
from ripozo.utilities import make_json_safe
from ripozo_sqlalchemy import AlchemyManager, SessionHandler, db_access_point
from sqlalchemy import bindparam, {{ "event, " if cookiecutter.auth != "none" }}inspect, select
from sqlalchemy.orm import ColumnProperty, {{ "Session, with_loader_criteria, " if cookiecutter.auth != "none" }}with_parent

{% if cookiecutter.auth != "none" -%}
from .auth import current_user
{% endif -%}
from .fields import IntegerField, field_for_column
from .models import {{ [cookiecutter.parent_resource, cookiecutter.child_resource] | sort | join(", ") }}, db

session_handler = SessionHandler(db.session)

# Values that JSON takes as they are; anything else goes through ripozo's make_json_safe.
_JSON_TYPES = frozenset((str, int, bool, float, type(None)))


class Manager(AlchemyManager):
    """An AlchemyManager that validates strictly, orders its lists and bounds every query.

    Lists are ordered by primary key and paginated with ``page`` and
    ``count`` (at most ``max_page_size``); a to-many relationship in
    ``fields`` embeds at most one page of related rows.

    Reads cost one statement for a row or a page of rows, and one more for
    each embedded to-many relationship: the statements are built once per
    class, and select only the columns that are serialised.  Writes flush
    and serialise before they commit, so nothing is read back afterwards.
    """

    pagination_pk_query_arg = "page"
    pagination_count_query_arg = "count"
    paginate_by = 20
    max_page_size = 100

    @classmethod
    def get_field_type(cls, name):
        if "." in name:  # a related field such as "children.id": read only
            return IntegerField(name)
        return field_for_column(cls.model.__table__.columns[name])

    @db_access_point
    def create(self, session, values, *args, **kwargs):
        self._check_values(values, self.create_fields)
        model = self._set_values_on_model(self.model(), values, fields=self.create_fields)
        session.add(model)
        return self._commit(session, model)

    @db_access_point
    def update(self, session, lookup_keys, updates, *args, **kwargs):
        self._check_values(updates, self.update_fields)
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
        if len(lookup_keys) != len(names) or not all(name in lookup_keys for name in names):
            return super()._get_model(lookup_keys, session)
        model = session.get(self.model, tuple(lookup_keys[name] for name in names))
        if model is None:
            raise NotFoundException(
                f"No model of type {self.model.__name__} was found using lookup_keys {lookup_keys}"
            )
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
            if name not in self.list_fields or "." in name:
                allowed = ", ".join(f for f in self.list_fields if "." not in f)
                raise ValidationException(f'Cannot filter by "{name}"; filter by one of: {allowed}.')
        field_dict = _field_dict(self, self.list_fields)
        names = _column_names(self.model, field_dict)
        offset, limit = (page - 1) * count, count + 1
        if names is None:  # a related field in the list: serialise ORM objects
            statement = select(self.model).filter_by(**filters).order_by(*self.model.__mapper__.primary_key)
            rows = session.scalars(statement.offset(offset).limit(limit)).all()
            props = self.serialize_model(rows[:count], field_dict=field_dict)
        else:
            statement = _list_statement(self.model, tuple(sorted(filters)), names)
            params = {f"filter_{name}": value for name, value in filters.items()}
            rows = _execute(session, statement, dict(params, offset=offset, limit=limit))
            props = _serialize_rows(names, rows[:count])
        links = {
            "next": dict(filters, page=page + 1, count=count) if len(rows) > count else None,
            "previous": dict(filters, page=page - 1, count=count) if page > 1 else None,
        }
        return props, {"links": links, "filters": dict(filters, page=page, count=count)}

    def serialize_model(self, model, field_dict=None):
        return self._serialize_model_helper(model, field_dict=field_dict)

    def _serialize_model_helper(self, model, field_dict=None):
        """Serialise like ripozo, but load one ordered page of a to-many relationship."""
        if model is None:
            return None
        if isinstance(model, list):
            return [self._serialize_model_helper(item, field_dict) for item in model]
        field_dict = field_dict or _field_dict(self, self.fields)
        serialized = {}
        for name, sub_fields in field_dict.items():
            if sub_fields is None:
                value = getattr(model, name)
                serialized[name] = _json_safe(value)
            else:
                serialized[name] = self._related(model, name, sub_fields)
        return serialized

    def _related(self, model, name, sub_fields):
        """The serialised related row, or the first page of related rows in primary key order."""
        attribute = getattr(type(model), name)
        relationship = attribute.property
        if not relationship.uselist:
            return self._serialize_model_helper(getattr(model, name), sub_fields)
        target = relationship.mapper
        names = _column_names(target.class_, sub_fields)
        if names is None:  # nested relationships: serialise ORM objects
            rows = db.session.scalars(
                select(target.class_)
                .where(with_parent(model, attribute))
                .order_by(*target.primary_key)
                .limit(self.paginate_by)
            ).all()
            return self._serialize_model_helper(rows, sub_fields)
        keys = (f"parent_{name}" for name in _primary_key_names(type(model)))
        params = dict(zip(keys, inspect(model).identity, strict=True))
        params["limit"] = self.paginate_by
        rows = _execute(db.session, _related_statement(attribute, names), params)
        return _serialize_rows(names, rows)

    def _check_values(self, values, allowed):
        """Reject unknown fields, nulls in required columns and references to missing rows."""
        columns = self.model.__table__.columns
        for name, value in values.items():
            if name not in allowed:
                raise ValidationException(
                    f'The field "{name}" cannot be set; settable fields are: {", ".join(allowed)}.'
                )
            column = columns[name]
            if value is None and not column.nullable:
                raise ValidationException(f'The field "{name}" cannot be null.')
            for foreign_key in column.foreign_keys:
                if not _row_exists(foreign_key.column, value):
                    target = foreign_key.column.table.name
                    raise ValidationException(
                        f'The field "{name}" refers to {target} {value}, which does not exist.'
                    )


def _positive_int(value, name, maximum=None):
    number = IntegerField(name).translate(value)
    if number < 1 or (maximum is not None and number > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ValidationException(f'The query parameter "{name}" must be at least 1{upper}.')
    return number


# What does not change from one request to the next, worked out once.


@cache
def _primary_key_names(model_class):
    mapper = model_class.__mapper__
    return tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)


def _field_dict(manager, fields):
    return _field_dict_for(type(manager), tuple(fields))


@cache
def _field_dict_for(manager_class, fields):
    return AlchemyManager.dot_field_list_to_dict(manager_class, fields)


def _column_names(model_class, field_dict):
    """The names in ``field_dict`` if each is a plain column of the model, else None."""
    if any(sub is not None for sub in field_dict.values()):
        return None
    return _plain_columns(model_class, tuple(field_dict))


@cache
def _plain_columns(model_class, names):
    properties = model_class.__mapper__.attrs
    for name in names:
        if name not in properties or not isinstance(properties[name], ColumnProperty):
            return None
        if len(properties[name].columns) != 1:
            return None
    return names


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
def _mapped_class_for_primary_key(column):
    """The mapped class whose whole primary key is ``column``, or None."""
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is column.table and tuple(mapper.primary_key) == (column,):
            return mapper.class_
    return None


def _row_exists(column, value):
    """Whether a row has ``value`` in ``column``: found in the session's identity map if it is there."""
    model_class = _mapped_class_for_primary_key(column)
    if model_class is not None and value is not None:
        return db.session.get(model_class, value) is not None
    return db.session.scalar(select(column).where(column == value)) is not None


def _execute(session, statement, params):
    """The rows of a statement of plain columns{{ ", through the ORM so that it is scoped to the user" if cookiecutter.auth != "none" }}."""
    return session.execute(statement, params).all()


def _serialize_rows(names, rows):
    return [dict(zip(names, map(_json_safe, row), strict=True)) for row in rows]


def _json_safe(value):
    return value if type(value) in _JSON_TYPES else make_json_safe(value)


{% if cookiecutter.auth != "none" -%}
@event.listens_for(Session, "do_orm_execute")
def _only_the_users_rows(state):
    """Each user sees only their own rows.

    Every ORM query made while a user is signed in gets criteria that keep
    the rows they own and the rows in those: a row of someone else's is not
    found, and reads, writes and references to it answer as if it did not exist.
    """
    user = current_user() if has_app_context() else None
    if user is None or not state.is_select:
        return
    # Lambdas let SQLAlchemy build and cache the criteria once, with the id as a parameter.
    user_id = user.id
    state.statement = state.statement.options(
        with_loader_criteria(
            {{ cookiecutter.parent_resource }},
            lambda parent: parent.owner_id == user_id,
            include_aliases=True,
        ),
        with_loader_criteria(
            {{ cookiecutter.child_resource }},
            lambda child: child.{{ cookiecutter.__parent_snake }}.has(owner_id=user_id),
            include_aliases=True,
        ),
    )


{% endif -%}
class {{ cookiecutter.parent_resource }}Manager(Manager):
    model = {{ cookiecutter.parent_resource }}
    fields = ("id", "title", "{{ cookiecutter.__child_plural }}.id")
    list_fields = ("id", "title")
    create_fields = ("title",)
    update_fields = ("title",)
{%- if cookiecutter.auth != "none" %}

    def _set_values_on_model(self, model, values, fields=None):
        if model.owner_id is None:  # a new {{ cookiecutter.parent_resource }} belongs to whoever creates it
            model.owner_id = current_user().id
        return super()._set_values_on_model(model, values, fields)
{%- endif %}


class {{ cookiecutter.child_resource }}Manager(Manager):
    model = {{ cookiecutter.child_resource }}
    fields = ("id", "{{ cookiecutter.__parent_fk }}", "title", "description", "completed")
    list_fields = fields
    create_fields = ("{{ cookiecutter.__parent_fk }}", "title", "description", "completed")
    update_fields = create_fields
