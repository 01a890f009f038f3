"""Accounts and sign-in, turned on by the project's auth.py with ``init_app``.

The project declares its account and workspace models (``AccountMixin``,
``WorkspaceMixin`` and ``MemberMixin`` on its own ``db.Model``), what a
workspace owns, its way of signing in and its settings; this package does
the rest, a module for each job:

- ``model``: the account's columns and rules: creating one, signing in, a new password;
- ``workspaces``: the workspaces that own the rows, and their members with their roles;
- ``members``: the workspace and member resources, ``{prefix}/workspace/`` and ``{prefix}/member/``;
- ``roles``: what each role may write (403), and the owners a workspace keeps (409);
- ``passwords``: what a new password must be, and its argon2id hash;
- ``attempts``: the limits on sign-in attempts and sign-ups (429);
- ``signin``: the check every endpoint but the index is behind, and who passed it;
  ``basic`` (HTTP Basic) and ``tokens`` (Bearer tokens) are the two ways;
- ``routes``: ``/auth/register``, ``/auth/password`` and ``/auth/account``;
- ``commands``: ``flask create-user``, ``flask set-password`` and ``flask set-admin``;
- ``ownership``: each user's rows, those of their workspaces and every row under them.
"""

from dataclasses import dataclass
from typing import Any

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import idempotency, origins
from . import attempts, commands, members, ownership, passwords, roles, routes
from .model import AccountMixin, EmailField
from .signin import SignIn, current_user
from .workspaces import MemberMixin, WorkspaceMixin

__all__ = [
    "AccountMixin",
    "EmailField",
    "MemberMixin",
    "SignIn",
    "WorkspaceMixin",
    "current_user",
    "init_app",
]


@dataclass
class Accounts:
    """What ``init_app`` keeps in ``app.extensions["accounts"]``."""

    model: Any
    sign_in: SignIn
    workspace: Any = None
    member: Any = None
    tree: tuple = ()


def init_app(app, model, sign_in, owned, session, workspaces):
    """Put every endpoint but the index behind ``sign_in``; a user sees their workspaces' rows of ``owned``.

    ``model`` is the account model, ``sign_in`` a ``SignIn`` (``basic.HttpBasic()``
    or ``tokens.BearerTokens()``), ``owned`` the models whose rows a
    workspace owns (ownership.py), ``session`` the session whose queries are
    scoped and ``workspaces`` the workspace and member models (workspaces.py).
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
    workspace, member = workspaces
    app.extensions["accounts"] = Accounts(model=model, sign_in=sign_in, workspace=workspace, member=member)
    api = app.extensions["api"]
    sign_in.init_app(app, api)
    for endpoint in routes.ENDPOINTS:
        api.add_json_endpoint(endpoint)
    for command in commands.COMMANDS:
        app.cli.add_command(command)
    app.after_request(_private)
    idempotency.scope_by(app, _whose_keys)
    ownership.init_app(app, session, owned)
    roles.init_app(session)
    members.init_app(app)


def _whose_keys():
    """Whose Idempotency-Keys a request's are: its account's, or its address's before sign-in."""
    account = current_user()
    return routes.keys_of(account) if account is not None else f"address {request.remote_addr}"


def _private(response):
    """What a signed-in user is answered is theirs alone: no shared cache keeps it."""
    if current_user() is not None:
        response.headers["Cache-Control"] = "no-store"
    return response
