"""``flask readme``: the parts of README.md that follow from the models, written again from their columns.

    flask readme            # rewrite them
    flask readme --check    # change nothing: name each stale line, and exit 1 if there is one

The parts are those the template and ``flask scaffold`` write from each
resource's fields, with the same code (``templates/readme.j2`` and
``codegen.py``): its rows in the table of endpoints, its table of fields,
the JSON bodies of the curl examples, and the keyword arguments and printed
values of the pypermedia session.  Each is found by its shape: a table by
its header, a row by its first cell, an example by its line.  Every other
line is the team's and stays as it is; a resource whose table of fields is
missing gets one after the others, as ``flask scaffold`` adds it.

The fields are the models' columns (``project.fields_of``).
``stale_lines(app)`` is the check, which the project's
``tests/test_readme.py`` runs; ``rewritten`` makes the new text.  To
describe fields otherwise, change ``readme.j2`` or ``codegen.py``: the
template, ``flask scaffold`` and this command follow.
"""

import difflib
import pprint
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from . import codegen, project, specs, writes
from .changes import read_text, template_macros
from .project import Refusal
from .sources import markdown_table_end, readme_tables

README = "README.md"

# The lines of the examples: a curl POST and the JSON body on the line after it, and the pypermedia session's.
_CURL = re.compile(r"\s*curl -s -X POST (?P<url>\S+) \\")
_BODY = re.compile(r"(?P<head>\s*-H 'Content-Type: application/json' -d ')(?P<body>.*)'")
# A row of the session: a name, or the first row a link of a named one leads to.
_ROW = r'(?:next\((?P<of>\w+)(?:\.retrieve\(\))?\.get_entities\("(?P<link>\w+)"\)\)|(?P<name>\w+))'
_CONNECT = re.compile(r'>>> (?P<target>\w+) = HypermediaClient\.connect\("(?P<url>[^"]+)".*')
_CALL = re.compile(r">>> (?P<target>\w+) = (?P<receiver>\w+)\.(?P<method>\w+)\((?P<arguments>.*)\)")
_ASSIGN = re.compile(rf">>> (?P<target>\w+) = {_ROW}")
_SHOW = re.compile(rf">>> {_ROW}\.(?P<field>\w+)")


@click.command("readme")
@click.option("--check", is_flag=True, help="Change nothing: name each stale line; exit 1 if there is one.")
@with_appcontext
def readme_command(check):
    """Write README.md's endpoint rows, tables of fields and examples again, from the models' columns."""
    try:
        read = project.read(current_app)
        text = read_text(read.root / README)
        new = rewritten(read, text)
    except Refusal as refusal:
        raise click.ClickException(str(refusal)) from None
    stale = differences(text, new)
    if not stale:
        click.echo(f"{README} matches the models.")
    elif check:
        click.echo("\n".join(stale))
        click.echo(f"Run `flask --app {read.package.name} readme` to write these lines from the models.")
        click.get_current_context().exit(1)
    else:
        writes.write_all({read.root / README: new})
        click.echo(f"Rewrote the parts of {README} that follow from the models; review them with git diff.")


def stale_lines(app):
    """What to change in ``app``'s README.md for it to say what the models declare: [] when nothing."""
    read = project.read(app)
    text = read_text(read.root / README)
    return differences(text, rewritten(read, text))


def differences(old, new):
    """``README.md:LINE: ...`` for each line of ``old`` to change or remove, and each place to add lines."""
    before, after = old.splitlines(), new.splitlines()
    found = []
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, start, end, new_start, new_end in opcodes:
        if tag == "equal":
            continue
        paired = min(end - start, new_end - new_start)
        for number in range(start, start + paired):
            should_be = after[new_start + number - start]
            found.append(f"{README}:{number + 1}: {before[number]}\n  should be: {should_be}")
        for number in range(start + paired, end):
            found.append(f"{README}:{number + 1}: {before[number]}\n  should go.")
        if new_end - new_start > paired:
            added = "".join(f"\n    {line}" for line in after[new_start + paired : new_end])
            found.append(f"{README}:{start + paired + 1}: needs these lines before it:{added}")
    return found


def rewritten(read, text):
    """``text``, a README, with each part that follows from ``read``'s resources written from their fields."""
    lines = text.splitlines(keepends=True)
    resources = _described(read)
    lines = _with_endpoint_rows(lines, resources, read.url_prefix)
    lines = _with_field_tables(lines, resources)
    lines = _with_curl_bodies(lines, resources, read.url_prefix)
    return "".join(_with_session(lines, resources, read.url_prefix))


def _described(read):
    """The resources the README describes: those at the URL their class name makes."""
    described = [resource for resource in read.resources.values() if resource.names.url in read.urls]
    for resource in described:
        if not resource.fields:
            raise Refusal(
                f"The model {resource.name} has no column the API shows but its keys, and the README's rows "
                "of it need one."
            )
    return described


def _lines(text):
    return [line + "\n" for line in text.strip("\n").splitlines()]


def _same(line, new):
    """``line`` if it says ``new`` already (whatever its line ending), else ``new``."""
    return line if line.rstrip("\r\n") == new.rstrip("\n") else new


def _first_cell(row):
    cells = row.split("|")
    return cells[1].strip() if row.startswith("|") and len(cells) > 2 else None


def _with_endpoint_rows(lines, resources, prefix):
    """Each resource's rows in the table of endpoints, found by their first cell; a missing one added."""
    start = readme_tables(lines, "rewrite")[0]
    end = markdown_table_end(lines, start)
    table = lines[start:end]
    for resource in resources:
        rows = _lines(template_macros("readme.j2").endpoints(resource, prefix))
        place = None  # where a row the README lacks goes: after the resource's row before it
        for number, row in enumerate(rows):
            cells = [_first_cell(line) for line in table]
            if _first_cell(row) in cells:
                place = cells.index(_first_cell(row))
                table[place] = _same(table[place], row)
            else:
                if place is None:  # before the resource's next row, or at the end
                    later = [cells.index(cell) for cell in map(_first_cell, rows[number:]) if cell in cells]
                    place = later[0] if later else len(table)
                table.insert(place, row)
            place += 1
    return [*lines[:start], *table, *lines[end:]]


def _with_field_tables(lines, resources):
    """Each resource's table of fields, found by its header; a missing one added after the others."""
    for resource in resources:
        table = _lines(template_macros("readme.j2").fields(resource))
        starts = [number for number, line in enumerate(lines) if line.rstrip("\r\n") == table[0].rstrip("\n")]
        if starts:
            end = markdown_table_end(lines, starts[0])
            old = lines[starts[0] : end]
            if [line.rstrip("\r\n") for line in old] != [line.rstrip("\n") for line in table]:
                lines[starts[0] : end] = table
        else:
            end = markdown_table_end(lines, readme_tables(lines, "rewrite")[1][-1])
            lines[end:end] = ["\n", *table]
    return lines


def _with_curl_bodies(lines, resources, prefix):
    """The JSON body of each curl POST that creates a row of a resource: its example values."""
    for number, line in enumerate(lines[:-1]):
        curl = _CURL.fullmatch(line.rstrip("\r\n"))
        body = _BODY.fullmatch(lines[number + 1].rstrip("\r\n"))
        resource = curl and body and _created_by(urlsplit(curl["url"]).path, resources, prefix)
        if resource:
            values = codegen.as_json(codegen.example(resource.fields))
            lines[number + 1] = _same(lines[number + 1], f"{body['head']}{values}'\n")
    return lines


def _created_by(path, resources, prefix):
    """The resource whose rows a POST to ``path`` creates from their fields alone: at the top, or in one."""
    for resource in resources:
        if resource.parent is None and path == f"{prefix}/{resource.names.url}/":
            return resource
        if resource.parent is not None and re.fullmatch(
            rf"{re.escape(prefix)}/{resource.parent.url}/[^/]+/{resource.names.add_route}/", path
        ):
            return resource
    return None


@dataclass(eq=False)
class _Row:
    """A row the session holds: its resource, the example its values are (0; 1 once updated), its links."""

    resource: object
    example: int = 0
    parent: object = None
    under: list = field(default_factory=list)


@dataclass(eq=False)
class _Listing:
    """A collection the session holds, which creates rows."""

    resource: object


def _with_session(lines, resources, prefix):
    """The pypermedia session's arguments and printed values, from the fields of the rows it follows."""
    kept, names, in_session, printed = [], {}, False, False
    for line in lines:
        text = line.rstrip("\r\n")
        if printed and text.strip() and not text.startswith((">>>", "...", "```")):
            continue  # what the line before printed, which is written anew
        printed = False
        if text.startswith("```"):
            in_session, names = text == "```python", {}
        elif in_session and text.startswith(">>> "):
            new, shown = _followed(text, names, resources, prefix)
            kept.append(_same(line, new + "\n"))
            if shown is not None:
                kept += _lines(shown)
                printed = True
            continue
        kept.append(line)
    return kept


def _followed(text, names, resources, prefix):
    """A line of the session as it should be, and what it prints when it shows a field (else None).

    ``names`` holds what each name of the session is: a ``_Listing`` or a ``_Row``.
    """
    if connect := _CONNECT.fullmatch(text):
        path = urlsplit(connect["url"]).path
        at = [_Listing(resource) for resource in resources if path == f"{prefix}/{resource.names.url}/"]
        names[connect["target"]] = at[0] if at else None
    elif call := _CALL.fullmatch(text):
        row = names[call["target"]] = _called(names.get(call["receiver"]), call["method"], resources)
        if isinstance(row, _Row) and call["method"] != "retrieve":
            arguments = codegen.as_keywords(codegen.example(row.resource.fields, row.example))
            text = text[: call.start("arguments")] + arguments + text[call.end("arguments") :]
    elif assign := _ASSIGN.fullmatch(text):
        names[assign["target"]] = _row(assign, names)
    elif (show := _SHOW.fullmatch(text)) and isinstance(row := _row(show, names), _Row):
        if show["field"] in specs.RESERVED_FIELD_NAMES:  # the primary key, say: no field's
            return text, None
        values = codegen.example(row.resource.fields, row.example)  # the fields an example gives a value
        if not values:
            return text, None
        # A field renamed or dropped: the first.
        shown = show["field"] if show["field"] in values else next(iter(values))
        return text[: show.start("field")] + shown, pprint.pformat(values[shown])
    return text, None


def _called(receiver, method, resources):
    """What a call on what a name holds returns: a listing, a row created, changed or read, or None."""
    if isinstance(receiver, _Listing):
        return {"retrieve_list": receiver, "create": _Row(receiver.resource)}.get(method)
    if not isinstance(receiver, _Row):
        return None
    if method == "update":
        receiver.example += 1
    if method in ("update", "retrieve"):
        return receiver
    for resource in resources:
        if resource.parent == receiver.resource.names and method == resource.names.add_method:
            receiver.under.append(_Row(resource, parent=receiver))
            return receiver.under[-1]
    return None


def _row(match, names):
    """The row that ``_ROW`` matched: a name's, or the first one a link of a name's row leads to."""
    if match["name"]:
        return names.get(match["name"])
    row = names.get(match["of"])
    if not isinstance(row, _Row):
        return None
    if row.parent is not None and match["link"] == row.resource.parent.snake:
        return row.parent
    return next((under for under in row.under if under.resource.names.plural == match["link"]), None)
