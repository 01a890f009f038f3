"""The base manager: how a resource reads and writes the rows of its model.

``Manager`` is ripozo-sqlalchemy's AlchemyManager, made strict and bounded
by four pieces, each a mixin in a module of its own.  To change one thing,
subclass ``Manager``, override the method the piece's docstring names, and
set the resource's ``manager_class``:

- ``reading.Reading``: one row by its primary key, or a 404;
- ``writing.Writing``: creates and updates, validated strictly, committed once;
- ``listing.Listing``: a page of rows by cursor, filtered by any field;
- ``related.Related``: serialising a row, and a to-many relationship's first page.

The field lists below follow from the model's columns and its many-to-many
relationships (``links``: ``labels`` is served as the list ``label_ids``).
"""

from typing import ClassVar

from ripozo.resources.constructor import ResourceMetaClass
from ripozo_sqlalchemy import AlchemyManager

from .. import labels
from ..caching import cached_classproperty
from ..fields import IdListField, IntegerField, field_for_column
from .links import linked_ids, referring_lists
from .listing import Listing
from .reading import Reading
from .related import Related
from .rows import primary_key_names
from .writing import Writing


class Manager(Writing, Listing, Reading, Related, AlchemyManager):
    """An AlchemyManager that validates strictly, orders its lists and bounds every query.

    ``CollectionResource`` makes one for its ``model``.  Every column is
    shown, and every column but the primary key is set by creates and
    updates; a column with ``info={"hidden": True}`` is neither, one with
    ``info={"create_only": True}`` is shown and set by creates alone (the
    workspace column of sign-in).  ``embedded`` names the to-many relationships whose
    first page a row shows: their primary keys and display fields.  Override ``fields``,
    ``list_fields``, ``create_fields`` or ``update_fields`` to show or
    accept less, ``paginate_by`` and ``max_page_size`` to page otherwise.
    """

    embedded = ()
    # The resource of each embedded relationship's rows, by relationship: whose display field they show.
    embedded_relations: ClassVar[dict] = {}
    paginate_by = 20
    max_page_size = 100

    @cached_classproperty
    def fields(cls):
        shown = [f"{name}.id" for name in cls.embedded]
        shown += [f"{name}.{label}" for name in cls.embedded if (label := cls.embedded_label(name))]
        return (*primary_key_names(cls.model), *cls.create_fields, *shown)

    @cached_classproperty
    def list_fields(cls):
        return (*primary_key_names(cls.model), *cls.create_fields, *referring_lists(cls.model))

    @cached_classproperty
    def create_fields(cls):
        columns = tuple(
            column.key
            for column in cls.model.__table__.columns
            if not column.primary_key and not column.info.get("hidden")
        )
        return (*columns, *linked_ids(cls.model))

    @cached_classproperty
    def update_fields(cls):
        columns = cls.model.__table__.columns
        return tuple(
            name
            for name in cls.create_fields
            if name not in columns or not columns[name].info.get("create_only")
        )

    @cached_classproperty
    def field_validators(cls):
        # ripozo finds each endpoint's fields here: those shown, and the filters only a list takes.
        names = dict.fromkeys((*cls.fields, *cls.list_fields))
        return [cls.get_field_type(name) for name in names]

    @cached_classproperty
    def noun(cls):
        """What a client calls one row, in messages: ``book shelf`` for the table ``book_shelf``."""
        return cls.model.__table__.name.replace("_", " ")

    @classmethod
    def embedded_label(cls, name):
        """The display field of the rows a relationship embeds (labels.py), read in the same statement."""
        resource = ResourceMetaClass.registered_names_map.get(cls.embedded_relations.get(name))
        if resource is not None:
            return resource.display_field
        return labels.display_field(getattr(cls.model, name).property.mapper.class_)

    @classmethod
    def get_field_type(cls, name):
        if "." in name:  # a related field such as "children.id": read only
            return IntegerField(name)
        if name in linked_ids(cls.model):
            return IdListField(name)
        if name in referring_lists(cls.model):  # a filter: the rows another row links to
            return IntegerField(name)
        return field_for_column(cls.model.__table__.columns[name])
