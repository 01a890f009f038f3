"""The browsable API: HTML pages for browsers, and the same answers as before for every other client."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from {{ cookiecutter.package_name }} import resources
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
from {{ cookiecutter.package_name }}.hypermedia import ToOne
from {{ cookiecutter.package_name }}.hypermedia.actions import action_templates
from {{ cookiecutter.package_name }}.hypermedia.fields import (
    BooleanField,
    StringField,
    Text,
    json_value,
)
from {{ cookiecutter.package_name }}.hypermedia.filters import ORDERED

from . import samples
from .representations import REPRESENTATIONS
from .test_api import (
    ADD_CHILD,
    CHILD_COLUMNS,
    CHILD_MODEL,
    CHILD_NOUN,
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_COLUMNS,
    PARENT_MODEL,
    PARENT_NOUN,
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
PARENT_PLURAL = "{{ cookiecutter.__parent_plural | replace("_", " ") }}"
CHILD_PLURAL = "{{ cookiecutter.__child_plural | replace("_", " ") }}"
# The action that adds a child, as the forms' ids name it.
ADD_CHILD_ACTION = "{{ cookiecutter.__add_child }}"
# What no heading, button or link of a page says: a person reads words, not HTTP.
HTTP_WORDS = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|Retrieve)\b")
SAID = "h1, h2, h3, button, summary, a, th, label, dt"
# The child's fields whose values have an order: the Find form finds a range of them.
RANGED = [column for column in CHILD_COLUMNS if isinstance(samples.field(column), ORDERED)]


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
    shown = [
        f"{URL_PREFIX}/",
        PARENTS,
        f"{PARENTS}{parent['id']}/",
        CHILDREN,
        f"{CHILDREN}{child['id']}/",
        f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}",
        f"{CHILDREN}?page=1&count=1",
    ]
{%- if cookiecutter.auth != "none" %}
    _, body = json_api.post(f"{URL_PREFIX}/workspace/", {"name": "Team"}, "workspace")
    workspace = json_api.properties(body)["id"]
    shown += [f"{URL_PREFIX}/workspace/", f"{URL_PREFIX}/workspace/{workspace}/", f"{URL_PREFIX}/member/"]
{%- endif %}
    return shown


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


def _words(name):
    """A field's name as a person reads it on a page: ``due_on`` "Due on", ``assignee_id`` "Assignee ID"."""
    text = name.replace("_", " ").capitalize()
    return text.removesuffix(" id") + " ID" if text.endswith(" id") else text


def _heading(form):
    """What a form says it does: its heading, or, for a lone button, the button."""
    heading = form.find(["h2", "h3"])
    return (heading or form.find("button")).get_text(" ", strip=True)


def _expected_actions(resource_class, collection):
    """The forms of a page: an item's own actions on its page, the collection's on the collection's."""
    return {
        name: (method, [dict(field) for field in fields or ()])
        for name, _, method, route, fields in action_templates(resource_class)
        if not (method == "GET" and fields is None) and ("<" in route) != collection
    }


def test_each_action_is_titled_in_words():
    titles = {name: title for name, title, *_ in action_templates(resources.{{ cookiecutter.parent_resource }}Resource)}
    assert re.fullmatch(rf"Create an? {PARENT_NOUN}", titles["create"])
    assert titles["retrieve_list"] == f"Find {PARENT_PLURAL}"
    assert titles["retrieve"] == f"Show this {PARENT_NOUN}"
    assert titles["update"] == f"Edit this {PARENT_NOUN}"
    assert titles["delete"] == f"Delete this {PARENT_NOUN}"
    assert re.fullmatch(rf"Add an? {CHILD_NOUN}", titles[ADD_CHILD_ACTION])


def test_no_page_names_an_http_method_or_a_raw_field_name(browse, pages):
    for url in pages:
        _, page = browse(url)
        said = [element.get_text(" ", strip=True) for element in page.main.select(SAID)]
        assert not [text for text in said if HTTP_WORDS.search(text)], url
        # Field names read as words: "Due on", not "due_on".
        assert not [text for text in said if "_" in text], url
{%- if cookiecutter.adapter_siren %}


def test_siren_titles_its_actions_as_the_pages_do(client, headers, json_api):
    parent = create_parent(json_api)
    titles = {name: title for name, title, *_ in action_templates(resources.{{ cookiecutter.parent_resource }}Resource)}
    for url in (PARENTS, f"{PARENTS}{parent['id']}/"):
        response = client.get(url, headers={**headers, "Accept": "application/vnd.siren+json"})
        actions = response.get_json()["actions"]
        assert actions
        assert {action["name"]: action["title"] for action in actions} == {
            action["name"]: titles[action["name"]] for action in actions
        }
{%- endif %}


@pytest.mark.parametrize("which", ["collection", "item"])
def test_forms_match_the_actions(browse, json_api, which):
    parent = create_parent(json_api)
    url = PARENTS if which == "collection" else f"{PARENTS}{parent['id']}/"
    _, page = browse(url)
    forms = _forms(page)
    expected = _expected_actions(resources.{{ cookiecutter.parent_resource }}Resource, which == "collection")

    assert set(forms) == set(expected)
    for name, (method, fields) in expected.items():
        form = forms[name]
        assert form["data-method"] == method
        inputs = form.select("input[name], select[name], textarea[name]")
        # A Find form's search box and ranges are no action's fields: tested below.
        inputs = [element for element in inputs if "[" not in element["name"] and element["name"] != "q"]
        assert [element["name"] for element in inputs] == [field["name"] for field in fields]
        for field, element in zip(fields, inputs, strict=True):
            label = page.find("label", attrs={"for": element["id"]})
            assert label is not None
            words = field["name"].replace("_", " ")
            if element.get("data-format"):  # a reference, by what it refers to: "Task board", "Labels"
                words = re.sub(r" ids?$", "", words)
            assert label.get_text(" ", strip=True).lower().startswith(words), label
            assert element.has_attr("required") == field["required"]
            if field.get("options") is not None:
                assert element.name == "select"
                options = [option.get("value", option.get_text()) for option in element.find_all("option")]
                assert [option for option in options if option] == field["options"]
            elif method == "GET" and field["type"] == "checkbox":
                assert element.name == "select"
            elif element.get("data-format") in ("id", "ids"):  # a reference's rows: see test_contract.py
                assert element.name == "select" or element["type"] == "text"
            elif element.name == "textarea":
                assert field["type"] == "text"
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
        label = row.find("th").get_text(strip=True)
        # Each row's actions say which row they act on, to a screen reader and in the question a delete asks.
        for action in row.select(".row-actions a, .row-actions button"):
            assert label in action["aria-label"]
        assert label in delete["data-confirm"]


def test_a_collection_page_creates_and_finds_its_own_rows(browse, json_api):
    create_parent(json_api)
    _, page = browse(PARENTS)
    forms = _forms(page)
    assert re.fullmatch(rf"Create an? {PARENT_NOUN}", _heading(forms["create"]))
    assert forms["create"]["action"].endswith(PARENTS)
    find = forms["retrieve_list"].find_parent("details")
    assert find.summary.get_text(strip=True) == f"Find {PARENT_PLURAL}"
    # No form on the page changes one row but in that row: the rest is done on the row's page.
    changes = page.select("form.action[data-method='PATCH'], form.action[data-method='DELETE']")
    assert changes
    assert [form for form in changes if not form.find_parent("td", class_="row-actions")] == []


def test_a_parent_page_keeps_each_form_with_what_it_acts_on(browse, json_api):
    parent = create_parent(json_api)
    add_child(json_api, parent["id"])
    url = f"{PARENTS}{parent['id']}/"
    _, page = browse(url)
    forms = _forms(page)
    # Nothing on a row's page creates another row of its collection, or lists them.
    assert not [form for form in page.select("form.action") if local(form["action"]) == PARENTS]
    # Its edit and delete say that they act on it, and come with its fields, before its children.
    update, delete = forms["update"], forms["delete"]
    assert _heading(update) == f"Edit this {PARENT_NOUN}"
    assert update.find("button").get_text(strip=True) == "Save"
    assert _heading(delete) == f"Delete this {PARENT_NOUN}"
    children = page.find("tbody").find_parent("section")
    assert children.h2.get_text(strip=True).lower() == CHILD_PLURAL
    assert update.find_parent("section") is not children and delete.find_parent("section") is not children
    assert page.find("dl", class_="properties").find_next("form") is update
    # The form that adds a child is with the children, and says what it adds.
    add = forms[ADD_CHILD_ACTION]
    assert add.find_parent("section") is children
    assert re.fullmatch(rf"Add an? {CHILD_NOUN}", _heading(add))
    assert add["action"].endswith(f"{url}{ADD_CHILD}")
    # Adding one stays on this page, which then shows it.
    assert add.has_attr("data-stay")


def test_a_rows_page_sends_the_tag_it_was_shown_with_in_each_write_of_it(client, headers, browse, json_api):
    parent = create_parent(json_api)
    child = add_child(json_api, parent["id"])
    url = f"{PARENTS}{parent['id']}/"
    response, page = browse(url)
    tag = response.headers["ETag"]
    forms = _forms(page)
    # Its edit, its delete and its add of a child, which checks it, send its ETag in If-Match,
    # and say in words that it changed, naming it, if that answers 412.
    for name in ("update", "delete", ADD_CHILD_ACTION):
        assert forms[name]["data-if-match"] == tag, name
        assert forms[name]["data-stale"].startswith(f"This {PARENT_NOUN} changed since you opened it:"), name
        assert forms[name]["data-unconditional"], name
    # A child in its table shows no version: its actions read the child's tag just before.
    row_forms = page.select(".row-actions form")
    assert row_forms
    for form in row_forms:
        assert not form.has_attr("data-if-match")
        assert local(form["data-if-match-from"]) == f"{CHILDREN}{child['id']}/"
        assert form["data-stale"].startswith(f"This {CHILD_NOUN} changed")
    # The page an edit answers with sends the edited row's new tag, which its ETag says too.
    sent = {"Accept": BROWSER, "If-Match": tag, **headers}
    response = client.patch(url, json=samples.values(PARENT_MODEL, 1), headers=sent)
    assert response.status_code == 200
    renewed = response.headers["ETag"]
    assert renewed != tag
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert _forms(page)["update"]["data-if-match"] == renewed
    assert client.patch(url, json=samples.values(PARENT_MODEL, 2), headers=sent).status_code == 412


def test_a_parent_page_shows_its_children_and_pages_through_them(browse, json_api):
    parent = create_parent(json_api)
    for n in range(3):
        add_child(json_api, parent["id"], n)
    _, page = browse(f"{PARENTS}{parent['id']}/")
    assert len(page.select("tbody tr")) == 3
    everything = page.find("a", rel=True, href=re.compile(rf"\?{FOREIGN_KEY}={parent['id']}$"))
    assert everything.get_text(strip=True) == f"All {CHILD_PLURAL} of this {PARENT_NOUN}"

    _, page = browse(f"{CHILDREN}?page=1&count=2")
    assert len(page.select("tbody tr")) == 2
    following = page.select_one('nav.pages a[rel="next"]')
    assert following.get_text(strip=True) == "Next page"
    _, page = browse(local(following["href"]))
    assert len(page.select("tbody tr")) == 1
    assert page.select_one('nav.pages a[rel="previous"]').get_text(strip=True) == "Previous page"


def test_the_page_size_is_said_as_one_not_as_a_count(browse, json_api):
    parent = create_parent(json_api)
    for n in range(3):
        add_child(json_api, parent["id"], n)
    _, page = browse(f"{CHILDREN}?count=2")
    assert page.select_one("nav.pages").get_text(" ", strip=True).endswith("2 a page")
    for url in (CHILDREN, f"{CHILDREN}?count=2", PARENTS):
        _, page = browse(url)
        # A collection's page shows no fields of its own: a count there would read as a total.
        assert page.find("dl", class_="properties") is None, url
        assert "count" not in page.find("main").get_text(" ").lower().split(), url
    _, page = browse(CHILDREN)  # one page: nothing to page through, and no size said
    assert page.select_one("nav.pages") is None


def test_a_list_of_one_parents_children_creates_in_that_parent(browse, json_api):
    parent = create_parent(json_api)
    parent_url = f"{PARENTS}{parent['id']}/"
    _, page = browse(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")
    # The page says whose children it lists, linking to the parent, and how to see them all.
    filters = page.select_one("p.filters")
    assert filters.find("a", href=lambda href: href.endswith(parent_url)) is not None
    everything = filters.find("a", href=lambda href: href.endswith(CHILDREN))
    assert everything.get_text(strip=True) == f"Show all {CHILD_PLURAL}"
    # Its create form fills in the parent, shows it and does not let it change.
    create = _forms(page)["create"]
    key = create.find("input", attrs={"name": FOREIGN_KEY})
    assert key["value"] == str(parent["id"])
    assert key.has_attr("readonly")
    hint = page.find(id=key["aria-describedby"].split()[-1])
    assert hint.find("a", href=lambda href: href.endswith(parent_url)) is not None
    # What it sends creates the row in that parent, whose page says so.
    response, created = browse(
        create["action"], method="POST", json={FOREIGN_KEY: int(key["value"]), **samples.values(CHILD_MODEL)}
    )
    assert response.status_code == 201
    assert created.select_one(".properties").find("a", href=lambda href: href.endswith(parent_url))
    _, page = browse(parent_url)
    assert created.h1.get_text() in [row.get_text(strip=True) for row in page.select("tbody th")]


def test_columns_and_fields_are_headed_in_words(browse, json_api):
    parent = create_parent(json_api)
    child = add_child(json_api, parent["id"])
    fields = [_words(column.key) for column in CHILD_COLUMNS]
    for url in (CHILDREN, f"{PARENTS}{parent['id']}/"):
        _, page = browse(url)
        headings = [heading.get_text(" ", strip=True) for heading in page.select("thead th")]
        assert [field for field in fields if field not in headings] == [], url
        assert "ID" in headings
    # A row's page: its fields in words, and its parent and references by their nouns ("Task board", not
    # its key), in the order of its columns, then its many-to-manys by their names ("Labels").  A key the
    # resource does not link (a person's, "Assignee ID") is a field like any other.
    _, page = browse(f"{CHILDREN}{child['id']}/")
    names = [term.get_text(strip=True) for term in page.select(".properties dt")]
    columns = [
        column
        for column in CHILD_MODEL.__table__.columns
        if not (column.primary_key or column.info.get("hidden"))
    ]
    relationships = resources.{{ cookiecutter.child_resource }}Resource._relationships or ()
    linked = {link.foreign_key for link in relationships if isinstance(link, ToOne)}
    nouns = [
        _words(column.key.removesuffix("_id") if column.key in linked else column.key) for column in columns
    ]
    many = [_words(link.key) for link in CHILD_MODEL.__mapper__.relationships if link.secondary is not None]
    assert names == ["ID", *nouns, *many]


def test_a_lists_column_headings_sort_it_one_way_then_the_other(browse, json_api):
    parent = create_parent(json_api)
    children = [add_child(json_api, parent["id"], n) for n in (2, 0, 1)]
    _, page = browse(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")
    headings = {cell.get_text(" ", strip=True): cell for cell in page.select("thead th")}
    (first, cell), *_ = [(text, cell) for text, cell in headings.items() if cell.find("a")]
    assert not cell.has_attr("aria-sort")
    for state in ("ascending", "descending"):
        href = cell.find("a")["href"]
        (sort,) = parse_qs(urlsplit(href).query)["sort"]
        _, page = browse(href)
        cell = next(cell for cell in page.select("thead th") if cell.get_text(" ", strip=True) == first)
        assert cell["aria-sort"] == state
        # The filter stays: the rows are the parent's, in the heading's order, the id breaking ties.
        ids = [int(link["href"].rstrip("/").rpartition("/")[2]) for link in page.select("tbody th a")]
        name, descending = sort.removeprefix("-"), sort.startswith("-")
        expected = sorted(children, key=lambda child: child["id"])
        expected.sort(key=lambda child: (child[name] is None, child[name]), reverse=descending)
        assert ids == [child["id"] for child in expected]
        assert f"{FOREIGN_KEY}={parent['id']}" in urlsplit(cell.find("a")["href"]).query


def test_a_fieldset_keeps_those_columns_and_the_headings_keep_it(browse, json_api):
    parent = create_parent(json_api)
    child = add_child(json_api, parent["id"])
    kept, *dropped = [_words(column.key) for column in CHILD_COLUMNS]
    fieldset = {f"fields[{CHILD_TYPE}]": [CHILD_COLUMNS[0].key]}
    _, page = browse(f"{CHILDREN}?{urlencode(fieldset, doseq=True)}")
    headings = [cell.get_text(" ", strip=True) for cell in page.select("thead th")]
    assert kept in headings
    assert [heading for heading in headings if heading in dropped] == []
    for link in page.select("thead th a"):  # a heading sorts the same fields
        query = parse_qs(urlsplit(link["href"]).query)
        assert {**query, **fieldset} == query
    _, page = browse(f"{CHILDREN}{child['id']}/?{urlencode(fieldset, doseq=True)}")
    assert [term.get_text(strip=True) for term in page.select(".properties dt")] == ["ID", kept]


@pytest.mark.parametrize("column", RANGED, ids=lambda column: column.key)
def test_the_find_form_finds_the_rows_from_a_value(browse, json_api, column):
    parent = create_parent(json_api)
    children = [add_child(json_api, parent["id"], n) for n in (2, 0, 1)]
    _, page = browse(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")
    form = page.select_one("form#action-retrieve_list")
    field = form.find("input", attrs={"name": f"{column.key}[gte]"})
    label = form.find("label", attrs={"for": field["id"]})
    assert label.get_text(strip=True) == f"{_words(column.key)}: from"
    assert form.find("input", attrs={"name": f"{column.key}[lte]"}) is not None
    values = {
        child["id"]: samples.field(column).translate(Text(str(child[column.key]))) for child in children
    }
    least = sorted(values.values())[1]
    # Typed into "from" and sent as the form sends it, with the list's filter it shows.
    query = {FOREIGN_KEY: parent["id"], field["name"]: samples.as_text(json_value(least))}
    response, page = browse(f"{form['action']}?{urlencode(query)}")
    assert response.status_code == 200
    ids = [int(link["href"].rstrip("/").rpartition("/")[2]) for link in page.select("tbody th a")]
    assert ids == sorted(row_id for row_id, value in values.items() if value >= least)
    assert f"whose {_words(column.key).lower()} is at least" in page.select_one(".filters").get_text(" ")
    typed_in = page.select_one(f"form#action-retrieve_list input[name='{field['name']}']")
    assert typed_in.get("value", typed_in.get("data-instant")) == query[field["name"]]  # the form keeps it


@pytest.mark.parametrize("where", ["parent", "list"])
def test_a_boolean_reads_yes_or_no(browse, json_api, where):
    booleans = [column for column in CHILD_COLUMNS if isinstance(samples.field(column), BooleanField)]
    if not booleans:
        pytest.skip("The child has no boolean field.")
    parent = create_parent(json_api)
    children = [add_child(json_api, parent["id"], n) for n in range(2)]
    url = f"{PARENTS}{parent['id']}/" if where == "parent" else f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}"
    _, page = browse(url)
    headings = [heading.get_text(" ", strip=True) for heading in page.select("thead th")]
    rows = page.select("tbody tr")
    for column in booleans:
        index = headings.index(_words(column.key))
        shown = [row.find_all(["th", "td"])[index].get_text(strip=True) for row in rows]
        assert shown == ["yes" if child[column.key] else "no" for child in children]
    assert not re.search(r"\b(True|False|true|false)\b", page.find("tbody").get_text(" "))


def test_text_is_written_in_a_textarea_that_keeps_its_line_breaks(browse, json_api):
    texts = [column for column in CHILD_COLUMNS if type(samples.field(column)) is StringField]
    texts = [column for column in texts if samples.field(column).maximum is None]
    if not texts:
        pytest.skip("The child has no text field without a maximum length.")
    written = "The first line\nand the second"
    parent = create_parent(json_api)
    child = add_child(json_api, parent["id"], **{column.key: written for column in texts})
    _, page = browse(f"{PARENTS}{parent['id']}/")
    add = _forms(page)[ADD_CHILD_ACTION]
    assert all(add.find("textarea", attrs={"name": column.key}) for column in texts)
    _, page = browse(f"{CHILDREN}{child['id']}/")
    update = _forms(page)["update"]
    for column in texts:
        # (A browser drops the line break right after the tag, which keeps a value's own first one.)
        assert update.find("textarea", attrs={"name": column.key}).get_text().removeprefix("\n") == written


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
    urls = [PARENTS, f"{PARENTS}{parent['id']}/"]
    if column.key == resources.{{ cookiecutter.parent_resource }}Resource.display_field:
        urls.append(f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}")  # the label of the parent a list is of
    for url in urls:
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


def test_a_delete_answers_a_page_saying_the_row_is_gone_with_the_way_back(browse, json_api):
    parent = create_parent(json_api)
    response, page = browse(f"{PARENTS}{parent['id']}/", method="DELETE")
    assert response.status_code == 200
    assert page.h1.get_text(strip=True) == f"{PARENT_NOUN.capitalize()} deleted"
    back = page.find("a", string=re.compile("^Back to the"))
    assert urlsplit(back["href"]).path == PARENTS
    assert "None" not in page.get_text() and "<id>" not in str(page)
