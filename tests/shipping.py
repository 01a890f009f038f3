"""The bakes the shipping checks read (SHIPPING_BAKES, the ``shipped`` fixture in conftest) and the linters they run."""

import re
import shlex
import shutil
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from answer_sets import RESOURCE_PAIRS
from helpers import TEMPLATE, run
from parsers import Image, dev_pin, option_value, requires_python, shell_commands

# SQLite and PostgreSQL, a renamed pair with a URL prefix, and token auth.
SHIPPING_BAKES = {
    "default": {},
    "postgresql-token": {"database": "postgresql", "auth": "token"},
    "project-v2": RESOURCE_PAIRS["project"],
}

CI_WORKFLOW = ".github/workflows/ci.yml"
TEMPLATE_WORKFLOW = TEMPLATE / ".github" / "workflows" / "test.yml"


@dataclass(frozen=True)
class Shipped:
    """A bake, with readers for the files that ship it."""

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

    def pyproject(self):
        return tomllib.loads(self.text("pyproject.toml"))

    def requires_python(self):
        return requires_python(self.pyproject())

    def dev_pin(self, name):
        return dev_pin(self.pyproject(), name)

    def image(self):
        return Image.parse(self.text("Dockerfile"), self.text(".dockerignore"))


def python_probe_url(argv):
    """The one URL a health check's command (exec form, or a shell's) asks, with Python: python:*-slim has no curl."""
    program = argv[0] if argv[0] not in ("/bin/sh", "sh") else shlex.split(argv[2])[0]
    urls = re.findall(r"""https?://[^\s'"]+""", " ".join(argv))
    assert Path(program).name in ("python", "python3"), f"python:*-slim has no curl or wget: {argv}"
    assert len(urls) == 1, argv
    return urlsplit(urls[0])


def has_route(shipped, path):
    """Whether the bake's package adds a URL rule for ``path`` (``add_url_rule``, ``route`` or ``get``)."""
    rule = re.compile(rf"""(?:add_url_rule|route|get)\(\s*["']{re.escape(path)}["']""")
    modules = (shipped.path / shipped.package_name).rglob("*.py")
    return any(rule.search(module.read_text(encoding="utf-8")) for module in modules)


def gunicorn_command(image):
    """The argv of the gunicorn the image's command starts (``exec`` dropped)."""
    script, argv = image.command()
    commands = [words for _, words in shell_commands(script)] if script is not None else [argv]
    commands = [words[1:] if words[0] == "exec" else words for words in commands]
    gunicorns = [words for words in commands if Path(words[0]).name == "gunicorn"]
    assert len(gunicorns) == 1, f"the image's command must start one gunicorn: {argv}"
    return gunicorns[0]


def gunicorn_bind_port(image):
    """The port gunicorn listens on, on every interface of the container."""
    gunicorn = gunicorn_command(image)
    bind = option_value(gunicorn, "--bind", "-b")
    assert bind, f"gunicorn has no --bind: {gunicorn}"
    host, _, port = bind.rpartition(":")
    assert host == "0.0.0.0", "gunicorn must listen on every interface of the container"
    return int(port)


def console_script(name):
    """A console script installed next to this Python, or else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed: pip install -r requirements.txt"
    return found


def actionlint(path):
    """Run actionlint, with shellcheck on every run: script and no Python linter."""
    return run([console_script("actionlint"), "-shellcheck", console_script("shellcheck"), "-pyflakes=", path])


def shellcheck(script, shell="sh"):
    """Run shellcheck on a script given as text."""
    return run([console_script("shellcheck"), f"--shell={shell}", "-"], input=script)


def check_jsonschema(schema, path):
    """Validate ``path`` against one of check-jsonschema's built-in schemas (vendor.compose-spec, ...)."""
    return run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path])
