"""The rules a new password must meet: a length, not a common password, not the email address.

``common-passwords.txt`` holds the passwords of 10 characters or more (the
shorter ones fail the length rule anyway) from Django's list of the 20,000
most common (``django/contrib/auth/common-passwords.txt.gz``, BSD-3-Clause),
which Royce Williams compiled from leaked password lists:
https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce
"""

from functools import cache
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 1024


def problem(password, email=None):
    """Why ``password`` cannot be used, in a sentence naming the field; None when it can."""
    if not isinstance(password, str) or not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f'The field "password" must be {MIN_LENGTH} to {MAX_LENGTH} characters long.'
    if isinstance(email, str) and password.lower() == email.lower():
        return 'The field "password" must not be the email address.'
    if password.lower() in _common():
        return 'The field "password" is one of the most common passwords: choose one that is harder to guess.'
    return None


@cache
def _common():
    text = resources.files(__package__).joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(text.split())
