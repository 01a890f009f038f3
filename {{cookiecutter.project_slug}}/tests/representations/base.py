"""The interface every representation implements."""
{%- if cookiecutter.adapter_siren or cookiecutter.adapter_hal %}

import json
from pathlib import Path

from jsonschema import Draft202012Validator
{%- endif %}

BASE_URL = "http://localhost"
{%- if cookiecutter.adapter_siren or cookiecutter.adapter_hal %}
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def validator(name):
    """A validator of the JSON Schema ``tests/schemas/<name>``, formats checked."""
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
{%- endif %}


class Representation:
    """Sends requests with this media type in Accept and reads what comes back.

    ``get``, ``post``, ``patch`` and ``delete`` return ``(response, body)``;
    every body is checked against its media type's own rules first.
    """

    media_type = None
    # A media type parameter the API ignores in an Accept header.
    ignored_parameter = "charset=utf-8"

    def __init__(self, client, headers):
        self.client = client
        self.headers = headers

    def request(self, method, url, fields=None, resource_name=None, **kwargs):
        if fields is not None:
            kwargs["json"] = self.document(fields, resource_name)
        headers = {"Accept": self.media_type, **self.headers, **kwargs.pop("headers", {})}
        response = self.client.open(url, method=method, headers=headers, **kwargs)
        assert response.mimetype == self.media_type, response.get_data(as_text=True)
        assert response.status_code not in (301, 302, 307, 308), f"{url} redirected"
        body = response.get_json() if response.data else None
        if body is not None:
            self.check(body)
        return response, body

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, fields, resource_name=None):
        return self.request("POST", url, fields, resource_name)

    def patch(self, url, fields, resource_name=None):
        return self.request("PATCH", url, fields, resource_name)

    def delete(self, url):
        return self.request("DELETE", url)

    @classmethod
    def check(cls, body):
        """Fail unless ``body`` keeps the rules of the media type's own specification."""

    def document(self, fields, resource_name):
        """The request body that sends ``fields``."""
        return fields

    def properties(self, body):
        """The resource's own fields, ``id`` included."""
        raise NotImplementedError

    def link(self, body, rel):
        """The absolute URL of the link or related resource ``rel``."""
        raise NotImplementedError

    def links(self, body, rel):
        """Every URL under ``rel`` (a to-many relationship)."""
        raise NotImplementedError

    def page_link(self, body, rel):
        """The absolute URL of a list's ``next`` or ``previous`` page, or None where there is none."""
        raise NotImplementedError

    def items(self, body, resource_name):
        """The items of a collection, as lists of their fields."""
        raise NotImplementedError

    def included(self, body, rel):
        """The fields of the row that the to-one ``rel`` names, for the item and each row of a list, in order.

        What ``include=rel`` adds: embedded in Siren, HAL and plain JSON, in
        JSON:API's ``included`` (once, however many rows name it).
        """
        raise NotImplementedError

    def error(self, body):
        """The error message of an error response."""
        raise NotImplementedError

    def error_field(self, body):
        """The name of the field an error response is about, or None."""
        raise NotImplementedError

    def parameter(self, name):
        """How this representation's requests spell a list's query parameter: ``count``, ``after``, ..."""
        return name
