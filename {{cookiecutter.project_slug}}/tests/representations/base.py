"""The interface every representation implements."""

BASE_URL = "http://localhost"


class Representation:
    """Sends requests with this media type in Accept and reads what comes back.

    ``get``, ``post``, ``patch`` and ``delete`` return ``(response, body)``.
    """

    media_type = None

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
        return response, response.get_json() if response.data else None

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, fields, resource_name=None):
        return self.request("POST", url, fields, resource_name)

    def patch(self, url, fields, resource_name=None):
        return self.request("PATCH", url, fields, resource_name)

    def delete(self, url):
        return self.request("DELETE", url)

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

    def items(self, body, resource_name):
        """The items of a collection, as lists of their fields."""
        raise NotImplementedError

    def error(self, body):
        """The error message of an error response."""
        raise NotImplementedError

    def error_field(self, body):
        """The name of the field an error response is about, or None."""
        raise NotImplementedError
