"""Alembic environment: migrations run against the app's database and models."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate = current_app.extensions["migrate"]
target_metadata = migrate.db.metadata


def render_plain_types(type_, obj, autogen_context):
    """Spell the project's exact column types in plain SQLAlchemy, so that migrations import only it."""
    expression = getattr(obj, "migration_expression", None) if type_ == "type" else None
    return expression() if expression else False


def run_migrations_offline():
    """Emit SQL to stdout (``flask db upgrade --sql``) instead of running it."""
    url = migrate.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def skip_empty_revision(context, revision, directives):
        """``flask db migrate`` with no model change writes no file."""
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    options = {
        "process_revision_directives": skip_empty_revision,
        "render_item": render_plain_types,
        **migrate.configure_args,
    }
    with migrate.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
