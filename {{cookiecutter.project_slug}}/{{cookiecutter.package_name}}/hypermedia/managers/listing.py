"""Listing rows: one page in primary key order or sorted by fields, filtered by any, by cursor."""

from functools import cache, lru_cache, partial

from ripozo_sqlalchemy import db_access_point
from sqlalchemy import Numeric, and_, bindparam, cast, or_, select, tuple_, union_all

from .. import filters as comparisons
from .. import pagination, types
from ..errors import FieldError
from .links import linked_ids, membership, read_ids, referring_lists
from .rows import dialect, json_safe, plain_columns, primary_key_names, serialize_rows


class Listing:
    """A page of rows and the links to the pages beside it, by cursor (pagination.py).

    A list takes ``after`` and ``before`` (cursors, alone or together),
    ``count`` (at most ``max_page_size``, ``paginate_by`` by default),
    ``page``, ``sort`` (any of its columns), a filter for each of
    ``list_fields``, the comparisons of its columns and a search, ``q``
    (filters.py).  It
    costs one statement, built once for each set of filters and sort
    (``_list_statement``, ``_sorted_statement``), selecting only the columns
    it shows; in a sorted list, a page after a cursor reads each range of
    the sort in a subquery of it (``_ranges``).  Override ``retrieve_list``
    to read the page otherwise; give a filtered column an index on (column, primary
    key), as a foreign key has, and its pages cost the same at any depth.
    """

    @db_access_point
    def retrieve_list(self, session, filters, *args, **kwargs):
        """One page of rows in primary key order, and the links to the pages beside it.

        The page after a cursor is read with ``WHERE key > :after ORDER BY
        key LIMIT count + 1``, the page before one backwards, so that every
        page costs the same at any depth; with both, the rows between them.
        """
        filters = dict(filters)
        keys = primary_key_names(self.model)
        names = list_columns(type(self))
        fields = list_field_types(type(self))
        page = pagination.read(filters, keys, self.paginate_by, self.max_page_size, fields)
        compared = comparisons.read(filters, fields, optional_columns(type(self)))
        search = comparisons.read_search(filters, fields)
        conditions = tuple(comparison.key for comparison in compared) + ((search.key,) if search else ())
        for name in filters:
            if name not in self.list_fields:
                allowed = ", ".join(self.list_fields)
                raise FieldError(name, f'Cannot filter by "{name}"; filter by one of: {allowed}.')
        for name, link_ids in filters.items():
            if name in linked_ids(self.model):  # the rows linked to one row
                if len(link_ids) != 1:
                    raise FieldError(name, f'Filter by one id at a time in "{name}": the rows linked to it.')
                filters[name] = link_ids[0]
        params = {f"filter_{name}": value for name, value in filters.items()}
        params.update((comparison.bound, comparison.value) for comparison in compared if comparison.bound)
        params.update(search.bound if search else {})
        where = (self.model, tuple(sorted(filters)), conditions)
        params.update(offset=page.offset, limit=page.count + 1)
        if page.sort:
            nulls = [_nulls(position, page.keys) for position in (page.after, page.before)]
            statement = _sorted_statement(*where, names, page.sort, *nulls, dialect(session, self.model))
            for side, position in (("after", page.after), ("before", page.before)):
                values = enumerate((position or {}).values())
                params.update({f"{side}_{n}": value for n, value in values if value is not None})
            params["reach"] = page.offset + page.count + 1
        else:
            bounds = (page.after is not None, page.before is not None)
            statement = _list_statement(*where, names, *bounds, dialect(session, self.model))
            for side, position in (("after", page.after), ("before", page.before)):
                params.update({f"{side}_{key}": value for key, value in (position or {}).items()})
        rows = session.execute(statement, params).all()
        more = len(rows) > page.count
        rows = rows[: page.count]
        backwards = page.before is not None and page.after is None
        if backwards:
            rows.reverse()
        items = with_linked_ids(session, self.model, keys, serialize_rows(names, rows))
        shown = {name: json_safe(value) for name, value in filters.items()}  # as the links repeat them
        shown.update((comparison.parameter, comparison.text) for comparison in compared)
        if search:
            shown[comparisons.SEARCH] = search.text
        if page.sort:
            shown[pagination.SORT] = pagination.write_sort(page.sort, keys)
        return items, _page_meta(items, page.keys or keys, page, more, backwards, shown)

    @db_access_point
    def rows_with_ids(self, session, ids):
        """The rows whose primary key is one of ``ids``, as a list shows them, in key order: one statement.

        What JSON:API's ``include`` adds to a document (adapters/jsonapi.py):
        the rows its relationships name, as many as they name, which is a page.
        """
        names = list_columns(type(self))
        rows = session.execute(_rows_statement(self.model, names), {"ids": sorted(set(ids))}).all()
        items = serialize_rows(names, rows)
        return with_linked_ids(session, self.model, primary_key_names(self.model), items)


def with_linked_ids(session, model_class, keys, items):
    """``items`` with the ids each links to through each many-to-many: one statement for each, for a page."""
    if not items or not linked_ids(model_class):
        return items
    (key,) = keys
    for name, by_row in read_ids(session, model_class, [item[key] for item in items]).items():
        for item in items:
            item[name] = by_row[item[key]]
    return items


@cache
def _rows_statement(model_class, names):
    (key,) = model_class.__mapper__.primary_key
    statement = select(*(getattr(model_class, name) for name in names))
    return statement.where(key.in_(bindparam("ids", expanding=True))).order_by(key)


def _page_meta(items, keys, page, more, backwards, filters):
    """The ``next`` and ``previous`` links of a page (None where there is none), and where it stands.

    Between two cursors, ``next`` keeps the upper one and ``previous`` the lower.
    """
    first = {key: items[0][key] for key in keys} if items else page.after
    last = {key: items[-1][key] for key in keys} if items else page.before
    has_next = last is not None if backwards else more
    has_previous = more if backwards else bool(page.after or page.number > 1) and first is not None
    between = page.after is not None and page.before is not None
    links = {"next": None, "previous": None}
    if has_next:
        links["next"] = dict(filters, count=page.count, after=pagination.encode(last))
        if between:
            links["next"]["before"] = pagination.encode(page.before)
    if has_previous:
        links["previous"] = dict(filters, count=page.count, before=pagination.encode(first))
        if between:
            links["previous"]["after"] = pagination.encode(page.after)
    position = {
        name: pagination.encode(value)
        for name, value in (("after", page.after), ("before", page.before))
        if value
    }
    return {"links": links, "filters": dict(filters, count=page.count, **position)}


@cache
def list_field_types(manager_class):
    """The field of each column a list shows, by name: what its sort, cursors and comparisons read."""
    return {name: manager_class.get_field_type(name) for name in list_columns(manager_class)}


@cache
def optional_columns(manager_class):
    """The names of the table's columns a list shows that may be null: those that take ``[null]``."""
    attributes = manager_class.model.__mapper__.attrs
    columns = ((name, attributes[name].columns[0]) for name in list_columns(manager_class))
    return frozenset(name for name, column in columns if getattr(column, "nullable", False))


def comparison_parameters(manager_class):
    """Every ``name[operator]`` a list takes (filters.py), as its links may carry them."""
    return comparisons.parameters(list_field_types(manager_class), optional_columns(manager_class))


@cache
def list_columns(manager_class):
    """The columns a list shows: its fields but the many-to-manys' ids (read apart) and their filters."""
    model = manager_class.model
    links = {*linked_ids(model), *referring_lists(model)}
    names = plain_columns(model, tuple(name for name in manager_class.list_fields if name not in links))
    if names is None:
        raise TypeError(f"{manager_class.__name__}.list_fields must name columns of its model.")
    return names


# A list's statement depends on which filters a request sends: a client
# could ask for each of their 2^fields sets, so the cache keeps the latest.


@lru_cache(maxsize=256)
def _list_statement(model_class, filter_names, conditions, names, after, before, dialect):
    """SELECT the named columns WHERE each filter and comparison holds, one page in primary key order.

    ``after`` and ``before`` say which cursors bound the page: the keys
    above ``:after_id`` and below ``:before_id``; with ``before`` alone the
    page is read backwards from it.  Every page skips ``:offset`` rows (the
    ``page`` parameter) and takes ``:limit``.

    A filter on a column that leads an index on (column, primary key), such
    as a foreign key's, orders by both and bounds the column on each side,
    so that the database reads the page from that index at any depth:
    written ``column = :value ORDER BY key``, PostgreSQL may walk the
    primary key past every other parent's rows when one parent holds most
    of them.  From a cursor, PostgreSQL seeks with a row value, ``(column,
    key) > (:value, :after)``; SQLite's planner seeks only with ``column =
    :value AND key > :after``.
    """
    (key,) = model_class.__mapper__.primary_key
    (key_name,) = primary_key_names(model_class)
    lower = bindparam(f"after_{key_name}") if after else None
    upper = bindparam(f"before_{key_name}") if before else None
    order = [key]
    links = {*linked_ids(model_class), *referring_lists(model_class)}
    leading = _leading_filter(model_class, [name for name in filter_names if name not in links])
    others = tuple(name for name in filter_names if name != leading)
    statement = _filtered(model_class, others, conditions, names, dialect)
    if leading is None:
        statement = _bounded(statement, key, lower, upper)
    else:
        column, value = getattr(model_class, leading), bindparam(f"filter_{leading}")
        order = [column, key]
        if not (after or before):
            statement = statement.where(column >= value, column <= value)
        elif dialect == "sqlite":
            statement = _bounded(statement.where(column == value), key, lower, upper)
        else:
            row, lower, upper = tuple_(column, key), _row_value(value, lower), _row_value(value, upper)
            statement = _bounded(statement, row, lower, upper)
            if not before:
                statement = statement.where(column <= value)
            if not after:
                statement = statement.where(column >= value)
    backwards = before and not after
    statement = statement.order_by(*(column.desc() for column in order) if backwards else order)
    return statement.offset(bindparam("offset")).limit(bindparam("limit"))


def _nulls(position, keys):
    """Which values of a cursor's ``position`` are null, in the sort's order; None without a cursor."""
    return None if position is None else tuple(position[key] is None for key in keys)


@lru_cache(maxsize=256)
def _sorted_statement(model_class, filter_names, conditions, names, sort, after, before, dialect):
    """SELECT the named columns WHERE each filter and comparison holds, one page in the order ``sort`` gives.

    ``sort`` is ``((name, descending), ...)``, the primary key last; a null
    sorts after every value.  ``after`` and ``before`` say which values of
    each cursor are null (None: no such cursor), whose values are bound as
    ``:after_0``, ``:after_1``... (those that are not null).  A decimal,
    text on SQLite (types.py), is compared there as a number.

    The rows past the cursor a page starts from are read as the ranges of
    the sort that an index on its fields holds them in (``_ranges``): with
    ``sort=-priority``, the rows of the cursor's priority past its id, then
    those of a lower priority.  Each range is read from its start, at most
    ``:reach`` rows (the page's ``:offset`` and ``:limit``), and the page
    is the first of those rows in order: with an index on (field, key), or
    (parent, field, key) and a parent filter, any page costs what the first
    does, however many rows share a value or are null.  A column that
    cannot be null is ordered without saying where nulls go, as such an
    index holds it.  With both cursors, the other one bounds every range.
    """
    statement = _filtered(model_class, filter_names, conditions, names, dialect)
    columns = [(getattr(model_class, name), descending) for name, descending in sort]
    nullable = [_nullable(attribute) for attribute, _ in columns]
    backwards = before is not None and after is None
    if after is not None and before is not None:
        statement = statement.where(
            _past(columns, before, nullable, "before", False, dialect),
            *_seek(columns, before, nullable, "before", False, dialect),
        )
    side, start, forwards = ("before", before, False) if backwards else ("after", after, True)
    ordering = [
        (descending != backwards, may_be_null)
        for (_, descending), may_be_null in zip(columns, nullable, strict=True)
    ]
    ordered = [
        _ordered(column, *order, dialect) for (column, _), order in zip(columns, ordering, strict=True)
    ]
    ranges = _ranges(columns, start, nullable, side, forwards, dialect) if start is not None else [()]
    if len(ranges) == 1:
        statement = statement.where(*ranges[0]).order_by(*ordered)
        return statement.offset(bindparam("offset")).limit(bindparam("limit"))
    reads = [
        select(statement.where(*conditions).order_by(*ordered).limit(bindparam("reach")).subquery())
        for conditions in ranges
    ]
    page = union_all(*reads).subquery("page")
    read = [_ordered(page.c[name], *order, dialect) for (name, _), order in zip(sort, ordering, strict=True)]
    return select(page).order_by(*read).offset(bindparam("offset")).limit(bindparam("limit"))


def _ranges(columns, nulls, nullable, side, forwards, dialect):
    """The rows past a cursor in the sort of ``columns``, as ranges of it: a tuple of conditions each.

    Key by key: equal to the cursor in the keys before one, and past its
    value in that one (a null is greater than every value): each range an
    index on the keys holds in order, which it can seek the start of.
    """
    ranges, equal = [], []
    for n, ((attribute, descending), null, may_be_null) in enumerate(
        zip(columns, nulls, nullable, strict=True)
    ):
        column = _comparable(attribute, dialect)
        value = _comparable(bindparam(f"{side}_{n}", type_=attribute.type), dialect)
        if descending == forwards:  # walking down this key: past a value are smaller ones, past nulls values
            beyond = [column.is_not(None) if null else column < value]
        elif null:  # walking up: past nulls nothing
            beyond = []
        else:  # past a value are greater ones, then nulls
            beyond = [column > value, *([column.is_(None)] if may_be_null else [])]
        ranges += [(*equal, condition) for condition in beyond]
        equal.append(column.is_(None) if null else column == value)
    return ranges


def _ordered(attribute, descending, nullable, dialect):
    """The column in a sort, nulls after every value: last going up, first going down."""
    column = _comparable(attribute, dialect)
    if not nullable:
        return column.desc() if descending else column.asc()
    return column.desc().nulls_first() if descending else column.asc().nulls_last()


def _nullable(attribute):
    """Whether the column of a model's ``attribute`` may be null: an expression (``column_property``) may."""
    return getattr(attribute.property.columns[0], "nullable", True)


def _seek(columns, nulls, nullable, side, forwards, dialect):
    """The range of the sort's first fields that the rows past a cursor are in, as an index bounds it.

    ``_past`` already keeps those rows; this condition, which it implies,
    says it so that an index on the fields can stop reading at the cursor.
    Walking down the first field, the rows past a value are at most it;
    walking up, at least it, when the rows read hold no nulls (``nullable``
    false), which come after every value.  The fields after it that go the
    same way and hold no nulls join it in a row value, ``(priority, id) <=
    (:after_0, :after_1)``, so that a value many rows share is no scan of them.
    """
    descending = columns[0][1]
    down = descending == forwards
    if nulls[0] or (nullable[0] and not down):
        return ()
    keys, values = [], []
    for n, ((attribute, going), null, may_be_null) in enumerate(zip(columns, nulls, nullable, strict=True)):
        if n and (going != descending or null or may_be_null):
            break
        keys.append(_comparable(attribute, dialect))
        values.append(_comparable(bindparam(f"{side}_{n}", type_=attribute.type), dialect))
    key, value = (keys[0], values[0]) if len(keys) == 1 else (tuple_(*keys), tuple_(*values))
    return (key <= value,) if down else (key >= value,)


def _filtered(model_class, filter_names, conditions, names, dialect):
    """SELECT the named columns WHERE each filter matches (``filter_<name>``) and each comparison holds."""
    statement = select(*(getattr(model_class, name) for name in names))
    links = {*linked_ids(model_class), *referring_lists(model_class)}
    for name in filter_names:
        if name in links:
            statement = statement.where(membership(model_class, name, bindparam(f"filter_{name}")))
        else:
            statement = statement.where(getattr(model_class, name) == bindparam(f"filter_{name}"))
    comparable = partial(_comparable, dialect=dialect)
    for key in conditions:
        if key[0] == comparisons.SEARCH:
            statement = statement.where(comparisons.search(model_class, key))
        else:
            statement = statement.where(comparisons.condition(getattr(model_class, key[0]), key, comparable))
    return statement


def _comparable(expression, dialect):
    """``expression`` (a column or a value of it) as sorts compare it: on SQLite a decimal as a number."""
    if dialect == "sqlite" and isinstance(expression.type, types.Decimal):
        return cast(expression, Numeric)
    return expression


def _past(columns, nulls, nullable, side, forwards, dialect):
    """The rows past a cursor's position in the sort of ``columns``: after it ``forwards``, else before it.

    One condition: any of its ranges (``_ranges``).
    """
    return or_(
        *(and_(*conditions) for conditions in _ranges(columns, nulls, nullable, side, forwards, dialect))
    )


def _bounded(statement, key, lower, upper):
    """``statement`` with ``key > lower`` and ``key < upper``, for each that is given."""
    if lower is not None:
        statement = statement.where(key > lower)
    if upper is not None:
        statement = statement.where(key < upper)
    return statement


def _row_value(value, cursor):
    return None if cursor is None else tuple_(value, cursor)


def first_page_statement(model_class, foreign_key, names, dialect):
    """The statement of the first page of the list that ``foreign_key`` filters: a parent's embedded page."""
    return _list_statement(model_class, (foreign_key,), (), names, False, False, dialect)


def _leading_filter(model_class, filter_names):
    """The first of ``filter_names`` whose column leads an index on (that column, primary key), or None."""
    return next((name for name in filter_names if leads_keyset_index(model_class, name)), None)


@cache
def leads_keyset_index(model_class, name):
    """Whether the column ``name`` leads an index on (that column, primary key)."""
    table = model_class.__table__
    column = model_class.__mapper__.attrs[name].columns[0]
    return any(list(index.columns) == [column, *table.primary_key.columns] for index in table.indexes)
