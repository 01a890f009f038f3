"""Workspaces shared by members: the workspace and member resources, roles, owners kept, accounts deleted."""

import pytest
{%- if cookiecutter.browsable_api %}
from bs4 import BeautifulSoup
{%- endif %}

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.api import URL_PREFIX
from {{ cookiecutter.package_name }}.models import db

from . import samples
from .conftest import EMAIL, PASSWORD, TEST_CONFIG, sign_in
from .test_api import (
    ADD_CHILD,
    CHILD_MODEL,
    CHILD_TYPE,
    CHILDREN,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
)
from .test_auth import error_message
from .test_bad_input import row_counts

WORKSPACES = f"{URL_PREFIX}/workspace/"
MEMBERS = f"{URL_PREFIX}/member/"
EVE = "eve@example.com"


@pytest.fixture
def eve(api, client):
    """Another user, speaking the same representation."""
    return type(api)(client, sign_in(client, EVE))


def make_workspace(user, name="Team"):
    """A new workspace, made by ``user``: its properties."""
    response, body = user.post(WORKSPACES, {"name": name}, "workspace")
    assert response.status_code == 201, body
    assert response.headers["Location"].endswith(f"{WORKSPACES}{user.properties(body)['id']}/")
    return user.properties(body)


def add_member(owner, workspace_id, email, role):
    """``email`` added to the workspace with ``role`` by one of its owners: the member's properties."""
    invited = {"email": email, "role": role}
    response, body = owner.post(f"{WORKSPACES}{workspace_id}/addmember/", invited, "member")
    assert response.status_code == 201, body
    member = owner.properties(body)
    assert response.headers["Location"].endswith(f"{MEMBERS}{member['id']}/")
    return member


def members(user, workspace_id):
    """``{email: role}`` of the workspace's members, as ``user`` lists them."""
    response, body = user.get(f"{MEMBERS}?workspace_id={workspace_id}")
    assert response.status_code == 200, body
    return {item["email"]: item["role"] for item in user.items(body, "member")}


def create_parent_in(user, workspace_id, n=0):
    """A parent made by ``user`` in the workspace: its properties."""
    fields = {**samples.values(PARENT_MODEL, n), "workspace_id": workspace_id}
    response, body = user.post(PARENTS, fields, PARENT_TYPE)
    assert response.status_code == 201, body
    return user.properties(body)


def shared(api, eve, role):
    """The test user's workspace shared with Eve as ``role``: its id, a parent, a child and Eve's member."""
    workspace = make_workspace(api)
    member = add_member(api, workspace["id"], EVE, role)
    parent = create_parent_in(api, workspace["id"])
    child = add_child(api, parent["id"])
    return workspace["id"], parent, child, member


def test_every_user_has_a_personal_workspace_and_makes_more_as_their_owner(api):
    _, body = api.get(WORKSPACES)
    [personal] = api.items(body, "workspace")
    assert personal["name"] == EMAIL
    workspace = make_workspace(api, "Launch")
    _, body = api.get(WORKSPACES)
    assert [item["name"] for item in api.items(body, "workspace")] == [EMAIL, "Launch"]
    assert members(api, workspace["id"]) == {EMAIL: "owner"}
    # What a user creates without naming a workspace goes to their personal one.
    _, body = api.post(PARENTS, samples.values(PARENT_MODEL), PARENT_TYPE)
    assert api.properties(body)["workspace_id"] == personal["id"]


def test_an_owner_adds_an_existing_account_who_then_sees_the_rows(api, eve):
    workspace_id, parent, child, member = shared(api, eve, "viewer")
    assert (member["email"], member["role"], member["workspace_id"]) == (EVE, "viewer", workspace_id)
    _, body = eve.get(WORKSPACES)
    assert workspace_id in [item["id"] for item in eve.items(body, "workspace")]
    assert members(eve, workspace_id) == {EMAIL: "owner", EVE: "viewer"}
    _, body = eve.get(f"{PARENTS}{parent['id']}/")
    assert eve.properties(body) == api.properties(api.get(f"{PARENTS}{parent['id']}/")[1])
    _, body = eve.get(f"{CHILDREN}{child['id']}/")
    assert eve.properties(body)["id"] == child["id"]
    _, body = eve.get(PARENTS)
    assert parent["id"] in [item["id"] for item in eve.items(body, PARENT_TYPE)]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"email": "nobody@example.com", "role": "viewer"}, 404, "email"),
        ({"email": EMAIL, "role": "viewer"}, 409, "email"),
        ({"email": "not an address", "role": "viewer"}, 400, "email"),
        ({"email": EVE, "role": "king"}, 400, "role"),
        ({"email": EVE}, 400, "role"),
        ({"role": "viewer"}, 400, "email"),
        ({"email": EVE, "role": "viewer", "account_id": 1}, 400, "account_id"),
    ],
)
def test_adding_a_member_refuses_what_cannot_be_added_naming_the_field(app, api, eve, body, status, field):
    workspace = make_workspace(api)
    before = row_counts(app)
    response, answer = api.post(f"{WORKSPACES}{workspace['id']}/addmember/", body, "member")
    assert (response.status_code, api.error_field(answer)) == (status, field), answer
    assert row_counts(app) == before


def test_a_viewer_reads_but_every_write_is_403_and_changes_nothing(app, api, eve):
    workspace_id, parent, child, _ = shared(api, eve, "viewer")
    parent_url, child_url = f"{PARENTS}{parent['id']}/", f"{CHILDREN}{child['id']}/"
    before = row_counts(app)
    writes = [
        eve.patch(parent_url, samples.values(PARENT_MODEL, 1), PARENT_TYPE),
        eve.delete(parent_url),
        eve.post(f"{parent_url}{ADD_CHILD}", samples.values(CHILD_MODEL, 1), CHILD_TYPE),
        eve.patch(child_url, samples.values(CHILD_MODEL, 1), CHILD_TYPE),
        eve.delete(child_url),
        eve.post(PARENTS, {**samples.values(PARENT_MODEL, 1), "workspace_id": workspace_id}, PARENT_TYPE),
        eve.patch(f"{WORKSPACES}{workspace_id}/", {"name": "Mine now"}, "workspace"),
        eve.delete(f"{WORKSPACES}{workspace_id}/"),
        eve.post(f"{WORKSPACES}{workspace_id}/addmember/", {"email": EVE, "role": "owner"}, "member"),
    ]
    for response, body in writes:
        assert response.status_code == 403, body
    assert "viewer" in eve.error(writes[0][1])
    assert row_counts(app) == before


def test_an_editor_writes_the_rows_but_manages_nothing(app, api, eve):
    workspace_id, parent, child, member = shared(api, eve, "editor")
    parent_url = f"{PARENTS}{parent['id']}/"
    response, body = eve.patch(parent_url, samples.values(PARENT_MODEL, 1), PARENT_TYPE)
    assert response.status_code == 200, body
    response, body = eve.post(f"{parent_url}{ADD_CHILD}", samples.values(CHILD_MODEL, 1), CHILD_TYPE)
    assert response.status_code == 201, body
    assert eve.delete(f"{CHILDREN}{child['id']}/")[0].status_code == 200
    created = create_parent_in(eve, workspace_id, 2)
    assert created["workspace_id"] == workspace_id
    assert api.get(f"{PARENTS}{created['id']}/")[0].status_code == 200
    before = row_counts(app)
    assert eve.patch(f"{MEMBERS}{member['id']}/", {"role": "owner"}, "member")[0].status_code == 403
    assert eve.patch(f"{WORKSPACES}{workspace_id}/", {"name": "Renamed"}, "workspace")[0].status_code == 403
    assert row_counts(app) == before


def test_a_create_names_only_a_workspace_the_user_is_in(app, api, eve):
    theirs = make_workspace(eve)
    before = row_counts(app)
    fields = {**samples.values(PARENT_MODEL), "workspace_id": theirs["id"]}
    response, body = api.post(PARENTS, fields, PARENT_TYPE)
    assert (response.status_code, api.error_field(body)) == (404, "workspace_id")
    parent = create_parent_in(api, make_workspace(api)["id"])
    response, body = api.patch(f"{PARENTS}{parent['id']}/", {"workspace_id": theirs["id"]}, PARENT_TYPE)
    assert (response.status_code, api.error_field(body)) == (400, "workspace_id")  # a row never moves
    _, body = api.get(f"{PARENTS}{parent['id']}/")
    assert api.properties(body) == parent
    parents = PARENT_MODEL.__tablename__
    assert row_counts(app)[parents] == before[parents] + 1


def test_outside_a_users_workspaces_everything_stays_404(api, eve):
    workspace = make_workspace(api)
    parent = create_parent_in(api, workspace["id"])
    for url in (f"{WORKSPACES}{workspace['id']}/", f"{PARENTS}{parent['id']}/"):
        assert eve.get(url)[0].status_code == 404
        assert eve.delete(url)[0].status_code == 404
    invited = {"email": EVE, "role": "owner"}
    assert eve.post(f"{WORKSPACES}{workspace['id']}/addmember/", invited, "member")[0].status_code == 404
    assert members(eve, workspace["id"]) == {}


def test_an_owner_changes_roles_and_removes_members_and_the_last_owner_stays(app, api, eve):
    workspace_id, parent, _, member = shared(api, eve, "viewer")
    member_url = f"{MEMBERS}{member['id']}/"
    response, body = api.patch(member_url, {"role": "owner"}, "member")
    assert (response.status_code, api.properties(body)["role"]) == (200, "owner")
    _, body = api.get(f"{MEMBERS}?workspace_id={workspace_id}&role=owner")
    mine = next(item for item in api.items(body, "member") if item["email"] == EMAIL)
    # Two owners: either may step down, never the last.
    assert api.patch(f"{MEMBERS}{mine['id']}/", {"role": "editor"}, "member")[0].status_code == 200
    before = row_counts(app)
    response, body = eve.patch(member_url, {"role": "editor"}, "member")
    assert response.status_code == 409, body
    assert "last owner" in eve.error(body)
    assert eve.delete(member_url)[0].status_code == 409
    assert row_counts(app) == before
    assert eve.delete(f"{MEMBERS}{mine['id']}/")[0].status_code == 200  # an owner removes a member
    assert api.get(f"{PARENTS}{parent['id']}/")[0].status_code == 404  # from the very next request


def test_a_member_may_leave_and_an_account_stays_in_its_personal_workspace(app, api, eve):
    _, parent, _, member = shared(api, eve, "viewer")
    assert eve.delete(f"{MEMBERS}{member['id']}/")[0].status_code == 200
    assert eve.get(f"{PARENTS}{parent['id']}/")[0].status_code == 404
    _, body = api.get(WORKSPACES)
    personal = next(item for item in api.items(body, "workspace") if item["name"] == EMAIL)
    add_member(api, personal["id"], EVE, "owner")
    _, body = api.get(f"{MEMBERS}?workspace_id={personal['id']}&email={EMAIL}")
    [mine] = api.items(body, "member")
    before = row_counts(app)
    for user in (api, eve):
        assert user.delete(f"{MEMBERS}{mine['id']}/")[0].status_code == 409
        assert user.patch(f"{MEMBERS}{mine['id']}/", {"role": "viewer"}, "member")[0].status_code == 409
    response, body = api.delete(f"{WORKSPACES}{personal['id']}/")
    assert response.status_code == 409, body
    assert "personal" in api.error(body)
    assert row_counts(app) == before


def test_an_owner_renames_and_deletes_a_workspace_with_its_rows(app, api, eve):
    workspace_id, parent, child, _ = shared(api, eve, "editor")
    url = f"{WORKSPACES}{workspace_id}/"
    response, body = api.patch(url, {"name": "Renamed"}, "workspace")
    assert (response.status_code, api.properties(body)["name"]) == (200, "Renamed")
    assert api.delete(url)[0].status_code == 200
    for user in (api, eve):
        assert user.get(url)[0].status_code == 404
        assert user.get(f"{PARENTS}{parent['id']}/")[0].status_code == 404
        assert user.get(f"{CHILDREN}{child['id']}/")[0].status_code == 404
    assert members(api, workspace_id) == {}


def test_the_last_owner_of_a_shared_workspace_cannot_delete_their_account(app, api, client, headers, eve):
    workspace_id, parent, _, member = shared(api, eve, "editor")
    before = row_counts(app)
    account = f"{URL_PREFIX}/auth/account"
    response = client.delete(account, json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 409, response.get_data(as_text=True)
    assert f"last owner of workspace {workspace_id}" in error_message(response)
    assert row_counts(app) == before
    assert api.patch(f"{MEMBERS}{member['id']}/", {"role": "owner"}, "member")[0].status_code == 200
    assert client.delete(account, json={"password": PASSWORD}, headers=headers).status_code == 200
    # The shared workspace and its rows stay with its other owner; the account's own are gone.
    assert eve.get(f"{PARENTS}{parent['id']}/")[0].status_code == 200
    assert members(eve, workspace_id) == {EVE: "owner"}


def test_a_change_of_role_holds_from_the_next_request_on_every_instance(app, api, eve):
    _, parent, _, member = shared(api, eve, "editor")
    url = f"{PARENTS}{parent['id']}/"
    # A second instance on the same database, as another worker or pod is.
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    there = type(eve)(other.test_client(), eve.headers)
    try:
        assert there.patch(url, samples.values(PARENT_MODEL, 1), PARENT_TYPE)[0].status_code == 200
        assert api.patch(f"{MEMBERS}{member['id']}/", {"role": "viewer"}, "member")[0].status_code == 200
        assert there.patch(url, samples.values(PARENT_MODEL, 2), PARENT_TYPE)[0].status_code == 403
        assert there.get(url)[0].status_code == 200
        assert api.delete(f"{MEMBERS}{member['id']}/")[0].status_code == 200
        assert there.get(url)[0].status_code == 404
        _, body = there.get(PARENTS)
        assert there.items(body, PARENT_TYPE) == []
    finally:
        with other.app_context():
            db.engine.dispose()
{%- if cookiecutter.browsable_api %}


def test_an_owner_sees_and_manages_the_members_on_the_workspaces_pages(api, eve, client, headers):
    from .test_html import BROWSER

    def browse(url, method="GET", **kwargs):
        response = client.open(url, method=method, headers={"Accept": BROWSER, **headers}, **kwargs)
        assert response.mimetype == "text/html", response.get_data(as_text=True)
        return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")

    workspace = make_workspace(api, "Launch")
    _, page = browse(f"{WORKSPACES}{workspace['id']}/")
    form = page.find("form", action=lambda action: action and action.endswith("/addmember/"))
    assert form.find(["h2", "h3"]).get_text(strip=True) == "Add a member"
    assert form.find("input", attrs={"name": "email"}) is not None
    options = form.find("select", attrs={"name": "role"}).find_all("option")
    assert [option.get_text(strip=True) for option in options if not option.has_attr("disabled")] == [
        "viewer",
        "editor",
        "owner",
    ]
    # What the page's script sends when the form is submitted.
    response, page = browse(form["action"], "POST", json={"email": EVE, "role": "editor"})
    assert response.status_code == 201
    _, page = browse(f"{WORKSPACES}{workspace['id']}/")
    members_link = page.find("a", string="Members of this workspace")
    _, page = browse(members_link["href"])
    rows = [row.get_text(" ", strip=True) for row in page.find("table").find_all("tr")[1:]]
    assert any(EVE in row and "editor" in row for row in rows), rows
    assert any(EMAIL in row and "owner" in row for row in rows), rows


def test_a_create_form_chooses_one_of_the_users_workspaces_by_name(api, eve, client, headers):
    from .test_html import BROWSER

    make_workspace(api, "Launch")
    make_workspace(eve, "Eve's")  # another user's: never offered
    response = client.get(PARENTS, headers={"Accept": BROWSER, **headers})
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    select = page.select_one("#action-create select[name='workspace_id']")
    options = [(option["value"], option.get_text(strip=True)) for option in select.find_all("option")]
    _, body = api.get(WORKSPACES)
    mine = [(str(item["id"]), item["name"]) for item in api.items(body, "workspace")]
    # Left at its default, a create goes to the user's own workspace.
    assert options == [("", "default"), *mine]
    assert [name for _, name in mine] == [EMAIL, "Launch"]
{%- endif %}
