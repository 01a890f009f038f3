"""Managers: how each resource reads and writes its rows."""

from ripozo.exceptions import ValidationException
from ripozo_sqlalchemy import AlchemyManager, SessionHandler, db_access_point
from sqlalchemy import select
from sqlalchemy.orm import with_parent

from .fields import IntegerField, field_for_column
from .models import {{ [cookiecutter.parent_resource, cookiecutter.child_resource] | sort | join(", ") }}, db

session_handler = SessionHandler(db.session)


class Manager(AlchemyManager):
    """An AlchemyManager that validates strictly, orders its lists and bounds every query.

    Lists are ordered by primary key and paginated with ``page`` and
    ``count`` (at most ``max_page_size``); a to-many relationship in
    ``fields`` embeds at most one page of related rows.
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

    def create(self, values, *args, **kwargs):
        self._check_values(values, self.create_fields)
        return super().create(values, *args, **kwargs)

    def update(self, lookup_keys, updates, *args, **kwargs):
        self._check_values(updates, self.update_fields)
        return super().update(lookup_keys, updates, *args, **kwargs)

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
        rows = session.scalars(
            select(self.model)
            .filter_by(**filters)
            .order_by(*self.model.__mapper__.primary_key)
            .offset((page - 1) * count)
            .limit(count + 1)
        ).all()
        links = {
            "next": dict(filters, page=page + 1, count=count) if len(rows) > count else None,
            "previous": dict(filters, page=page - 1, count=count) if page > 1 else None,
        }
        props = self.serialize_model(rows[:count], field_dict=self.dot_field_list_to_dict(self.list_fields))
        return props, {"links": links, "filters": dict(filters, page=page, count=count)}

    def _serialize_model_helper(self, model, field_dict=None):
        """Serialise like ripozo, but load one ordered page of a to-many relationship."""
        if model is None:
            return None
        if isinstance(model, list):
            return [self.serialize_model(item, field_dict=field_dict) for item in model]
        field_dict = field_dict or self.dot_field_list_to_dict()
        serialized = {}
        for name, sub_fields in field_dict.items():
            value = getattr(model, name) if sub_fields is None else self._related(model, name)
            serialized[name] = value if sub_fields is None else self.serialize_model(value, sub_fields)
        return serialized

    def _related(self, model, name):
        attribute = getattr(type(model), name)
        relationship = attribute.property
        if not relationship.uselist:
            return getattr(model, name)
        target = relationship.mapper
        return db.session.scalars(
            select(target.class_)
            .where(with_parent(model, attribute))
            .order_by(*target.primary_key)
            .limit(self.paginate_by)
        ).all()

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
                found = db.session.scalar(select(foreign_key.column).where(foreign_key.column == value))
                if found is None:
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


class {{ cookiecutter.parent_resource }}Manager(Manager):
    model = {{ cookiecutter.parent_resource }}
    fields = ("id", "title", "{{ cookiecutter.__child_plural }}.id")
    list_fields = ("id", "title")
    create_fields = ("title",)
    update_fields = ("title",)


class {{ cookiecutter.child_resource }}Manager(Manager):
    model = {{ cookiecutter.child_resource }}
    fields = ("id", "{{ cookiecutter.__parent_fk }}", "title", "description", "completed")
    list_fields = fields
    create_fields = ("{{ cookiecutter.__parent_fk }}", "title", "description", "completed")
    update_fields = create_fields
