"""The shipped migrations match the models and go down to nothing and back; a migration keeps every row.

A revision runs as ``flask db upgrade`` runs it (``hypermedia/migrations``):
in one transaction, on SQLite with foreign keys off while tables are rebuilt.
"""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.util import CommandError
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from {{ cookiecutter.package_name }}.api import ADAPTERS
from {{ cookiecutter.package_name }}.hypermedia import migrations
from {{ cookiecutter.package_name }}.models import db

from .conftest import MIGRATIONS
from .representations import REPRESENTATIONS
from .test_api import CHILD_MODEL, CHILD_TYPE, CHILDREN, PARENT_MODEL, add_child, create_parent

PARENT_TABLE, CHILD_TABLE = PARENT_MODEL.__table__.name, CHILD_MODEL.__table__.name


def test_the_models_need_no_new_migration(app):
    """What ``flask db migrate`` would write after ``flask db upgrade``: nothing."""
    with app.app_context(), db.engine.connect() as connection:
        options = {"compare_type": True, "include_object": migrations.include_object}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_upgrade_again(app):
    tables = {table.name for table in db.metadata.sorted_tables}
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision="base")
        assert not tables & set(inspect(db.engine).get_table_names())
        upgrade(directory=MIGRATIONS)
        assert tables <= set(inspect(db.engine).get_table_names())


@pytest.fixture
def api(speak):
    return speak(REPRESENTATIONS[ADAPTERS[0].extra_headers["Content-Type"]])


def migrate(app, change):
    """Run ``change(op)`` as a revision runs: on the migrations' connection, all of it or none of it."""
    with app.app_context(), migrations.connect(db.engine) as connection:
        context = MigrationContext.configure(
            connection, opts={"transactional_ddl": True, "target_metadata": db.metadata}
        )
        with migrations.atomically(context, connection):
            change(Operations(context))


def children(api):
    response, body = api.get(CHILDREN)
    assert response.status_code == 200, body
    return api.items(body, CHILD_TYPE)


def columns(app, table):
    with app.app_context():
        return [column["name"] for column in inspect(db.engine).get_columns(table)]


def test_a_table_rebuilt_under_rows_keeps_the_rows_that_refer_to_it(app, api):
    parent = create_parent(api)
    add_child(api, parent["id"])
    before = children(api)

    def rebuild_the_parents_table(op):
        # SQLite rebuilds the table to drop a column: a DROP TABLE, which would cascade to the children.
        recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
        with op.batch_alter_table(PARENT_TABLE, recreate=recreate) as batch:
            batch.add_column(sa.Column("scratch", sa.Integer()))
        with op.batch_alter_table(PARENT_TABLE, recreate=recreate) as batch:
            batch.drop_column("scratch")

    migrate(app, rebuild_the_parents_table)

    assert children(api) == before
    assert "scratch" not in columns(app, PARENT_TABLE)


def test_a_revision_that_fails_half_way_changes_nothing(app, api):
    parent = create_parent(api)
    add_child(api, parent["id"])
    before, tables = children(api), columns(app, CHILD_TABLE)

    def change_then_fail(op):
        with op.batch_alter_table(CHILD_TABLE, recreate="always") as batch:
            batch.add_column(sa.Column("scratch", sa.Integer()))
        op.execute(f"DELETE FROM {PARENT_TABLE}")
        op.execute("SELECT * FROM no_such_table")

    with pytest.raises(CommandError, match="changed nothing; the database is still at revision"):
        migrate(app, change_then_fail)

    assert columns(app, CHILD_TABLE) == tables
    with app.app_context():
        assert not [name for name in inspect(db.engine).get_table_names() if name.startswith("_alembic_tmp")]
    assert children(api) == before


def test_a_revision_that_leaves_a_row_pointing_at_nothing_changes_nothing(app, api):
    parent = create_parent(api)
    add_child(api, parent["id"])
    before = children(api)
    foreign_key = next(iter(CHILD_MODEL.__table__.foreign_keys)).parent.name

    def orphan_the_children(op):
        op.execute(sa.update(CHILD_MODEL.__table__).values({foreign_key: parent["id"] + 1000}))

    with pytest.raises(CommandError, match="changed nothing"):
        migrate(app, orphan_the_children)

    assert children(api) == before
