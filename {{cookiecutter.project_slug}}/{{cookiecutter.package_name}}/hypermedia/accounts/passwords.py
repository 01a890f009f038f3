"""The rules a new password must meet, and how passwords are hashed (argon2id) and checked.

A new password is 10 to 1,024 characters long, not one of the most common
passwords, and not the account's email address.  ``common-passwords.txt``
holds the passwords of 10 characters or more (the shorter ones fail the
length rule anyway) from Django's list of the 20,000 most common
(``django/contrib/auth/common-passwords.txt.gz``, BSD-3-Clause), which
Royce Williams compiled from leaked password lists:
https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce

The ``PASSWORD_HASHER`` setting holds argon2's parameters (the tests make
hashing cheap with it); the library's defaults are used without it.
"""

import secrets
from functools import cache
from importlib import resources

import argon2
from flask import current_app

from ..errors import FieldError
from ..fields import StringField

MIN_LENGTH = 10
MAX_LENGTH = 1024


def init_app(app):
    app.config.setdefault("PASSWORD_HASHER", {})
    # Checked against when an email is unknown, so that a wrong email takes as long as a wrong password.
    app.config["DUMMY_HASH"] = argon2.PasswordHasher(**app.config["PASSWORD_HASHER"]).hash(
        secrets.token_hex()
    )


def check_new(password, email, field="password"):
    """Refuse, with a FieldError naming ``field``, a password that breaks a rule.

    One of the wrong length breaks what the OpenAPI document says of the
    field: a 400.  One that is the email address, or too common, is well
    formed but refused by a rule no JSON Schema states: a 422.
    """
    if not isinstance(password, str) or not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise FieldError(field, f'The field "{field}" must be {MIN_LENGTH} to {MAX_LENGTH} characters long.')
    if isinstance(email, str) and password.lower() == email.lower():
        raise FieldError(field, f'The field "{field}" must not be the email address.', status_code=422)
    if password.lower() in _common():
        message = (
            f'The field "{field}" is one of the most common passwords: choose one that is harder to guess.'
        )
        raise FieldError(field, message, status_code=422)


class NewPasswordField(StringField):
    """A new password in a body: its length goes in the OpenAPI document; every rule but the email's holds."""

    def __init__(self, name, **kwargs):
        super().__init__(name, maximum=MAX_LENGTH, minimum=MIN_LENGTH, **kwargs)

    def _validate(self, obj, skip_required=False):
        obj = super()._validate(obj, skip_required=skip_required)
        if obj is not None:
            check_new(obj, None, self.name)
        return obj


def hash_password(password):
    return _hasher().hash(password)


def verify(password_hash, password):
    """Whether ``password`` is the one ``password_hash`` was made from."""
    try:
        return _hasher().verify(password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def _hasher():
    return argon2.PasswordHasher(**current_app.config["PASSWORD_HASHER"])


@cache
def _common():
    text = resources.files(__package__).joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(text.split())
