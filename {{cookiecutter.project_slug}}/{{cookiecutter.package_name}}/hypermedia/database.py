"""What every database needs here: named constraints, psycopg for PostgreSQL URLs, SQLite's foreign keys.

And whether it is there and up to date, for the health checks.
"""

import os

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import event, orm, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

# Named constraints, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


def row_version():
    """The column ``row_version``: a row's version, 1 when made, bumped by every write (preconditions.py).

    Hidden from clients, who see it in the row's ETag and send it back in If-Match.
    """
    return orm.mapped_column(default=1, server_default="1", info={"hidden": True})


def database_url(url):
    """The SQLAlchemy URL for a database URL; PostgreSQL URLs use psycopg 3.

    Hosting platforms hand out ``postgres://`` and ``postgresql://`` URLs,
    which SQLAlchemy would open with psycopg2.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RuntimeError(f"The database URL {url!r} is not a valid SQLAlchemy URL.") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def enforce_foreign_keys(engine):
    """SQLite ignores foreign keys unless each connection asks for them."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _foreign_keys_on):
        event.listen(engine, "connect", _foreign_keys_on)


def _foreign_keys_on(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def answers(session):
    """Whether the database answers a ``SELECT 1``."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        session.rollback()
        return False
    return True


def schema_is_current(session):
    """Whether ``flask db upgrade`` has run: the database is at the migrations' head, or past it.

    Past it means at a revision this release does not know, which a newer
    release's migration wrote while this one still serves (a rolling deploy
    migrates first): such a migration must keep the previous release working,
    so this instance stays ready.  Behind means at a revision this release
    knows short of its head, or at none.

    The revisions are read from the migrations folder (where ``flask db
    upgrade`` finds it, ``./migrations``) once, the database's at each call.
    Without the folder, nothing says the schema is current: False.
    """
    known = _migrations()
    if known is None:
        return False
    heads, revisions = known
    try:
        current = set(MigrationContext.configure(session.connection()).get_current_heads())
    except SQLAlchemyError:
        session.rollback()
        return False
    return current == heads or bool(current - revisions)


def _migrations():
    """(the heads, every revision) of the migrations folder, cached on the app; None without the folder."""
    known = current_app.extensions.get("migration_revisions")
    if known is None:
        directory = current_app.extensions["migrate"].directory
        if not os.path.isdir(directory):
            return None
        config = Config()
        config.set_main_option("script_location", directory)
        script = ScriptDirectory.from_config(config)
        known = set(script.get_heads()), {revision.revision for revision in script.walk_revisions()}
        current_app.extensions["migration_revisions"] = known
    return known
