"""What every database needs here: named constraints, psycopg for PostgreSQL URLs, SQLite's foreign keys."""

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

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
