"""Writing rows: creates and updates, each validated strictly and committed once."""

from functools import cache

from ripozo_sqlalchemy import db_access_point
from sqlalchemy import select

from ..errors import FieldError


class Writing:
    """Creates and updates that refuse, naming the field, what the table would not take.

    Before anything is written, ``_check_values`` refuses an unknown field
    and a null in a required column (400), and a reference to a row that
    does not exist or that ``scoping.restrict_rows`` hides (404): override
    it to add a rule of the project's, calling ``super()`` first.  A write flushes,
    serialises and commits, so that nothing is read back afterwards.
    """

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
                    # A well-formed request that names a row there is not (or that is hidden): a 404,
                    # as a URL naming one would be, with the field it is in.
                    target = foreign_key.column.table.name.replace("_", " ")
                    message = f'The field "{name}" refers to {target} {value}, which does not exist.'
                    raise FieldError(name, message, status_code=404)


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
