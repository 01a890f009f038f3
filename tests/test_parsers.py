"""The readers in parsers.py, on small inputs whose answers are known."""

import pytest
from packaging.specifiers import SpecifierSet

from parsers import (
    Image,
    dockerignore_patterns,
    dockerignored,
    editorconfig_sections,
    editorconfig_settings,
    lowest_python,
    positional_arguments,
    shell_commands,
    unpinned_uses,
)

DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim AS build
RUN pip wheel \\
        --wheel-dir /wheels .

FROM python:$PYTHON_VERSION-slim
WORKDIR /app
ENV A=1 \\
    B="two words"
RUN --mount=type=bind,from=build,source=/wheels,target=/tmp/wheels pip install /tmp/wheels/*.whl
WORKDIR sub
USER app:app
CMD ["sh", "-c", "flask db upgrade && exec gunicorn 'pkg:create_app()' --bind 0.0.0.0:8000"]
"""


def test_dockerfile_stages_instructions_and_command():
    image = Image.parse(DOCKERFILE)
    build, final = image.stages
    (wheel,) = build.all("RUN")
    (install,) = final.all("RUN")
    script, argv = image.command()

    assert (build.name, build.image, final.name, final.image) == ("build", "python:3.12-slim", None, "python:3.12-slim")
    assert (wheel.line, wheel.arguments) == (4, "pip wheel --wheel-dir /wheels .")
    assert install.stages_used == ["build"]
    assert install.arguments.startswith("pip install")
    assert image.env() == {"A": "1", "B": "two words"}
    assert image.workdir_at(len(final.instructions)) == "/app/sub"
    assert image.user() == "app"
    assert script == argv[2] and argv[:2] == ["sh", "-c"]


def test_dockerfile_with_an_unknown_instruction_fails():
    with pytest.raises(AssertionError, match="COPYY"):
        Image.parse("FROM python:3.12-slim\nCOPYY . .\n")


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        (".env", True),
        (".env.local", True),
        ("docs/.env", False),  # a pattern without **/ matches from the context's root only
        ("pkg/__pycache__/x.pyc", True),
        (".git/objects/ab/cdef", True),  # a parent directory decides for what it holds
        ("keep/this.sqlite3", False),  # a later ! pattern takes it back
        ("other/this.sqlite3", True),
    ],
)
def test_dockerignore_matching(path, ignored):
    patterns = dockerignore_patterns("# comment\n.git\n.env\n.env.*\n**/__pycache__\n*/*.sqlite3\n!keep/*.sqlite3\n")

    assert dockerignored(path, patterns) is ignored


def test_shell_commands_split_on_operators_and_keep_quotes():
    commands = shell_commands("""a --x 'b && c' && exec d "e; f" | g; h > /tmp/out""")

    assert commands == [
        (None, ["a", "--x", "b && c"]),
        ("&&", ["exec", "d", "e; f"]),
        ("|", ["g"]),
        (";", ["h", ">", "/tmp/out"]),
    ]
    assert positional_arguments(["--owner", "app", "-d", "/data", "x"], {"--owner"}) == ["/data", "x"]


def test_editorconfig_later_sections_win_and_braces_alternate():
    preamble, sections = editorconfig_sections(
        "root = true\n[*]\nindent_style = space\nindent_size = 4\n[*.{yml,yaml}]\nindent_size = 2\n"
        "[Makefile]\nindent_style = tab\n"
    )

    assert preamble == {"root": "true"}
    assert editorconfig_settings(sections, ".github/ci.yml")["indent_size"] == "2"
    assert editorconfig_settings(sections, "a.py")["indent_size"] == "4"
    assert editorconfig_settings(sections, "Makefile")["indent_style"] == "tab"


def test_unpinned_uses_and_lowest_python():
    workflow = {
        "jobs": {
            "a": {"steps": [{"uses": "actions/checkout@v5"}, {"uses": "o/r@" + "0" * 40}, {"uses": "./local"}]},
            "b": {"steps": [{"uses": "o/r@main"}, {"uses": "o/r"}, {"run": "true"}]},
            "c": {"uses": "o/r/.github/workflows/w.yml@v1.2.3"},
        }
    }

    assert unpinned_uses(workflow) == ["b: o/r@main", "b: o/r"]
    assert lowest_python(SpecifierSet(">=3.11")) == "3.11"
    assert lowest_python(SpecifierSet(">3.10,<4")) == "3.11"
