"""Readers for the files a bake ships: Dockerfile, .dockerignore, shell, EditorConfig, workflows, pyproject.toml.

Each covers enough of its syntax for the template's checks, and fails loudly on
what it does not understand rather than guessing.
"""

import fnmatch
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

# ----------------------------------------------------------------------------
# Dockerfile

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
SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash")


@dataclass
class Instruction:
    """One Dockerfile instruction: its first line, keyword, ``--flags`` and the rest of its text."""

    line: int
    keyword: str
    flags: list  # ("from", "build"), ("mount", "type=bind,..."), ...
    arguments: str

    def flag(self, name):
        """The value of ``--name=value``, or None."""
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

    @property
    def argv(self):
        """What the instruction runs, as an argv: the shell form becomes ``/bin/sh -c TEXT``."""
        return self.exec_form or ["/bin/sh", "-c", self.arguments]


@dataclass
class Stage:
    """A build stage: its base image (global ARGs substituted), its name and its instructions."""

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
    """``(sources, destination)`` of a COPY or ADD."""
    parts = instruction.exec_form or shlex.split(instruction.arguments)
    assert len(parts) >= 2, instruction
    return parts[:-1], parts[-1]


def resolve(workdir, destination):
    """``destination`` as an absolute path in the image, relative paths taken from ``workdir``."""
    return str(PurePosixPath(workdir) / destination)


@dataclass
class Image:
    """What the checks need from a Dockerfile and its .dockerignore."""

    stages: list
    ignore: list

    @classmethod
    def parse(cls, dockerfile, dockerignore=""):
        return cls(stages=dockerfile_stages(parse_dockerfile(dockerfile)), ignore=dockerignore_patterns(dockerignore))

    @property
    def final(self):
        return self.stages[-1]

    def command(self):
        """The final stage's command as (shell script or None, argv)."""
        argv = []
        for keyword in ("ENTRYPOINT", "CMD"):
            if instructions := self.final.all(keyword):
                argv += instructions[-1].argv
        assert argv, "the final stage has no CMD or ENTRYPOINT"
        if len(argv) == 3 and argv[0] in SHELLS and argv[1] == "-c":
            return argv[2], argv
        return None, argv

    def workdir_at(self, index):
        """The final stage's WORKDIR before its instruction number ``index``."""
        workdir = "/"
        for instruction in self.final.instructions[:index]:
            if instruction.keyword == "WORKDIR":
                workdir = resolve(workdir, instruction.arguments)
        return workdir

    def env(self):
        """The final stage's ENV values (NAME=value form only)."""
        values = {}
        for instruction in self.final.all("ENV"):
            for pair in shlex.split(instruction.arguments):
                name, equals, value = pair.partition("=")
                assert equals, f"line {instruction.line}: use ENV NAME=value"
                values[name] = value
        return values

    def user(self):
        """The user the final stage runs as (the last USER, without its group), or None for root by default."""
        users = self.final.all("USER")
        return users[-1].arguments.partition(":")[0] if users else None


# ----------------------------------------------------------------------------
# .dockerignore


def dockerignore_patterns(text):
    """``[(negated, pattern)]`` in file order, comments and blank lines dropped."""
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


# ----------------------------------------------------------------------------
# Shell

CONTROL_OPERATORS = {"&&", "||", ";", "|", "&"}


def shell_commands(script):
    """The simple commands of a one-line shell script: ``[(operator before it or None, argv)]``.

    Quotes are honoured; redirections stay in the argv.
    """
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands, operator, argv = [], None, []
    for token in lexer:
        if token in CONTROL_OPERATORS:
            assert argv, f"{token!r} without a command before it in {script!r}"
            commands.append((operator, argv))
            operator, argv = token, []
        else:
            argv.append(token)
    assert argv, f"{script!r} ends in {operator!r}"
    commands.append((operator, argv))
    return commands


def option_value(argv, *names):
    """The value of the first of ``names`` (``--bind X``, ``--bind=X``, ``-b X``) in ``argv``, or None."""
    for index, word in enumerate(argv):
        for name in names:
            if word == name and index + 1 < len(argv):
                return argv[index + 1]
            if name.startswith("--") and word.startswith(name + "="):
                return word.partition("=")[2]
    return None


def positional_arguments(argv, value_options=()):
    """The words of ``argv`` that are neither options nor the values of ``value_options``."""
    words, skip = [], False
    for word in argv:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in value_options
        else:
            words.append(word)
    return words


# ----------------------------------------------------------------------------
# EditorConfig


def editorconfig_sections(text):
    """``(preamble, {glob: settings})``: the settings before the first section, and each section's."""
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
    """The settings for ``path``; later sections win, as in EditorConfig.

    Globs without a slash match the file name, as in EditorConfig; one ``{a,b}`` alternation is understood.
    """
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


# ----------------------------------------------------------------------------
# GitHub workflows and Makefiles

# A release tag (v5, v6.0.0) or a full commit sha.
PINNED_REF = re.compile(r"v?\d+(?:\.\d+){0,2}|[0-9a-f]{40}")


def workflow_triggers(workflow):
    """The ``on:`` of a workflow (YAML 1.1 reads a bare ``on`` key as True)."""
    return workflow.get("on", workflow.get(True))


def workflow_uses(workflow):
    """Every ``uses:`` of a workflow, reusable workflows of jobs included, as ``[(job id, uses)]``."""
    found = []
    for name, job in workflow["jobs"].items():
        if "uses" in job:
            found.append((name, job["uses"]))
        found += [(name, step["uses"]) for step in job.get("steps", []) if "uses" in step]
    return found


def action_versions(workflow):
    """``{action: {refs}}`` of the actions a workflow uses (local ``./`` actions left out)."""
    versions = {}
    for _, uses in workflow_uses(workflow):
        if not uses.startswith("./"):
            action, _, ref = uses.partition("@")
            versions.setdefault(action, set()).add(ref)
    return versions


def unpinned_uses(workflow):
    """The ``uses:`` that name no release tag or commit sha (a branch, or nothing)."""
    return [
        f"{job}: {uses}"
        for job, uses in workflow_uses(workflow)
        if not uses.startswith("./") and not PINNED_REF.fullmatch(uses.partition("@")[2])
    ]


def steps_using(job, action):
    """The steps of ``job`` that use ``action`` (any version)."""
    return [step for step in job["steps"] if step.get("uses", "").partition("@")[0] == action]


def runs_command(step, command):
    """Whether a ``run:`` step runs ``command`` as one of its lines."""
    return command in (line.strip() for line in step.get("run", "").splitlines())


def jobs_running(workflow, command):
    """``[(job, index of the step)]`` for the steps that run ``command``."""
    return [
        (job, index)
        for job in workflow["jobs"].values()
        for index, step in enumerate(job.get("steps", []))
        if runs_command(step, command)
    ]


def step_environment(workflow, job, step):
    """The environment a step runs with: the workflow's, the job's and the step's own ``env:``."""
    return {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}


def make_targets(makefile):
    """The targets a Makefile defines."""
    return set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))


# ----------------------------------------------------------------------------
# pyproject.toml


def requires_python(pyproject):
    """``project.requires-python`` of a parsed pyproject.toml, as a SpecifierSet."""
    return SpecifierSet(pyproject["project"]["requires-python"])


def lowest_python(specifier):
    """The oldest Python 3 minor version (``"3.11"``) that ``specifier`` allows."""
    return next(f"3.{minor}" for minor in range(100) if f"3.{minor}" in specifier)


def dev_pin(pyproject, name):
    """The version the dev extra of a parsed pyproject.toml pins ``name`` to exactly."""
    for requirement in map(Requirement, pyproject["project"]["optional-dependencies"]["dev"]):
        if requirement.name == name:
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{requirement} is not an exact pin"
            return specifier.version
    raise AssertionError(f"the dev extra does not pin {name}")
