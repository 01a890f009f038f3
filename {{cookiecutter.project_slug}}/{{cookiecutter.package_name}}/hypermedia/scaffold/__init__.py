"""``flask scaffold``: a resource added under any resource the project has, or at the top; and add-fields.

    flask scaffold Note --parent Task 'body:text pinned:boolean=false'
    flask scaffold Team 'name:string(80)!'
    flask add-fields Task 'estimate:integer? team:ref(Team)? notes:refs(Note)'
    flask db upgrade

The fields take the grammar of the template's ``child_fields`` and the names
are made the same way (``specs.py``, which the template uses too): ``Note``
under ``Task`` is the table ``note``, the URL ``/note/``, ``task.notes``,
``note.task``, ``note.task_id`` and ``POST /task/<id>/addnote/``.  It
writes the model, the resource, the index's link, a migration after the
head, and the README's rows, as the template wrote the first two; with
sign-in, a resource at the top is owned by whoever creates its rows
(auth.py).  It needs no database.  It refuses, in one sentence and with
nothing written, a name the project has, an unknown parent, a clash with the
parent's names, a name too long for PostgreSQL, and files it cannot read.

Both commands take references besides, which the template's answers
cannot (there is nothing to refer to yet): ``team:ref(Team)?`` is the
foreign key ``team_id`` (optional with ``?``), ``notes:refs(Note)`` the
list of ids ``note_ids``, through the association table ``task_notes``.
``flask add-fields`` adds fields of any kind to a resource the project has,
in a revision that keeps its rows: so it refuses a required field without
a default, as well as what scaffold refuses of a field.

``project`` reads the project, ``rules`` checks the new resource or fields,
``changes`` (and ``additions`` for add-fields) works out each file,
``writes`` writes them all or none.  ``init_app`` registers ``flask
readme`` (``readme.py``) too, which writes the README's rows, tables and
examples again after the models change.
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import additions, changes, project, readme, rules, writes
from .project import Refusal


def init_app(app):
    app.cli.add_command(scaffold_command)
    app.cli.add_command(add_fields_command)
    app.cli.add_command(readme.readme_command)


@click.command("scaffold")
@click.argument("name")
@click.argument("fields")
@click.option(
    "--parent", metavar="RESOURCE", help="The resource it is under, by class name (none: at the top)."
)
@with_appcontext
def scaffold_command(name, fields, parent):
    """Add the resource NAME, a CamelCase class name, with FIELDS such as 'body:text pinned:boolean=false'."""
    _write(
        lambda read: changes.files(read, rules.new_resource(read, name, parent, fields)),
        "creates its table",
    )


@click.command("add-fields")
@click.argument("model")
@click.argument("fields")
@with_appcontext
def add_fields_command(model, fields):
    """Add FIELDS such as 'estimate:integer? team:ref(Team)? notes:refs(Note)' to the resource of MODEL."""
    _write(lambda read: additions.files(read, *rules.new_fields(read, model, fields)), "adds the columns")


def _write(change, next_step):
    """Write the files ``change(project)`` gives, naming each; or refuse in one sentence, writing nothing."""
    try:
        read = project.read(current_app)
        written = change(read)
    except Refusal as refusal:
        raise click.ClickException(str(refusal)) from None
    writes.write_all(written)
    for path in written:
        click.echo(f"Wrote {path.relative_to(read.root)}")
    click.echo(f"Next: flask db upgrade, which {next_step}.")
