"""The bake's Dockerfile and .dockerignore, read instruction by instruction (no Docker daemon needed)."""

import json
import re
import shlex
import sys
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement

from helpers import output_tail, run
from parsers import (
    copy_sources_and_destination,
    dockerignore_patterns,
    dockerignored,
    option_value,
    positional_arguments,
    resolve,
    shell_commands,
)
from shipping import SHIPPING_BAKES, gunicorn_bind_port, gunicorn_command, has_route, python_probe_url, shellcheck

# Files that list dependencies: copying them before installing copies no code.
DEPENDENCY_MANIFESTS = {"pyproject.toml", "requirements.txt", "constraints.txt"}
# A WSGI application for gunicorn: module:name, or module:factory(...).
WSGI_TARGET = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(.*\))?")
# The options of install(1) that take a value.
INSTALL_VALUE_OPTIONS = {"--owner", "-o", "--group", "-g", "--mode", "-m"}


def is_sublist(part, words):
    return any(words[index : index + len(part)] == part for index in range(len(words)))


def test_dockerfile_parses_and_reads_only_earlier_stages(shipped):
    stages = shipped.image().stages
    unknown = []
    for number, stage in enumerate(stages):
        earlier = {stage.name for stage in stages[:number]}
        unknown += [
            f"line {step.line}: no earlier stage {used!r}"
            for step in stage.instructions
            for used in step.stages_used
            if used not in earlier
        ]

    assert len(stages) >= 1
    assert unknown == []


def test_final_image_is_a_slim_python_the_project_supports(shipped):
    image = shipped.image().final.image
    match = re.fullmatch(r"python:(3\.\d+)-slim", image)

    assert match, image
    assert match.group(1) in shipped.requires_python()


def test_dockerfile_copies_only_files_the_bake_has_and_the_context_keeps(shipped):
    image = shipped.image()
    problems, copied = [], []
    for stage in image.stages:
        for instruction in stage.all("COPY") + stage.all("ADD"):
            if instruction.stages_used:
                continue
            sources, destination = copy_sources_and_destination(instruction)
            if len(sources) > 1:
                assert destination.endswith("/"), f"line {instruction.line}: several sources need a directory"
            for source in sources:
                matches = [path for path in shipped.path.glob(source.rstrip("/")) if path.exists()]
                if not matches:
                    problems.append(f"line {instruction.line}: {source} is not in the bake")
                for match in matches:
                    files = [match] if match.is_file() else [path for path in match.rglob("*") if path.is_file()]
                    # Bytecode a Python left beside the sources is no file of the bake (.dockerignore drops it).
                    files = [path for path in files if "__pycache__" not in path.parts]
                    copied += [path.relative_to(shipped.path).as_posix() for path in files]

    problems += [f"{path} is left out by .dockerignore" for path in copied if dockerignored(path, image.ignore)]

    assert problems == []
    assert {"pyproject.toml", "README.md", f"{shipped.package_name}/__init__.py"} <= set(copied)
    assert any(path.startswith("migrations/versions/") for path in copied)


@pytest.mark.xdist_group("shipping-default")
@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".git/config",
        ".venv/bin/python",
        "instance/{package}.sqlite3",
        "{package}/__pycache__/api.cpython-312.pyc",
        "tests/__pycache__/conftest.cpython-312.pyc",
        "{package}.egg-info/PKG-INFO",
        ".pytest_cache/README.md",
    ],
)
def test_dockerignore_keeps_secrets_and_local_state_out_of_the_build_context(bake, path):
    project = bake(SHIPPING_BAKES["default"])
    ignore = dockerignore_patterns((project.path / ".dockerignore").read_text(encoding="utf-8"))

    assert dockerignored(path.format(package=project.context["package_name"]), ignore)


def test_dependencies_are_installed_before_any_code_is_copied(shipped):
    """Changing the code must not invalidate the layer of installed dependencies."""
    image = shipped.image()
    final = image.final.instructions
    installs = [
        index
        for index, step in enumerate(final)
        if step.keyword == "RUN" and re.search(r"\bpip install\b", step.arguments)
    ]
    assert installs, "the final stage installs nothing"
    first = installs[0]

    manifests, code = [], []
    for index, step in enumerate(final[: first + 1]):
        if step.stages_used:
            code.append(f"line {step.line}: reads stage {step.stages_used}")
        elif step.keyword in ("COPY", "ADD"):
            sources, destination = copy_sources_and_destination(step)
            for source in sources:
                if PurePosixPath(source).name in DEPENDENCY_MANIFESTS:
                    target = destination if not destination.endswith("/") else destination + PurePosixPath(source).name
                    manifests.append(resolve(image.workdir_at(index), target))
                else:
                    code.append(f"line {step.line}: copies {source}")

    assert code == [], "code reaches the image before its dependencies are installed"
    assert manifests, "the dependencies are installed before any list of them is copied"
    # The install reads the manifest it was given (by its path in the image, or relative to WORKDIR).
    assert any(
        manifest in final[first].arguments or PurePosixPath(manifest).name in final[first].arguments
        for manifest in manifests
    ), final[first].arguments


def test_dependency_list_is_the_projects_dependencies(shipped):
    """Run the Dockerfile's own tomllib one-liner against the bake's pyproject.toml."""
    final = shipped.image().final.instructions
    (copy,) = [
        step for step in final if step.keyword == "COPY" and copy_sources_and_destination(step)[0] == ["pyproject.toml"]
    ]
    in_image = copy_sources_and_destination(copy)[1]
    (install,) = [step for step in final if step.keyword == "RUN" and "tomllib" in step.arguments]
    words = shlex.split(install.arguments)
    script = words[words.index("-c") + 1]
    assert in_image in script, f"the script does not read {in_image}, where COPY puts pyproject.toml"

    process = run([sys.executable, "-c", script.replace(in_image, str(shipped.path / "pyproject.toml"))])
    assert process.returncode == 0, output_tail(process)

    listed = process.stdout.split()
    assert listed == shipped.pyproject()["project"]["dependencies"]
    assert {Requirement(line).name for line in listed} >= {"flask", "gunicorn", "flask-migrate"}


def test_image_runs_as_an_unprivileged_user_it_creates(shipped):
    final = shipped.image().final
    user = shipped.image().user()
    assert user, "the final stage runs as root"
    created = [
        argv[-1]
        for step in final.all("RUN")
        for _, argv in shell_commands(step.arguments)
        if Path(argv[0]).name in ("useradd", "adduser")
    ]

    assert user not in ("root", "0")
    assert user in created, f"the image runs as {user!r} but creates only {created}"
    last_user = final.all("USER")[-1].line
    assert all(last_user < step.line for step in final.all("CMD") + final.all("ENTRYPOINT"))


def test_image_migrates_then_serves_the_app_factory_with_gunicorn(shipped):
    """The command upgrades the database and, only if that worked, execs gunicorn (which then gets the signals)."""
    image = shipped.image()
    package = shipped.package_name
    script, argv = image.command()
    assert script is not None, f"expected sh -c 'flask ... db upgrade && exec gunicorn ...', got {argv}"
    commands = [words for _, words in shell_commands(script)]
    upgrades = [words for words in commands if words[0] == "flask" and is_sublist(["db", "upgrade"], words)]
    assert len(upgrades) == 1, f"the command must run flask db upgrade once: {script}"
    (migrate,) = upgrades
    app = option_value(migrate, "--app", "-A") or image.env().get("FLASK_APP")
    targets = [word for word in gunicorn_command(image) if WSGI_TARGET.fullmatch(word)]

    assert app and re.split(r"[.:]", app)[0] == package, f"flask --app {app} is not the package {package}"
    assert commands.index(migrate) < len(commands) - 1
    assert {operator for operator, _ in shell_commands(script)[1:]} == {"&&"}, f"a failed upgrade must stop: {script}"
    assert commands[-1][:2] == ["exec", "gunicorn"]
    assert [target.partition(":")[0].split(".")[0] for target in targets] == [package], targets


def test_migrations_are_where_the_command_runs(shipped):
    image = shipped.image()
    final = image.final.instructions
    workdir = image.workdir_at(len(final))
    migrations = [
        resolve(image.workdir_at(index), copy_sources_and_destination(step)[1])
        for index, step in enumerate(final)
        if step.keyword == "COPY" and not step.stages_used and copy_sources_and_destination(step)[0] == ["migrations/"]
    ]

    assert migrations == [resolve(workdir, "migrations")]
    assert (shipped.path / "migrations" / "env.py").is_file()


def test_exposed_port_is_the_one_gunicorn_binds(shipped):
    image = shipped.image()
    exposed = {int(port.partition("/")[0]) for step in image.final.all("EXPOSE") for port in step.arguments.split()}

    assert exposed == {gunicorn_bind_port(image)}


def test_healthcheck_asks_a_route_the_app_has_with_python(shipped):
    image = shipped.image()
    (check,) = image.final.all("HEALTHCHECK")
    kind, _, command = check.arguments.partition(" ")
    argv = json.loads(command) if command.startswith("[") else ["/bin/sh", "-c", command]
    url = python_probe_url(argv)

    assert kind == "CMD"
    assert check.flag("timeout") and check.flag("start-period")
    assert url.hostname in ("127.0.0.1", "localhost")
    assert url.port == gunicorn_bind_port(image)
    assert has_route(shipped, url.path), f"the app has no {url.path} route"


def test_shell_commands_pass_shellcheck(shipped):
    image = shipped.image()
    scripts = [(step.line, step.arguments) for stage in image.stages for step in stage.all("RUN") if not step.exec_form]
    script, _ = image.command()
    scripts.append(("CMD", script))
    problems = []
    for where, text in scripts:
        process = shellcheck(text)
        if process.returncode != 0:
            problems.append(f"Dockerfile {where}:\n{process.stdout}")

    assert problems == []


def test_the_user_owns_the_directories_the_app_writes(shipped):
    """The instance folder, which create_app makes, and for SQLite the database's directory."""
    image = shipped.image()
    user = image.user()
    url = image.env().get("DATABASE_URL")
    owned = [
        argv
        for step in image.final.all("RUN")
        for _, argv in shell_commands(step.arguments)
        if argv[0] == "install" and {"--directory", "-d"} & set(argv) and option_value(argv, "--owner", "-o") == user
    ]
    directories = [word for argv in owned for word in positional_arguments(argv[1:], INSTALL_VALUE_OPTIONS)]

    assert any("instance_path" in word and shipped.package_name in word for word in directories), directories
    if shipped.postgresql:
        assert url is None, "the image must not carry a database URL: compose or docker run gives it"
    else:
        assert url.startswith("sqlite:////"), f"{url} is not an absolute path"
        assert str(PurePosixPath(url.removeprefix("sqlite:///")).parent) in directories
