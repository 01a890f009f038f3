"""Limits on sign-in attempts and sign-ups, counted before any password is checked.

Failed sign-ins are counted per client address, and per account and address
together: guessing from one address is stopped without locking the
account's owner out from another.  Sign-ups are counted per address.  A
client over a limit gets a 429 with ``Retry-After`` before any password hash
is computed, so that being limited costs no work.

The counts live where ``RATELIMIT_STORAGE_URI`` says: ``memory://`` (the
default) counts in each worker process on its own; ``redis://host:6379``
counts across every worker and instance.  The limits are settings in the
notation of the ``limits`` library (``5 per minute``), read from the app's
settings (auth.py sets them): ``SIGN_IN_LIMIT_PER_ADDRESS``,
``SIGN_IN_LIMIT_PER_ACCOUNT`` and ``SIGN_UP_LIMIT_PER_ADDRESS``.  A client's
address is the connection's, or, behind ``TRUSTED_PROXIES`` proxies, the
one they forward.  Only these routes count anything: no hook runs on other
requests.
"""

import math
import time

import limits
from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

from .. import metrics

LIMITS = ("SIGN_IN_LIMIT_PER_ADDRESS", "SIGN_IN_LIMIT_PER_ACCOUNT", "SIGN_UP_LIMIT_PER_ADDRESS")


def init_app(app):
    """Check the limits and open the storage the settings name: a bad value stops the start."""
    for name in LIMITS:
        _limit(app.config[name], name)
    try:
        storage = limits.storage.storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    except limits.errors.ConfigurationError as error:
        raise RuntimeError(f"RATELIMIT_STORAGE_URI: {error}") from None
    app.extensions["attempts"] = limits.strategies.FixedWindowRateLimiter(storage)


def check_sign_in(account):
    """Refuse, with a 429, a sign-in from an address or for an account and address over its limit."""
    for item, identifiers in _sign_in_counts(account):
        _refuse_if_spent(item, identifiers)


def failed_sign_in(account):
    """Count a failed sign-in against the address, and against the account and address."""
    metrics.sign_in_refused()
    for item, identifiers in _sign_in_counts(account):
        _limiter().hit(item, *identifiers)


def sign_up():
    """Count a sign-up from this address, refusing with a 429 when the address is over its limit."""
    item = _limit(current_app.config["SIGN_UP_LIMIT_PER_ADDRESS"], "SIGN_UP_LIMIT_PER_ADDRESS")
    identifiers = ("sign-up", _address())
    _refuse_if_spent(item, identifiers)
    _limiter().hit(item, *identifiers)


def _sign_in_counts(account):
    config, address = current_app.config, _address()
    account = str(account).lower()
    return [
        (_limit(config["SIGN_IN_LIMIT_PER_ADDRESS"], "SIGN_IN_LIMIT_PER_ADDRESS"), ("sign-in", address)),
        (
            _limit(config["SIGN_IN_LIMIT_PER_ACCOUNT"], "SIGN_IN_LIMIT_PER_ACCOUNT"),
            ("sign-in", address, account),
        ),
    ]


def _refuse_if_spent(item, identifiers):
    if not _limiter().test(item, *identifiers):
        reset = _limiter().get_window_stats(item, *identifiers).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise TooManyRequests("Too many attempts from here; wait and try again.", retry_after=wait)


def _limiter():
    return current_app.extensions["attempts"]


def _address():
    return request.remote_addr or "unknown"


def _limit(text, name):
    try:
        return limits.parse(text)
    except ValueError:
        raise RuntimeError(f'{name} must be a limit such as "5 per minute", not {text!r}.') from None
