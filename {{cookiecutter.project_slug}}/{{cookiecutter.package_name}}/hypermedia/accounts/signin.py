"""The sign-in check that every endpoint but the index is behind, and who passed it."""

from flask import current_app, g, has_app_context


class SignIn:
    """A way of signing in, as Django REST framework's authentication classes are: ``basic`` and ``tokens``.

    A subclass makes ``auth``, a Flask-HTTPAuth object whose verify callback
    returns the account or None, and says what the OpenAPI document needs:
    ``security_scheme`` (a name and an OpenAPI security scheme) and
    ``errors``, what the check itself may answer besides 401.  What it adds
    to the API goes in ``endpoints`` (JSON endpoints) and ``commands``
    (click commands); ``token_route`` is where a token is issued, if
    anywhere.  Subclass one of the two to check credentials otherwise, such
    as against a directory: override its ``verify``, which returns the
    account through ``signed_in``.
    """

    security_scheme = None
    errors = ()
    endpoints = ()
    commands = ()
    token_route = None

    def init_app(self, app, api):
        """Put every endpoint but the index behind the check, and add what this way of signing in adds."""
        self.auth.error_handler(_unauthorized)
        api.require(
            self.auth.login_required,
            security_scheme=self.security_scheme,
            errors=self.errors,
            write_errors=(403,),  # a write the user's role does not allow (roles.py)
        )
        api.token_route = self.token_route
        for endpoint in self.endpoints:
            api.add_json_endpoint(endpoint)
        for command in self.commands:
            app.cli.add_command(command)

    @staticmethod
    def signed_in(account):
        """``account`` (or None), signed in for this request: whether it is an admin, its personal workspace.

        Kept for the request as they read now, so that no later write's
        commit, which expires the account's columns, costs a statement to
        read them again.
        """
        g.signed_in_admin = account is not None and account.is_admin
        g.personal_workspace_id = account.personal_workspace_id if account is not None else None
        return account


def current_user():
    """The signed-in account of this request, or None (outside a request, or before the check)."""
    if not has_app_context():
        return None
    accounts = current_app.extensions.get("accounts")
    return accounts.sign_in.auth.current_user() if accounts is not None else None


def signed_in_admin():
    """Whether this request's signed-in account is an admin: as it was at sign-in, this request."""
    return has_app_context() and current_user() is not None and g.get("signed_in_admin", False)


def account_model():
    """The app's account model, the ``AccountMixin`` subclass auth.py declares."""
    return current_app.extensions["accounts"].model


def _unauthorized(status):
    """No or bad credentials (Flask-HTTPAuth adds WWW-Authenticate)."""
    return current_app.extensions["api"].error("Send valid credentials to use this endpoint.", status)
