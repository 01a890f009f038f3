"""Sign-up, sign-in, and each user seeing only their own {{ cookiecutter.__parent_plural.replace('_', ' ') }}."""
{% if cookiecutter.auth == "token" %}
import time
{% endif %}
import pytest
from sqlalchemy import select

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.api import ADAPTERS, URL_PREFIX
from {{ cookiecutter.package_name }}.auth import Account
from {{ cookiecutter.package_name }}.models import db

from . import samples
from .conftest import EMAIL, PASSWORD, TEST_CONFIG, sign_in
from .representations import REPRESENTATIONS
from .test_api import (
    ADD_CHILD,
    CHILD_MODEL,
    CHILD_TYPE,
    CHILDREN,
    FOREIGN_KEY,
    PARENT_MODEL,
    PARENT_TYPE,
    PARENTS,
    add_child,
    create_parent,
)
from .test_bad_input import row_counts

REGISTER = f"{URL_PREFIX}/auth/register"
{%- if cookiecutter.auth == "token" %}
TOKEN = f"{URL_PREFIX}/auth/token"
{%- endif %}
MEDIA_TYPES = [adapter.extra_headers["Content-Type"] for adapter in ADAPTERS]
SCHEME = "{{ "Basic" if cookiecutter.auth == "basic" else "Bearer" }}"


def error_message(response):
    """The error message of a response, read the way its media type is read."""
    return REPRESENTATIONS[response.mimetype](client=None, headers={}).error(response.get_json())


def error_field(response):
    """The field an error response is about, or None, read the way its media type is read."""
    return REPRESENTATIONS[response.mimetype](client=None, headers={}).error_field(response.get_json())


def test_register(client):
    response = client.post(REGISTER, json={"email": "Grace@Example.com", "password": PASSWORD})
    assert response.status_code == 201
    assert response.get_json()["email"] == "grace@example.com"


def test_registering_an_email_twice_is_409(client):
    sign_in(client, "grace@example.com")
    response = client.post(REGISTER, json={"email": "GRACE@example.com", "password": PASSWORD})
    assert response.status_code == 409
    assert "already exists" in error_message(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"password": PASSWORD}, "email"),
        ({"email": ["grace@example.com"], "password": PASSWORD}, "email"),
        ({"email": "grace@example.com", "password": "too short"}, "password"),
        ({"email": "grace@example.com", "password": 12345678901}, "password"),
        ({"email": "grace@example.com"}, "password"),
    ],
)
def test_bad_registrations_are_400_naming_the_field(client, body, field):
    response = client.post(REGISTER, json=body)
    assert response.status_code == 400
    assert f'"{field}"' in error_message(response)


def test_a_password_that_is_the_email_is_refused_as_a_rule_the_document_cannot_state(client):
    """422: the body is what the OpenAPI document describes, but a rule about two of its fields refuses it."""
    response = client.post(REGISTER, json={"email": "grace@example.com", "password": "Grace@Example.com"})
    assert response.status_code == 422
    assert '"password"' in error_message(response)


def test_registration_can_be_switched_off(app, client):
    app.config["REGISTRATION_ENABLED"] = False
    try:
        response = client.post(REGISTER, json={"email": "grace@example.com", "password": PASSWORD})
    finally:
        app.config["REGISTRATION_ENABLED"] = True
    assert response.status_code == 403


def test_passwords_are_stored_hashed(app, client):
    sign_in(client, "grace@example.com")
    with app.app_context():
        stored = db.session.scalar(select(Account.password_hash))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_create_user_command(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "cli@example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "cli@example.com" in result.output

    again = runner.invoke(args=["create-user", "cli@example.com", "--password", PASSWORD])
    assert again.exit_code == 1
    assert "already exists" in again.output
    weak = runner.invoke(args=["create-user", "weak@example.com", "--password", "short"])
    assert weak.exit_code == 1
    assert '"password"' in weak.output
    prompted = runner.invoke(args=["create-user", "prompt@example.com"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output


def test_admin_commands(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["create-user", "root@example.com", "--password", PASSWORD, "--admin"])
    assert made.exit_code == 0, made.output
    assert "admin" in made.output
    plain = runner.invoke(args=["create-user", "plain@example.com", "--password", PASSWORD])
    assert plain.exit_code == 0, plain.output

    def admins():
        with app.app_context():
            return db.session.scalars(select(Account.email).filter_by(is_admin=True)).all()

    assert admins() == ["root@example.com"]
    assert runner.invoke(args=["set-admin", "PLAIN@example.com"]).exit_code == 0
    assert sorted(admins()) == ["plain@example.com", "root@example.com"]
    off = runner.invoke(args=["set-admin", "root@example.com", "--off"])
    assert off.exit_code == 0, off.output
    assert "no longer" in off.output
    assert admins() == ["plain@example.com"]
    unknown = runner.invoke(args=["set-admin", "nobody@example.com"])
    assert unknown.exit_code == 1
    assert "No account has the email nobody@example.com" in unknown.output
    assert "Traceback" not in unknown.output


@pytest.mark.parametrize("media_type", MEDIA_TYPES)
def test_no_credentials_is_401_in_the_negotiated_representation(client, media_type):
    response = client.get(PARENTS, headers={"Accept": media_type})
    assert response.status_code == 401
    assert response.mimetype == media_type
    assert response.headers["WWW-Authenticate"].startswith(SCHEME)
    assert error_message(response)


def test_the_index_is_public(client):
    assert client.get(f"{URL_PREFIX}/").status_code == 200
{%- if cookiecutter.auth == "basic" %}


@pytest.mark.parametrize(
    ("email", "password"),
    [(EMAIL, "wrong password!"), ("nobody@example.com", PASSWORD), (EMAIL, "")],
)
def test_wrong_credentials_are_401(client, headers, email, password):
    response = client.get(PARENTS, auth=(email, password))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith(SCHEME)
{%- else %}


def test_a_token_is_issued_for_the_right_password(client, headers):
    response = client.post(TOKEN, json={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    token = response.get_json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    response = client.get(PARENTS, headers={"Authorization": f"Bearer {token['access_token']}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": EMAIL, "password": "wrong password!"},
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": EMAIL},
        {},
    ],
)
def test_no_token_for_wrong_credentials(client, headers, body):
    response = client.post(TOKEN, json=body)
    assert response.status_code == 401
    assert "access_token" not in (response.get_json() or {})


def test_a_tampered_token_is_401(client, headers):
    token = headers["Authorization"].removeprefix("Bearer ")
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    for bad in (tampered, token + "x", "not-a-token", ""):
        response = client.get(PARENTS, headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad


def test_an_expired_token_is_401(app, client, headers, monkeypatch):
    assert client.get(PARENTS, headers=headers).status_code == 200
    later = time.time() + app.config["TOKEN_TTL"] + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(PARENTS, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith(SCHEME)
{%- endif %}


@pytest.fixture
def eve(api, client):
    """Another user, speaking the same representation."""
    return type(api)(client, sign_in(client, "eve@example.com"))


def test_another_users_{{ cookiecutter.__parent_plural }}_are_404_everywhere(app, api, eve):
    parent = create_parent(api)
    child = add_child(api, parent["id"])
    parent_url = f"{PARENTS}{parent['id']}/"
    child_url = f"{CHILDREN}{child['id']}/"
    before = row_counts(app)

    assert eve.get(parent_url)[0].status_code == 404
    assert eve.patch(parent_url, samples.values(PARENT_MODEL, 1), PARENT_TYPE)[0].status_code == 404
    assert eve.delete(parent_url)[0].status_code == 404
    response, _ = eve.post(f"{parent_url}{ADD_CHILD}", samples.values(CHILD_MODEL, 1), CHILD_TYPE)
    assert response.status_code == 404
    assert eve.get(child_url)[0].status_code == 404
    assert eve.patch(child_url, samples.values(CHILD_MODEL, 1), CHILD_TYPE)[0].status_code == 404
    assert eve.delete(child_url)[0].status_code == 404
    lists = [
        (PARENTS, PARENT_TYPE),
        (CHILDREN, CHILD_TYPE),
        (f"{CHILDREN}?{FOREIGN_KEY}={parent['id']}", CHILD_TYPE),
    ]
    for url, resource_name in lists:
        _, body = eve.get(url)
        assert eve.items(body, resource_name) == []
    fields = {FOREIGN_KEY: parent["id"], **samples.values(CHILD_MODEL, 1)}
    response, body = eve.post(CHILDREN, fields, CHILD_TYPE)
    assert response.status_code == 404  # a reference to another user's row, as to no row at all
    assert FOREIGN_KEY in eve.error(body)
    assert row_counts(app) == before

    _, body = api.get(parent_url)
    assert api.properties(body) == parent


def test_a_child_cannot_be_moved_to_another_users_parent(app, api, eve):
    theirs = create_parent(api)
    mine = create_parent(eve, 1)
    child = add_child(eve, mine["id"])
    fields = {FOREIGN_KEY: theirs["id"]}
    response, _ = eve.patch(f"{CHILDREN}{child['id']}/", fields, CHILD_TYPE)
    assert response.status_code == 404
    _, body = eve.get(f"{CHILDREN}{child['id']}/")
    assert eve.properties(body)[FOREIGN_KEY] == mine["id"]


def test_being_an_admin_holds_from_the_next_request_on_every_instance(app, api, eve, headers):
    theirs = create_parent(eve)
    url = f"{PARENTS}{theirs['id']}/"
    # A second instance on the same database, as another worker or pod is.
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    there = type(api)(other.test_client(), headers)
    try:
        assert there.get(url)[0].status_code == 404
        assert app.test_cli_runner().invoke(args=["set-admin", EMAIL]).exit_code == 0
        assert there.get(url)[0].status_code == 200
        assert other.test_cli_runner().invoke(args=["set-admin", EMAIL, "--off"]).exit_code == 0
        assert api.get(url)[0].status_code == 404
        assert there.get(url)[0].status_code == 404
    finally:
        with other.app_context():
            db.engine.dispose()


def test_each_user_lists_only_their_own(api, eve):
    adas = create_parent(api, 0)
    eves = create_parent(eve, 1)
    for user, own in ((api, adas), (eve, eves)):
        _, body = user.get(PARENTS)
        assert [item["id"] for item in user.items(body, PARENT_TYPE)] == [own["id"]]


@pytest.mark.parametrize("password", ["password1234", "QWERTYUIOP", "1q2w3e4r5t"])
def test_a_common_password_is_refused_saying_why(client, password):
    response = client.post(REGISTER, json={"email": "grace@example.com", "password": password})
    assert response.status_code == 422  # well formed, as the document describes it, but too common to use
    assert "common" in error_message(response)


def test_every_response_carries_the_safety_headers(client, headers):
    for response in (
        client.get(f"{URL_PREFIX}/"),
        client.get(PARENTS, headers=headers),
        client.get("/healthz"),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in response.headers


def test_signed_in_answers_and_auth_endpoints_are_never_cached(client, headers):
    assert client.get(PARENTS, headers=headers).headers["Cache-Control"] == "no-store"
    response = client.post(REGISTER, json={"email": "grace@example.com", "password": PASSWORD})
    assert response.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get(f"{URL_PREFIX}/").headers.get("Cache-Control", "")


def test_hsts_when_configured(app, client):
    app.config["HSTS"] = True
    try:
        response = client.get(f"{URL_PREFIX}/")
    finally:
        app.config["HSTS"] = False
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_changing_the_password_needs_the_current_one(client, headers):
    # A wrong current password is a well-formed request the user may not make: 403, naming the field.
    body = {"password": "not the password", "new_password": "a brand new passphrase"}
    response = client.post(f"{URL_PREFIX}/auth/password", json=body, headers=headers)
    assert response.status_code == 403
    assert '"password"' in error_message(response)
    body = {"password": PASSWORD, "new_password": "password1234"}
    response = client.post(f"{URL_PREFIX}/auth/password", json=body, headers=headers)
    assert response.status_code == 422
    assert '"new_password"' in error_message(response)
    assert client.post(f"{URL_PREFIX}/auth/password", json=body).status_code == 401


def test_a_new_password_signs_in_and_revokes_what_came_before(client, headers):
    body = {"password": PASSWORD, "new_password": "a brand new passphrase"}
    response = client.post(f"{URL_PREFIX}/auth/password", json=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
{%- if cookiecutter.auth == "token" %}
    assert client.get(PARENTS, headers=headers).status_code == 401
    body = {"email": EMAIL, "password": "a brand new passphrase"}
    token = client.post(TOKEN, json=body).get_json()["access_token"]
    assert client.get(PARENTS, headers={"Authorization": f"Bearer {token}"}).status_code == 200
{%- else %}
    assert client.get(PARENTS, headers=headers).status_code == 401
    assert client.get(PARENTS, auth=(EMAIL, "a brand new passphrase")).status_code == 200
{%- endif %}


def test_set_password_command_revokes_what_came_before(app, client, headers):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["set-password", EMAIL, "--password", "another fine passphrase"])
    assert result.exit_code == 0, result.output
    assert client.get(PARENTS, headers=headers).status_code == 401
    unknown = runner.invoke(args=["set-password", "nobody@example.com", "--password", "a fine passphrase"])
    assert unknown.exit_code == 1
    assert "No account" in unknown.output
{%- if cookiecutter.auth == "token" %}


def test_revoke_tokens_command_revokes_every_token(app, client, headers):
    assert client.get(PARENTS, headers=headers).status_code == 200
    result = app.test_cli_runner().invoke(args=["revoke-tokens", EMAIL])
    assert result.exit_code == 0, result.output
    assert client.get(PARENTS, headers=headers).status_code == 401
    token = client.post(TOKEN, json={"email": EMAIL, "password": PASSWORD}).get_json()["access_token"]
    assert client.get(PARENTS, headers={"Authorization": f"Bearer {token}"}).status_code == 200
{%- endif %}


def test_deleting_ones_account_takes_the_password_and_everything_owned(app, api, client, headers):
    parent = create_parent(api)
    add_child(api, parent["id"])
    url = f"{URL_PREFIX}/auth/account"
    assert client.delete(url, json={"password": "not the password"}, headers=headers).status_code == 403
    response = client.delete(url, json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(row_counts(app).values()) == {0}
    assert client.get(PARENTS, headers=headers).status_code == 401


@pytest.fixture
def limits(app):
    """The default limits of sign-in and sign-up, for the duration of a test."""
    saved = {name: app.config[name] for name in ("SIGN_IN_LIMIT_PER_ADDRESS", "SIGN_IN_LIMIT_PER_ACCOUNT")}
    saved["SIGN_UP_LIMIT_PER_ADDRESS"] = app.config["SIGN_UP_LIMIT_PER_ADDRESS"]
    app.config.update(
        SIGN_IN_LIMIT_PER_ADDRESS="30 per minute",
        SIGN_IN_LIMIT_PER_ACCOUNT="5 per minute",
        SIGN_UP_LIMIT_PER_ADDRESS="10 per hour",
    )
    yield
    app.config.update(saved)


@pytest.fixture
def hashes_checked(monkeypatch):
    """How many password hashes the app has verified since the test began."""
    import argon2

    calls = []
    verify = argon2.PasswordHasher.verify
    monkeypatch.setattr(argon2.PasswordHasher, "verify", lambda *args: calls.append(1) or verify(*args))
    return calls


def sign_in_attempt(client, address, email=EMAIL, password="wrong password!"):
    """One attempt to sign in from ``address``, the way this API takes credentials."""
    environ = {"REMOTE_ADDR": address}
{%- if cookiecutter.auth == "token" %}
    return client.post(TOKEN, json={"email": email, "password": password}, environ_base=environ)
{%- else %}
    return client.get(PARENTS, auth=(email, password), environ_base=environ)
{%- endif %}


def test_guessing_one_accounts_password_is_stopped_without_hashing(client, headers, limits, hashes_checked):
    statuses = [sign_in_attempt(client, "203.0.113.7").status_code for _ in range(30)]
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}, statuses
    assert len(hashes_checked) == 5, "a limited attempt must cost no password hash"
    limited = sign_in_attempt(client, "203.0.113.7")
    assert int(limited.headers["Retry-After"]) >= 1
    assert error_message(limited)


def test_the_owner_still_signs_in_from_elsewhere(client, headers, limits):
    for _ in range(10):
        sign_in_attempt(client, "203.0.113.8")
    assert sign_in_attempt(client, "203.0.113.9", password=PASSWORD).status_code == 200


def test_one_address_is_limited_across_accounts(client, limits):
    statuses = [
        sign_in_attempt(client, "203.0.113.10", email=f"user{number}@example.com").status_code
        for number in range(35)
    ]
    assert 429 in statuses[:31]


def test_a_forwarded_for_header_does_not_dodge_the_limit(client, headers, limits):
    statuses = []
    for number in range(8):
        forwarded = {"X-Forwarded-For": f"198.51.100.{number}"}
        environ = {"REMOTE_ADDR": "203.0.113.11"}
{%- if cookiecutter.auth == "token" %}
        body = {"email": EMAIL, "password": "wrong password!"}
        response = client.post(TOKEN, json=body, headers=forwarded, environ_base=environ)
{%- else %}
        response = client.get(PARENTS, auth=(EMAIL, "wrong"), headers=forwarded, environ_base=environ)
{%- endif %}
        statuses.append(response.status_code)
    assert 429 in statuses


def test_sign_ups_are_limited_per_address(client, limits):
    statuses = [
        client.post(
            REGISTER,
            json={"email": f"new{number}@example.com", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "203.0.113.12"},
        ).status_code
        for number in range(12)
    ]
    assert statuses[:10] == [201] * 10
    assert statuses[10:] == [429, 429]


def test_a_form_another_site_posts_is_refused(app, client, headers):
    before = row_counts(app)
    for cross_site in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(PARENTS, data=samples.values(PARENT_MODEL), headers={**headers, **cross_site})
        assert response.status_code == 403
        assert error_message(response)
    assert row_counts(app) == before


def test_writes_from_this_site_are_taken(client, headers):
    same_site = {**headers, "Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    response = client.post(PARENTS, json=samples.values(PARENT_MODEL), headers=same_site)
    assert response.status_code == 201, response.get_data(as_text=True)


def test_no_cors_by_default(client):
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    response = client.options(PARENTS, headers=preflight)
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    ("name", "value"), [("RATELIMIT_STORAGE_URI", "nowhere://counts"), ("SIGN_IN_LIMIT_PER_ACCOUNT", "often")]
)
def test_a_bad_limit_setting_stops_the_start_and_names_itself(name, value):
    with pytest.raises(RuntimeError, match=name):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", name: value})


def test_cors_for_exactly_the_listed_origins():
    settings = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "CORS_ORIGINS": "https://app.example"}
    app = create_app({**TEST_CONFIG, **settings})
    client = app.test_client()
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Authorization"}
    listed = client.options(PARENTS, headers={**preflight, "Origin": "https://app.example"})
    assert listed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "authorization" in listed.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in listed.headers
    unlisted = client.options(PARENTS, headers={**preflight, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in unlisted.headers


def _account_operations():
    """(method, path, operation) of each account operation in the OpenAPI document."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    document = app.test_client().get(f"{URL_PREFIX}/openapi.json").get_json()
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        if path.startswith(f"{URL_PREFIX}/auth/")
        for method, operation in item.items()
    ]


ACCOUNT_OPERATIONS = _account_operations()
# For each JSON type the document gives a field: a value of another type, and a value it takes.
WRONG_TYPE = {"string": 12345, "integer": "12345", "boolean": "yes", "number": "1.5"}
EMAIL_VALUE, TEXT_VALUE = "someone.new@example.com", "an uncommon passphrase"


@pytest.mark.parametrize(
    ("method", "path", "operation"), ACCOUNT_OPERATIONS, ids=[f"{m} {p}" for m, p, _ in ACCOUNT_OPERATIONS]
)
def test_each_account_operation_takes_exactly_the_fields_the_document_lists(
    client, headers, method, path, operation
):
    """A field the document lists is read and checked, one it does not list is refused, required ones are."""
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    documented = schema["properties"]
    signed_in = headers if operation["security"] else {}

    def refused(body):
        """The field a 400 names, or None for any other answer."""
        response = client.open(path, method=method, json=body, headers=signed_in)
        return error_field(response) if response.status_code == 400 else None

    valid = {
        name: EMAIL_VALUE if spec.get("format") == "email" else TEXT_VALUE
        for name, spec in documented.items()
    }
    assert refused({**valid, "not_in_the_document": "x"}) == "not_in_the_document"
    for name, spec in documented.items():
        assert refused({**valid, name: WRONG_TYPE[spec["type"]]}) == name
    required = {name for name in documented if refused(_without(valid, name)) == name}
    assert required == set(schema.get("required", ()))


def _without(body, name):
    return {key: value for key, value in body.items() if key != name}


def test_an_account_answer_holds_what_the_document_says(client):
    ((_, _, operation),) = [entry for entry in ACCOUNT_OPERATIONS if entry[1] == REGISTER]
    documented = operation["responses"]["201"]["content"]["application/json"]["schema"]
    response = client.post(REGISTER, json={"email": EMAIL_VALUE, "password": TEXT_VALUE})
    assert response.status_code == 201
    assert set(response.get_json()) == set(documented["properties"]) == set(documented["required"])
