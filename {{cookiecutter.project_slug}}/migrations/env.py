"""Alembic environment: migrations run against the app's database and models.

``flask db upgrade`` and ``downgrade`` apply their revisions in one
transaction, on SQLite too, where rebuilding a table deletes none of the
rows that refer to it; ``flask db migrate`` asks about renames and
writes nothing that would lose rows.  How: the package's
``hypermedia/migrations/``.
"""

from logging.config import fileConfig

from alembic import context
from flask import current_app

from {{ cookiecutter.package_name }}.hypermedia import migrations

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)

migrate = current_app.extensions["migrate"]
target_metadata = migrate.db.metadata


def run_migrations_offline():
    """Emit SQL to stdout (``flask db upgrade --sql``) instead of running it."""
    url = migrate.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    options = {
        "process_revision_directives": migrations.review,
        "render_item": migrations.render_item,
        "include_object": migrations.include_object,
        **migrate.configure_args,
    }
    with migrations.connect(migrate.db.engine) as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, transactional_ddl=True, **options
        )
        with migrations.atomically(context, connection):
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
