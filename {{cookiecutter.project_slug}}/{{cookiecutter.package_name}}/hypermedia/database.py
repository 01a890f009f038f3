"""What every database needs here: named constraints, psycopg for PostgreSQL URLs, SQLite's foreign keys.

And whether it is there and up to date, for the health checks.
"""

import os

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import event, text
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
    """Whether the database's revision is the migrations' head, that is ``flask db upgrade`` has run.

    The head is read from the migrations folder (where ``flask db upgrade``
    finds it, ``./migrations``) once, the revision at each call: a deploy
    migrates while the old instances serve.  Without the folder, nothing
    says the schema is current: False.
    """
    heads = current_app.extensions.get("migration_heads")
    if heads is None:
        directory = current_app.extensions["migrate"].directory
        if not os.path.isdir(directory):
            return False
        config = Config()
        config.set_main_option("script_location", directory)
        heads = set(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["migration_heads"] = heads
    try:
        current = set(MigrationContext.configure(session.connection()).get_current_heads())
    except SQLAlchemyError:
        session.rollback()
        return False
    return current == heads
