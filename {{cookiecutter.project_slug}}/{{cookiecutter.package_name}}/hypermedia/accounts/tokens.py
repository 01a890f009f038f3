"""Bearer tokens: ``POST /auth/token`` issues one for an email and password; each request sends it.

A token is the account's id and token version, signed with ``SECRET_KEY``
and valid for ``TOKEN_TTL`` seconds.  A new password or ``flask
revoke-tokens`` bumps the version: every token made before then stops
working.  Rotating ``SECRET_KEY`` ends every token at once.
"""

from functools import lru_cache

import click
import flask_httpauth
import itsdangerous
from flask import current_app
from flask.cli import with_appcontext
from ripozo.exceptions import RestException

from ..dispatcher import json_endpoint
from ..fields import EnumField, IntegerField, StringField
from .commands import existing_account
from .signin import SignIn, account_model

# Any text is a well-formed sign-in: a wrong or missing email or password answers 401, not 400.
CREDENTIALS = (StringField("email"), StringField("password"))
TOKEN = (StringField("access_token"), EnumField("token_type", ["Bearer"]), IntegerField("expires_in"))


@json_endpoint("/auth/token", body=CREDENTIALS, answer=TOKEN, answers="The token.", errors=(401, 429))
def issue_token(values):
    """An access token for an account, to send as Authorization: Bearer <token>."""
    account = account_model().signed_in(values["email"], values["password"])
    if account is None:
        raise RestException("The email or password is wrong.", 401)
    token = _serializer(current_app.config["SECRET_KEY"]).dumps([account.id, account.token_version])
    return {"access_token": token, "token_type": "Bearer", "expires_in": current_app.config["TOKEN_TTL"]}


@click.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens_command(email):
    """Stop every token of the account EMAIL from working, now."""
    account = existing_account(email)
    account.revoke_tokens()
    click.echo(f"Every token of {account.email} made until now is revoked.")


class BearerTokens(SignIn):
    """Sign-in with expiring Bearer tokens: ``POST /auth/token`` and ``flask revoke-tokens``.

    Override ``verify`` to accept other tokens, such as a provider's.
    """

    security_scheme = ("bearer", {"type": "http", "scheme": "bearer"})
    endpoints = (issue_token,)
    commands = (revoke_tokens_command,)
    token_route = "/auth/token"

    def __init__(self):
        self.auth = flask_httpauth.HTTPTokenAuth(scheme="Bearer")
        self.auth.verify_token(self.verify)

    def verify(self, token):
        """The account a token was issued to, while it is unexpired and its version current; else None."""
        config = current_app.config
        try:
            account_id, version = _serializer(config["SECRET_KEY"]).loads(token, max_age=config["TOKEN_TTL"])
        except (itsdangerous.BadSignature, TypeError, ValueError):  # tampered, malformed, expired or older
            return None
        account = account_model().get(account_id)
        return self.signed_in(account if account is not None and account.token_version == version else None)


@lru_cache(maxsize=8)
def _serializer(secret_key):
    # Made once per key, not for every request that carries a token.
    return itsdangerous.URLSafeTimedSerializer(secret_key, salt="access-token")
