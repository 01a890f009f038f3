{%- set sign_in = ("basic", "HttpBasic") if cookiecutter.auth == "basic" else ("tokens", "BearerTokens") -%}
"""Who signs in, and what is theirs: {{ "HTTP Basic" if cookiecutter.auth == "basic" else "Bearer tokens" }}, each user seeing only their workspaces' rows.

Every endpoint but the index needs a signed-in user.  This file is the
project's policy: the account and workspace models, what a workspace owns, and the settings;
the machinery (passwords, {{ "HTTP Basic" if cookiecutter.auth == "basic" else "tokens" }}, the ``/auth`` routes, ``flask create-user``)
is in ``hypermedia/accounts/``.
"""

from . import models
from .hypermedia import accounts, settings
from .hypermedia.accounts.{{ sign_in[0] }} import {{ sign_in[1] }}


class Account(accounts.AccountMixin, models.db.Model):
    """Someone who signs in, with a personal workspace for what they create."""

    __tablename__ = "app_user"


class Workspace(accounts.WorkspaceMixin, models.db.Model):
    """What owns the rows: its members see them."""

    __tablename__ = "workspace"


class Member(accounts.MemberMixin, models.db.Model):
    """An account in a workspace, with its role: viewer, editor or owner."""

    __tablename__ = "member"


# What a workspace owns: its {{ cookiecutter.__parent_plural | replace("_", " ") }}, and every row under them.
OWNED = (models.{{ cookiecutter.parent_resource }},)


# The settings, each read from the environment (see .env.example) unless the app's config gives it.
SETTINGS = (
    ("REGISTRATION_ENABLED", settings.flag, True),
{%- if cookiecutter.auth == "token" %}
    ("TOKEN_TTL", settings.seconds, 3600),
{%- endif %}
    # Failed sign-ins per address, and per account and address; sign-ups per address: then a 429.
    ("SIGN_IN_LIMIT_PER_ADDRESS", settings.text, "30 per minute"),
    ("SIGN_IN_LIMIT_PER_ACCOUNT", settings.text, "5 per minute"),
    ("SIGN_UP_LIMIT_PER_ADDRESS", settings.text, "10 per hour"),
    ("RATELIMIT_STORAGE_URI", settings.text, "memory://"),
    ("TRUSTED_PROXIES", settings.whole_number, 0),
    ("CORS_ORIGINS", settings.text, ""),
)


def init_app(app):
    """Sign-in on every endpoint but the index, registration, the account commands and each user's rows."""
    settings.load(app.config, SETTINGS)
    accounts.init_app(
        app, Account, {{ sign_in[1] }}(), owned=OWNED, session=models.db.session, workspaces=(Workspace, Member)
    )
