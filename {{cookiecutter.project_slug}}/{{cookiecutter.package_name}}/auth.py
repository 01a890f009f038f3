"""Users and authentication: {{ "HTTP Basic" if cookiecutter.auth == "basic" else "Bearer tokens" }}, registration and ``flask create-user``.

Passwords are hashed with argon2id and never stored or logged as given.
"""

import re

import click
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask.cli import with_appcontext
{%- if cookiecutter.auth == "basic" %}
from flask_httpauth import HTTPBasicAuth
{%- else %}
from flask_httpauth import HTTPTokenAuth
from itsdangerous import BadSignature, URLSafeTimedSerializer
{%- endif %}
from ripozo.exceptions import RestException, ValidationException
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .models import User, db

{% if cookiecutter.auth == "basic" -%}
auth = HTTPBasicAuth()
{%- else -%}
auth = HTTPTokenAuth(scheme="Bearer")
{%- endif %}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


def _hasher():
    return PasswordHasher(**current_app.config["PASSWORD_HASHER"])


def current_user():
    """The authenticated user of this request."""
    return auth.current_user()


def create_user(email, password):
    """Validate, hash and store a new user; raises RestException naming the field."""
    if not isinstance(email, str) or not _EMAIL.fullmatch(email) or len(email) > 254:
        raise ValidationException('The field "email" must be an email address.')
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValidationException(
            f'The field "password" must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long.'
        )
    if password.lower() == email.lower():
        raise ValidationException('The field "password" must not be the email address.')
    user = User(email=email.lower(), password_hash=_hasher().hash(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RestException(f"A user with the email {email.lower()} already exists.", 409) from None
    return user


def register(body):
    """``POST /auth/register`` with ``{"email", "password"}``."""
    if not current_app.config["REGISTRATION_ENABLED"]:
        raise RestException("Registration is closed; ask an administrator for an account.", 403)
    user = create_user(body.get("email"), body.get("password"))
    return {"id": user.id, "email": user.email}, 201


def _check_password(email, password):
    """The user with this email and password, or None; as slow when the email is unknown."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    if not email or not password or len(password) > MAX_PASSWORD_LENGTH:  # nothing to check
        return None
    user = db.session.scalar(select(User).filter_by(email=email.lower()))
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash if user else current_app.config["DUMMY_HASH"], password)
    except (VerificationError, InvalidHashError):
        return None
    return user
{%- if cookiecutter.auth == "basic" %}


@auth.verify_password
def verify_password(email, password):
    return _check_password(email, password)
{%- else %}


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="access-token")


def issue_token(body):
    """``POST /auth/token`` with ``{"email", "password"}``: an access token for the user."""
    user = _check_password(body.get("email"), body.get("password"))
    if user is None:
        raise RestException("The email or password is wrong.", 401)
    ttl = current_app.config["TOKEN_TTL"]
    return {"access_token": _serializer().dumps(user.id), "token_type": "Bearer", "expires_in": ttl}, 200


@auth.verify_token
def verify_token(token):
    try:
        user_id = _serializer().loads(token, max_age=current_app.config["TOKEN_TTL"])
    except BadSignature:  # tampered, malformed or expired
        return None
    return db.session.get(User, user_id)
{%- endif %}


@click.command("create-user")
@click.argument("email")
@click.password_option(help="The password; prompted for when not given.")
@with_appcontext
def create_user_command(email, password):
    """Create a user who can sign in with EMAIL."""
    try:
        user = create_user(email, password)
    except RestException as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created user {user.id}: {user.email}")
