"""Listing rows: one page in primary key order, filtered by any field, at the same cost at any depth."""

from functools import cache, lru_cache

from ripozo_sqlalchemy import db_access_point
from sqlalchemy import bindparam, select, tuple_

from .. import pagination
from ..errors import FieldError
from .rows import dialect, json_safe, plain_columns, primary_key_names, serialize_rows


class Listing:
    """A page of rows and the links to the pages beside it, by cursor (pagination.py).

    A list takes ``after`` or ``before`` (a cursor), ``count`` (at most
    ``max_page_size``, ``paginate_by`` by default) and a filter for each
    of ``list_fields``.  It costs one statement, built once for each set of
    filters (``_list_statement``), selecting only the columns it shows.
    Override ``retrieve_list`` to read the page otherwise, such as in
    another order; give a filtered column an index on (column, primary
    key), as a foreign key has, and its pages cost the same at any depth.
    """

    @db_access_point
    def retrieve_list(self, session, filters, *args, **kwargs):
        """One page of rows in primary key order, and the links to the pages beside it.

        The page after a cursor is read with ``WHERE key > :after ORDER BY
        key LIMIT count + 1``, the page before one backwards, so that every
        page costs the same at any depth.
        """
        filters = dict(filters)
        keys = primary_key_names(self.model)
        page = pagination.read(filters, keys, self.paginate_by, self.max_page_size)
        for name in filters:
            if name not in self.list_fields:
                allowed = ", ".join(self.list_fields)
                raise FieldError(name, f'Cannot filter by "{name}"; filter by one of: {allowed}.')
        names = _list_columns(type(self))
        direction = "before" if page.before else "after" if page.after else "offset"
        statement = _list_statement(
            self.model, tuple(sorted(filters)), names, direction, dialect(session, self.model)
        )
        params = {f"filter_{name}": value for name, value in filters.items()}
        params.update({f"cursor_{key}": value for key, value in (page.before or page.after or {}).items()})
        params.update(offset=(page.number - 1) * page.count, limit=page.count + 1)
        rows = session.execute(statement, params).all()
        more = len(rows) > page.count
        rows = rows[: page.count]
        if page.before:
            rows.reverse()
        items = serialize_rows(names, rows)
        shown = {name: json_safe(value) for name, value in filters.items()}  # as the links repeat them
        return items, _page_meta(items, keys, page, more, shown)


def _page_meta(items, keys, page, more, filters):
    """The ``next`` and ``previous`` links of a page (None where there is none), and where it stands."""
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
    return {"links": links, "filters": dict(filters, count=page.count, **position)}


@cache
def _list_columns(manager_class):
    names = plain_columns(manager_class.model, tuple(manager_class.list_fields))
    if names is None:
        raise TypeError(f"{manager_class.__name__}.list_fields must name columns of its model.")
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
    cursor = [bindparam(f"cursor_{name}") for name in primary_key_names(model_class)]
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


def first_page_statement(model_class, foreign_key, names, dialect):
    """The statement of the first page of the list that ``foreign_key`` filters: a parent's embedded page."""
    return _list_statement(model_class, (foreign_key,), names, "offset", dialect)


def _leading_filter(model_class, filter_names):
    """The first of ``filter_names`` whose column leads an index on (that column, primary key), or None."""
    return next((name for name in filter_names if leads_keyset_index(model_class, name)), None)


@cache
def leads_keyset_index(model_class, name):
    """Whether the column ``name`` leads an index on (that column, primary key)."""
    table = model_class.__table__
    column = model_class.__mapper__.attrs[name].columns[0]
    return any(list(index.columns) == [column, *table.primary_key.columns] for index in table.indexes)
