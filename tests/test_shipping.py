"""The files that ship a bake: Dockerfile, .dockerignore, compose.yaml, the CI
workflow, the pre-commit and editor settings, and the template's own workflow.

No Docker daemon is needed: the Dockerfile is parsed here and checked
instruction by instruction, compose.yaml against the Compose specification,
and the workflows with actionlint (shellcheck included) and the GitHub
workflow schema.
"""

import fnmatch
import json
import re
import shlex
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from answer_sets import RESOURCE_PAIRS
from helpers import TEMPLATE, cookiecutter_json, files_under, output_tail, read_text_or_none, run

SHIPPING_BAKES = {
    "default": {},
    "postgresql-token": {"database": "postgresql", "auth": "token"},
    "project-v2": RESOURCE_PAIRS["project"],
}

TEMPLATE_WORKFLOW = TEMPLATE / ".github" / "workflows" / "test.yml"
CI_WORKFLOW = ".github/workflows/ci.yml"
CI_PYTHONS = ["3.11", "3.12", "3.13"]
# The PostgreSQL that GitHub's runner images install (actions/runner-images, toolset-*.json).
RUNNER_POSTGRESQL = {"ubuntu-24.04": 16}
PRE_COMMIT_BASICS = {"end-of-file-fixer", "trailing-whitespace", "check-yaml", "check-toml"}
SHIPPING_FILES = (
    "Dockerfile",
    ".dockerignore",
    "compose.yaml",
    CI_WORKFLOW,
    ".pre-commit-config.yaml",
    ".editorconfig",
)

DOCKERFILE_INSTRUCTIONS = {
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
}


# ----------------------------------------------------------------------------
# Bakes


@dataclass(frozen=True)
class Shipped:
    """A bake, with readers for the files checked here."""

    path: Path
    context: dict

    @property
    def package_name(self):
        return self.context["package_name"]

    @property
    def postgresql(self):
        return self.context["database"] == "postgresql"

    def text(self, name):
        return (self.path / name).read_text(encoding="utf-8")

    def yaml(self, name):
        return yaml.safe_load(self.text(name))


@pytest.fixture(
    params=[pytest.param(name, marks=pytest.mark.xdist_group(f"shipping-{name}")) for name in SHIPPING_BAKES]
)
def shipped(request, bake):
    """A bake of SHIPPING_BAKES, hooks included (conftest's ``bake`` bakes each once per process)."""
    project = bake(SHIPPING_BAKES[request.param])
    return Shipped(path=project.path, context=project.context)


def test_shipping_answer_sets_answer_only_public_questions():
    public = {key for key in cookiecutter_json() if not key.startswith("_")}

    assert {key for answers in SHIPPING_BAKES.values() for key in answers} <= public


# ----------------------------------------------------------------------------
# Tools


def console_script(name):
    """A console script installed next to this Python, or else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -r requirements.txt"
    return found


def actionlint(path):
    """Run actionlint, with shellcheck on every run: script and no Python linter."""
    return run([console_script("actionlint"), "-shellcheck", console_script("shellcheck"), "-pyflakes=", path])


def check_jsonschema(schema, path):
    return run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path])


def workflow_triggers(workflow):
    # YAML 1.1 reads a bare `on` key as True.
    return workflow.get("on", workflow.get(True))


def steps_using(job, action):
    return [step for step in job["steps"] if step.get("uses", "").partition("@")[0] == action]


def action_versions(job):
    return {step["uses"].partition("@")[0]: step["uses"].partition("@")[2] for step in job["steps"] if "uses" in step}


def make_targets(makefile):
    return set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))


def dev_pin(shipped, name):
    """The version the bake's dev extra pins ``name`` to exactly."""
    extras = tomllib.loads(shipped.text("pyproject.toml"))["project"]["optional-dependencies"]
    for requirement in map(Requirement, extras["dev"]):
        if requirement.name == name:
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{requirement} is not an exact pin"
            return specifier.version
    raise AssertionError(f"the dev extra does not pin {name}")


def requires_python(shipped):
    return SpecifierSet(tomllib.loads(shipped.text("pyproject.toml"))["project"]["requires-python"])


# ----------------------------------------------------------------------------
# A Dockerfile parser: enough of the syntax for the checks below.


@dataclass
class Instruction:
    line: int
    keyword: str
    flags: list  # ("from", "build"), ("mount", "type=bind,..."), ...
    arguments: str

    def flag(self, name):
        return next((value for flag, value in self.flags if flag == name), None)

    @property
    def stages_used(self):
        """The stages a COPY --from=... or a RUN --mount=...,from=... reads."""
        used = [value for flag, value in self.flags if flag == "from"]
        mounts = [value or "" for flag, value in self.flags if flag == "mount"]
        return used + [match.group(1) for mount in mounts if (match := re.search(r"(?:^|,)from=([^,]+)", mount))]

    @property
    def exec_form(self):
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN, or None for the shell form."""
        if self.arguments.startswith("["):
            value = json.loads(self.arguments)
            assert isinstance(value, list) and all(isinstance(part, str) for part in value), self
            return value
        return None


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list = field(default_factory=list)

    def all(self, keyword):
        return [instruction for instruction in self.instructions if instruction.keyword == keyword]


_FLAG = re.compile(r"--([a-z][a-z-]*)(?:=(\S*))?\s+")


def parse_dockerfile(text):
    """Instructions, with line continuations joined and comments dropped."""
    instructions, buffer, start = [], [], None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not buffer):
            continue  # comments (parser directives included) and blank lines between instructions
        if start is None:
            start = number
        if raw.rstrip().endswith("\\"):
            buffer.append(raw.rstrip()[:-1])
            continue
        buffer.append(raw)
        instructions.append(_instruction(start, " ".join(part.strip() for part in buffer if part.strip())))
        buffer, start = [], None
    assert not buffer, f"line {start}: the last instruction ends in a line continuation"
    return instructions


def _instruction(line, text):
    keyword, _, rest = text.partition(" ")
    assert keyword in DOCKERFILE_INSTRUCTIONS, f"line {line}: {keyword!r} is not a Dockerfile instruction"
    flags = []
    if keyword in ("ADD", "COPY", "RUN", "HEALTHCHECK", "FROM"):
        rest = rest.strip() + " "
        while match := _FLAG.match(rest):
            flags.append((match.group(1), match.group(2)))
            rest = rest[match.end() :]
    return Instruction(line=line, keyword=keyword, flags=flags, arguments=rest.strip())


def dockerfile_stages(instructions):
    """The stages, with ARGs declared before the first FROM substituted into the images."""
    global_args, stages = {}, []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            image, *alias = instruction.arguments.split()
            assert alias == [] or (len(alias) == 2 and alias[0].upper() == "AS"), instruction
            image = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: global_args[m.group(1) or m.group(2)], image)
            stages.append(Stage(image=image, name=alias[1] if alias else None))
        elif not stages:
            assert instruction.keyword == "ARG", f"line {instruction.line}: only ARG may come before the first FROM"
            name, _, default = instruction.arguments.partition("=")
            global_args[name] = default
        else:
            stages[-1].instructions.append(instruction)
    assert stages, "the Dockerfile has no FROM"
    return stages


def copy_sources_and_destination(instruction):
    parts = instruction.exec_form or shlex.split(instruction.arguments)
    assert len(parts) >= 2, instruction
    return parts[:-1], parts[-1]


def resolve(workdir, destination):
    return str(PurePosixPath(workdir) / destination)


def dockerignore_patterns(text):
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negated = line.startswith("!")
            patterns.append((negated, line.lstrip("!").strip().strip("/")))
    return patterns


def _pattern_regex(pattern):
    """A .dockerignore pattern (Go filepath.Match plus **) as a regex."""
    out, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            out, index = out + ".*", index + 2
        elif pattern[index] == "*":
            out, index = out + "[^/]*", index + 1
        elif pattern[index] == "?":
            out, index = out + "[^/]", index + 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            out, index = out + "[" + pattern[index + 1 : end].replace("!", "^", 1) + "]", end + 1
        else:
            out, index = out + re.escape(pattern[index]), index + 1
    return re.compile(out)


def dockerignored(path, patterns):
    """Whether the build context leaves out ``path``: the last pattern matching it or a parent decides."""
    parts = PurePosixPath(path).parts
    candidates = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    ignored = False
    for negated, pattern in patterns:
        regex = _pattern_regex(pattern)
        if any(regex.fullmatch(candidate) for candidate in candidates):
            ignored = not negated
    return ignored


@dataclass
class Image:
    """What the checks need from the bake's Dockerfile."""

    stages: list
    ignore: list

    @property
    def final(self):
        return self.stages[-1]

    def command(self):
        """The final stage's command as (shell script or None, argv)."""
        entrypoints, cmds = self.final.all("ENTRYPOINT"), self.final.all("CMD")
        argv = []
        for instructions in (entrypoints, cmds):
            if instructions:
                last = instructions[-1]
                argv += last.exec_form or ["/bin/sh", "-c", last.arguments]
        assert argv, "the final stage has no CMD or ENTRYPOINT"
        if len(argv) == 3 and argv[0] in ("sh", "/bin/sh", "bash", "/bin/bash") and argv[1] == "-c":
            return argv[2], argv
        return None, argv

    def workdir_at(self, index):
        workdir = "/"
        for instruction in self.final.instructions[:index]:
            if instruction.keyword == "WORKDIR":
                workdir = resolve(workdir, instruction.arguments)
        return workdir

    def env(self):
        values = {}
        for instruction in self.final.all("ENV"):
            for pair in shlex.split(instruction.arguments):
                name, equals, value = pair.partition("=")
                assert equals, f"line {instruction.line}: use ENV NAME=value"
                values[name] = value
        return values


def load_image(shipped):
    return Image(
        stages=dockerfile_stages(parse_dockerfile(shipped.text("Dockerfile"))),
        ignore=dockerignore_patterns(shipped.text(".dockerignore")),
    )


def gunicorn_bind_port(image):
    script, argv = image.command()
    assert script is not None, f"expected sh -c 'flask ... db upgrade && exec gunicorn ...', got {argv}"
    steps = [shlex.split(step) for step in script.split("&&")]
    gunicorn = steps[-1]
    assert "--bind" in gunicorn, gunicorn
    host, _, port = gunicorn[gunicorn.index("--bind") + 1].rpartition(":")
    assert host == "0.0.0.0", "gunicorn must listen on every interface of the container"
    return int(port)


# ----------------------------------------------------------------------------
# Rendering


def test_shipping_files_have_no_blank_line_debris(shipped):
    """Options must not leave the blank lines of their Jinja blocks behind.

    A blank line may only separate top-level blocks (in YAML, also the
    services or jobs one level down), once.
    """
    debris = []
    for name in SHIPPING_FILES:
        deepest = 2 if name.endswith((".yml", ".yaml")) else 0
        lines = shipped.text(name).splitlines()
        for index, line in enumerate(lines):
            if line.strip():
                continue
            following = next((text for text in lines[index:] if text.strip()), "")
            if index == 0 or not lines[index - 1].strip():
                debris.append(f"{name}:{index + 1}: a blank line at the start or after another")
            elif lines[index - 1].rstrip().endswith("\\") or len(following) - len(following.lstrip()) > deepest:
                debris.append(f"{name}:{index + 1}: a blank line inside a block")

    assert debris == []


# ----------------------------------------------------------------------------
# Dockerfile


def test_dockerfile_parses_and_reads_only_earlier_stages(shipped):
    stages = load_image(shipped).stages
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
    image = load_image(shipped).final.image
    match = re.fullmatch(r"python:(3\.\d+)-slim", image)

    assert match, image
    assert match.group(1) in requires_python(shipped)


def test_dockerfile_copies_only_files_the_bake_has_and_the_context_keeps(shipped):
    image = load_image(shipped)
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
                    copied += [path.relative_to(shipped.path).as_posix() for path in files]

    problems += [f"{path} is left out by .dockerignore" for path in copied if dockerignored(path, image.ignore)]

    assert problems == []
    assert {"pyproject.toml", "README.md", f"{shipped.package_name}/__init__.py"} <= set(copied)
    assert any(path.startswith("migrations/versions/") for path in copied)


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".git/config",
        ".venv/bin/python",
        "instance/todo_api.sqlite3",
        "todo_api/__pycache__/api.cpython-312.pyc",
        "tests/__pycache__/conftest.cpython-312.pyc",
        "todo_api.egg-info/PKG-INFO",
        ".pytest_cache/README.md",
    ],
)
def test_dockerignore_keeps_secrets_and_local_state_out_of_the_build_context(bake, path):
    project = bake(SHIPPING_BAKES["default"])
    ignore = dockerignore_patterns((project.path / ".dockerignore").read_text(encoding="utf-8"))

    assert dockerignored(path, ignore)


def test_dependencies_are_installed_before_any_code_is_copied(shipped):
    """Changing the code must not invalidate the layer of installed dependencies."""
    final = load_image(shipped).final.instructions
    installs = [index for index, step in enumerate(final) if step.keyword == "RUN" and "pip install" in step.arguments]
    assert installs, "the final stage installs nothing"
    first = installs[0]

    copied_before = [
        source
        for step in final[:first]
        if step.keyword in ("COPY", "ADD")
        for source in (["<another stage>"] if step.stages_used else copy_sources_and_destination(step)[0])
    ]
    mounted_before = [step.line for step in final[:first] if step.keyword == "RUN" and step.stages_used]

    assert copied_before == ["pyproject.toml"]
    assert mounted_before == []
    assert "pyproject.toml" in final[first].arguments


def test_dependency_list_is_the_projects_dependencies(shipped):
    """Run the Dockerfile's own tomllib one-liner against the bake's pyproject.toml."""
    final = load_image(shipped).final.instructions
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
    assert listed == tomllib.loads(shipped.text("pyproject.toml"))["project"]["dependencies"]
    assert {Requirement(line).name for line in listed} >= {"flask", "gunicorn", "flask-migrate"}


def test_image_runs_as_an_unprivileged_user_it_creates(shipped):
    final = load_image(shipped).final
    users = final.all("USER")
    assert users, "the final stage runs as root"
    user = users[-1].arguments.partition(":")[0]

    assert user not in ("root", "0")
    assert any(re.search(rf"\buseradd\b.*\b{re.escape(user)}$", step.arguments) for step in final.all("RUN"))
    last_command = max(step.line for step in final.instructions if step.keyword in ("CMD", "ENTRYPOINT"))
    assert users[-1].line < last_command


def test_image_migrates_then_serves_the_app_factory_with_gunicorn(shipped):
    image = load_image(shipped)
    package = shipped.package_name
    script, argv = image.command()
    assert script is not None, argv
    migrate, serve = (shlex.split(step) for step in script.split("&&"))

    assert migrate == ["flask", "--app", package, "db", "upgrade"]
    assert serve[:3] == ["exec", "gunicorn", f"{package}:create_app()"]


def test_migrations_are_where_the_command_runs(shipped):
    image = load_image(shipped)
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
    image = load_image(shipped)
    exposed = {int(port.partition("/")[0]) for step in image.final.all("EXPOSE") for port in step.arguments.split()}

    assert exposed == {gunicorn_bind_port(image)}


def test_healthcheck_asks_healthz_with_python(shipped):
    image = load_image(shipped)
    (check,) = image.final.all("HEALTHCHECK")
    command = check.arguments.removeprefix("CMD").strip()
    argv = json.loads(command)
    url = re.search(r"""urlopen\(['"]([^'"]+)['"]""", argv[-1])

    assert argv[:2] == ["python", "-c"], "python:*-slim has no curl or wget"
    assert check.flag("timeout") and check.flag("start-period")
    assert url, argv
    parsed = urlsplit(url.group(1))
    assert (parsed.hostname, parsed.port, parsed.path) == (
        "127.0.0.1",
        gunicorn_bind_port(image),
        "/healthz",
    )
    # ... a route the app really has.
    routes = "".join(path.read_text(encoding="utf-8") for path in (shipped.path / shipped.package_name).rglob("*.py"))
    assert re.search(r"""add_url_rule\(\s*["']/healthz["']""", routes)


def test_shell_commands_pass_shellcheck(shipped):
    image = load_image(shipped)
    scripts = [(step.line, step.arguments) for stage in image.stages for step in stage.all("RUN") if not step.exec_form]
    script, _ = image.command()
    scripts.append(("CMD", script))
    problems = []
    for where, text in scripts:
        process = run([console_script("shellcheck"), "--shell=sh", "-"], input=text)
        if process.returncode != 0:
            problems.append(f"Dockerfile {where}:\n{process.stdout}")

    assert problems == []


def test_the_user_owns_the_directories_the_app_writes(shipped):
    """The instance folder, which create_app makes, and for SQLite the database's directory."""
    image = load_image(shipped)
    user = image.final.all("USER")[-1].arguments.partition(":")[0]
    url = image.env().get("DATABASE_URL")
    (owned,) = [step for step in image.final.all("RUN") if f"install --directory --owner {user} " in step.arguments]
    words = shlex.split(owned.arguments)

    assert f'Flask("{shipped.package_name}").instance_path' in owned.arguments
    if shipped.postgresql:
        assert url is None
        assert "/data" not in words
    else:
        assert url == f"sqlite:////data/{shipped.package_name}.sqlite3"
        assert "/data" in words


# ----------------------------------------------------------------------------
# compose.yaml


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
    assert container_ports == {gunicorn_bind_port(load_image(shipped))}


def test_compose_requires_a_secret_key(shipped):
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
    used = {
        volume.partition(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }

    assert used == set(compose.get("volumes", {}))


def test_compose_database(shipped):
    compose = shipped.yaml("compose.yaml")
    services = compose["services"]
    app = services["app"]
    url = app["environment"]["DATABASE_URL"]
    if not shipped.postgresql:
        assert set(services) == {"app"}
        assert "depends_on" not in app
        assert url == f"sqlite:////data/{shipped.package_name}.sqlite3"
        assert any(volume.endswith(":/data") for volume in app["volumes"])
        return

    db = services["db"]
    assert re.fullmatch(r"postgres:1[5-9]", db["image"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "ports" not in db, "the database need not be published on the host"
    # The URL names the db service and the user, password and database it creates.
    match = re.fullmatch(r"postgresql://([^:@/]+):(\$\{[^}]+\}|[^@]+)@db:5432/(\w+)", url)
    assert match, url
    assert match.groups() == (
        db["environment"]["POSTGRES_USER"],
        db["environment"]["POSTGRES_PASSWORD"],
        db["environment"]["POSTGRES_DB"],
    )


# ----------------------------------------------------------------------------
# The CI workflow


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The linter is really running: an outdated action and an unquoted variable fail it."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v3\n      - run: echo $HOME\n",
        encoding="utf-8",
    )
    process = actionlint(broken)

    assert process.returncode == 1
    assert "actions/checkout@v3" in process.stdout
    assert "SC2086" in process.stdout


def test_ci_workflow_passes_actionlint(shipped):
    process = actionlint(shipped.path / CI_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_ci_workflow_follows_the_github_workflow_schema(shipped):
    process = check_jsonschema("vendor.github-workflows", shipped.path / CI_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_ci_workflow_runs_make_test_on_each_supported_python(shipped):
    workflow = shipped.yaml(CI_WORKFLOW)
    (job,) = workflow["jobs"].values()
    (setup,) = steps_using(job, "actions/setup-python")
    pythons = job["strategy"]["matrix"]["python-version"]

    assert set(workflow_triggers(workflow)) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert "github.ref" in workflow["concurrency"]["group"]
    assert pythons == CI_PYTHONS
    assert all(python in requires_python(shipped) for python in pythons)
    assert action_versions(job) == {"actions/checkout": "v5", "actions/setup-python": "v6"}
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    assert setup["with"]["cache"] == "pip"
    assert (shipped.path / setup["with"]["cache-dependency-path"]).is_file()
    assert [step["run"] for step in job["steps"] if "run" in step] == ["make test"]
    assert "test" in make_targets(shipped.text("Makefile"))


def test_ci_workflow_tests_against_postgresql_when_the_project_uses_it(shipped):
    (job,) = shipped.yaml(CI_WORKFLOW)["jobs"].values()
    if not shipped.postgresql:
        assert "services" not in job
        assert "TEST_DATABASE_URL" not in job.get("env", {})
        return

    postgres = job["services"]["postgres"]
    url = urlsplit(job["env"]["TEST_DATABASE_URL"])
    published = {str(mapping).partition(":")[0] for mapping in postgres["ports"]}

    assert re.fullmatch(r"postgres:1[5-9]", postgres["image"])
    assert "--health-cmd" in postgres["options"] and "pg_isready" in postgres["options"]
    assert url.scheme == "postgresql" and url.hostname in ("localhost", "127.0.0.1")
    assert str(url.port) in published
    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["env"].get("POSTGRES_USER", "postgres"),
        postgres["env"]["POSTGRES_PASSWORD"],
        postgres["env"]["POSTGRES_DB"],
    )


# ----------------------------------------------------------------------------
# pre-commit and editor settings


def test_pre_commit_pins_the_projects_ruff(shipped):
    repos = {repo["repo"]: repo for repo in shipped.yaml(".pre-commit-config.yaml")["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    hooks = {hook["id"]: hook for hook in ruff["hooks"]}

    assert ruff["rev"] == "v" + dev_pin(shipped, "ruff")
    assert set(hooks) == {"ruff-check", "ruff-format"}
    assert "--fix" in hooks["ruff-check"]["args"]


def test_pre_commit_basics_are_pinned_to_a_release(shipped):
    repos = shipped.yaml(".pre-commit-config.yaml")["repos"]
    (basics,) = [repo for repo in repos if repo["repo"] == "https://github.com/pre-commit/pre-commit-hooks"]

    assert {hook["id"] for hook in basics["hooks"]} >= PRE_COMMIT_BASICS
    assert all(re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]) for repo in repos)


def test_bake_already_passes_the_basic_pre_commit_hooks(shipped):
    """A fresh bake's first `pre-commit run --all-files` must change nothing."""
    problems = []
    for path in files_under(shipped.path):
        text = read_text_or_none(shipped.path / path)
        if text is None:
            continue
        if text and (not text.endswith("\n") or text.endswith("\n\n")):
            problems.append(f"{path}: must end in exactly one newline (end-of-file-fixer)")
        problems += [
            f"{path}:{number}: trailing whitespace"
            for number, line in enumerate(text.split("\n"), start=1)
            if line != line.rstrip()
        ]
        try:
            if path.suffix in (".yml", ".yaml"):
                yaml.safe_load(text)
            elif path.suffix == ".toml":
                tomllib.loads(text)
        except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
            problems.append(f"{path}: {error}")

    assert problems == []


def editorconfig_sections(text):
    preamble, sections = {}, {}
    current = preamble
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line[1:-1], {})
        else:
            key, _, value = line.partition("=")
            current[key.strip()] = value.strip()
    return preamble, sections


def editorconfig_settings(sections, path):
    """The settings for ``path``; later sections win, as in EditorConfig."""
    settings = {}
    for glob, values in sections.items():
        alternatives = re.fullmatch(r"(.*)\{([^}]*)\}(.*)", glob)
        globs = (
            [alternatives[1] + choice + alternatives[3] for choice in alternatives[2].split(",")]
            if alternatives
            else [glob]
        )
        if any(fnmatch.fnmatchcase(PurePosixPath(path).name, pattern) for pattern in globs):
            settings.update(values)
    return settings


def test_bake_follows_its_editorconfig(shipped):
    preamble, sections = editorconfig_sections(shipped.text(".editorconfig"))
    assert preamble == {"root": "true"}
    problems = []
    for path in files_under(shipped.path):
        text = read_text_or_none(shipped.path / path)
        if not text:
            continue
        settings = editorconfig_settings(sections, path.as_posix())
        assert settings["charset"] == "utf-8" and settings["end_of_line"] == "lf", path
        if "\r" in text:
            problems.append(f"{path}: CR line endings")
        wrong_indent = "\t" if settings["indent_style"] == "space" else " "
        problems += [
            f"{path}:{number}: indented with {'a tab' if wrong_indent == chr(9) else 'spaces'}"
            for number, line in enumerate(text.splitlines(), start=1)
            if line.startswith(wrong_indent) and line.strip()
        ]

    assert problems == []
    assert editorconfig_settings(sections, "Makefile")["indent_style"] == "tab"


# ----------------------------------------------------------------------------
# The template's own workflow


def test_template_workflow_passes_actionlint():
    process = actionlint(TEMPLATE_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_template_workflow_follows_the_github_workflow_schema():
    process = check_jsonschema("vendor.github-workflows", TEMPLATE_WORKFLOW)

    assert process.returncode == 0, output_tail(process)


def test_template_workflow_runs_make_test_weekly_and_on_changes():
    workflow = yaml.safe_load(TEMPLATE_WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow_triggers(workflow)
    (job,) = workflow["jobs"].values()
    (setup,) = steps_using(job, "actions/setup-python")
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    _minute, _hour, day_of_month, month, day_of_week = cron.split()

    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), f"not weekly: {cron}"
    assert workflow["permissions"] == {"contents": "read"}
    assert action_versions(job) == {"actions/checkout": "v5", "actions/setup-python": "v6"}
    assert setup["with"]["python-version"] == "3.11"
    assert job["steps"][-1] == {"run": "make test"}
    assert "test" in make_targets((TEMPLATE / "Makefile").read_text(encoding="utf-8"))


def test_template_workflow_points_pg_bin_at_the_runners_postgresql():
    (job,) = yaml.safe_load(TEMPLATE_WORKFLOW.read_text(encoding="utf-8"))["jobs"].values()

    assert job["runs-on"] in RUNNER_POSTGRESQL, f"which PostgreSQL does {job['runs-on']} have?"
    assert job["env"]["PG_BIN"] == f"/usr/lib/postgresql/{RUNNER_POSTGRESQL[job['runs-on']]}/bin"
