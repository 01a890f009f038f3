"""The account: its columns, and its rules for being created, signed in with and given a new password."""

import re
from functools import cache

import sqlalchemy as sa
from flask import current_app
from ripozo.exceptions import RestException
from sqlalchemy import orm
from sqlalchemy.exc import IntegrityError

from .. import idempotency
from ..fields import StringField
from ..sessions import current_session
from . import attempts, passwords, workspaces

MAX_EMAIL_LENGTH = 254
# RFC 5321's mailbox, as JSON Schema's "email" format reads it, at a domain name with a dot:
# dot-separated atoms of at most 64 characters, @, dot-separated labels (no quoted local part, no
# address literal).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_LOCAL_PART_LENGTH = r"(?=[^@]{1,64}@)"
_EMAIL = re.compile(rf"{_LOCAL_PART_LENGTH}{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


class EmailField(StringField):
    """An email address: something@somewhere.tld, at most 254 characters, in ASCII."""

    format = "email"

    def __init__(self, name, **kwargs):
        super().__init__(name, maximum=MAX_EMAIL_LENGTH, **kwargs)

    def _translate(self, obj, skip_required=False):
        if not isinstance(obj, str) or not _EMAIL.fullmatch(obj) or len(obj) > MAX_EMAIL_LENGTH:
            raise self.invalid("an email address")
        return str(obj)


class AccountMixin:
    """Someone who signs in with an email address and a password.

    The project's model adds it to its own base and names the table::

        class Account(accounts.AccountMixin, models.db.Model):
            __tablename__ = "app_user"

    Emails are kept in lower case and unique; passwords only as argon2id
    hashes.  ``token_version`` is bumped by a new password or ``flask
    revoke-tokens``: every token made before then stops working.  An admin
    (``is_admin``, set by ``flask create-user --admin`` or ``flask
    set-admin``) reads and writes every user's rows (ownership.py).  Each
    account is made with its personal workspace (workspaces.py).  Override
    ``create`` to refuse more (only a company's addresses, say), calling
    ``super()`` to store the account.
    """

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    email: orm.Mapped[str] = orm.mapped_column(sa.String(MAX_EMAIL_LENGTH), unique=True)
    password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    token_version: orm.Mapped[int] = orm.mapped_column(default=0, server_default="0")
    is_admin: orm.Mapped[bool] = orm.mapped_column(default=False, server_default=sa.false())

    @orm.declared_attr
    def personal_workspace_id(cls):
        """The id of the account's personal workspace (workspaces.py), read with the account."""
        return workspaces.personal_workspace_id(cls)

    @classmethod
    def create(cls, email, password, admin=False):
        """Validate, hash and store a new account; a RestException names the field, a 409 a taken email."""
        email = EmailField("email", required=True).translate(email, validate=True)
        passwords.check_new(password, email)
        account = cls(email=email.lower(), password_hash=passwords.hash_password(password), is_admin=admin)
        session = current_session()
        session.add(account)
        try:
            session.flush()
            accounts = current_app.extensions["accounts"]
            workspaces.make_personal_workspace(session, accounts.workspace, accounts.member, account)
            idempotency.commit(session)
        except IntegrityError:
            session.rollback()
            raise RestException(f"An account with the email {email.lower()} already exists.", 409) from None
        return account

    @classmethod
    def find(cls, email):
        """The account with this email, whatever its case, or None."""
        return current_session().scalar(sa.select(cls).filter_by(email=email.lower()))

    @classmethod
    def get(cls, account_id):
        """The account with this id, or None, by a statement built once: every request with a token asks."""
        return current_session().scalar(_by_id(cls), {"account_id": account_id})

    @classmethod
    def signed_in(cls, email, password):
        """The account with this email and password, or None; as slow when the email is unknown.

        Counted by the sign-in limits (attempts.py): a 429 before any hash is computed.
        """
        if not isinstance(email, str) or not isinstance(password, str):
            return None
        if not email or not password or len(password) > passwords.MAX_LENGTH:  # nothing to check
            return None
        attempts.check_sign_in(email)
        account = cls.find(email)
        if not passwords.verify(
            account.password_hash if account else current_app.config["DUMMY_HASH"], password
        ):
            attempts.failed_sign_in(email)
            return None
        return account

    def set_password(self, password):
        """Give the account a new password; every token made before then stops working."""
        passwords.check_new(password, self.email)
        self.password_hash = passwords.hash_password(password)
        self.revoke_tokens()

    def set_admin(self, admin):
        """Make the account an admin, or no longer one: from its very next request."""
        self.is_admin = admin
        current_session().commit()

    def revoke_tokens(self):
        """Stop every token made until now from working."""
        self.token_version += 1
        current_session().commit()


@cache
def _by_id(model):
    # Made once: SQLAlchemy keys and compiles it once (session.get builds it each time).
    return sa.select(model).where(model.id == sa.bindparam("account_id"))
