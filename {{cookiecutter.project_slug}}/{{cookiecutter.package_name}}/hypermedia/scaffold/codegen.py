"""Declared fields as code: model columns, migration columns and constraints, README rows and examples.

Shared by the template (its ``local_extensions`` registers these as Jinja
filters) and ``flask scaffold``, so that a scaffolded resource is written
exactly as the template writes the first two.  Each field is a dict as
``specs.parse_fields`` gives it.  Output is laid out as ruff formats it, so
that no run of ruff is needed.  Standard library only.
"""

import json

# Rendering declared fields as code.  parse_fields gives each field as a dict:
# name, type, length, precision, scale, values, unique, optional, default.

LINE_LENGTH = 110  # the generated project's ruff line length

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
    """A call expression, laid out as ruff lays it out: on one line if it fits, else one argument a line."""

    def __init__(self, function, *arguments):
        self.function, self.arguments = function, [argument for argument in arguments if argument is not None]

    def flat(self):
        return f"{self.function}({', '.join(_flat(argument) for argument in self.arguments)})"

    def lines(self, indent, prefix="", suffix=""):
        """The call, after ``prefix`` and before ``suffix``, at ``indent`` spaces."""
        one_line = " " * indent + prefix + self.flat() + suffix
        if len(one_line) <= LINE_LENGTH or not self.arguments:
            return [one_line]
        lines = [" " * indent + prefix + self.function + "("]
        for argument in self.arguments:
            if isinstance(argument, Call):
                lines += argument.lines(indent + 4, suffix=",")
            else:
                lines.append(" " * (indent + 4) + argument + ",")
        return [*lines, " " * indent + ")" + suffix]


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


def model_column(field, table):
    """The field's attribute in its model class, as lines of models.py."""
    annotation = _ANNOTATIONS[field["type"]] + (" | None" if field["optional"] else "")
    default = _python_default(field)
    server_default = _server_default(field, "sa.")
    call = Call(
        "orm.mapped_column",
        _model_type(field),
        "unique=True" if field["unique"] else None,
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
    server_default = _server_default(field, "sa.") if with_default else None
    call = Call(
        "sa.Column",
        _string(field["name"]),
        _migration_type(field),
        f"nullable={field['optional']}",
        f"server_default={server_default}" if server_default else None,
    )
    return "\n".join(call.lines(8, suffix=","))


def migration_default(field, table, removed=False):
    """The ``op.alter_column`` that gives the field its server default, or takes it away."""
    server_default = "None" if removed else _server_default(field, "sa.")
    call = Call("op.alter_column", _string(table), _string(field["name"]), f"server_default={server_default}")
    return "\n".join(call.lines(4))


def migration_constraints(field, table):
    """The field's unique and enum check constraints in ``op.create_table``, as lines of the migration."""
    lines = []
    if field["unique"]:
        name = _string(f"uq_{table}_{field['name']}")
        lines += Call("sa.UniqueConstraint", _string(field["name"]), f"name=op.f({name})").lines(
            8, suffix=","
        )
    if field["type"] == "enum":
        allowed = ", ".join(f"'{value}'" for value in field["values"])
        check = _string(f"{field['name']} IN ({allowed})")
        name = _string(f"ck_{table}_{field['name']}")
        lines += Call("sa.CheckConstraint", check, f"name=op.f({name})").lines(8, suffix=",")
    return "\n".join(lines)


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


def field_names(fields):
    """The fields' names as a README lists them: `title`, `done`."""
    return ", ".join(f"`{field['name']}`" for field in fields)


def field_rows(fields):
    """The README's table rows for these fields: name, type, and whether a create needs it."""
    rows = []
    for field in fields:
        kind = field["type"]
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
        unique = "; unique" if field["unique"] else ""
        rows.append(f"| `{field['name']}` | {described}{unique} | {needed} |")
    return "\n".join(rows)


def example(fields, n=0):
    """Example values for a README: true, non-empty and different for each ``n``."""
    values = {}
    for field in fields:
        kind, name = field["type"], field["name"]
        words = name.replace("_", " ")
        if kind == "string":
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
    "migration_column",
    "migration_constraints",
    "migration_default",
    "model_imports",
    "field_names",
    "field_rows",
    "example",
    "as_json",
    "as_keywords",
    "resource_docstring",
)
