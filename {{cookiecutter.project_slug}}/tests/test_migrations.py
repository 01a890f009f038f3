"""The shipped migrations match the models, and go down to nothing and back."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from {{ cookiecutter.package_name }}.models import db

from .conftest import MIGRATIONS


def test_the_models_need_no_new_migration(app):
    """What ``flask db migrate`` would write after ``flask db upgrade``: nothing."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_upgrade_again(app):
    tables = {table.name for table in db.metadata.sorted_tables}
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision="base")
        assert not tables & set(inspect(db.engine).get_table_names())
        upgrade(directory=MIGRATIONS)
        assert tables <= set(inspect(db.engine).get_table_names())
