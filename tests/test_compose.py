"""The bake's compose.yaml: the Compose specification, the app's image, secrets, volumes and database."""

import re
from pathlib import PurePosixPath

from helpers import output_tail
from shipping import check_jsonschema, gunicorn_bind_port, has_route, python_probe_url


def named_volumes(service):
    """``{volume name: path in the container}`` of a service's named (not bind-mounted) volumes."""
    mounts = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            if volume.get("type", "volume") == "volume" and volume.get("source"):
                mounts[volume["source"]] = volume["target"]
        elif not volume.startswith((".", "/", "~")):
            name, _, target = volume.partition(":")
            mounts[name] = target.partition(":")[0]
    return mounts


def test_compose_file_follows_the_compose_specification(shipped):
    process = check_jsonschema("vendor.compose-spec", shipped.path / "compose.yaml")

    assert process.returncode == 0, output_tail(process)


def test_compose_builds_the_dockerfile_and_publishes_its_port(shipped):
    compose = shipped.yaml("compose.yaml")
    app = compose["services"]["app"]
    build = app["build"] if isinstance(app["build"], dict) else {"context": app["build"]}
    context = shipped.path / build["context"]
    container_ports = {int(str(mapping).rpartition(":")[2].partition("/")[0]) for mapping in app["ports"]}

    assert (context / build.get("dockerfile", "Dockerfile")).is_file()
    assert container_ports == {gunicorn_bind_port(shipped.image())}


def test_compose_app_is_healthy_once_ready(shipped):
    """Its healthcheck asks /readyz (the database reachable and migrated), where the image's asks /healthz."""
    app = shipped.yaml("compose.yaml")["services"]["app"]
    check = app["healthcheck"]
    kind, *argv = check["test"]
    url = python_probe_url(argv)

    assert kind == "CMD"
    assert {"timeout", "start_period"} <= set(check)
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", gunicorn_bind_port(shipped.image()), "/readyz")
    assert has_route(shipped, url.path), f"the app has no {url.path} route"


def test_compose_requires_a_secret_key(shipped):
    """``${SECRET_KEY:?message}``: compose refuses to start the app without one."""
    environment = shipped.yaml("compose.yaml")["services"]["app"]["environment"]

    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", environment["SECRET_KEY"])


def test_fresh_bake_gives_compose_a_real_secret_key(shipped):
    """compose reads .env for ${...}: the .env the post-generation hook writes makes `docker compose up` work."""
    settings = dict(
        line.split("=", 1) for line in shipped.text(".env").splitlines() if line.strip() and not line.startswith("#")
    )

    assert len(settings["SECRET_KEY"]) >= 32
    assert settings["SECRET_KEY"] not in ("dev", "change-me")


def test_compose_env_files_exist_or_are_optional(shipped):
    missing = []
    for name, service in shipped.yaml("compose.yaml")["services"].items():
        entries = service.get("env_file", [])
        for entry in [entries] if isinstance(entries, str | dict) else entries:
            entry = {"path": entry} if isinstance(entry, str) else entry
            if entry.get("required", True) and not (shipped.path / entry["path"]).is_file():
                missing.append(f"{name}: {entry['path']}")

    assert missing == []


def test_compose_named_volumes_are_declared_and_used(shipped):
    compose = shipped.yaml("compose.yaml")
    used = {name for service in compose["services"].values() for name in named_volumes(service)}

    assert used == set(compose.get("volumes") or {})


def test_compose_database_keeps_its_data_in_a_volume(shipped):
    """SQLite: the app's database file is in a named volume. PostgreSQL: a healthy db service the URL names."""
    compose = shipped.yaml("compose.yaml")
    services = compose["services"]
    app = services["app"]
    url = app["environment"]["DATABASE_URL"]
    if not shipped.postgresql:
        assert set(services) == {"app"}
        assert "depends_on" not in app
        # The image prepares that file's directory for its user; a fresh named volume copies it, owner included.
        assert url == shipped.image().env()["DATABASE_URL"]
        database = PurePosixPath(url.removeprefix("sqlite:///"))
        mounted = named_volumes(app).values()
        assert any(database.is_relative_to(target) for target in mounted), f"{database} is in no volume: {mounted}"
        return

    db = services["db"]
    assert re.fullmatch(r"postgres:1[5-9]", db["image"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "/var/lib/postgresql/data" in named_volumes(db).values()
    assert "ports" not in db, "the database need not be published on the host"
    # The URL names the db service and the user, password and database it creates.
    match = re.fullmatch(r"postgresql://([^:@/]+):(\$\{[^}]+\}|[^@]+)@db:5432/(\w+)", url)
    assert match, url
    assert match.groups() == (
        db["environment"]["POSTGRES_USER"],
        db["environment"]["POSTGRES_PASSWORD"],
        db["environment"]["POSTGRES_DB"],
    )
