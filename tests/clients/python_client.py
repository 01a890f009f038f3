"""A session with the client openapi-python-client generated from a bake's document, against the served bake.

tests/test_clients.py generates the client (package ``todo_api_client``) into a temporary
directory, puts it on PYTHONPATH and runs this script with one argument, a JSON plan:

    {"base_url": "http://127.0.0.1:PORT", "token": null or a Bearer token,
     "representation": "siren" or "jsonapi", "parent": "TaskBoard", "child": "Task",
     "parent_fields": {...}, "child_fields": {...}, "more_child_fields": [{...}, {...}],
     "child_update": {...},
     "invalid_parent_fields": {...}, "invalid_field": "title"}

Through the generated operations and models only (no hand-built request), it creates a
parent, a child under it (the parent's add route) and two more through the child's own
collection, updates the first child, reads it back, walks the parent's children two at a
time by the list's next cursor, and provokes a 400 (``invalid_parent_fields``) and a 404
(a missing id), each of which must parse into the model the document declares for that
status.  The client raises on any status the document does not list.  Each step prints a
line; the last line is ``RESULT {json}``: the operations' modules, the requests sent, the
statuses seen and the pages' ids.  Any surprise is an AssertionError, so a non-zero exit.
"""

import importlib
import json
import pkgutil
import re
import sys
from urllib.parse import parse_qs, urlsplit

PACKAGE = "todo_api_client"
MEDIA_TYPES = {"siren": "application/vnd.siren+json", "jsonapi": "application/vnd.api+json"}
MISSING_ID = 2147483647  # the largest id the document allows, and no row's


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Session:
    def __init__(self, plan):
        self.plan = plan
        self.representation = plan["representation"]
        self.package = importlib.import_module(PACKAGE)
        self.models = importlib.import_module(f"{PACKAGE}.models")
        api = importlib.import_module(f"{PACKAGE}.api.default")
        self.operations = {
            module.name: importlib.import_module(f"{api.__name__}.{module.name}")
            for module in pkgutil.iter_modules(api.__path__)
        }
        self.requests = []
        arguments = {
            "base_url": plan["base_url"],
            "headers": {"Accept": MEDIA_TYPES[self.representation]},
            "raise_on_unexpected_status": True,
            "httpx_args": {"event_hooks": {"response": [self._record]}},
        }
        if plan["token"]:
            self.client = self.package.AuthenticatedClient(token=plan["token"], **arguments)
        else:
            self.client = self.package.Client(**arguments)

    def _record(self, response):
        self.requests.append(f"{response.request.method} {response.request.url.path} {response.status_code}")

    def call(self, resource, action, status, **arguments):
        """The generated operation ``<resource>_resource_<action>``: its parsed answer, which must be ``status``."""
        name = f"{snake(resource)}_resource_{action}"
        response = self.operations[name].sync_detailed(client=self.client, **arguments)
        print(f"{name}: {int(response.status_code)} {type(response.parsed).__name__}")
        assert response.status_code == status, f"{name}: {response.status_code} {response.content[:500]!r}"
        # The model openapi-python-client names after the operation and the status.
        model = getattr(self.models, "".join(part.capitalize() for part in name.split("_")) + f"Response{status}")
        assert isinstance(response.parsed, model), f"{name}: {type(response.parsed)} is not {model}"
        return response.parsed

    def body(self, resource, action, fields, row=None):
        """The generated model of ``action``'s body in this representation, for a ``row`` made of ``fields``."""
        if self.representation == "siren":
            return getattr(self.models, f"{resource}Resource{action}Body").from_dict(fields)
        # A JSON:API resource object's type is the row's resource name, lower-case, as in its URL.
        document = {"data": {"type": (row or resource).lower(), "attributes": fields}}
        return getattr(self.models, f"{resource}Resource{action}Document").from_dict(document)

    def row_id(self, parsed):
        return parsed.properties.id if self.representation == "siren" else int(parsed.data.id)

    def row_fields(self, parsed):
        if self.representation == "siren":
            return parsed.properties.to_dict()
        return parsed.data.attributes.to_dict()

    def page(self, parsed):
        """The ids of a list's rows and its next page's ``after`` cursor (None on the last page)."""
        if self.representation == "siren":
            ids = [entity.properties.id for entity in parsed.entities]
            hrefs = [link.href for link in parsed.links if "next" in link.rel]
        else:
            ids = [int(row.id) for row in parsed.data]
            hrefs = [parsed.links.next_] if isinstance(parsed.links.next_, str) else []
        cursor = "after" if self.representation == "siren" else "page[after]"
        after = [int(value) for href in hrefs for value in parse_qs(urlsplit(href).query)[cursor]]
        return ids, (after[0] if after else None)

    def list_arguments(self, filters, count, after):
        """A list's query: ``filters`` and a page of ``count`` after ``after``, as the representation spells it.

        A JSON:API request sends JSON:API's spellings (filter[field], page[size], page[after]), which the
        generated operation takes as arguments named without the brackets.
        """
        arguments = {**filters, "count": count, **({"after": after} if after is not None else {})}
        if self.representation == "siren":
            return arguments
        spelled = {"count": "pagesize", "after": "pageafter"}
        return {spelled.get(name, f"filter{name}"): value for name, value in arguments.items()}


def main():
    plan = json.loads(sys.argv[1])
    session = Session(plan)
    parent, child = plan["parent"], plan["child"]
    foreign_key = f"{snake(parent)}_id"

    board = session.call(parent, "create", 201, body=session.body(parent, "Create", plan["parent_fields"]))
    parent_id = session.row_id(board)
    first = session.call(
        parent,
        f"add_{snake(child)}",
        201,
        id=parent_id,
        body=session.body(parent, f"Add{child}", plan["child_fields"], row=child),
    )
    child_ids = [session.row_id(first)]
    for number in (2, 3):
        fields = {**plan["child_fields"], **plan["more_child_fields"][number - 2], foreign_key: parent_id}
        created = session.call(child, "create", 201, body=session.body(child, "Create", fields))
        child_ids.append(session.row_id(created))

    updated = session.call(
        child, "update", 200, id=child_ids[0], body=session.body(child, "Update", plan["child_update"])
    )
    read = session.call(child, "retrieve", 200, id=child_ids[0])
    for parsed in (updated, read):
        fields = session.row_fields(parsed)
        for name, value in plan["child_update"].items():
            assert fields[name] == value, f"{name}: {fields[name]!r} after the update to {value!r}"

    pages, after = [], None
    while True:
        arguments = session.list_arguments({foreign_key: parent_id}, 2, after)
        ids, after = session.page(session.call(child, "retrieve_list", 200, **arguments))
        pages.append(ids)
        if after is None or len(pages) > 3:
            break
    assert pages == [child_ids[:2], child_ids[2:]], f"pages {pages} of children {child_ids}"

    invalid = session.call(parent, "create", 400, body=session.body(parent, "Create", plan["invalid_parent_fields"]))
    if session.representation == "siren":
        assert invalid.properties.status == 400 and invalid.properties.field == plan["invalid_field"], invalid
    else:
        [error] = invalid.errors
        assert error.status == "400", error
        assert error.source.pointer == f"/data/attributes/{plan['invalid_field']}", error
    missing = session.call(child, "retrieve", 404, id=MISSING_ID)
    if session.representation == "siren":
        assert missing.properties.status == 404, missing
    else:
        assert [error.status for error in missing.errors] == ["404"], missing

    result = {
        "operations": sorted(session.operations),
        "requests": len(session.requests),
        "statuses": sorted({int(request.rsplit(" ", 1)[1]) for request in session.requests}),
        "pages": pages,
        "log": session.requests,
    }
    print("RESULT", json.dumps(result))


if __name__ == "__main__":
    main()
