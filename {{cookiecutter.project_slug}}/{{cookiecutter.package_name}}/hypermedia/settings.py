"""Reading settings from the environment: each bad value stops the start with one sentence."""

import os

from flask.cli import load_dotenv
from flask.helpers import get_load_dotenv


def read_dotenv_under_the_flask_command():
    """Under the ``flask`` command, the settings of ``.env`` before the app is made, as commands have them.

    Flask reads ``.env`` while it parses its options, after an eager
    ``--help`` has listed the commands, which makes the app: so ``flask --app
    PACKAGE --help`` would make it without ``SECRET_KEY`` and list only
    Flask's own commands.  Reading ``.env`` first changes nothing else: only
    under the command (which sets ``FLASK_RUN_FROM_CLI``), never over the
    environment's values, and not with ``FLASK_SKIP_DOTENV``.
    """
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true" and get_load_dotenv():
        load_dotenv()


def load(config, table):
    """Put each setting of ``table``, ``(name, read, default)``, in ``config``, unless it is there already.

    ``read`` is one of the functions below: ``read(name, default)``.
    """
    for name, read, default in table:
        value = read(name, default)  # a bad value in the environment stops the start, config or not
        config.setdefault(name, value)


def flag(name, default):
    """A true/false setting: ``true``, ``false``, ``1`` or ``0``."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false", "1", "0"):
        raise RuntimeError(f"{name} must be true or false, not {value!r}.")
    return value.lower() in ("true", "1")


def choice(name, choices, default):
    """One of ``choices``, in any case: the choice as ``choices`` writes it."""
    value = os.environ.get(name, default)
    for option in choices:
        if value.lower() == option.lower():
            return option
    raise RuntimeError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")


def secret(name, default):
    """A token a client must send, unset (empty) or at least 16 characters long."""
    value = os.environ.get(name, default)
    if value and len(value) < 16:
        raise RuntimeError(f"{name} must be at least 16 characters: make one with secrets.token_urlsafe().")
    return value


def seconds(name, default):
    """A whole, positive number of seconds."""
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) == 0:
        raise RuntimeError(f"{name} must be a whole number of seconds, not {value!r}.")
    return int(value)


def text(name, default):
    """A setting as text, or ``default`` when the environment has none."""
    return os.environ.get(name, default)


def whole_number(name, default):
    """A whole number, zero or more."""
    value = os.environ.get(name, str(default))
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.")
    return int(value)
