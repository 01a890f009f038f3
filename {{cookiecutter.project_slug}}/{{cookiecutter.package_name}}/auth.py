"""Accounts and sign-in: {{ "HTTP Basic" if cookiecutter.auth == "basic" else "Bearer tokens" }}, registration, ``flask create-user``, and each user's rows.

``init_app`` puts every endpoint but the index behind sign-in.  Passwords
are hashed with argon2id and never stored or logged as given.
"""

import contextlib
import functools
import re
import secrets

import argon2
import click
import flask_httpauth
{%- if cookiecutter.auth == "token" %}
import itsdangerous
{%- endif %}
import sqlalchemy as sa
from flask import current_app, has_app_context
from flask.cli import with_appcontext
from ripozo.exceptions import RestException
from sqlalchemy import orm
from sqlalchemy.exc import IntegrityError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import models
from .hypermedia import FieldError, attempts, origins, passwords, scoping, settings

{% if cookiecutter.auth == "basic" -%}
auth = flask_httpauth.HTTPBasicAuth()
{%- else -%}
auth = flask_httpauth.HTTPTokenAuth(scheme="Bearer")
{%- endif %}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


# The OpenAPI operations of the endpoints below (see hypermedia/openapi.py).
_CREDENTIALS = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "password": {"type": "string", "minLength": passwords.MIN_LENGTH, "maxLength": passwords.MAX_LENGTH},
    },
}
REGISTER_OPERATION = {
    "summary": "Create an account.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": _CREDENTIALS}}},
    "responses": {
        "201": {
            "description": "The new account.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["id", "email"],
                        "properties": {"id": {"type": "integer"}, "email": {"type": "string"}},
                    }
                }
            },
        }
    },
    "errors": [403, 409, 429],
}
{%- if cookiecutter.auth == "token" %}
TOKEN_OPERATION = {
    "summary": "An access token for an account, to send as Authorization: Bearer <token>.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": _CREDENTIALS}}},
    "responses": {
        "200": {
            "description": "The token.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["access_token", "token_type", "expires_in"],
                        "properties": {
                            "access_token": {"type": "string"},
                            "token_type": {"const": "Bearer"},
                            "expires_in": {"type": "integer"},
                        },
                    }
                }
            },
        }
    },
    "errors": [401, 429],
}
{%- endif %}
_ACCOUNT = {
    "description": "The account.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["id", "email"],
                "properties": {"id": {"type": "integer"}, "email": {"type": "string"}},
            }
        }
    },
}
PASSWORD_OPERATION = {
    "summary": "Change the signed-in account's password; the current one is needed.",
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["password", "new_password"],
                    "properties": {"password": {"type": "string"}, "new_password": {"type": "string"}},
                }
            }
        },
    },
    "responses": {"200": _ACCOUNT},
    "errors": [429],
}
DELETE_ACCOUNT_OPERATION = {
    "summary": "Delete the signed-in account and everything it owns; the current password is needed.",
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["password"],
                    "properties": {"password": {"type": "string"}},
                }
            }
        },
    },
    "responses": {
        "200": {
            "description": "The account is gone.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["deleted"],
                        "properties": {"deleted": {"type": "string"}},
                    }
                }
            },
        }
    },
    "errors": [429],
}


class Account(models.db.Model):
    """Someone who signs in; the {{ cookiecutter.__parent_plural | replace("_", " ") }} they create are theirs alone."""

    __tablename__ = "app_user"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    email: orm.Mapped[str] = orm.mapped_column(sa.String(254), unique=True)
    password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    # Bumped by a new password or ``flask revoke-tokens``: every token made before then stops working.
    token_version: orm.Mapped[int] = orm.mapped_column(default=0, server_default="0")


def init_app(app):
    """Sign-in on every endpoint but the index: settings, routes, ``flask create-user`` and row scoping."""
    app.config.setdefault("REGISTRATION_ENABLED", settings.flag("REGISTRATION_ENABLED", default=True))
{%- if cookiecutter.auth == "token" %}
    app.config.setdefault("TOKEN_TTL", settings.seconds("TOKEN_TTL", default=3600))
{%- endif %}
    app.config.setdefault("PASSWORD_HASHER", {})
    app.config.setdefault("TRUSTED_PROXIES", settings.whole_number("TRUSTED_PROXIES", default=0))
    if proxies := app.config["TRUSTED_PROXIES"]:  # only behind them do X-Forwarded-* say who the client is
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    attempts.init_app(app)
    origins.init_app(app)
    # Checked against when an email is unknown, so that a wrong email takes as long as a wrong password.
    hasher = argon2.PasswordHasher(**app.config["PASSWORD_HASHER"])
    app.config["DUMMY_HASH"] = hasher.hash(secrets.token_hex())
    api = app.extensions["api"]
{%- if cookiecutter.auth == "basic" %}
    # Every request checks a password: failed ones count towards the sign-in limits (429).
    basic = ("basic", {"type": "http", "scheme": "basic"})
    api.require(auth.login_required, security_scheme=basic, errors=(429,))
{%- else %}
    api.require(auth.login_required, security_scheme=("bearer", {"type": "http", "scheme": "bearer"}))
{%- endif %}
    api.add_json_endpoint("/auth/register", register, operation=REGISTER_OPERATION)
{%- if cookiecutter.auth == "token" %}
    api.add_json_endpoint("/auth/token", issue_token, operation=TOKEN_OPERATION)
    api.token_route = "/auth/token"  # where the browsable pages sign in
{%- endif %}
    api.add_json_endpoint(
        "/auth/password", change_password, decorator=auth.login_required, operation=PASSWORD_OPERATION
    )
    api.add_json_endpoint(
        "/auth/account",
        delete_account,
        method="DELETE",
        decorator=auth.login_required,
        operation=DELETE_ACCOUNT_OPERATION,
    )
    app.cli.add_command(create_user_command)
    app.cli.add_command(set_password_command)
{%- if cookiecutter.auth == "token" %}
    app.cli.add_command(revoke_tokens_command)
{%- endif %}
    app.after_request(_private)
    scoping.restrict_rows(models.db.session, _owned_rows)
    if not sa.event.contains(models.{{ cookiecutter.parent_resource }}, "before_insert", _set_owner):
        sa.event.listen(models.{{ cookiecutter.parent_resource }}, "before_insert", _set_owner)


def current_user():
    """The signed-in account of this request, or None."""
    return auth.current_user() if has_app_context() else None


def _owned_rows():
    """Each user sees only their own {{ cookiecutter.__parent_plural | replace("_", " ") }},
    and the {{ cookiecutter.__child_plural | replace("_", " ") }} in them.
    """
    user = current_user()
    if user is None:
        return ()
    (user_id,) = sa.inspect(user).identity  # known without a query, even once the row has expired
    return _owned_by(user_id)


@functools.lru_cache(maxsize=1024)
def _owned_by(user_id):
    """The criteria of one user's rows, kept for the latest 1,024 users: costlier to make than to use."""
    return (
        orm.with_loader_criteria(
            models.{{ cookiecutter.parent_resource }},
            lambda parent: parent.owner_id == user_id,
            include_aliases=True,
        ),
        orm.with_loader_criteria(
            models.{{ cookiecutter.child_resource }},
            lambda child: child.{{ cookiecutter.__parent_snake }}.has(owner_id=user_id),
            include_aliases=True,
        ),
    )


def _set_owner(mapper, connection, parent):
    """A new {{ cookiecutter.__parent_snake | replace("_", " ") }} belongs to whoever creates it."""
    user = current_user()
    if parent.owner_id is None and user is not None:
        parent.owner_id = user.id


@auth.error_handler
def _unauthorized(status):
    """No or bad credentials, in the negotiated representation (Flask-HTTPAuth adds WWW-Authenticate)."""
    return current_app.extensions["api"].error("Send valid credentials to use this endpoint.", status)


def _hasher():
    return argon2.PasswordHasher(**current_app.config["PASSWORD_HASHER"])


def _private(response):
    """What a signed-in user is answered is theirs alone: no shared cache keeps it."""
    if current_user() is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


def _check_new_password(password, email, field="password"):
    problem = passwords.problem(password, email)
    if problem:
        raise FieldError(field, problem.replace('"password"', f'"{field}"'))


def create_user(email, password):
    """Validate, hash and store a new account; raises RestException naming the field."""
    if not isinstance(email, str) or not _EMAIL.fullmatch(email) or len(email) > 254:
        raise FieldError("email", 'The field "email" must be an email address.')
    _check_new_password(password, email)
    user = Account(email=email.lower(), password_hash=_hasher().hash(password))
    models.db.session.add(user)
    try:
        models.db.session.commit()
    except IntegrityError:
        models.db.session.rollback()
        raise RestException(f"An account with the email {email.lower()} already exists.", 409) from None
    return user


def register(body):
    """``POST /auth/register`` with ``{"email", "password"}``."""
    if not current_app.config["REGISTRATION_ENABLED"]:
        raise RestException("Registration is closed; ask an administrator for an account.", 403)
    attempts.sign_up()
    user = create_user(body.get("email"), body.get("password"))
    return {"id": user.id, "email": user.email}, 201


def _check_password(email, password):
    """The account with this email and password, or None; as slow when the email is unknown."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if not email or not password or len(password) > passwords.MAX_LENGTH:  # nothing to check
        return None
    attempts.check_sign_in(email)  # a 429 before any hash is computed
    user = _find_account(email)
    try:
        _hasher().verify(user.password_hash if user else current_app.config["DUMMY_HASH"], password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        attempts.failed_sign_in(email)
        return None
    return user
{%- if cookiecutter.auth == "basic" %}


@auth.verify_password
def verify_password(email, password):
    return _check_password(email, password)
{%- else %}


def _serializer():
    return _serializer_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=8)
def _serializer_for(secret_key):
    # Made once per key, not for every request that carries a token.
    return itsdangerous.URLSafeTimedSerializer(secret_key, salt="access-token")


def issue_token(body):
    """``POST /auth/token`` with ``{"email", "password"}``: an access token for the account."""
    user = _check_password(body.get("email"), body.get("password"))
    if user is None:
        raise RestException("The email or password is wrong.", 401)
    ttl = current_app.config["TOKEN_TTL"]
    token = _serializer().dumps([user.id, user.token_version])
    return {"access_token": token, "token_type": "Bearer", "expires_in": ttl}, 200


@auth.verify_token
def verify_token(token):
    try:
        user_id, version = _serializer().loads(token, max_age=current_app.config["TOKEN_TTL"])
    except (itsdangerous.BadSignature, TypeError, ValueError):  # tampered, malformed, expired or older
        return None
    user = models.db.session.scalar(_ACCOUNT_BY_ID, {"user_id": user_id})
    return user if user is not None and user.token_version == version else None


# Every request runs it: made once, SQLAlchemy keys and compiles it once (session.get builds it each time).
_ACCOUNT_BY_ID = sa.select(Account).where(Account.id == sa.bindparam("user_id"))
{%- endif %}


@click.command("create-user")
@click.argument("email")
@click.password_option(help="The password; prompted for when not given.")
@with_appcontext
def create_user_command(email, password):
    """Create an account that can sign in with EMAIL."""
    with _refusals_as_command_errors():
        user = create_user(email, password)
    click.echo(f"Created account {user.id}: {user.email}")


def set_password(user, password):
    """Give the account a new password; every token made before then stops working."""
    _check_new_password(password, user.email)
    user.password_hash = _hasher().hash(password)
    user.token_version += 1
    models.db.session.commit()


def _confirmed_user(body):
    """The signed-in account, once the body's ``password`` proves it is theirs (counted as a sign-in)."""
    user = current_user()
    if _check_password(user.email, body.get("password")) is None:
        raise FieldError("password", 'The field "password" must be your current password.')
    return user


def change_password(body):
    """``POST /auth/password`` with ``{"password", "new_password"}``: the signed-in user's new password."""
    user = _confirmed_user(body)
    new = body.get("new_password")
    _check_new_password(new, user.email, field="new_password")
    answer = {"id": user.id, "email": user.email}
    set_password(user, new)
    return answer, 200


def delete_account(body):
    """``DELETE /auth/account`` with ``{"password"}``: the signed-in user's account and all it owns."""
    user = _confirmed_user(body)
    answer = {"deleted": user.email}
    models.db.session.delete(user)
    models.db.session.commit()
    return answer, 200


@contextlib.contextmanager
def _refusals_as_command_errors():
    """A refused value (a weak password, a taken email) ends a command with its sentence, not a traceback."""
    try:
        yield
    except RestException as error:
        raise click.ClickException(str(error)) from None


def _find_account(email):
    """The account with this email, whatever its case, or None."""
    return models.db.session.scalar(sa.select(Account).filter_by(email=email.lower()))


def _account(email):
    user = _find_account(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    return user


@click.command("set-password")
@click.argument("email")
@click.password_option(help="The new password; prompted for when not given.")
@with_appcontext
def set_password_command(email, password):
    """Give the account EMAIL a new password, and revoke its tokens."""
    with _refusals_as_command_errors():
        set_password(_account(email), password)
    click.echo(f"New password set for {email.lower()}.")
{%- if cookiecutter.auth == "token" %}


@click.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens_command(email):
    """Stop every token of the account EMAIL from working, now."""
    user = _account(email)
    user.token_version += 1
    models.db.session.commit()
    click.echo(f"Every token of {user.email} made until now is revoked.")
{%- endif %}
