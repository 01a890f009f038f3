"""What ``flask add-fields`` writes: a resource's new fields, each file worked out before any is written.

The columns go into the model's class after its last column, a refs'
relationship after its others, the association tables at the end of
models.py; the resource links to what the references refer to; a revision
after the head adds the columns to a table that may hold rows, in a batch
(SQLite rebuilds the table, keeping them); the README's rows and examples
are written again (``readme.rewritten``) with the resource as it becomes.
The code comes from the templates ``flask scaffold`` writes a resource
with, through the helpers of ``changes.py``.
"""

import ast
from dataclasses import replace

from . import readme
from .changes import (
    add_relationships,
    append_associations,
    ensure_model_imports,
    migration,
    read_text,
    template_macros,
)
from .project import Refusal
from .sources import Source


def files(project, added, grown):
    """``{path: text}`` of every file that adding ``added``'s fields changes; ``grown`` has all its fields."""
    paths = [project.path("models.py"), project.path("resources.py"), project.root / readme.README]
    old = {path: read_text(path) for path in paths}
    read = replace(project, resources={**project.resources, grown.name: grown})
    new = {
        paths[0]: _models(old[paths[0]], added),
        paths[1]: _resources(old[paths[1]], added),
        paths[2]: readme.rewritten(read, old[paths[2]]),
    }
    written = {path: text for path, text in new.items() if text != old[path]}
    path, text = migration(
        project,
        f"{added.table}_fields",
        lambda *header: template_macros("migration.j2").added(added, *header),
    )
    written[path] = text
    return written


def _models(text, added):
    source = Source(text, "models.py")
    ensure_model_imports(source, added.fields)
    node = source.class_named(added.name, f"the model of {added.name}")
    macros = template_macros("models.j2")
    columns, many = macros.columns(added).lstrip("\n"), macros.many(added).lstrip("\n")
    blocks = [block.strip("\n") for block in (macros.uniques(added), macros.sort_indexes(added))]
    if any(blocks):
        _add_table_arguments(source, node, [block for block in blocks if block])
    if columns:
        source.insert(_last_column(node).end_lineno + 1, columns + "\n")
    if many:
        source.insert(node.end_lineno + 1, many + "\n")
    append_associations(source, added)
    return source.text()


def _add_table_arguments(source, node, blocks):
    """Add ``blocks`` to the ``__table_args__`` of the model class ``node``: its constraints and indexes.

    Each block is a comment line, then items of the tuple; a comment the
    tuple holds already is left out.  A model with no ``__table_args__``
    gains one after its ``__tablename__``.
    """
    arguments = source.assignment(node.body, "__table_args__")
    if arguments is None:
        name = source.assignment(node.body, "__tablename__")
        if name is None:
            raise Refusal(
                f"models.py: {node.name} declares neither __table_args__ nor __tablename__, after which the "
                "command adds the indexes and constraints of its fields."
            )
        lines = [line for block in blocks for line in block.splitlines()]
        source.insert(name.end_lineno + 1, "\n".join(["    __table_args__ = (", *lines, "    )"]) + "\n")
        return
    value = arguments.value
    if not isinstance(value, ast.Tuple) or not value.elts or value.lineno == value.end_lineno:
        raise Refusal(
            f"models.py: {node.name}'s __table_args__ is not a tuple written one item a line, to which the "
            "command adds the indexes and constraints of its fields."
        )
    held, lines = source.segment(arguments), []
    for block in blocks:
        comment, _, items = block.partition("\n")
        lines += [*([] if comment.strip() in held else [comment]), *items.splitlines()]
    source.insert(arguments.end_lineno, "\n".join(lines) + "\n")


def _last_column(node):
    """The last statement of the model class ``node`` that declares a column: ``orm.mapped_column(...)``."""
    columns = [
        statement
        for statement in node.body
        if isinstance(statement, ast.Assign | ast.AnnAssign)
        and isinstance(statement.value, ast.Call)
        and _called(statement.value.func) in ("mapped_column", "Column")
    ]
    if not columns:
        raise Refusal(
            f"models.py: {node.name} declares no column with orm.mapped_column, after which the command "
            "adds its fields."
        )
    return columns[-1]


def _called(function):
    """The name a call calls: ``mapped_column`` for ``orm.mapped_column``."""
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)


def _resources(text, added):
    source = Source(text, "resources.py")
    if any(not reference.to_account for reference in added.references):
        node = source.class_named(f"{added.name}Resource", f"the resource of {added.name}")
        add_relationships(source, node, template_macros("resources.j2").references(added))
    return source.text()
