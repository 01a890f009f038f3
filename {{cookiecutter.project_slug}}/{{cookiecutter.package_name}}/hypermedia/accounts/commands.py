"""The account commands, each of an EMAIL: ``flask create-user``, ``set-password`` and ``set-admin``.

The first two ask for the password, or take ``--password``; a refused
value (a weak password, a taken email) ends the command with its sentence.
"""

import contextlib

import click
from flask.cli import with_appcontext
from ripozo.exceptions import RestException

from .signin import account_model


@click.command("create-user")
@click.argument("email")
@click.password_option(help="The password; prompted for when not given.")
@click.option("--admin", is_flag=True, help="Make it an admin, who reads and writes every user's rows.")
@with_appcontext
def create_user_command(email, password, admin):
    """Create an account that can sign in with EMAIL."""
    with _refusals_as_command_errors():
        account = account_model().create(email, password, admin=admin)
    click.echo(f"Created {'admin ' if admin else ''}account {account.id}: {account.email}")


@click.command("set-password")
@click.argument("email")
@click.password_option(help="The new password; prompted for when not given.")
@with_appcontext
def set_password_command(email, password):
    """Give the account EMAIL a new password, and revoke its tokens."""
    with _refusals_as_command_errors():
        existing_account(email).set_password(password)
    click.echo(f"New password set for {email.lower()}.")


@click.command("set-admin")
@click.argument("email")
@click.option("--off", is_flag=True, help="Make it an admin no longer.")
@with_appcontext
def set_admin_command(email, off):
    """Make the account EMAIL an admin, who reads and writes every user's rows (or, with --off, no longer)."""
    account = existing_account(email)
    account.set_admin(not off)
    click.echo(f"{account.email} is {'no longer an' if off else 'now an'} admin, from its next request on.")


COMMANDS = (create_user_command, set_password_command, set_admin_command)


def existing_account(email):
    """The account with this email, or a command error saying there is none."""
    account = account_model().find(email)
    if account is None:
        raise click.ClickException(f"No account has the email {email}.")
    return account


@contextlib.contextmanager
def _refusals_as_command_errors():
    """A refused value ends a command with its sentence, not a traceback."""
    try:
        yield
    except RestException as error:
        raise click.ClickException(str(error)) from None
