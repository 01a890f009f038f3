"""Editing the project's files where they declare what the command adds to: found by parsing, not guessed.

Each function takes a file's text and returns it changed, or raises
``Refusal`` saying what it could not find: a class, an assignment, a table
of the README.  Nothing is written here (``writes.py`` writes).
"""

import ast
import re

from .project import Refusal

# The headers of the README's tables of a resource's fields, and of its table of endpoints.
FIELDS_HEADER = re.compile(r"^\| .+ field \| Type \| Needed to create\? \|$")
ENDPOINTS_HEADER = "| Method and path | What it does |"


class Source:
    """A Python file's text and its syntax tree; edits are collected, then applied from the end up."""

    def __init__(self, text, name):
        self.name, self.lines = name, text.splitlines(keepends=True)
        try:
            self.tree = ast.parse(text)
        except SyntaxError as error:
            raise Refusal(
                f"{name} does not parse ({error.msg}, line {error.lineno}): fix it first."
            ) from None
        self._edits = []

    def text(self):
        """The text with every edit made: edits at one place come in the order they were asked for."""
        lines = list(self.lines)
        edits = sorted(enumerate(self._edits), key=lambda item: (*item[1][:2], item[0]), reverse=True)
        for _, (start, end, text) in edits:
            lines[start:end] = [text] if text else []
        return "".join(lines)

    def insert(self, line, text):
        """Insert ``text`` (whole lines) before the 1-based ``line``; ``len(lines) + 1`` appends."""
        self._edits.append((line - 1, line - 1, text))

    def replace(self, node, text):
        """Replace the whole lines of ``node`` with ``text``."""
        self._edits.append((node.lineno - 1, node.end_lineno, text))

    def segment(self, node):
        return ast.get_source_segment("".join(self.lines), node)

    def class_named(self, name, what):
        """The top-level class ``name``, or a Refusal saying ``what`` it should be."""
        for node in self.tree.body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return node
        raise Refusal(f"{self.name} has no class {name} ({what}): the command cannot add to it.")

    def assignment(self, body, target):
        """The statement of ``body`` that assigns ``target`` (a name), or None."""
        for node in body:
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [target]:
                return node
            if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == target:
                return node
        return None

    def module_names(self):
        """The names the module defines at its top level: its imports, classes, functions and assignments."""
        names = set()
        for node in self.tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= {(alias.asname or alias.name).partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names |= {
                    name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)
                }
        return names

    def tuple_of(self, node, where):
        """The elements of the tuple ``node`` assigns, as their source text; a Refusal if it is none."""
        if node is None or not isinstance(node.value, ast.Tuple):
            raise Refusal(f"{self.name}: {where} is not a tuple the command can add to.")
        return [self.segment(element) for element in node.value.elts]


def exploded_tuple(target, elements, indent):
    """``target = (...)``, one element a line, as ruff leaves a tuple with a trailing comma."""
    pad = " " * indent
    rows = "".join(f"{pad}    {element},\n" for element in elements)
    return f"{pad}{target} = (\n{rows}{pad})\n"


def indented(text, spaces):
    """``text`` with each of its non-empty lines indented, ending in a newline."""
    lines = text.strip("\n").splitlines(keepends=True)
    return "".join(" " * spaces + line if line.strip() else line for line in lines) + "\n"


def ensure_imports(source, modules, hypermedia_names):
    """models.py imports ``modules`` (``datetime``, ``decimal``) and ``from .hypermedia import`` the names."""
    imported = {
        alias.name for node in source.tree.body if isinstance(node, ast.Import) for alias in node.names
    }
    missing = sorted(set(modules) - imported)
    first_import = next(
        (node for node in source.tree.body if isinstance(node, ast.Import | ast.ImportFrom)), None
    )
    if first_import is None:
        raise Refusal(f"{source.name} imports nothing: the command cannot find its imports.")
    if missing:
        standard = [
            node
            for node in source.tree.body
            if isinstance(node, ast.Import) and node.names[0].name in ("datetime", "decimal")
        ]
        if standard:  # beside the others of the standard library, in order
            for name in missing:
                after = [node for node in standard if node.names[0].name < name]
                line = after[-1].end_lineno + 1 if after else standard[0].lineno
                source.insert(line, f"import {name}\n")
        else:
            source.insert(first_import.lineno, "".join(f"import {name}\n" for name in missing) + "\n")
    layer = next(
        (
            node
            for node in source.tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module == "hypermedia"
        ),
        None,
    )
    if layer is None:
        raise Refusal(f"{source.name} has no line `from .hypermedia import ...`: the command cannot find it.")
    names = {alias.name for alias in layer.names}
    if not set(hypermedia_names) <= names:
        source.replace(layer, f"from .hypermedia import {', '.join(sorted(names | set(hypermedia_names)))}\n")


def markdown_table_end(lines, start):
    """The index of the line after the table whose header is ``lines[start]``."""
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return end


def readme_tables(lines, doing):
    """Where the README's tables start: the table of endpoints' header, and each table of fields' header.

    The first table of endpoints is the resources' ("### Sign in" has one
    too).  Raises Refusal, saying what the command cannot ``doing`` ("add
    to"), if either kind is missing.
    """
    headers = [number for number, line in enumerate(lines) if line.rstrip("\r\n") == ENDPOINTS_HEADER]
    tables = [number for number, line in enumerate(lines) if FIELDS_HEADER.match(line.rstrip("\r\n"))]
    if not headers or not tables:
        missing = "the table of endpoints" if not headers else "the tables of fields"
        raise Refusal(f"README.md no longer has {missing} of the resources: the command cannot {doing} it.")
    return headers[0], tables


def readme_with(text, endpoint_rows, parent_rows, fields_table):
    """The README with a resource's rows added to "Use it" and its table of fields after the others'.

    ``parent_rows`` is ``(old, new)``, the row of the parent's item
    endpoints before and after (which says what a delete takes), or None:
    it is rewritten only if the README still says what it said before.
    """
    lines = text.splitlines(keepends=True)
    endpoints, tables = readme_tables(lines, "add to")
    fields_end = markdown_table_end(lines, tables[-1])
    lines[fields_end:fields_end] = ["\n", *(row + "\n" for row in fields_table.strip("\n").splitlines())]
    endpoints_end = markdown_table_end(lines, endpoints)  # before the tables of fields: where it was
    lines[endpoints_end:endpoints_end] = [row + "\n" for row in endpoint_rows.strip("\n").splitlines()]
    if parent_rows is not None:
        old, new = parent_rows
        for number, line in enumerate(lines):
            if line.rstrip("\n") == old:
                lines[number] = new + "\n"
                break
    return "".join(lines)
