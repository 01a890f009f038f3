"""Schema changes that keep every row: how ``migrations/env.py`` runs revisions and reviews new ones.

- ``connect`` and ``atomically`` (``transactions.py``): ``flask db upgrade``
  and ``downgrade`` apply their revisions in one transaction, SQLite's DDL
  included, so that a revision that fails changes nothing; on SQLite a
  table rebuilt by a batch migration no longer cascade-deletes the rows
  that refer to it, and a row left pointing at nothing fails the migration.
- ``review`` (``review.py``), the ``process_revision_directives`` of
  ``flask db migrate``: renames asked about and written as renames, drops
  only with ``-x allow_drop=yes``, changes that rows already stored may not
  satisfy refused with what to write instead, enum values kept in step with
  their CHECK constraints, types as the revisions declared them
  (``declared.py``, ``kinds.py``).
- ``render_item``: the project's exact column types (``types.py``) spelled
  in plain SQLAlchemy, so that revisions import nothing of the package.
- ``include_object``: what ``flask db migrate`` compares, all but the
  search's trigram indexes, which revisions make on PostgreSQL and no
  model declares.
"""

from .review import review
from .transactions import atomically, connect

__all__ = ["atomically", "connect", "include_object", "render_item", "review"]


def render_item(type_, obj, autogen_context):
    """Alembic's ``render_item`` hook: a column type that says how a migration spells it, so spelled."""
    expression = getattr(obj, "migration_expression", None) if type_ == "type" else None
    return expression() if expression else False


def include_object(obj, name, type_, reflected, compare_to):
    """Alembic's ``include_object`` hook: all but an index only the database has that is a GIN index.

    The search's trigram indexes (``ix_{table}_{column}_trgm``, a GIN index
    of a text column's trigrams) are made by the revisions that add text
    fields, on PostgreSQL alone, and no model declares them: compared, they
    would be dropped by the next revision ``flask db migrate`` writes.
    """
    if type_ == "index" and reflected and compare_to is None:
        return obj.dialect_options["postgresql"].get("using") != "gin"
    return True
