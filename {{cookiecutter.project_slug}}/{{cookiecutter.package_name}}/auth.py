"""Accounts and sign-in: {{ "HTTP Basic" if cookiecutter.auth == "basic" else "Bearer tokens" }}, registration, ``flask create-user``, and each user's rows.

``init_app`` puts every endpoint but the index behind sign-in.  Passwords
are hashed with argon2id and never stored or logged as given.
"""

import os
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

from . import models
from .hypermedia import FieldError, scoping

{% if cookiecutter.auth == "basic" -%}
auth = flask_httpauth.HTTPBasicAuth()
{%- else -%}
auth = flask_httpauth.HTTPTokenAuth(scheme="Bearer")
{%- endif %}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


class Account(models.db.Model):
    """Someone who signs in; the {{ cookiecutter.__parent_plural | replace("_", " ") }} they create are theirs alone."""

    __tablename__ = "app_user"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    email: orm.Mapped[str] = orm.mapped_column(sa.String(254), unique=True)
    password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))


def init_app(app):
    """Sign-in on every endpoint but the index: settings, routes, ``flask create-user`` and row scoping."""
    app.config.setdefault("REGISTRATION_ENABLED", _flag("REGISTRATION_ENABLED", default=True))
{%- if cookiecutter.auth == "token" %}
    app.config.setdefault("TOKEN_TTL", _seconds("TOKEN_TTL", default=3600))
{%- endif %}
    app.config.setdefault("PASSWORD_HASHER", {})
    # Checked against when an email is unknown, so that a wrong email takes as long as a wrong password.
    hasher = argon2.PasswordHasher(**app.config["PASSWORD_HASHER"])
    app.config["DUMMY_HASH"] = hasher.hash(secrets.token_hex())
    api = app.extensions["api"]
    api.require(auth.login_required)
    api.add_json_endpoint("/auth/register", register)
{%- if cookiecutter.auth == "token" %}
    api.add_json_endpoint("/auth/token", issue_token)
    api.token_route = "/auth/token"
{%- endif %}
    app.cli.add_command(create_user_command)
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
    user_id = user.id
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


def create_user(email, password):
    """Validate, hash and store a new account; raises RestException naming the field."""
    if not isinstance(email, str) or not _EMAIL.fullmatch(email) or len(email) > 254:
        raise FieldError("email", 'The field "email" must be an email address.')
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise FieldError(
            "password",
            f'The field "password" must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long.',
        )
    if password.lower() == email.lower():
        raise FieldError("password", 'The field "password" must not be the email address.')
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
    user = create_user(body.get("email"), body.get("password"))
    return {"id": user.id, "email": user.email}, 201


def _check_password(email, password):
    """The account with this email and password, or None; as slow when the email is unknown."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if not email or not password or len(password) > MAX_PASSWORD_LENGTH:  # nothing to check
        return None
    user = models.db.session.scalar(sa.select(Account).filter_by(email=email.lower()))
    try:
        _hasher().verify(user.password_hash if user else current_app.config["DUMMY_HASH"], password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return None
    return user
{%- if cookiecutter.auth == "basic" %}


@auth.verify_password
def verify_password(email, password):
    return _check_password(email, password)
{%- else %}


def _serializer():
    return itsdangerous.URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="access-token")


def issue_token(body):
    """``POST /auth/token`` with ``{"email", "password"}``: an access token for the account."""
    user = _check_password(body.get("email"), body.get("password"))
    if user is None:
        raise RestException("The email or password is wrong.", 401)
    ttl = current_app.config["TOKEN_TTL"]
    return {"access_token": _serializer().dumps(user.id), "token_type": "Bearer", "expires_in": ttl}, 200


@auth.verify_token
def verify_token(token):
    try:
        user_id = _serializer().loads(token, max_age=current_app.config["TOKEN_TTL"])
    except itsdangerous.BadSignature:  # tampered, malformed or expired
        return None
    return models.db.session.get(Account, user_id)
{%- endif %}


@click.command("create-user")
@click.argument("email")
@click.password_option(help="The password; prompted for when not given.")
@with_appcontext
def create_user_command(email, password):
    """Create an account that can sign in with EMAIL."""
    try:
        user = create_user(email, password)
    except RestException as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created account {user.id}: {user.email}")


def _flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false", "1", "0"):
        raise RuntimeError(f"{name} must be true or false, not {value!r}.")
    return value.lower() in ("true", "1")
{%- if cookiecutter.auth == "token" %}


def _seconds(name, default):
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) == 0:
        raise RuntimeError(f"{name} must be a whole number of seconds, not {value!r}.")
    return int(value)
{%- endif %}
