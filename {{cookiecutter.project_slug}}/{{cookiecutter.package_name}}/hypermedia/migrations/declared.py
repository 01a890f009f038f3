"""The schema as the revisions declare it: each column's type, nullability and default as written.

A database tells less than its revisions said.  SQLite reflects a
``NUMERIC(12, 2)``, which it stores as text here, as ``VARCHAR``; no
database reflects an enum but as a VARCHAR and a CHECK constraint's text.
The review of a new revision (``review.py``) wants the types as written:
a dropped column's downgrade re-creates it with its own type, a rename is
offered between columns of one kind, and the migration it writes on a
developer's SQLite must run on PostgreSQL too.

So ``read`` runs each revision's ``upgrade()``, from the first to the ones
the database is at, against a recorder of Alembic's operations that writes
nothing anywhere: ``op.create_table``, ``op.add_column``,
``op.alter_column``, ``op.batch_alter_table`` and the rest only change a
model of the schema (``Schema``), and statements (``op.execute``) go
nowhere.  A revision it cannot follow (one that reads rows, say) makes the
whole reading unknown (None), and the review then takes every type from the
database, as Alembic does.
"""

import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import BatchOperations, Operations, ops
from sqlalchemy.sql.elements import conv

logger = logging.getLogger("alembic.env")

# A CHECK constraint of an enum's values, as a revision writes it and as each database reflects it:
# "status IN ('open', 'done')", or "(status)::text = ANY (ARRAY['open'::character varying, ...])".
_CHECKED_COLUMN = re.compile(r'^[\s(]*"?([A-Za-z_][A-Za-z0-9_]*)"?')
_LITERAL = re.compile(r"'((?:[^']|'')*)'")


@dataclass
class Column:
    """A column as declared: its SQLAlchemy type, whether it may be null, its server default (or None)."""

    type: object
    nullable: bool
    server_default: object = None


@dataclass(frozen=True)
class Check:
    """A CHECK constraint as an enum's: the column it checks and the values it allows, in order."""

    name: str
    column: str
    values: tuple


def check(name, sqltext):
    """The ``Check`` a CHECK constraint's text states, or None if it is not a list of allowed values."""
    text = str(sqltext)
    column, values = _CHECKED_COLUMN.match(text), _LITERAL.findall(text)
    if column is None or not values or (" IN " not in text.upper() and "ANY" not in text.upper()):
        return None
    return Check(str(name), column.group(1), tuple(value.replace("''", "'") for value in values))


class Schema:
    """Tables as revisions declare them: ``tables[name][column]``, a ``Column``; ``checks[name]``, Checks."""

    def __init__(self, naming_convention):
        self.tables, self.checks = {}, {}
        self._check_name = naming_convention.get("ck")

    def apply(self, operation):
        """Change the schema as ``operation`` (one of Alembic's) would change a database."""
        if isinstance(operation, ops.CreateTableOp):
            self._create(operation.table_name, operation.columns)
        elif isinstance(operation, ops.DropTableOp):
            self.tables.pop(operation.table_name, None)
            self.checks.pop(operation.table_name, None)
        elif isinstance(operation, ops.RenameTableOp):
            self.tables[operation.new_table_name] = self.tables.pop(operation.table_name, {})
            self.checks[operation.new_table_name] = self.checks.pop(operation.table_name, {})
        elif isinstance(operation, ops.AddColumnOp):
            self._add(operation.table_name, operation.column)
        elif isinstance(operation, ops.DropColumnOp):
            self.tables.get(operation.table_name, {}).pop(operation.column_name, None)
            self._drop_checks_of(operation.table_name, operation.column_name)
        elif isinstance(operation, ops.AlterColumnOp):
            self._alter(operation)
        elif isinstance(operation, ops.CreateCheckConstraintOp):
            self._add_check(operation.table_name, operation.constraint_name, operation.condition)
        elif isinstance(operation, ops.DropConstraintOp):
            self.checks.get(operation.table_name, {}).pop(str(operation.constraint_name), None)
        # Indexes, other constraints, comments and statements change no column.

    def _create(self, table, items):
        self.tables[table], self.checks[table] = {}, {}
        for item in items:
            if isinstance(item, sa.Column):
                self._add(table, item)
            elif isinstance(item, sa.CheckConstraint):
                self._add_check(table, item.name, item.sqltext)

    def _add(self, table, column):
        server_default = column.server_default.arg if column.server_default is not None else None
        self.tables.setdefault(table, {})[column.name] = Column(column.type, column.nullable, server_default)
        self._add_enum_check(table, column.name, column.type)

    def _add_enum_check(self, table, column, type_):
        if isinstance(type_, sa.Enum) and type_.create_constraint and type_.name:
            values = ", ".join(f"'{value}'" for value in type_.enums)
            self._add_check(table, type_.name, f"{column} IN ({values})")

    def _add_check(self, table, name, sqltext):
        if name is None:
            return
        if not isinstance(name, conv) and self._check_name:
            name = self._check_name % {"table_name": table, "constraint_name": name}
        found = check(name, sqltext)
        if found is not None:
            self.checks.setdefault(table, {})[found.name] = found

    def _drop_checks_of(self, table, column):
        checks = self.checks.get(table, {})
        for name in [name for name, found in checks.items() if found.column == column]:
            del checks[name]

    def _alter(self, operation):
        table, name = operation.table_name, operation.column_name
        column = self.tables.get(table, {}).get(name)
        if column is None:
            return
        if operation.modify_type is not None:
            column.type = operation.modify_type
            if isinstance(operation.modify_type, sa.Enum):
                self._drop_checks_of(table, name)
                self._add_enum_check(table, name, operation.modify_type)
        if operation.modify_nullable is not None:
            column.nullable = operation.modify_nullable
        if operation.modify_server_default is not False:
            default = operation.modify_server_default
            column.server_default = default.arg if isinstance(default, sa.DefaultClause) else default
        if operation.modify_name is not None:
            self.tables[table][operation.modify_name] = self.tables[table].pop(name)
            for check_name, found in list(self.checks.get(table, {}).items()):
                if found.column == name:
                    self.checks[table][check_name] = Check(found.name, operation.modify_name, found.values)


def read(migration_context, script, naming_convention):
    """The ``Schema`` the revisions up to the database's own declare, or None where one cannot be followed."""
    heads = migration_context.get_current_heads()
    revisions = list(reversed(list(script.iterate_revisions(heads, "base")))) if heads else []
    with _quiet("alembic.runtime.migration"):  # which would say "Generating static SQL"
        recording = MigrationContext.configure(
            dialect=migration_context.dialect, opts={"as_sql": True, "output_buffer": io.StringIO()}
        )
    schema = Schema(naming_convention)
    for revision in revisions:
        try:
            with _recorder(recording, schema):
                revision.module.upgrade()
        except Exception as error:  # a revision's own code, run against a recorder: anything can happen
            logger.info(
                "Reading revision %s as declared stopped (%s: %s); the review reads types from the database.",
                revision.revision,
                type(error).__name__,
                error,
            )
            return None
    return schema


@contextmanager
def _quiet(name):
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def _recorder(migration_context, schema):
    """``from alembic import op`` made to record into ``schema`` while a revision's upgrade() runs."""
    operations = Operations(migration_context)
    operations.invoke = schema.apply
    operations.batch_alter_table = _batch_recorder(migration_context, schema)
    operations._install_proxy()
    try:
        yield
    finally:
        operations._remove_proxy()


def _batch_recorder(migration_context, recorded):
    @contextmanager
    def batch_alter_table(table_name, schema=None, **kwargs):
        batch = BatchOperations(migration_context, impl=SimpleNamespace(table_name=table_name, schema=schema))
        batch.invoke = recorded.apply
        yield batch

    return batch_alter_table
