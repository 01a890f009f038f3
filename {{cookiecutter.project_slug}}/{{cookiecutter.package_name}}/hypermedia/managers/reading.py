"""Reading one row: by its whole primary key, with a statement built once for each model."""

from functools import cache

from ripozo.exceptions import NotFoundException
from ripozo_sqlalchemy import db_access_point
from sqlalchemy import bindparam, select

from .. import preconditions
from .rows import primary_key_names


class Reading:
    """Finds the row a request names, or answers 404 saying which key matched nothing.

    ``retrieve``, ``update`` and ``delete`` (ripozo's) and ``add_child``
    all find their row through ``_get_model``.  Override it to look rows up
    by something else than the primary key; to hide rows from some users,
    use ``scoping.restrict_rows`` instead, which every read goes through.
    """

    @db_access_point
    def retrieve(self, session, lookup_keys, *args, **kwargs):
        """The row's fields, remembered with its version for the answer's ETag (preconditions.py)."""
        model = self._get_model(lookup_keys, session)
        return preconditions.remember(model, self.serialize_model(model))

    @db_access_point
    def check_exists(self, session, lookup_keys):
        """The row, or NotFoundException: while it is referenced, the session finds it without a query."""
        return self._get_model(lookup_keys, session)

    def _get_model(self, lookup_keys, session):
        key = {name: lookup_keys.get(name) for name in primary_key_names(self.model)}
        model = None
        if None not in key.values() and len(lookup_keys) == len(key):
            model = session.scalar(_by_primary_key(self.model), key)
        if model is None:
            described = ", ".join(f"the {name} {value}" for name, value in lookup_keys.items())
            raise NotFoundException(f"No {self.noun} has {described or 'that key'}.")
        return model


@cache
def _by_primary_key(model_class):
    """SELECT the row whose primary key is bound, built once for each model.

    Not ``session.get``, which builds its statement for every call: the
    row scoping (scoping.py) restricts a statement it has seen before once.
    """
    statement = select(model_class)
    for name in primary_key_names(model_class):
        statement = statement.where(getattr(model_class, name) == bindparam(name))
    return statement
