"""Writing rows: creates, updates and deletes, each validated strictly and committed once."""

from functools import cache

from ripozo.exceptions import RestException
from ripozo_sqlalchemy import db_access_point
from sqlalchemy import orm, select

from .. import idempotency, labels, preconditions, scoping
from ..errors import FieldError
from ..scaffold.specs import snake
from . import links


class Writing:
    """Creates, updates and deletes that refuse, naming the field, what the tables would not take.

    Before anything is written, ``_check_values`` refuses an unknown field
    and a null in a required column (400), and a reference to a row that
    does not exist or that ``scoping.restrict_rows`` hides (404), through a
    foreign key or a many-to-many's ids: override it to add a rule of the
    project's, calling ``super()`` first.  A many-to-many's ids, when given,
    replace the row's links as a whole.  A write flushes, serialises and
    commits, so that nothing is read back afterwards (a create with an
    Idempotency-Key commits once its answer is kept: idempotency.py).  A
    delete is refused (409) while a required reference of another row points
    at the row.  An update or a delete first checks the request's If-Match
    and bumps the row's version, in one statement (preconditions.py).
    """

    @db_access_point
    def create(self, session, values, *args, **kwargs):
        self._check_values(session, values, self.create_fields)
        columns, linked = _split(self.model, values)
        model = self._set_values_on_model(self.model(), columns, fields=self.create_fields)
        session.add(model)
        return self._commit(session, model, linked)

    @db_access_point
    def update(self, session, lookup_keys, updates, *args, **kwargs):
        self._check_values(session, updates, self.update_fields)
        model = self._get_model(lookup_keys, session)
        self._claim(session, model)
        columns, linked = _split(self.model, updates)
        self._set_values_on_model(model, columns, fields=self.update_fields)
        orm.attributes.flag_dirty(model)  # a write, even of its links alone, for the session's write checks
        return self._commit(session, model, linked)

    @db_access_point
    def delete(self, session, lookup_keys, *args, **kwargs):
        model = self._get_model(lookup_keys, session)
        self._claim(session, model)
        (row_id,) = self.model.__mapper__.primary_key_from_instance(model)
        referring = links.refusing_references(session, self.model, row_id)
        if referring is not None:
            table, column = referring
            other = table.name.replace("_", " ")
            raise RestException(
                f"The {self.noun} {row_id} cannot be deleted while {labels.with_article(other)} refers to it "
                f'(its field "{column.key}"): change or delete that {other} first.',
                status_code=409,
            )
        session.delete(model)
        session.commit()
        return {}

    @db_access_point
    def hold(self, session, model):
        """Check the request's If-Match against ``model``, a row an add-child writes under, and hold it.

        On PostgreSQL the row stays locked until the write commits, so that
        it cannot change between the check and the child's insert.
        """
        self._claim(session, model, bump=False)

    def _claim(self, session, model, bump=True):
        preconditions.claim(session, model, lambda: self.serialize_model(model), bump=bump)

    def _commit(self, session, model, linked=None):
        session.flush()
        scoping.check_references(session, model, linked or {})
        if linked:
            (row_id,) = self.model.__mapper__.primary_key_from_instance(model)
            for name, ids in linked.items():
                links.replace_ids(session, self.model, name, row_id, ids)
        serialized = preconditions.remember(model, self.serialize_model(model))
        idempotency.commit(session)
        return serialized

    def _check_values(self, session, values, allowed):
        """Reject unknown fields, nulls in required columns and references to missing rows."""
        columns = self.model.__table__.columns
        for name, value in values.items():
            if name not in allowed:
                settable = ", ".join(allowed)
                raise FieldError(name, f'The field "{name}" cannot be set; settable fields are: {settable}.')
            if name in links.linked_ids(self.model):
                if value is None:
                    raise FieldError(name, f'The field "{name}" cannot be null; send [] for no links.')
                links.check_targets(session, self.model, name, value)
                continue
            column = columns[name]
            if value is None and not column.nullable:
                raise FieldError(name, f'The field "{name}" cannot be null.')
            for foreign_key in column.foreign_keys if value is not None else ():
                if not _row_exists(session, self.model.registry, foreign_key.column, value):
                    # A well-formed request that names a row there is not (or that is hidden): a 404,
                    # as a URL naming one would be, with the field it is in.
                    target = referred_noun(foreign_key.column, self.model.registry)
                    message = f'The field "{name}" refers to {target} {value}, which does not exist.'
                    raise FieldError(name, message, status_code=404)


def _split(model_class, values):
    """``values`` as (the columns', the many-to-manys' ids)."""
    linked = links.linked_ids(model_class)
    return (
        {name: value for name, value in values.items() if name not in linked},
        {name: value for name, value in values.items() if name in linked},
    )


@cache
def _mapped_class_for_primary_key(column, registry):
    """The mapped class whose whole primary key is ``column``, or None."""
    for mapper in registry.mappers:
        if mapper.local_table is column.table and tuple(mapper.primary_key) == (column,):
            return mapper.class_
    return None


def referred_noun(column, registry):
    """What a message calls a row that ``column`` (a primary key) identifies: its model's name in words."""
    model_class = _mapped_class_for_primary_key(column, registry)
    return snake(model_class.__name__ if model_class else column.table.name).replace("_", " ")


def _row_exists(session, registry, column, value):
    """Whether a row has ``value`` in ``column``: found in the session's identity map if it is there."""
    model_class = _mapped_class_for_primary_key(column, registry)
    if model_class is not None and value is not None:
        return session.get(model_class, value) is not None
    return session.scalar(select(column).where(column == value)) is not None
