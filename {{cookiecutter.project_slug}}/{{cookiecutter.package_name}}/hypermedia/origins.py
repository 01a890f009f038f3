"""Requests from other sites: writes refused unless their origin is listed, and CORS for exactly that list.

A browser sends stored HTTP Basic credentials with a form that another site
posts, and the API takes form bodies.  So a POST, PUT, PATCH or DELETE
answers 403, before anything runs, when it says it comes from another site
(``Sec-Fetch-Site: cross-site``) or its ``Origin`` is neither this site's
nor one of ``CORS_ORIGINS``.  Reads are unaffected.

``CORS_ORIGINS``, a comma-separated list of origins such as
``https://app.example.com`` (empty by default: no CORS at all), lets pages
of those origins call the API from JavaScript, Authorization header
included, through Flask-Cors.  ``*`` is refused: no origin list may let
every site send a signed-in user's requests.
"""

import re

import flask_cors
from flask import request
from werkzeug.exceptions import Forbidden

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ORIGIN = re.compile(r"https?://[^/\s]+")


def init_app(app):
    """Turn on CORS for the ``CORS_ORIGINS`` setting's origins, and refuse writes from other origins."""
    allowed = _origins(app.config["CORS_ORIGINS"])
    if allowed:
        flask_cors.CORS(
            app,
            origins=sorted(allowed),
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=["Location", "Retry-After"],
            supports_credentials=False,
            max_age=600,
        )

    @app.before_request
    def _writes_from_this_site_only():
        if request.method not in UNSAFE_METHODS:
            return
        origin = request.headers.get("Origin")
        listed = origin is not None and origin.rstrip("/") in allowed
        this_site = origin is not None and origin.rstrip("/") == request.host_url.rstrip("/")
        cross_site = request.headers.get("Sec-Fetch-Site") == "cross-site"
        if (cross_site and not listed) or (origin is not None and not (listed or this_site)):
            raise Forbidden("Requests that change data are taken from this site and CORS_ORIGINS only.")


def _origins(text):
    origins = {origin.strip().rstrip("/") for origin in text.split(",") if origin.strip()}
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise RuntimeError(
                f'CORS_ORIGINS must list origins such as "https://app.example.com", not {origin!r}.'
            )
    return frozenset(origins)
