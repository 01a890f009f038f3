"""What a person reads for a row: the value of its resource's display field, or its noun and id.

A resource names its ``display_field``; by default it is the first text
column its model declares (a string, a text or an enum), so that a task
board reads "Sprint 12" where it would read "Task board 7".  The HTML pages
show it in headings, breadcrumbs and the rows of tables; a parent's
embedded rows select it in the statement that reads them, so that it costs
no statement more.
"""

from functools import cache

import sqlalchemy as sa

from .scaffold.specs import pluralize


@cache
def display_field(model):
    """The first text column ``model`` declares and shows, or None when it has none."""
    for column in model.__table__.columns:
        if isinstance(column.type, sa.String) and not column.info.get("hidden") and not column.primary_key:
            return column.key
    return None


def noun(model):
    """What a sentence calls one row: ``Task board``."""
    return model.__table__.name.replace("_", " ").capitalize()


def with_article(noun):
    """``noun`` after its indefinite article, as most nouns take it: "an item", "a task", "a user"."""
    return f"{'an' if noun[:1] in 'aeio' else 'a'} {noun}"


def plural(model):
    """What a heading calls the rows: ``Task boards``."""
    return pluralize(model.__table__.name).replace("_", " ").capitalize()


def label(resource):
    """The label of a resource's row: its display field's value, else ``Task board 7``."""
    return row_label(type(resource), resource.properties)


def row_label(resource_class, properties):
    """The label of a row of ``resource_class`` from its ``properties``, as a list reads them."""
    value = properties.get(resource_class.display_field) if resource_class.display_field else None
    if value not in (None, ""):
        return str(value)
    keys = " ".join(str(properties.get(pk)) for pk in resource_class.pks)
    return f"{noun(resource_class.manager.model)} {keys}"
