"""Headers every response carries, whatever it is: the browser's safety switches."""

# ``HSTS=true`` where the API is served over HTTPS only: browsers then never use plain HTTP for it.
HSTS_VALUE = "max-age=31536000; includeSubDomains"


def init_app(app):
    """Send ``nosniff`` and ``no-referrer`` on every response, and HSTS when the ``HSTS`` setting is on."""

    @app.after_request
    def _safety_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if app.config.get("HSTS"):
            response.headers.setdefault("Strict-Transport-Security", HSTS_VALUE)
        return response
