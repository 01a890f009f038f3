"""Running revisions: all of them in one transaction, and on SQLite without cascades when a table is rebuilt.

SQLite changes a column only by rebuilding its table (what Alembic's batch
migrations do): create the new table, copy the rows, drop the old table,
rename the new one.  With foreign keys enforced, that DROP deletes every row
that refers to the table (``ON DELETE CASCADE``), down the whole tree.  So,
as SQLite's own documentation prescribes for such changes
(https://www.sqlite.org/lang_altertable.html#otheralter), the migrations'
connection turns foreign keys off before its transaction begins (inside one
the pragma does nothing), and ``PRAGMA foreign_key_check`` runs before the
commit: a row left pointing at nothing fails the migration, and nothing is
committed.

pysqlite, Python's SQLite driver, begins a transaction only before INSERT,
UPDATE and DELETE: DDL runs outside any, so a revision that fails half-way
leaves half a change behind (an ``_alembic_tmp_`` table, say).  The
migrations' connection emits its own BEGIN instead, so that SQLite's DDL is
transactional, as PostgreSQL's is.

SQLite gives the id of the row with the largest one, once deleted, to the
next row, so that a bookmarked URL would name another row; a table declared
``AUTOINCREMENT`` never reuses an id, as PostgreSQL's sequences never do.
Reflection does not see the keyword, and a batch migration's rebuild would
drop it: every table the migrations' connection creates, a rebuilt one
included, with one integer primary key, is declared ``AUTOINCREMENT``.
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script.revision import MultipleHeads
from alembic.util import CommandError
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError


@contextmanager
def connect(engine):
    """A connection to run revisions on; on SQLite with foreign keys off and its own BEGIN, put back after."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            yield connection
            return
        driver = connection.connection.driver_connection
        isolation_level = driver.isolation_level
        (enforced,) = driver.execute("PRAGMA foreign_keys").fetchone()
        driver.isolation_level = None  # pysqlite begins nothing itself ...
        driver.execute("PRAGMA foreign_keys=OFF")
        event.listen(connection, "begin", _begin)  # ... and every transaction begins with BEGIN

        def ids_never_reused(table, created_on, **kwargs):
            if created_on is connection and _one_integer_key(table):
                table.dialect_options["sqlite"]["autoincrement"] = True

        event.listen(sa.Table, "before_create", ids_never_reused)
        try:
            yield connection
        finally:
            event.remove(sa.Table, "before_create", ids_never_reused)
            event.remove(connection, "begin", _begin)
            driver.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")
            driver.isolation_level = isolation_level


def _begin(connection):
    connection.exec_driver_sql("BEGIN")


def _one_integer_key(table):
    """Whether the table's primary key is one integer column: SQLite's rowid, which AUTOINCREMENT can take."""
    columns = list(table.primary_key.columns)
    return len(columns) == 1 and isinstance(columns[0].type, sa.Integer)


@contextmanager
def atomically(context, connection):
    """One transaction for every revision applied in it: all of them, or none and a sentence saying why.

    ``context`` is Alembic's (``from alembic import context`` in env.py),
    configured with ``transactional_ddl=True``.  A database error in a
    revision rolls everything back and becomes a ``CommandError``, which
    ``flask db`` prints as one line, naming the revision the database is
    still at and what the database said.  Migrations with more than one
    head, as an update of the template that brings a revision leaves a
    project with revisions of its own, are refused with how to join them.
    """
    _refuse_many_heads(context)
    try:
        with context.begin_transaction():
            yield
            check_foreign_keys(connection)
    except SQLAlchemyError as error:
        connection.rollback()
        heads = MigrationContext.configure(connection).get_current_heads()
        connection.rollback()
        revision = ", ".join(heads) if heads else "none (empty)"
        raise CommandError(
            f"The migration failed and changed nothing; the database is still at revision {revision}. "
            f"The database said: {_said(error)}"
        ) from None


def _refuse_many_heads(context):
    """A sentence on how to join the heads, when a command names "head" and the migrations have several."""
    if not hasattr(context, "get_revision_argument"):  # a MigrationContext of one's own: no command
        return
    try:
        context.get_revision_argument()  # "head", which names one revision only when there is one
    except KeyError:  # flask db migrate, which names none (and refuses several heads itself)
        return
    except CommandError as error:
        if not isinstance(error.__cause__, MultipleHeads):
            raise
        heads = ", ".join(sorted(context.script.get_heads()))
        raise CommandError(
            f"The migrations have more than one head ({heads}), as when an update of the template brings "
            "a revision and the project has its own since: join them with flask db merge heads "
            '-m "Join the template\'s revisions", then run flask db upgrade.'
        ) from None


def _said(error):
    """What the database said, on one line: the driver's first line, or SQLAlchemy's."""
    original = error.orig if isinstance(error, DBAPIError) else error
    first = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    return f"{first}." if not first.endswith(".") else first


def check_foreign_keys(connection):
    """On SQLite, a CommandError naming the rows that point at nothing; elsewhere the database checks."""
    if connection.dialect.name != "sqlite":
        return
    found = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if not found:
        return
    broken = {}
    for table, rowid, parent, key in found:
        column = _foreign_key_column(connection, table, key)
        broken.setdefault((table, column, parent), []).append(rowid)
    described = "; ".join(
        f"{table}.{column} of {_rows(rowids)} names no {parent}"
        for (table, column, parent), rowids in broken.items()
    )
    raise CommandError(
        f"The migration would leave rows pointing at nothing, so it changed nothing: {described}. "
        "Give them a parent that exists, or delete them, in a data step before the change."
    )


def _foreign_key_column(connection, table, key):
    for row in connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")'):
        if row[0] == key:
            return row[3]
    return "?"


def _rows(rowids, shown=5):
    listed = ", ".join(str(rowid) for rowid in rowids[:shown])
    more = f" and {len(rowids) - shown} more" if len(rowids) > shown else ""
    return f"the row{'s' if len(rowids) > 1 else ''} with id {listed}{more}"
