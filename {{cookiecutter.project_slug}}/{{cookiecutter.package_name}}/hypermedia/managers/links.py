"""References between rows: many-to-many links as a list of ids, and the rows that refer to a row.

A model's many-to-many relationship (``orm.relationship(secondary=...)``,
``labels`` on Ticket) is served as a field of its own, the list of the
linked rows' ids (``label_ids``): read in full with one statement for an
item or a whole page, replaced as a whole by a create or an update, and a
filter of the list (``/ticket/?label_ids=5``: the tickets linked to label
5).  The other side's list takes the association table's name as a filter
(``/label/?ticket_labels=7``: the labels of ticket 7), which is where
``resources.ManyToMany`` links.  Nothing to override: declare the
relationship on the model, and ``hypermedia.ManyToMany`` on its resource.

``declared_parent`` tells a row's parent from its references: the parent
is what it is under (owned through, deleted with), a reference only a link.

``refusing_references`` finds what a delete would break: a row that
still refers to it through a foreign key that neither cascades nor sets
null (a required reference, whose constraint the database checks at the
end of the statement, so that a cascade deleting both sides passes).
"""

from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, delete, exists, insert, select
from sqlalchemy.orm import RelationshipDirection

from ..errors import FieldError
from ..scaffold.specs import singularize


class Link(NamedTuple):
    """A many-to-many as one side sees it: its association ``table``, the column of each side's ids."""

    table: object
    own: object  # the association's column that holds this side's ids
    other: object  # the association's column that holds the other side's
    target: type  # the other side's model


@cache
def declared_parent(model_class):
    """The many-to-one relationship to the row this one is under, or None at the top.

    The one through a required foreign key that deletes the row with its
    parent (``ondelete="CASCADE"``), as the template and ``flask scaffold``
    declare a child; never a reference (``milestone_id``, optional or not
    deleted with its target), whatever order the relationships come in.
    """
    for relationship in model_class.__mapper__.relationships:
        if relationship.direction is not RelationshipDirection.MANYTOONE:
            continue
        columns = relationship.local_columns
        if all(
            not column.nullable
            and any((key.ondelete or "").upper() == "CASCADE" for key in column.foreign_keys)
            for column in columns
        ):
            return relationship
    return None


@cache
def linked_ids(model_class):
    """``{field: Link}`` of the model's many-to-many relationships: ``{"label_ids": Link(...)}``."""
    links = {}
    for relationship in model_class.__mapper__.relationships:
        if relationship.secondary is None:
            continue
        ((_, own),) = relationship.synchronize_pairs
        ((_, other),) = relationship.secondary_synchronize_pairs
        name = f"{singularize(relationship.key)}_ids"
        links[name] = Link(relationship.secondary, own, other, relationship.mapper.class_)
    return links


@cache
def referring_lists(model_class):
    """``{filter: Link}`` of the association tables by which other models link to this one's rows.

    A list filtered by one, ``/label/?ticket_labels=7``, holds the rows
    that row 7 of the other side links to.
    """
    lists = {}
    for mapper in model_class.registry.mappers:
        for relationship in mapper.relationships:
            if relationship.secondary is None or relationship.mapper.class_ is not model_class:
                continue
            ((_, other),) = relationship.synchronize_pairs
            ((_, own),) = relationship.secondary_synchronize_pairs
            lists[relationship.secondary.name] = Link(relationship.secondary, own, other, mapper.class_)
    return lists


def membership(model_class, name, value):
    """The condition of a list filtered by a link ``name``: the row is linked to the row ``value``."""
    link = linked_ids(model_class).get(name) or referring_lists(model_class)[name]
    (key,) = model_class.__mapper__.primary_key
    return exists().where(link.own == key, link.other == value)


def read_ids(session, model_class, ids):
    """``{field: {row id: [linked ids]}}`` for the rows ``ids``: one statement for each many-to-many."""
    found = {}
    for name, link in linked_ids(model_class).items():
        rows = session.execute(_ids_statement(link), {"ids": ids}).all()  # fetched at once, not row by row
        by_row = {row_id: [] for row_id in ids}
        for row_id, other_id in rows:
            by_row[row_id].append(other_id)
        found[name] = by_row
    return found


@cache
def _ids_statement(link):
    """SELECT the pairs of the rows whose ids are bound, in order: built once, as a list's statement is."""
    statement = select(link.own, link.other).where(link.own.in_(bindparam("ids", expanding=True)))
    return statement.order_by(link.own, link.other)


def check_targets(session, model_class, name, ids):
    """Refuse, as a missing parent is (404), ids of rows that do not exist or that the user cannot see."""
    target = linked_ids(model_class)[name].target
    (key,) = target.__mapper__.primary_key
    # An ORM statement of the target's column: the row scoping (scoping.py) hides what the user cannot see.
    seen = set(session.scalars(select(getattr(target, key.key)).where(key.in_(ids)))) if ids else set()
    missing = [value for value in ids if value not in seen]
    if missing:
        noun = target.__table__.name.replace("_", " ")
        raise FieldError(
            name, f'The field "{name}" refers to {noun} {missing[0]}, which does not exist.', status_code=404
        )


def replace_ids(session, model_class, name, row_id, ids):
    """Link the row ``row_id`` to exactly the rows ``ids``: its links, replaced as a whole."""
    link = linked_ids(model_class)[name]
    session.execute(delete(link.table).where(link.own == row_id))
    if ids:
        session.execute(insert(link.table), [{link.own.key: row_id, link.other.key: value} for value in ids])


def refusing_references(session, model_class, row_id):
    """``(table, column)`` of a row that still refers to this one through a required reference, or None."""
    for table, column in _required_references(model_class):
        if session.scalar(select(exists().where(column == row_id))):
            return table, column
    return None


@cache
def _required_references(model_class):
    """The columns of other tables that refer to this model's rows and refuse its deletes."""
    (key,) = model_class.__mapper__.primary_key
    found = []
    for table in model_class.metadata.sorted_tables:
        for column in table.columns:
            for foreign_key in column.foreign_keys:
                action = (foreign_key.ondelete or "NO ACTION").upper()
                if foreign_key.column is key and action in ("NO ACTION", "RESTRICT"):
                    found.append((table, column))
    return tuple(found)
