"""Column types that keep values exact on every database this project supports.

PostgreSQL stores decimals exactly and datetimes with their time zone;
SQLite does neither.  These types store both as text on SQLite, so that a
value reads back exactly as it was written, and as ``NUMERIC`` and
``TIMESTAMP WITH TIME ZONE`` on PostgreSQL.  Migrations spell the same
columns without importing this module (see ``migrations/versions/``).
"""

import datetime
import decimal

import sqlalchemy as sa


def utcnow():
    """The current time, timezone-aware, in UTC: the default of a ``=now`` datetime column."""
    return datetime.datetime.now(datetime.UTC)


def today():
    """Today's date in UTC: the default of a ``=now`` date column."""
    return utcnow().date()


class Decimal(sa.types.TypeDecorator):
    """``NUMERIC(precision, scale)``; text on SQLite.  Values are ``decimal.Decimal`` at the scale."""

    impl = sa.Numeric
    cache_ok = True

    def __init__(self, precision, scale):
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision, self.scale = precision, scale

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String())
        return dialect.type_descriptor(sa.Numeric(self.precision, self.scale, asdecimal=True))

    def migration_expression(self):
        """This column type as a migration spells it, without this module."""
        numeric = f"sa.Numeric(precision={self.precision}, scale={self.scale})"
        return f'{numeric}.with_variant(sa.String(), "sqlite")'

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-self.scale))
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-self.scale))


class UtcDateTime(sa.types.TypeDecorator):
    """``TIMESTAMP WITH TIME ZONE``, stored in UTC; read back timezone-aware in UTC on every database."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def migration_expression(self):
        """This column type as a migration spells it, without this module."""
        return "sa.DateTime(timezone=True)"

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("A datetime must say its time zone.")
        value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no offset: it stored UTC
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
