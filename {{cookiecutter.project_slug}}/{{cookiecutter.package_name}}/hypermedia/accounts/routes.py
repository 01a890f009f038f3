"""The account routes: sign up, change the password, delete the account (and its rows).

Each is a ``json_endpoint``: the fields declared here are what the handler
is given and what the OpenAPI document says it takes and answers.
"""

from flask import current_app
from ripozo.exceptions import RestException

from .. import idempotency
from ..dispatcher import json_endpoint
from ..errors import FieldError
from ..fields import IntegerField, StringField
from ..sessions import current_session
from . import attempts, roles
from .model import EmailField
from .passwords import NewPasswordField, check_new
from .signin import account_model, current_user

ACCOUNT = (IntegerField("id"), StringField("email"))
CURRENT_PASSWORD = StringField("password", required=True)


@json_endpoint(
    "/auth/register",
    body=(EmailField("email", required=True), NewPasswordField("password", required=True)),
    answer=ACCOUNT,
    status=201,
    answers="The new account.",
    errors=(403, 409, 422, 429),
)
def register(values):
    """Create an account."""
    if not current_app.config["REGISTRATION_ENABLED"]:
        raise RestException("Registration is closed; ask an administrator for an account.", 403)
    attempts.sign_up()
    account = account_model().create(values["email"], values["password"])
    return {"id": account.id, "email": account.email}


@json_endpoint(
    "/auth/password",
    body=(CURRENT_PASSWORD, NewPasswordField("new_password", required=True)),
    answer=ACCOUNT,
    answers="The account.",
    errors=(403, 422, 429),
    signed_in=True,
)
def change_password(values):
    """Change the signed-in account's password; the current one is needed."""
    account = _confirmed_account(values["password"])
    check_new(values["new_password"], account.email, field="new_password")
    answer = {"id": account.id, "email": account.email}
    account.set_password(values["new_password"])
    return answer


@json_endpoint(
    "/auth/account",
    method="DELETE",
    body=(CURRENT_PASSWORD,),
    answer=(StringField("deleted"),),
    answers="The account is gone.",
    errors=(403, 409, 429),
    signed_in=True,
)
def delete_account(values):
    """Delete the signed-in account and everything it owns; the current password is needed."""
    account = _confirmed_account(values["password"])
    answer = {"deleted": account.email}
    session = current_session()
    member_model = current_app.extensions["accounts"].member
    roles.refuse_leaving_workspaces_ownerless(session.connection(), member_model, account.id)
    idempotency.forget(session, keys_of(account))  # the answers kept for its retries show its rows
    session.delete(account)
    session.commit()
    return answer


ENDPOINTS = (register, change_password, delete_account)


def keys_of(account):
    """The scope of the Idempotency-Keys ``account`` sends (idempotency.py)."""
    return f"account {account.id}"


def _confirmed_account(password):
    """The signed-in account, once ``password`` proves it is theirs (counted as a sign-in)."""
    account = current_user()
    if account_model().signed_in(account.email, password) is None:
        # Not a malformed request: a well-formed one the user may not make without the password.
        raise FieldError("password", 'The field "password" must be your current password.', status_code=403)
    return account
