"""The SQLAlchemy session of the Flask app handling the request."""

from flask import current_app
from ripozo_sqlalchemy import SessionHandler


def current_session():
    """The Flask-SQLAlchemy session of the current app."""
    return current_app.extensions["sqlalchemy"].session


class FlaskSessionHandler(SessionHandler):
    """Hands managers the Flask-SQLAlchemy session of the current app, and rolls it back on errors."""

    def __init__(self):
        super().__init__(session=None)

    def get_session(self):
        return current_session()
