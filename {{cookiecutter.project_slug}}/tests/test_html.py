"""The browsable API: HTML pages for browsers, and the same answers as before for every other client."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from {{ cookiecutter.package_name }} import resources
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
from {{ cookiecutter.package_name }}.hypermedia.actions import action_templates
from {{ cookiecutter.package_name }}.hypermedia.fields import StringField

from . import samples
from .representations import REPRESENTATIONS
from .test_api import (
    ADD_CHILD,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_COLUMNS,
    PARENT_MODEL,
    PARENTS,
    add_child,
    create_parent,
)

# What a browser sends when it opens a page.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
MEDIA_TYPES = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
# An address on another host, or an import, in a static file.
EXTERNAL = re.compile(r"https?:|[\"'(]//|@import")
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'
HOSTILE = "<img src=x onerror=alert(1)>"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


@pytest.fixture
def json_api(speak):
    """A client in the first JSON representation, to make rows."""
    return speak(REPRESENTATIONS[MEDIA_TYPES[0]])


@pytest.fixture
def browse(client, headers):
    """browse(url, method="GET", **kwargs) -> (response, parsed page), as a browser asks."""

    def browse(url, method="GET", **kwargs):
        response = client.open(url, method=method, headers={"Accept": BROWSER, **headers}, **kwargs)
        assert response.mimetype == "text/html", response.get_data(as_text=True)
        return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")

    return browse


@pytest.fixture
def pages(json_api):
    """A parent with two children: the URL of every page the API serves."""
    parent = create_parent(json_api)
    child = add_child(json_api, parent["id"])
    add_child(json_api, parent["id"], n=1)
    return [
        f"{URL_PREFIX}/",
        PARENTS,
        f"{PARENTS}{parent['id']}/",
        CHILDREN,
        f"{CHILDREN}{child['id']}/",
        f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}",
        f"{CHILDREN}?page=1&count=1",
    ]


def local(url):
    """``url`` as the test client opens it: its path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_page_is_a_whole_html_document_with_the_security_headers(browse, pages):
    for url in pages:
        response, page = browse(url)
        assert response.status_code == 200, url
        assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert page.html["lang"] == "en"
        assert page.title.string
        assert page.find("main", id="content") is not None
        assert page.find("meta", attrs={"name": "viewport"}) is not None
        # No inline script or style: the policy would block them.
        assert all(script.get("src") for script in page.find_all("script"))
        assert page.find("style") is None
        assert not page.find_all(style=True)
        assert not [tag for tag in page.find_all(True) if any(name.startswith("on") for name in tag.attrs)]


def test_every_link_resolves(browse, pages):
    seen = set()
    for url in pages:
        _, page = browse(url)
        breadcrumbs = [link["href"] for link in page.select("nav.breadcrumbs a")]
        assert breadcrumbs[0] == f"{URL_PREFIX}/"
        for link in page.find_all("a", href=True):
            href = local(link["href"].partition("#")[0])
            if href in seen:
                continue
            seen.add(href)
            response, _ = browse(href)
            assert response.status_code == 200, f"{href} on {url}"


def test_every_static_file_is_served_cached_and_local(client, browse):
    _, page = browse(f"{URL_PREFIX}/")
    files = [tag["src"] for tag in page.find_all("script")] + [tag["href"] for tag in page.find_all("link")]
    assert files
    for url in files:
        assert url.startswith(f"{URL_PREFIX}/_static/")
        response = client.get(url)
        assert response.status_code == 200
        assert "max-age=" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        text = response.get_data(as_text=True).replace(SVG_NAMESPACE, "")  # a name, not an address
        assert not EXTERNAL.search(text), f"{url} loads from elsewhere"


def _forms(page):
    return {form["id"].removeprefix("action-"): form for form in page.select("form.action[id]")}


def _expected_actions(resource_class, url):
    """The actions a page shows as forms: as Siren lists them, without those of one item of a collection."""
    return {
        name: (method, [dict(field) for field in fields or ()])
        for name, _, method, route, fields in action_templates(resource_class)
        if not (method == "GET" and fields is None) and ("<" not in route or url != resource_class.base_url)
    }


@pytest.mark.parametrize("which", ["collection", "item"])
def test_forms_match_the_actions(browse, json_api, which):
    parent = create_parent(json_api)
    url = PARENTS if which == "collection" else f"{PARENTS}{parent['id']}/"
    _, page = browse(url)
    forms = _forms(page)
    expected = _expected_actions(resources.{{ cookiecutter.parent_resource }}Resource, url)
    if which == "collection":
        expected = {name: action for name, action in expected.items() if name in ("create", "retrieve_list")}

    assert set(forms) == set(expected)
    for name, (method, fields) in expected.items():
        form = forms[name]
        assert form["data-method"] == method
        inputs = form.select("input[name], select[name]")
        assert [element["name"] for element in inputs] == [field["name"] for field in fields]
        for field, element in zip(fields, inputs, strict=True):
            label = page.find("label", attrs={"for": element["id"]})
            assert label is not None and field["name"] in label.get_text()
            assert element.has_attr("required") == field["required"]
            if field.get("options") is not None:
                assert element.name == "select"
                options = [option.get_text() for option in element.find_all("option")]
                assert [option for option in options if option] == field["options"]
            elif method == "GET" and field["type"] == "checkbox":
                assert element.name == "select"
            else:
                assert element["type"] == field["type"]
            if method == "POST" and "value" in field:
                shown = element.find("option", selected=True).get_text() if element.name == "select" else None
                if element.name == "input":
                    shown = (
                        element.has_attr("checked")
                        if field["type"] == "checkbox"
                        else element.get("value", element.get("data-instant"))
                    )
                value = field["value"]
                assert shown == (value if isinstance(value, bool) else str(value)), field


def test_a_collections_item_actions_are_at_each_item_with_its_id(browse, json_api):
    parents = [create_parent(json_api, n) for n in range(2)]
    _, page = browse(PARENTS)
    assert "{" not in page.decode()  # no URI template anywhere
    rows = page.select("tbody tr")
    assert len(rows) == 2
    for parent, row in zip(parents, rows, strict=True):
        delete = row.find("form", attrs={"data-method": "DELETE"})
        assert delete["action"].endswith(f"{PARENTS}{parent['id']}/")


def test_a_parent_page_shows_its_children_and_pages_through_them(browse, json_api):
    parent = create_parent(json_api)
    for n in range(3):
        add_child(json_api, parent["id"], n)
    _, page = browse(f"{PARENTS}{parent['id']}/")
    assert len(page.select("tbody tr")) == 3
    add = page.find("form", id="action-{{ cookiecutter.__add_child }}")
    assert add["action"].endswith(f"{PARENTS}{parent['id']}/{ADD_CHILD}")

    _, page = browse(f"{CHILDREN}?page=1&count=2")
    assert len(page.select("tbody tr")) == 2
    following = page.select_one('nav.pages a[rel="next"]')
    _, page = browse(local(following["href"]))
    assert len(page.select("tbody tr")) == 1
    assert page.select_one('nav.pages a[rel="previous"]') is not None


def _hostile_column():
    for column in PARENT_COLUMNS:
        kind = samples.field(column)
        if type(kind) is StringField and (kind.maximum is None or kind.maximum >= len(HOSTILE)):
            return column
    return None


def test_a_stored_hostile_string_shows_as_text(browse, json_api):
    column = _hostile_column()
    if column is None:
        pytest.skip("The parent has no string field long enough for the hostile value.")
    parent = create_parent(json_api, **{column.key: HOSTILE})
    for url in (PARENTS, f"{PARENTS}{parent['id']}/"):
        response, page = browse(url)
        text = response.get_data(as_text=True)
        assert HOSTILE not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert page.find("img") is None
        assert HOSTILE in page.get_text()


@pytest.mark.parametrize("accept", [None, "*/*", *MEDIA_TYPES, "text/html, " + MEDIA_TYPES[0], "text/*"])
def test_other_clients_get_the_same_answers_as_without_the_browsable_api(client, headers, json_api, accept):
    parent = create_parent(json_api)
    expected = MEDIA_TYPES[0] if accept in (None, "*/*", "text/*") else accept.rpartition(" ")[2]
    for url in (f"{URL_PREFIX}/", PARENTS, f"{PARENTS}{parent['id']}/", f"{PARENTS}999/"):
        response = client.get(url, headers={**headers, **({"Accept": accept} if accept else {})})
        assert response.mimetype == expected, url
        assert "Content-Security-Policy" not in response.headers
        response.get_json()  # JSON, not a page


def test_html_is_chosen_only_when_preferred(client, headers):
    for accept, html in [
        ("text/html", True),
        ("text/html;q=0.9, " + MEDIA_TYPES[0] + ";q=0.8", True),
        ("text/html;q=0.8, */*", False),
        ("text/html;q=0.8, " + MEDIA_TYPES[-1], False),
    ]:
        response = client.get(f"{URL_PREFIX}/", headers={**headers, "Accept": accept})
        assert (response.mimetype == "text/html") == html, accept


def _error_page(response, page, status):
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    main = page.find("main", id="content")
    assert main["data-status"] == str(status)
    assert page.select_one(".error-message").get_text()
    return main


def test_errors_are_html_pages_with_their_status(browse, json_api, app):
    parent = create_parent(json_api)
    _error_page(*browse(f"{PARENTS}999/"), 404)
    _error_page(*browse(f"{URL_PREFIX}/nowhere/"), 404)
    response, page = browse(f"{URL_PREFIX}/", method="DELETE")
    _error_page(response, page, 405)
    assert "Allow" in response.headers
    _error_page(*browse(PARENTS, method="POST", data="<x/>", content_type="application/xml"), 415)
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    _error_page(*browse(PARENTS, method="POST", data=too_big, content_type="application/json"), 413)
    response, page = browse(f"{PARENTS}{parent['id']}/", method="PATCH", json={"nonsense": 1})
    main = _error_page(response, page, 400)
    assert main["data-field"] == "nonsense"


def test_a_create_from_a_browser_answers_with_the_new_page(browse):
    sent = samples.values(PARENT_MODEL)
    response, page = browse(PARENTS, method="POST", json=sent)
    assert response.status_code == 201
    assert response.headers["Location"].endswith("/")
    assert page.find("main", id="content") is not None
{%- if cookiecutter.auth != "none" %}


def test_without_credentials_a_page_is_the_401_page(client):
    response = client.get(PARENTS, headers={"Accept": BROWSER})
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    _error_page(response, page, 401)
{%- if cookiecutter.auth == "token" %}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    sign_in = page.find("form", id="sign-in")
    assert sign_in["action"] == f"{URL_PREFIX}/auth/token"
    assert page.find("label", attrs={"for": "sign-in-email"}) is not None
    assert page.find("label", attrs={"for": "sign-in-password"}) is not None
{%- else %}
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert page.find("form", id="sign-in") is None
{%- endif %}
{%- endif %}
