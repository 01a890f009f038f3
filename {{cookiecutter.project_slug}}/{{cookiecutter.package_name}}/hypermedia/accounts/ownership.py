"""Each user's rows: the rows of the owned models that they created, and every row under those.

auth.py names the owned models: each has a column that refers to the
account table (``owner_id``), set to the signed-in user on insert and never
shown.  A model whose parent relationship (many-to-one) leads to an owned
model, at any depth, is owned through it: a user sees a task only in a
board of theirs.  Every ORM query goes through ``scoping.restrict_rows``,
so another user's row is a 404 and a reference to one a 400.  An admin
(the account's ``is_admin``) reads and writes every row, and each of their
writes is logged with their id by the ``<app>.admin`` logger.
"""

from functools import cache, lru_cache

from flask import current_app, request
from sqlalchemy import event, exists, inspect, orm, select

from .. import scoping
from ..managers.links import declared_parent
from .signin import current_user, signed_in_admin

# The methods that write nothing, which an admin's log leaves out.
_READS = frozenset(("GET", "HEAD", "OPTIONS"))


def init_app(app, session, owned):
    """Scope every query of ``session`` to the signed-in user's rows of ``owned`` and below."""
    account_table = app.extensions["accounts"].model.__table__
    app.extensions["accounts"].tree = _tree(tuple(owned), account_table)
    scoping.restrict_rows(session, owned_rows)
    for model in owned:
        if not event.contains(model, "before_insert", _set_owner):
            event.listen(model, "before_insert", _set_owner)
    admin_log = app.logger.getChild("admin")

    @app.after_request
    def _log_admin_writes(response):
        if signed_in_admin() and request.method not in _READS:
            (admin_id,) = inspect(current_user()).identity
            written = {"admin_id": admin_id, "method": request.method, "path": request.path}
            admin_log.info(
                "Admin %s: %s %s %s",
                admin_id,
                request.method,
                request.path,
                response.status_code,
                extra={**written, "status": response.status_code},
            )
        return response


def owned_rows():
    """The loader criteria of the signed-in user's rows; none for an admin, or outside a signed-in request."""
    user = current_user()
    if user is None or signed_in_admin():  # read with the account each request: a change holds at the next
        return ()
    (user_id,) = inspect(user).identity  # known without a query, even once the row has expired
    return _owned_by(current_app.extensions["accounts"].tree, user_id)


@lru_cache(maxsize=1024)
def _owned_by(tree, user_id):
    """The criteria of one user's rows, kept for the latest 1,024 users: costlier to make than to use.

    Each criterion is a plain expression in which the user's id is a bound
    value: SQLAlchemy caches the statement once for every user.
    """
    account_table = current_app.extensions["accounts"].model.__table__
    return tuple(
        orm.with_loader_criteria(model, _condition(model, path, account_table, user_id), include_aliases=True)
        for model, path in tree
    )


def _condition(model, path, account_table, user_id):
    """``owner == user`` on an owned model; under one, one EXISTS joining up the ``path`` to it.

    The EXISTS names the tables, not the models, so that the criteria of the
    models it joins are not applied inside it again: each row costs one
    primary key lookup for each level above it, at any depth.
    """
    if not path:
        return _owner_column(model, account_table) == user_id
    tables, conditions, current = None, [], model
    for name in path:
        relationship = getattr(current, name).property
        ((local, remote),) = relationship.local_remote_pairs
        parent = relationship.mapper.local_table
        if tables is None:
            tables = parent
            conditions.append(remote == local)  # correlated with the row the criterion is for
        else:
            tables = tables.join(parent, remote == local)
        current = relationship.mapper.class_
    conditions.append(_owner_column(current, account_table) == user_id)
    return exists(select(1).select_from(tables).where(*conditions))


def _tree(owned, account_table):
    """(model, names of the relationships up to an owned model) for each owned model and each under one."""
    for model in owned:
        _owner_column(model, account_table)  # refuses, at start, an owned model without one
    tree = []
    for mapper in sorted(owned[0].registry.mappers, key=lambda mapper: mapper.class_.__name__):
        path = _path_to_owned(mapper.class_, owned)
        if path is not None:
            tree.append((mapper.class_, path))
    return tuple(tree)


def _path_to_owned(model, owned, seen=()):
    """The parent relationships from ``model`` up to an owned model, or None if it is not under one.

    Each step is the declared parent (``links.declared_parent``), never a
    reference: a ticket's milestone may be empty, its project never is.
    """
    if model in owned:
        return ()
    relationship = declared_parent(model)
    if relationship is None or relationship.mapper.class_ in seen:
        return None
    path = _path_to_owned(relationship.mapper.class_, owned, (*seen, model))
    return None if path is None else (relationship.key, *path)


@cache
def _owner_column(model, account_table):
    """The table column of ``model`` that refers to the account table."""
    columns = [
        column
        for column in model.__table__.columns
        if any(key.column.table is account_table for key in column.foreign_keys)
    ]
    if len(columns) != 1:
        raise RuntimeError(
            f"{model.__name__} is owned, so it needs one column that refers to {account_table.name}, "
            f"not {len(columns)}."
        )
    return columns[0]


def _set_owner(mapper, connection, row):
    """A new row of an owned model belongs to whoever creates it."""
    user = current_user()
    if user is None:
        return
    column = _owner_column(type(row), current_app.extensions["accounts"].model.__table__)
    name = mapper.get_property_by_column(column).key
    if getattr(row, name) is None:
        setattr(row, name, user.id)
