"""Declared fields as code: model columns, migration columns and constraints, README rows and examples.

Shared by the template (its ``local_extensions`` registers these as Jinja
filters) and ``flask scaffold``, so that a scaffolded resource is written
exactly as the template writes the first two.  Each field is a dict as
``specs.parse_fields`` gives it.  Output is laid out as ruff formats it, so
that no run of ruff is needed.  Standard library only.
"""

import hashlib
import json
import textwrap

# Rendering declared fields as code.  parse_fields gives each field as a dict:
# name, type, length, precision, scale, values, unique, indexed, optional, default; a
# reference (type ref or refs) has target and key too, and its code is made
# from specs.Reference, which names what it makes in the database.

LINE_LENGTH = 110  # the generated project's ruff line length
MAX_IDENTIFIER = 63  # PostgreSQL's longest name, as specs.MAX_IDENTIFIER
# The types of the fields a search (q=words) looks in: text, not a choice of values (filters.searched).
SEARCHED_TYPES = ("string", "text")

_ANNOTATIONS = {
    "string": "str",
    "text": "str",
    "enum": "str",
    "integer": "int",
    "float": "float",
    "decimal": "decimal.Decimal",
    "boolean": "bool",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
}


class Call:
    """A call expression, laid out as ruff lays it out: on one line if it fits, else one argument a line.

    ``exploded``: one argument a line even if it would fit on one, as a
    trailing comma keeps it in ruff's layout.  ``brackets="[]"`` with no
    function makes it a list.
    """

    def __init__(self, function, *arguments, exploded=False, brackets="()"):
        self.function, self.arguments = function, [argument for argument in arguments if argument is not None]
        self.exploded = exploded
        self.open, self.close = brackets

    def flat(self):
        arguments = ", ".join(_flat(argument) for argument in self.arguments)
        return f"{self.function}{self.open}{arguments}{self.close}"

    def lines(self, indent, prefix="", suffix=""):
        """The call, after ``prefix`` and before ``suffix``, at ``indent`` spaces."""
        one_line = " " * indent + prefix + self.flat() + suffix
        if (len(one_line) <= LINE_LENGTH and not self.exploded) or not self.arguments:
            return [one_line]
        if prefix.endswith("= ") and len(" " * indent + prefix + self.function + "(") > LINE_LENGTH:
            # The value of an assignment whose first line would not fit: ruff puts it in parentheses.
            return [" " * indent + prefix + "(", *self.lines(indent + 4), " " * indent + ")" + suffix]
        lines = [" " * indent + prefix + self.function + self.open]
        for argument in self.arguments:
            if isinstance(argument, Call):
                lines += argument.lines(indent + 4, suffix=",")
            else:
                lines.append(" " * (indent + 4) + argument + ",")
        return [*lines, " " * indent + self.close + suffix]


def _flat(argument):
    return argument.flat() if isinstance(argument, Call) else argument


def _string(value):
    return json.dumps(value)


def _python_default(field):
    """The default as a Python expression, for the ORM to use on insert; None without one."""
    kind, value = field["type"], field["default"]
    if value is None:
        return None
    if value == "now" and kind in ("date", "datetime"):
        return "types.today" if kind == "date" else "types.utcnow"
    if kind == "decimal":
        return f"decimal.Decimal({_string(value)})"
    if kind == "date":
        return f"datetime.date.fromisoformat({_string(value)})"
    if kind == "datetime":
        return f"datetime.datetime.fromisoformat({_string(value)})"
    if kind in ("string", "text", "enum"):
        return _string(value)
    return repr(value)  # integer, float, boolean


def _server_default(field, prefix):
    """The default as the database's own (``prefix`` is ``sa.`` in models and migrations), or None."""
    kind, value = field["type"], field["default"]
    if value is None:
        return None
    if value == "now" and kind in ("date", "datetime"):
        return f"{prefix}func.current_date()" if kind == "date" else f"{prefix}func.now()"
    if kind == "boolean":
        return f"{prefix}true()" if value else f"{prefix}false()"
    if kind == "datetime":  # UTC, read the same way by PostgreSQL and by SQLite
        return _string(value.replace("T", " "))
    return _string(value if isinstance(value, str) else repr(value))


def _model_type(field):
    kind = field["type"]
    if kind == "string":
        return f"sa.String({field['length']})"
    if kind == "enum":
        values = [_string(value) for value in field["values"]]
        return Call(
            "sa.Enum",
            *values,
            f"name={_string(field['name'])}",
            "native_enum=False",
            "create_constraint=True",
        )
    return {
        "text": "sa.Text",
        "integer": "sa.Integer",
        "float": "sa.Double",
        "decimal": f"types.Decimal({field['precision']}, {field['scale']})",
        "boolean": "sa.Boolean",
        "date": "sa.Date",
        "datetime": "types.UtcDateTime",
    }[kind]


def model_column(field, unique_within=None):
    """The field's attribute in its model class, as lines of models.py (a reference: ``model_reference``).

    A unique field is ``unique=True`` when its values are unique in the
    whole table; within a workspace or a parent row (``unique_within``) the
    model declares ``model_unique`` among its ``__table_args__`` instead.
    """
    annotation = _ANNOTATIONS[field["type"]] + (" | None" if field["optional"] else "")
    default = _python_default(field)
    server_default = _server_default(field, "sa.")
    call = Call(
        "orm.mapped_column",
        _model_type(field),
        "unique=True" if field["unique"] and not unique_within else None,
        f"default={default}" if default else None,
        f"server_default={server_default}" if server_default else None,
    )
    return "\n".join(call.lines(4, prefix=f"{field['name']}: orm.Mapped[{annotation}] = "))


def _migration_type(field):
    kind = field["type"]
    if kind == "string":
        return f"sa.String(length={field['length']})"
    if kind == "enum":
        return f"sa.String(length={max(len(value) for value in field['values'])})"
    if kind == "decimal":
        precision, scale = field["precision"], field["scale"]
        return f'sa.Numeric(precision={precision}, scale={scale}).with_variant(sa.String(), "sqlite")'
    return {
        "text": "sa.Text()",
        "integer": "sa.Integer()",
        "ref": "sa.Integer()",
        "float": "sa.Double()",
        "boolean": "sa.Boolean()",
        "date": "sa.Date()",
        "datetime": "sa.DateTime(timezone=True)",
    }[kind]


def migration_column(field, with_default=False):
    """The field's ``sa.Column(...)`` in ``op.create_table``, as lines of the migration (with its comma).

    The first migration gives no server default (``with_default``): they
    come in the next revision (``migration_default``), as projects made
    before fields were declared had none.  A table created later has them.
    """
    return "\n".join(_column_call(field, with_default).lines(8, suffix=","))


def migration_added_column(field):
    """The ``batch_op.add_column(...)`` that adds the field's column to a table with rows, its default too."""
    return "\n".join(Call("batch_op.add_column", _column_call(field, True)).lines(8))


def _column_call(field, with_default):
    server_default = _server_default(field, "sa.") if with_default else None
    return Call(
        "sa.Column",
        _string(api_name(field)),
        _migration_type(field),
        f"nullable={field['optional']}",
        f"server_default={server_default}" if server_default else None,
    )


def migration_default(field, table, removed=False):
    """The ``op.alter_column`` that gives the field its server default, or takes it away."""
    server_default = "None" if removed else _server_default(field, "sa.")
    call = Call("op.alter_column", _string(table), _string(field["name"]), f"server_default={server_default}")
    return "\n".join(call.lines(4))


def model_unique(field, table, within):
    """A unique field's constraint in its model's ``__table_args__``: unique ``within`` a column."""
    name = _string(f"uq_{table}_{field['name']}")
    return "\n".join(
        Call("sa.UniqueConstraint", *_unique_columns(field, within), f"name={name}").lines(8, suffix=",")
    )


def _unique_columns(field, within):
    """The columns of a unique field's constraint, quoted: the one it is unique within (if any), then it."""
    return [_string(name) for name in (within, field["name"]) if name]


def migration_constraints(field, table, within=None):
    """The field's unique and enum check constraints in ``op.create_table``, as lines of the migration."""
    lines = []
    if field["unique"]:
        name = _string(f"uq_{table}_{field['name']}")
        lines += Call("sa.UniqueConstraint", *_unique_columns(field, within), f"name=op.f({name})").lines(
            8, suffix=","
        )
    if field["type"] == "enum":
        name = _string(f"ck_{table}_{field['name']}")
        lines += Call("sa.CheckConstraint", _check(field), f"name=op.f({name})").lines(8, suffix=",")
    return "\n".join(lines)


def search_index_names(table, fields):
    """``(column, index)`` of each text field: a search (``q=``) reads it through this index on PostgreSQL.

    The index is ``ix_{table}_{column}_trgm``, shortened with a digest of
    its whole name where that is longer than the database takes.
    """
    indexes = []
    for field in fields:
        if field["type"] in SEARCHED_TYPES:
            name = f"ix_{table}_{field['name']}_trgm"
            if len(name) > MAX_IDENTIFIER:
                digest = hashlib.sha256(name.encode()).hexdigest()[:8]
                name = f"{name[: MAX_IDENTIFIER - len(digest) - 6]}_{digest}_trgm"
            indexes.append((field["name"], name))
    return indexes


def search_indexes(table, fields):
    """The trigram indexes of a table's text fields, created on PostgreSQL: the lines of an upgrade."""
    indexes = search_index_names(table, fields)
    if not indexes:
        return ""
    lines = [
        '    if op.get_context().dialect.name == "postgresql":  # the search\'s indexes (q=words)',
        '        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")',
    ]
    for column, index in indexes:
        named = (f"op.f({_string(index)})", _string(table), f"[{_string(column)}]")
        ops = "postgresql_ops=" + "{" + _string(column) + ': "gin_trgm_ops"}'
        if len(" " * 12 + ops + ",") > LINE_LENGTH:  # the dict one item a line, as ruff writes it
            ops = ops.replace("{", "{\n" + " " * 16, 1).replace("}", ",\n" + " " * 12 + "}")
        options = ('postgresql_using="gin"', ops)
        lines += Call("op.create_index", *named, *options).lines(8)
    return "\n".join(lines)


def dropped_search_indexes(table, fields):
    """What ``search_indexes`` creates, dropped again: the lines of a downgrade."""
    indexes = search_index_names(table, fields)
    if not indexes:
        return ""
    lines = ['    if op.get_context().dialect.name == "postgresql":']
    for _, index in reversed(indexes):
        lines += Call("op.drop_index", f"op.f({_string(index)})", f"table_name={_string(table)}").lines(8)
    return "\n".join(lines)


def model_sort_index(index):
    """The index of a field declared with ``^``, ``(name, columns)``, in its model's ``__table_args__``."""
    name, columns = index
    return "\n".join(Call("sa.Index", *(_string(value) for value in (name, *columns))).lines(8, suffix=","))


def sort_indexes(indexes, table, batch=False):
    """The indexes of the fields declared with ``^`` (each ``(name, columns)``), created: lines of an upgrade.

    After ``op.create_table``, or in the ``batch`` that adds the fields to a table with rows.
    """
    lines = []
    for name, columns in indexes:
        listed = Call("", *(_string(column) for column in columns), brackets="[]")
        if batch:
            lines += Call("batch_op.create_index", f"batch_op.f({_string(name)})", listed).lines(8)
        else:
            lines += Call("op.create_index", f"op.f({_string(name)})", _string(table), listed).lines(4)
    return "\n".join(lines)


def dropped_sort_indexes(indexes, table, batch=False):
    """What ``sort_indexes`` creates, dropped again in reverse: lines of a downgrade."""
    lines = []
    for name, _ in reversed(indexes):
        if batch:
            lines += Call("batch_op.drop_index", f"batch_op.f({_string(name)})").lines(8)
        else:
            lines += Call("op.drop_index", f"op.f({_string(name)})", f"table_name={_string(table)}").lines(4)
    return "\n".join(lines)


def strings_tuple(values, indent=4):
    """A tuple of strings, an item of a list at ``indent`` spaces, laid out as ruff lays it out."""
    return "\n".join(Call("", *(_string(value) for value in values)).lines(indent, suffix=","))


def migration_added_constraints(field, table, within=None):
    """The unique and enum check constraints of a field added to a table with rows, in its batch."""
    lines = []
    if field["unique"]:
        name = _string(f"uq_{table}_{field['name']}")
        lines += Call(
            "batch_op.create_unique_constraint",
            f"batch_op.f({name})",
            f"[{', '.join(_unique_columns(field, within))}]",
        ).lines(8)
    if field["type"] == "enum":
        name = _string(f"ck_{table}_{field['name']}")
        lines += Call("batch_op.create_check_constraint", f"batch_op.f({name})", _check(field)).lines(8)
    return "\n".join(lines)


def migration_dropped_constraints(field, table):
    """What ``migration_added_constraints`` adds, dropped again: the lines of a downgrade's batch."""
    kinds = [("uq", "unique")] if field["unique"] else []
    kinds += [("ck", "check")] if field["type"] == "enum" else []
    lines = []
    for prefix, kind in kinds:
        name = _string(f"{prefix}_{table}_{field['name']}")
        lines += Call("batch_op.drop_constraint", f"batch_op.f({name})", f'type_="{kind}"').lines(8)
    return "\n".join(lines)


def _check(field):
    allowed = ", ".join(f"'{value}'" for value in field["values"])
    return _string(f"{field['name']} IN ({allowed})")


def model_reference(reference):
    """A reference's attribute in its model class (a ``specs.Reference``), as lines of models.py.

    A ``ref`` is its foreign key, which an optional one sets to null when
    the row it refers to goes, and a required one keeps from going; a
    ``refs`` is the relationship through its association table.
    """
    field = reference.field
    if reference.many:
        call = Call(
            "orm.relationship", f"secondary={_string(reference.table)}", "passive_deletes=True", exploded=True
        )
        attribute, annotation = field["name"], f'list["{reference.target.name}"]'
    else:
        ondelete = "SET NULL" if field["optional"] else "RESTRICT"
        foreign_key = f'sa.ForeignKey("{reference.target_table}.id", ondelete="{ondelete}")'
        call = Call("orm.mapped_column", foreign_key, "index=True", exploded=True)
        attribute, annotation = field["key"], "int | None" if field["optional"] else "int"
    return "\n".join(call.lines(4, prefix=f"{attribute}: orm.Mapped[{annotation}] = "))


def association_table(reference):
    """A ``refs``' association table, at the end of models.py: a row for each pair, found from either side."""
    columns = [
        Call(
            "sa.Column",
            _string(column),
            f'sa.ForeignKey("{table}.id", ondelete="CASCADE")',
            "primary_key=True",
        )
        for column, table in zip(
            reference.columns(), (reference.source.snake, reference.target.snake), strict=True
        )
    ]
    own, other = (_string(column) for column in reference.columns())
    index = Call("sa.Index", _string(reference.index), other, own)
    table = Call("sa.Table", _string(reference.table), "db.metadata", *columns, index, exploded=True)
    words = f"The {reference.name.replace('_', ' ')} of each {reference.source.words}"
    return "\n".join(
        [
            *comment(f"{words}: a row for each pair, found from either side through an index.", 0),
            *table.lines(0, prefix=f"{reference.table} = "),
        ]
    )


def comment(text, indent):
    """``text`` as comment lines at ``indent`` spaces, wrapped to the line length."""
    width = LINE_LENGTH - indent - 2
    return [" " * indent + "# " + line for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def docstring(text):
    """A module's docstring, its text wrapped to the line length."""
    lines = textwrap.wrap(text, LINE_LENGTH - 3, break_on_hyphens=False)
    return '"""' + "\n".join(lines)


def model_imports(fields):
    """The modules models.py needs for these fields: ``datetime``, ``decimal``, ``types``."""
    kinds = {field["type"] for field in fields}
    defaults = {field["type"] for field in fields if field["default"] is not None}
    return {
        "datetime": bool(defaults & {"date", "datetime"}) or bool(kinds & {"date", "datetime"}),
        "decimal": "decimal" in kinds,
        "types": bool(kinds & {"decimal", "datetime"}) or any(field["default"] == "now" for field in fields),
    }


# The fields in the project's README: a table, and example values for its curl and pypermedia examples.

_TYPE_WORDS = {
    "text": "text",
    "integer": "integer",
    "float": "number",
    "boolean": "`true` or `false`",
    "date": "date, `YYYY-MM-DD`",
    "datetime": "date and time with an offset, ISO 8601",
}


def api_name(field):
    """The field's name in the API: a reference's ``milestone_id`` or ``label_ids``, else its own name."""
    return field["key"] if field["type"] in ("ref", "refs") else field["name"]


def field_names(fields):
    """The fields' names as a README lists them: `title`, `done`, `milestone_id`."""
    return ", ".join(f"`{api_name(field)}`" for field in fields)


def field_rows(fields):
    """The README's table rows for these fields: name, type, and whether a create needs it."""
    rows = []
    for field in fields:
        kind = field["type"]
        if kind in ("ref", "refs"):
            rows.append(_reference_row(field))
            continue
        if kind == "string":
            described = f"text, at most {field['length']} characters"
        elif kind == "decimal":
            described = (
                f"decimal, {field['precision']} digits, {field['scale']} after the point, sent as a string"
            )
        elif kind == "enum":
            described = "one of " + ", ".join(f"`{value}`" for value in field["values"])
        else:
            described = _TYPE_WORDS[kind]
        if field.get("computed_default"):  # a default no spec writes: a function of the team's, say
            needed = "no: the model gives it a default"
        elif field["default"] is not None:
            needed = "no: defaults to " + (
                "the time of the insert" if field["default"] == "now" else f"`{json.dumps(field['default'])}`"
            )
        else:
            needed = "no: may be `null`" if field["optional"] else "yes"
        marks = ["unique"] if field["unique"] else []
        marks += ["indexed for sorts"] if field.get("indexed") else []
        described = "; ".join([described, *marks])
        rows.append(f"| `{field['name']}` | {described} | {needed} |")
    return "\n".join(rows)


def _reference_row(field):
    """A reference's row: the id of the row it refers to, or the list of the ids of those."""
    if field["type"] == "refs":
        return f"| `{field['key']}` | the ids of its {field['target']}s, a list | no |"
    target = "member's account" if field.get("target_table") else field["target"]  # an account of sign-in
    described = f"the id of a {target}" + (" (or null)" if field["optional"] else "")
    return f"| `{field['key']}` | {described} | {'no' if field['optional'] else 'yes'} |"


def example(fields, n=0):
    """Example values for a README: true, non-empty and different for each ``n``.

    A reference a create may leave out is left out: the rows it would
    refer to may not exist.
    """
    values = {}
    for field in fields:
        kind, name = field["type"], field["name"]
        words = name.replace("_", " ")
        if kind == "ref" and not field["optional"]:  # the first row of the resource it refers to
            values[field["key"]] = 1
        elif kind == "string":
            values[name] = (f"My {words}" if n == 0 else f"My other {words}")[: field["length"]]
        elif kind == "text":
            values[name] = f"Something about the {words}" if n == 0 else f"More about the {words}"
        elif kind == "enum":
            values[name] = field["values"][n % len(field["values"])]
        elif kind == "integer":
            values[name] = 3 + n
        elif kind == "float":
            values[name] = 2.5 + n
        elif kind == "decimal":
            whole = min(12 + n, 10 ** (field["precision"] - field["scale"]) - 1)
            values[name] = f"{whole}.{'5' * field['scale']}" if field["scale"] else str(whole)
        elif kind == "boolean":
            values[name] = True
        elif kind == "date":
            values[name] = f"2026-12-0{1 + n}"
        elif kind == "datetime":
            values[name] = f"2026-12-0{1 + n}T09:30:00+00:00"
    return values


def as_json(values):
    """JSON in declaration order, safe inside a single-quoted shell argument."""
    return json.dumps(values).replace("'", "\\u0027")


def as_keywords(values):
    """``name=value`` arguments of a Python call, from JSON values."""
    return ", ".join(f"{name}={value!r}" for name, value in values.items())


# A resource's docstring says what links it has: to the resource it is under, and to the rows under it.


def resource_docstring(resource):
    """The docstring of a resource class (a ``specs.Resource``), unindented, wrapped as ruff would need it."""
    parts = []
    if resource.parent is not None:
        parts.append(f"linking to its {resource.parent.words}")
    if resource.children:
        rows = [child.plural.replace("_", " ") for child in resource.children]
        listed = rows[0] if len(rows) == 1 else ", of ".join(rows[:-1]) + f" and of {rows[-1]}"
        parts.append(f"embedding its first page of {listed}")
    text = resource.names.plural.replace("_", " ").capitalize()
    text += f", each {' and '.join(parts)}." if parts else "."
    if len(text) + 10 <= LINE_LENGTH:  # four spaces of indent and six quotes
        return f'"""{text}"""'
    lines, line = [], '"""'
    for word in text.split(" "):
        if len(line) + 1 + len(word) + 4 > LINE_LENGTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line != '"""' else f'"""{word}'
    return "\n".join([*lines, line, '"""'])


# What the template's files use as Jinja filters (its local_extensions registers them).
FILTERS = (
    "model_column",
    "model_unique",
    "model_sort_index",
    "sort_indexes",
    "dropped_sort_indexes",
    "model_reference",
    "association_table",
    "migration_column",
    "migration_added_column",
    "migration_added_constraints",
    "migration_dropped_constraints",
    "migration_constraints",
    "migration_default",
    "strings_tuple",
    "search_index_names",
    "search_indexes",
    "dropped_search_indexes",
    "model_imports",
    "api_name",
    "field_names",
    "field_rows",
    "example",
    "as_json",
    "as_keywords",
    "resource_docstring",
    "docstring",
)
