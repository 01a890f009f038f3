"""HTTP Basic: every request sends the email and the password, and each one checks the password's hash."""

import flask_httpauth

from .signin import SignIn, account_model


class HttpBasic(SignIn):
    """Sign-in with HTTP Basic, which is what Basic costs: a hash computed for every request.

    A failed check counts towards the sign-in limits, so every endpoint may
    answer 429.  Override ``verify`` to check the email and password otherwise.
    """

    security_scheme = ("basic", {"type": "http", "scheme": "basic"})
    errors = (429,)

    def __init__(self):
        self.auth = flask_httpauth.HTTPBasicAuth()
        self.auth.verify_password(self.verify)

    def verify(self, email, password):
        """The account these credentials sign in as, or None."""
        return self.signed_in(account_model().signed_in(email, password))
