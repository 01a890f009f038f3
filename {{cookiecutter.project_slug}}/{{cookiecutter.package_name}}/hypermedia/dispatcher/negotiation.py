"""Content negotiation: which representation answers a request, read from its Accept header."""

from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header, parse_options_header


class Negotiation:
    """Picks the adapter of each response from the request's Accept header.

    ``adapters`` are the representations served; the first answers clients
    that accept anything.  ``browsable``, an HTML adapter, answers only
    when text/html itself (not */* nor text/*) has a higher quality than
    every adapter's media type: browsers.  Override ``choose_adapter`` to
    match clients with representations otherwise; its answers are cached
    for the latest 256 Accept headers, as clients send the same few.

    Media type parameters are ignored, but for an adapter that declares the
    ones its media type takes, ``media_type_parameters``: ``{name: the
    values served, or None for any}``, a value being a space-separated list
    of URIs.  JSON:API's takes ``profile`` (any: a profile the API does not
    know is ignored) and ``ext`` (none: the API applies no extension).  An
    Accept entry of that media type with another parameter, or a value not
    served, is left out; a header whose every entry of it is left out is
    answered 406, in that adapter's representation (``error_adapter``), as
    JSON:API says.  A request body of that media type is held to the same
    rules (bodies.py: a 415).
    """

    def set_adapters(self, adapters, browsable):
        self.adapters = tuple(adapters)
        self.browsable = browsable
        self.adapter_for_type = {adapter.extra_headers["Content-Type"]: adapter for adapter in self.adapters}
        self._adapter_for_accept = lru_cache(maxsize=256)(self._negotiated)

    def negotiate(self):
        """The adapter for this request's Accept header; NotAcceptable (406) where it asks for none served."""
        adapter, refusal, _ = self._adapter_for_accept(request.headers.get("Accept", ""))
        if refusal is not None:
            raise NotAcceptable(refusal)
        return adapter

    def error_adapter(self):
        """The adapter of an error answer: ``negotiate``'s, or the one whose media type a 406 refused."""
        return self._adapter_for_accept(request.headers.get("Accept", ""))[0]

    def asked_by_name(self):
        """Whether this request's Accept header names the media type of the adapter that answers it.

        A client that takes anything (no Accept, ``*/*``) is answered by the
        first adapter, but is not one of its clients, held to its rules.
        """
        return self._adapter_for_accept(request.headers.get("Accept", ""))[2]

    def choose_adapter(self, header):
        """The adapter for an Accept header, whose entries are all ones the adapters can serve."""
        accept = MIMEAccept(
            [(value.partition(";")[0].strip(), quality) for value, quality in parse_accept_header(header)]
        )
        if self.browsable is not None:
            html = max((quality for value, quality in accept if value.lower() == "text/html"), default=0)
            if html > max(accept.quality(media_type) for media_type in self.adapter_for_type):
                return self.browsable
        return self.adapter_for_type.get(accept.best_match(self.adapter_for_type), self.adapters[0])

    def _negotiated(self, header):
        """``(adapter, why a 406 or None, whether the header names its media type)``."""
        served, kept, refused = [], set(), {}
        for value, quality in parse_accept_header(header):
            media_type, parameters = parse_options_header(value)
            adapter = self.adapter_for_type.get(media_type.lower())
            unserved = unserved_parameters(adapter, parameters) if adapter is not None else None
            if unserved is None:
                served.append((value, quality))
                kept.add(adapter)
            else:
                refused.setdefault(adapter, unserved)
        for adapter, unserved in refused.items():
            if adapter not in kept:
                return adapter, unserved, True
        adapter = self.choose_adapter(MIMEAccept(served).to_header())
        return adapter, None, adapter in kept


def unserved_parameters(adapter, parameters):
    """Why ``adapter`` cannot serve its media type with ``parameters``, in one sentence; None if it can."""
    taken = getattr(adapter, "media_type_parameters", None)
    if taken is None:
        return None
    media_type = adapter.extra_headers["Content-Type"]
    for name, value in parameters.items():
        if name not in taken:
            allowed = " and ".join(f'"{allowed}"' for allowed in taken)
            return f'The media type {media_type} takes no "{name}" parameter here' + (
                f", only {allowed}." if allowed else "."
            )
        served = taken[name]
        unknown = [uri for uri in value.split() if served is not None and uri not in served]
        if unknown:
            return f'This API does not support the {name} "{unknown[0]}" of the media type {media_type}.'
    return None
