"""Sign-in limits hold across instances: two gunicorn instances that share one Redis count together.

The Redis is conftest's ``redis_url``: TEST_REDIS_URL, or a redis-server of
its own on a free port.
"""

import json
import secrets
import urllib.error
import urllib.request

from helpers import clean_environment
from serving import gunicorn, migrate

EMAIL, PASSWORD = "owner@example.com", "a passphrase nobody guesses"
PER_ACCOUNT = 5


def post(url, body):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_failed_sign_ins_are_counted_across_two_instances_sharing_redis(bake, tmp_path, redis_url):
    project = bake({"auth": "token"}).path
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        SECRET_KEY=secrets.token_hex(),
        RATELIMIT_STORAGE_URI=redis_url,
        SIGN_IN_LIMIT_PER_ACCOUNT=f"{PER_ACCOUNT} per minute",
        PYTHONPATH=str(project),
    )
    migrate(project, environment)
    # Each run has its own account: the counts in Redis outlive an instance.
    email = f"{secrets.token_hex(4)}-{EMAIL}"

    with (
        gunicorn(project, environment, tmp_path / "first.log", workers=2, ready="/healthz") as (_, first),
        gunicorn(project, environment, tmp_path / "second.log", workers=2, ready="/healthz") as (_, second),
    ):
        assert post(f"{first}/api/auth/register", {"email": email, "password": PASSWORD}) == 201
        wrong = {"email": email, "password": "a wrong guess, again"}
        statuses = [post(f"{(first, second)[number % 2]}/api/auth/token", wrong) for number in range(2 * PER_ACCOUNT)]

    # Two workers each in two instances: counted apart, no 429 would come before 4 x 5 failures.
    assert statuses[:PER_ACCOUNT] == [401] * PER_ACCOUNT
    assert set(statuses[PER_ACCOUNT:]) == {429}, statuses
