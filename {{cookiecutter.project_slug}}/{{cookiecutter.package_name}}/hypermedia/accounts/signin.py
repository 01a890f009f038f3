"""The sign-in check that every endpoint but the index is behind, and who passed it."""

from flask import current_app, has_app_context


class SignIn:
    """A way of signing in, as Django REST framework's authentication classes are: ``basic`` and ``tokens``.

    A subclass makes ``auth``, a Flask-HTTPAuth object whose verify callback
    returns the account or None, and says what the OpenAPI document needs:
    ``security_scheme`` (a name and an OpenAPI security scheme) and
    ``errors``, what the check itself may answer besides 401.  What it adds
    to the API goes in ``endpoints`` (JSON endpoints) and ``commands``
    (click commands); ``token_route`` is where a token is issued, if
    anywhere.  Subclass one of the two to check credentials otherwise, such
    as against a directory: override its ``verify``.
    """

    security_scheme = None
    errors = ()
    endpoints = ()
    commands = ()
    token_route = None

    def init_app(self, app, api):
        """Put every endpoint but the index behind the check, and add what this way of signing in adds."""
        self.auth.error_handler(_unauthorized)
        api.require(self.auth.login_required, security_scheme=self.security_scheme, errors=self.errors)
        api.token_route = self.token_route
        for endpoint in self.endpoints:
            api.add_json_endpoint(endpoint)
        for command in self.commands:
            app.cli.add_command(command)


def current_user():
    """The signed-in account of this request, or None (outside a request, or before the check)."""
    if not has_app_context():
        return None
    accounts = current_app.extensions.get("accounts")
    return accounts.sign_in.auth.current_user() if accounts is not None else None


def account_model():
    """The app's account model, the ``AccountMixin`` subclass auth.py declares."""
    return current_app.extensions["accounts"].model


def _unauthorized(status):
    """No or bad credentials (Flask-HTTPAuth adds WWW-Authenticate)."""
    return current_app.extensions["api"].error("Send valid credentials to use this endpoint.", status)
