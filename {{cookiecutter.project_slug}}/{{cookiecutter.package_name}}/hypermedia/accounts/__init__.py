"""Accounts and sign-in, turned on by the project's auth.py with ``init_app``.

The project declares its account model (``AccountMixin`` on its own
``db.Model``), what each user owns, its way of signing in and its settings;
this package does the rest, a module for each job:

- ``model``: the account's columns and rules: creating one, signing in, a new password;
- ``passwords``: what a new password must be, and its argon2id hash;
- ``attempts``: the limits on sign-in attempts and sign-ups (429);
- ``signin``: the check every endpoint but the index is behind, and who passed it;
  ``basic`` (HTTP Basic) and ``tokens`` (Bearer tokens) are the two ways;
- ``routes``: ``/auth/register``, ``/auth/password`` and ``/auth/account``;
- ``commands``: ``flask create-user``, ``flask set-password`` and ``flask set-admin``;
- ``ownership``: each user's rows, what they own and every row under it.
"""

from dataclasses import dataclass
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

from .. import origins
from . import attempts, commands, ownership, passwords, routes
from .model import AccountMixin, EmailField
from .signin import SignIn, current_user

__all__ = ["AccountMixin", "EmailField", "SignIn", "current_user", "init_app"]


@dataclass
class Accounts:
    """What ``init_app`` keeps in ``app.extensions["accounts"]``."""

    model: Any
    sign_in: SignIn
    tree: tuple = ()


def init_app(app, model, sign_in, owned, session):
    """Put every endpoint but the index behind ``sign_in``; each user sees only their rows of ``owned``.

    ``model`` is the account model, ``sign_in`` a ``SignIn`` (``basic.HttpBasic()``
    or ``tokens.BearerTokens()``), ``owned`` the models whose rows each user
    owns (ownership.py) and ``session`` the session whose queries are scoped.
    The settings are read from ``app.config``: ``REGISTRATION_ENABLED``,
    ``TRUSTED_PROXIES``, ``CORS_ORIGINS`` (origins.py), the limits and
    their storage (attempts.py), ``PASSWORD_HASHER`` (passwords.py) and,
    with tokens, ``TOKEN_TTL``.
    """
    if proxies := app.config["TRUSTED_PROXIES"]:  # only behind them do X-Forwarded-* say who the client is
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    attempts.init_app(app)
    origins.init_app(app)
    passwords.init_app(app)
    app.extensions["accounts"] = Accounts(model=model, sign_in=sign_in)
    api = app.extensions["api"]
    sign_in.init_app(app, api)
    for endpoint in routes.ENDPOINTS:
        api.add_json_endpoint(endpoint)
    for command in commands.COMMANDS:
        app.cli.add_command(command)
    app.after_request(_private)
    ownership.init_app(app, session, owned)


def _private(response):
    """What a signed-in user is answered is theirs alone: no shared cache keeps it."""
    if current_user() is not None:
        response.headers["Cache-Control"] = "no-store"
    return response
