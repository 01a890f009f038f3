"""Reading one row: by its whole primary key, from the session's identity map when it is there."""

from ripozo.exceptions import NotFoundException
from ripozo_sqlalchemy import db_access_point

from .rows import primary_key_names


class Reading:
    """Finds the row a request names, or answers 404 saying which key matched nothing.

    ``retrieve``, ``update`` and ``delete`` (ripozo's) and ``add_child``
    all find their row through ``_get_model``.  Override it to look rows up
    by something else than the primary key; to hide rows from some users,
    use ``scoping.restrict_rows`` instead, which every read goes through.
    """

    @db_access_point
    def check_exists(self, session, lookup_keys):
        """The row, or NotFoundException: while it is referenced, the session finds it without a query."""
        return self._get_model(lookup_keys, session)

    def _get_model(self, lookup_keys, session):
        names = primary_key_names(self.model)
        key = tuple(lookup_keys.get(name) for name in names)
        model = session.get(self.model, key) if None not in key and len(lookup_keys) == len(names) else None
        if model is None:
            described = ", ".join(f"the {name} {value}" for name, value in lookup_keys.items())
            raise NotFoundException(f"No {self.noun} has {described or 'that key'}.")
        return model
