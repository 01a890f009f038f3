"""What ``flask scaffold`` writes for a new resource: each file's new text, worked out before any is written.

The code comes from the same templates (``templates/``) the project's
first two resources came from, so that a scaffolded resource reads as they
do; each file is changed only where it declares what the resource adds to.
``flask add-fields`` (``additions.py``) edits the same places with the
helpers here.
"""

import ast
import datetime
from dataclasses import replace
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import codegen
from .project import Refusal
from .sources import Source, ensure_imports, exploded_tuple, indented, readme_with

TEMPLATES = Path(__file__).resolve().parent / "templates"


def files(project, resource):
    """``{path: text}`` of every file the new ``resource`` changes or adds."""
    parent = project.resources[resource.parent.name] if resource.parent else None
    # The parent as it is after the change: one more resource under it.
    grown = replace(parent, children=(*parent.children, resource.names)) if parent else None
    written = {
        project.path("models.py"): _models(read_text(project.path("models.py")), resource, grown),
        project.path("resources.py"): _resources(
            read_text(project.path("resources.py")), resource, parent, grown
        ),
        project.root / "README.md": _readme(
            read_text(project.root / "README.md"), project, resource, parent, grown
        ),
    }
    if resource.owned:
        written[project.path("auth.py")] = _auth(read_text(project.path("auth.py")), resource)
    path, text = migration(
        project,
        resource.table,
        lambda *header: template_macros("migration.j2").revision(resource, *header),
    )
    written[path] = text
    return written


def _models(text, resource, grown):
    source = Source(text, "models.py")
    ensure_model_imports(source, resource.fields)
    if grown is not None:
        parent = source.class_named(grown.name, f"the model of {grown.name}")
        source.insert(
            parent.end_lineno + 1, indented(template_macros("models.j2").children(grown, resource.names), 4)
        )
    source.insert(len(source.lines) + 1, "\n\n" + template_macros("models.j2").model(resource) + "\n")
    append_associations(source, resource)
    return source.text()


def ensure_model_imports(source, fields):
    """models.py imports what the columns of ``fields`` need: ``datetime``, ``decimal``, ``types``."""
    needs = codegen.model_imports(fields)
    modules = [module for module in ("datetime", "decimal") if needs[module]]
    ensure_imports(source, modules, ["types"] if needs["types"] else [])


def append_associations(source, resource):
    """The association tables of ``resource``'s refs at the end of models.py, each a name of its own there."""
    tables = [reference.table for reference in resource.references if reference.many]
    if not tables:
        return
    defined = source.module_names()
    for table in tables:
        if table in defined:
            raise Refusal(
                f'models.py defines "{table}" already, the name of the association table the command '
                "would add; choose another name for the field."
            )
    source.insert(len(source.lines) + 1, "\n\n" + template_macros("models.j2").associations(resource) + "\n")


def _resources(text, resource, parent, grown):
    source = Source(text, "resources.py")
    macros = template_macros("resources.j2")
    index = source.class_named("Index", "the index")
    collections = source.assignment(index.body, "collections")
    elements = source.tuple_of(collections, "Index.collections")
    source.replace(collections, exploded_tuple("collections", [*elements, f"{resource.name}Resource"], 4))
    source.insert(index.lineno, macros.resource(resource) + "\n\n\n")
    if grown is not None:
        node = source.class_named(f"{grown.name}Resource", f"the resource of {grown.name}")
        _grow_resource(source, node, parent, grown, resource, macros)
    return source.text()


def _grow_resource(source, node, parent, grown, resource, macros):
    """The parent's resource links to the new one and adds its rows; its docstring says so, if ours."""
    first = node.body[0]
    if isinstance(first, ast.Expr) and _lines(source.segment(first)) == _lines(
        codegen.resource_docstring(parent)
    ):
        source.replace(first, indented(codegen.resource_docstring(grown), 4))
    add_relationships(source, node, macros.to_many(grown, resource.names))
    source.insert(node.end_lineno + 1, "\n" + indented(macros.add_child(grown, resource.names), 4))


def add_relationships(source, node, entries):
    """The resource class ``node`` links with ``entries`` too: at the end of its ``_relationships``."""
    entries = indented(entries, 8)
    relationships = source.assignment(node.body, "_relationships")
    if relationships is None:
        name = source.assignment(node.body, "resource_name")
        if name is None:
            raise Refusal(f"resources.py: {node.name} has no resource_name; the command cannot add to it.")
        source.insert(name.end_lineno + 1, f"    _relationships = (\n{entries}    )\n")
    elif (
        isinstance(relationships.value, ast.Tuple)
        and source.lines[relationships.end_lineno - 1].strip() == ")"
    ):
        source.insert(relationships.end_lineno, entries)  # before its closing parenthesis
    else:
        raise Refusal(
            f"resources.py: {node.name}._relationships is not a tuple, one entry a line, to add to."
        )


def _lines(text):
    return [line.strip() for line in text.splitlines()]


def _auth(text, resource):
    """auth.py's OWNED names the new model: a user owns its rows, and every row under them."""
    source = Source(text, "auth.py")
    owned = source.assignment(source.tree.body, "OWNED")
    elements = [*source.tuple_of(owned, "OWNED"), f"models.{resource.name}"]
    line = f"OWNED = ({', '.join(elements)})\n"
    source.replace(
        owned, line if len(line) <= codegen.LINE_LENGTH + 1 else exploded_tuple("OWNED", elements, 0)
    )
    return source.text()


def _readme(text, project, resource, parent, grown):
    rows = template_macros("readme.j2")
    prefix = project.url_prefix
    parent_rows = (rows.deletes(parent, prefix), rows.deletes(grown, prefix)) if parent else None
    return readme_with(text, rows.endpoints(resource, prefix), parent_rows, rows.fields(resource))


def migration(project, name, render):
    """The new revision's path and text: after the project's head, numbered after its numbered revisions.

    A revision's number is its id, four digits (``0004``), or its file's
    (``0005_ids_never_reused.py``, whose id is ``ids_never_reused``).  Its
    file is ``{number}_{name}.py``; ``render(number, head, date)`` writes it.
    """
    versions = project.migrations / "versions"
    revisions, numbers = {}, set()
    for path in sorted(versions.glob("*.py")):
        revision, down = _revision_of(Source(read_text(path), f"migrations/versions/{path.name}"))
        if revision is not None:
            revisions[revision] = down
        numbered = (revision or "", path.name.partition("_")[0])
        numbers |= {int(word) for word in numbered if len(word) == 4 and word.isdigit()}
    heads = sorted(set(revisions) - {down for downs in revisions.values() for down in downs})
    if len(heads) != 1:
        found = ", ".join(heads) or "none"
        raise Refusal(
            f"The migrations have {len(heads)} heads ({found}), not one: merge them with flask db merge."
        )
    number = max(numbers, default=0) + 1
    while f"{number:04d}" in revisions:
        number += 1
    text = render(f"{number:04d}", heads[0], datetime.date.today().isoformat())
    return versions / f"{number:04d}_{name}.py", text


def _revision_of(source):
    """``(revision, (down revisions))`` a migration file assigns, or ``(None, ())``."""
    values = {}
    for name in ("revision", "down_revision"):
        node = source.assignment(source.tree.body, name)
        if node is not None:
            try:
                values[name] = ast.literal_eval(node.value)
            except ValueError:
                raise Refusal(f"{source.name}: {name} is not a plain value the command can read.") from None
    down = values.get("down_revision")
    downs = () if down is None else (down,) if isinstance(down, str) else tuple(down)
    return values.get("revision"), downs


def read_text(path):
    """The text of a file the command needs, or a Refusal saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise Refusal(f"{path.name} cannot be read ({error.strerror}): the command needs it.") from None


@cache
def template_macros(name):
    """The macros of one code template, rendered as cookiecutter renders them for the template."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), keep_trailing_newline=True, undefined=StrictUndefined
    )
    environment.filters.update(
        {filter_name: getattr(codegen, filter_name) for filter_name in codegen.FILTERS}
    )
    return environment.get_template(name).module
