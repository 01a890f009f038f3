"""Content negotiation: which representation answers a request, read from its Accept header."""

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


class Negotiation:
    """Picks the adapter of each response from the request's Accept header, ignoring media type parameters.

    ``adapters`` are the representations served; the first answers clients
    that accept anything.  ``browsable``, an HTML adapter, answers only
    when text/html itself (not */* nor text/*) has a higher quality than
    every adapter's media type: browsers.  Override ``choose_adapter`` to
    match clients with representations otherwise; its answers are cached
    for the latest 256 Accept headers, as clients send the same few.
    """

    def set_adapters(self, adapters, browsable):
        self.adapters = tuple(adapters)
        self.browsable = browsable
        self.adapter_for_type = {adapter.extra_headers["Content-Type"]: adapter for adapter in self.adapters}
        self._adapter_for_accept = lru_cache(maxsize=256)(self.choose_adapter)

    def negotiate(self):
        """The adapter for this request's Accept header."""
        return self._adapter_for_accept(request.headers.get("Accept", ""))

    def choose_adapter(self, header):
        """The adapter for an Accept header."""
        accept = MIMEAccept(
            [(value.partition(";")[0].strip(), quality) for value, quality in parse_accept_header(header)]
        )
        if self.browsable is not None:
            html = max((quality for value, quality in accept if value.lower() == "text/html"), default=0)
            if html > max(accept.quality(media_type) for media_type in self.adapter_for_type):
                return self.browsable
        return self.adapter_for_type.get(accept.best_match(self.adapter_for_type), self.adapters[0])
