"""Jinja filters that derive every resource name from the two class names, and read the field specs.

Loaded by cookiecutter through ``_extensions`` in cookiecutter.json, so the
names are computed once there and templates only read them.  The field
specs (parent_fields, child_fields) are parsed by ``parse_fields``, which the
template's tests import too.
"""

import json
import keyword
import math
import re
from datetime import UTC, date, datetime
from decimal import Context, Decimal, localcontext

from jinja2.ext import Extension

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")

# Whole-word irregular plurals, and words that are their own plural.
_IRREGULAR = {
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "ox": "oxen",
    "leaf": "leaves",
    "life": "lives",
    "knife": "knives",
    "wife": "wives",
    "half": "halves",
    "shelf": "shelves",
    "wolf": "wolves",
    "thief": "thieves",
    "hero": "heroes",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "echo": "echoes",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "datum": "data",
    "quiz": "quizzes",
}
_UNCOUNTABLE = {
    "data",
    "equipment",
    "fish",
    "information",
    "metadata",
    "news",
    "series",
    "sheep",
    "species",
}


def snake(name):
    """CamelCase to snake_case, as ripozo does it: TaskBoard -> task_board."""
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()


def pluralize(name):
    """Plural of a snake_case name, inflecting its last word: task_board -> task_boards."""
    head, _, word = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    if word in _UNCOUNTABLE:
        return name
    if word in _IRREGULAR:
        return prefix + _IRREGULAR[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        if word.endswith("is"):
            return prefix + word[:-2] + "es"
        return prefix + word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return prefix + word[:-1] + "ies"
    return prefix + word + "s"


# Each adapter answer and the module that serves it, in the order a client that accepts anything is served.
ADAPTER_MODULES = {"adapter_siren": "siren", "adapter_hal": "hal", "adapter_jsonapi": "jsonapi", "adapter_json": "json"}


def py_string(text):
    """A Python string literal quoted as ruff format quotes it: double quotes, unless single ones escape less."""
    if text.count('"') > text.count("'"):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def adapter_modules(answers):
    """The adapter modules the answers turn on, sorted as an import line lists them: ``hal, siren``."""
    return ", ".join(sorted(module for key, module in ADAPTER_MODULES.items() if answers.get(key) is True))


# --- Field specs -----------------------------------------------------------------
#
# parent_fields and child_fields declare each resource's columns, close to
# ``rails generate scaffold``: fields separated by whitespace, each
# ``name:type[(arguments)][!][?][=default]``, the modifiers in that order:
# ``!`` unique, ``?`` optional (nullable, may be left out), ``=VALUE`` a
# default (one token).  Whitespace inside parentheses is ignored.
#
# A default is read as an HTTP form value of its type would be:
# integers as -?[0-9]+ (32-bit), floats and decimals as plain decimal numbers
# (a float may take an exponent; it must be finite), booleans as true or
# false in any case, dates as YYYY-MM-DD, datetimes as
# YYYY-MM-DDTHH:MM[:SS[.ffffff]] followed by Z or +HH:MM (kept in UTC).
# ``now`` on a date or datetime means the time of the insert.

FIELD_TYPES = ("string", "text", "integer", "float", "decimal", "boolean", "date", "datetime", "enum")
MAX_FIELDS = 40
# PostgreSQL's longest identifier, in bytes: a column's name, an enum value.
MAX_IDENTIFIER = 63
DEFAULT_STRING_LENGTH = 255
MAX_STRING_LENGTH = 10_485_760  # PostgreSQL's longest varchar
MAX_PRECISION = 38
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
NOW = "now"
VALUE_CHARACTERS = "letters, digits and _ . : + -"

# Names no field may take, whatever the resources are called: the primary key,
# the members of the representations, the lists' query-string parameters and
# what SQLAlchemy's declarative models define.  Fixed, so that recorded answers
# keep baking.  (A leading underscore is refused too.)
RESERVED_FIELD_NAMES = {
    "id": "the primary key",
    **dict.fromkeys(
        ("type", "links", "relationships", "meta", "data", "attributes", "included"), "a member of JSON:API documents"
    ),
    **dict.fromkeys(("page", "count", "after", "before"), "a query-string parameter of the lists"),
    **dict.fromkeys(("metadata", "registry", "query", "query_class"), "an attribute of SQLAlchemy models"),
}

# A token runs to the next whitespace outside parentheses (an unclosed "(" takes the rest).
_TOKEN = re.compile(r"(?:[^\s(]|\([^)]*\)?)+")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_AFTER_NAME = re.compile(
    r"(?P<type>[A-Za-z0-9_]*)(?:\((?P<arguments>[^()]*)\))?(?P<modifiers>[!?]*)(?:=(?P<default>.*))?", re.DOTALL
)
_VALUE = re.compile(r"[A-Za-z0-9_.:+-]+")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
_INTEGER = re.compile(r"-?[0-9]{1,12}")
_FLOAT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?"
)


class FieldSpecError(ValueError):
    """A field spec that cannot be baked; the message is one sentence naming the field."""


class _BadDefault(ValueError):
    """A default its type does not accept; the message completes "which ...": "is not true or false"."""


def parse_fields(spec, answer=None):
    """The fields ``spec`` declares, as dicts in the order declared.

    Each dict has ``name``; ``type``; ``length`` (string: its maximum, 255 when
    not given); ``precision`` and ``scale`` (decimal); ``values`` (enum: its
    values, a list); ``unique`` and ``optional`` (bools); ``default``: None, or
    a str (string, text, enum), an int, a finite float, a decimal written to
    its scale ("1.50"), a bool, "YYYY-MM-DD", an ISO datetime in UTC
    ("2026-01-02T03:04:05+00:00") or "now".  Keys that do not apply are None.

    Raises FieldSpecError for a spec that cannot be baked; its message names
    the field and ``answer`` ("child_fields"), when given.
    """
    whole = answer or "A field spec"
    if not isinstance(spec, str):
        raise FieldSpecError(f'{whole} must be text such as "title:string", not {spec!r}.')
    tokens = _TOKEN.findall(spec)
    if not tokens:
        raise FieldSpecError(f'{whole} declares no fields; declare at least one, as in "title:string".')
    if len(tokens) > MAX_FIELDS:
        raise FieldSpecError(f"{whole} declares {len(tokens)} fields; at most {MAX_FIELDS} are allowed.")
    fields = []
    for token in tokens:
        field = _parse_field(token, answer)
        if any(other["name"] == field["name"] for other in fields):
            raise FieldSpecError(f"{_subject(field['name'], answer)} is declared twice.")
        fields.append(field)
    return fields


def fields_or_nothing(spec):
    """The ``fields`` filter: the parsed fields, or [] for a bad spec (rendering never fails; the hook reports)."""
    try:
        return parse_fields(spec)
    except FieldSpecError:
        return []


def field_spec_error(spec, answer=None):
    """The ``field_spec_error`` filter: the sentence refusing ``spec``, or "" when it is good."""
    try:
        parse_fields(spec, answer)
    except FieldSpecError as error:
        return str(error)
    return ""


def _subject(name, answer):
    return f"The field {_quoted(name)}" + (f" in {answer}" if answer else "")


def _quoted(text, longest=40):
    """``text`` in double quotes, cut short, any quote or control character escaped: a message stays one short line."""
    return json.dumps(text if len(text) <= longest else text[: longest - 3] + "...", ensure_ascii=False)


def _parse_field(token, answer):
    name, colon, rest = token.partition(":")
    subject = _subject(name, answer)
    if not colon:
        raise FieldSpecError(f'{subject} has no type; write name:type, as in "title:string".')
    _check_name(name, subject)
    parts = _AFTER_NAME.fullmatch(rest)
    if not parts:
        if rest.count("(") > rest.count(")"):
            raise FieldSpecError(f'{subject} has a "(" without its ")".')
        raise FieldSpecError(f"{subject} is written {_quoted(token)}; write name:type[(arguments)][!][?][=default].")
    field = {"name": name, "type": _check_type(parts["type"], subject)}
    field.update(_parse_arguments(field["type"], parts["arguments"], subject))
    field.update(_parse_modifiers(parts["modifiers"], subject))
    field["default"] = None if parts["default"] is None else _parse_default(field, parts["default"], subject)
    return field


def _check_name(name, subject):
    if name.startswith("_"):
        raise FieldSpecError(f"{subject} starts with an underscore, which the representations reserve.")
    if not _NAME.fullmatch(name):
        raise FieldSpecError(
            f"{subject} must be snake_case: a lower-case letter, then lower-case letters, digits and underscores."
        )
    if len(name) > MAX_IDENTIFIER:
        raise FieldSpecError(f"{subject} is longer than {MAX_IDENTIFIER} characters, PostgreSQL's limit for a column.")
    if keyword.iskeyword(name):
        raise FieldSpecError(f"{subject} is a Python keyword; choose another name.")
    if name in RESERVED_FIELD_NAMES:
        raise FieldSpecError(f"{subject} is reserved as {RESERVED_FIELD_NAMES[name]}; choose another name.")


def _check_type(kind, subject):
    if kind not in FIELD_TYPES:
        found = f"the unknown type {_quoted(kind)}" if kind else "no type after its colon"
        raise FieldSpecError(f"{subject} has {found}; the types are {', '.join(FIELD_TYPES)}.")
    return kind


def _parse_arguments(kind, arguments, subject):
    """``length``, ``precision``, ``scale`` and ``values`` from what is between the parentheses (None: none)."""
    parsed = {"length": None, "precision": None, "scale": None, "values": None}
    if kind == "string":
        parsed["length"] = DEFAULT_STRING_LENGTH if arguments is None else _string_length(arguments, subject)
    elif kind == "decimal":
        parsed["precision"], parsed["scale"] = _decimal_arguments(arguments, subject)
    elif kind == "enum":
        parsed["values"] = _enum_values(arguments, subject)
    elif arguments is not None:
        raise FieldSpecError(f"{subject} has the type {kind}, which takes no arguments.")
    return parsed


def _whole_number(text, low, high):
    """``text`` as an int from ``low`` to ``high``, or None."""
    text = text.strip()
    return int(text) if _WHOLE_NUMBER.fullmatch(text) and low <= int(text) <= high else None


def _string_length(arguments, subject):
    length = _whole_number(arguments, 1, MAX_STRING_LENGTH)
    if length is None:
        raise FieldSpecError(
            f"{subject} has the length {_quoted(arguments)}; a string's length is a whole number "
            f"from 1 to {MAX_STRING_LENGTH}."
        )
    return length


def _decimal_arguments(arguments, subject):
    numbers = [] if arguments is None else arguments.split(",")
    if len(numbers) != 2:
        raise FieldSpecError(
            f"{subject} has the type decimal, which takes a precision and a scale, as in decimal(12,2)."
        )
    precision = _whole_number(numbers[0], 1, MAX_PRECISION)
    if precision is None:
        raise FieldSpecError(
            f"{subject} has the precision {_quoted(numbers[0])}; a decimal's precision is a whole number "
            f"from 1 to {MAX_PRECISION}."
        )
    scale = _whole_number(numbers[1], 0, precision)
    if scale is None:
        raise FieldSpecError(
            f"{subject} has the scale {_quoted(numbers[1])}; a decimal's scale is a whole number "
            f"from 0 to its precision, {precision}."
        )
    return precision, scale


def _enum_values(arguments, subject):
    if arguments is None:
        raise FieldSpecError(f"{subject} has the type enum, which takes its values, as in enum(draft|open|closed).")
    values = [value.strip() for value in arguments.split("|")]
    for number, value in enumerate(values):
        if not value:
            raise FieldSpecError(f"{subject} has an empty enum value.")
        if not _VALUE.fullmatch(value):
            raise FieldSpecError(f"{subject} has the enum value {_quoted(value)}; use only {VALUE_CHARACTERS}.")
        if len(value) > MAX_IDENTIFIER:
            raise FieldSpecError(f"{subject} has an enum value longer than {MAX_IDENTIFIER} characters.")
        if value in values[:number]:
            raise FieldSpecError(f"{subject} lists the enum value {_quoted(value)} twice.")
    return values


def _parse_modifiers(modifiers, subject):
    if modifiers not in ("", "!", "?", "!?"):
        raise FieldSpecError(f"{subject} has the modifiers {_quoted(modifiers)}; write each at most once, ! before ?.")
    return {"unique": "!" in modifiers, "optional": "?" in modifiers}


def _parse_default(field, text, subject):
    if not text:
        raise FieldSpecError(f'{subject} has "=" without a default after it.')
    if not _VALUE.fullmatch(text):
        raise FieldSpecError(f"{subject} has the default {_quoted(text)}; use only {VALUE_CHARACTERS}.")
    try:
        return _DEFAULTS[field["type"]](text, field)
    except _BadDefault as problem:
        raise FieldSpecError(f"{subject} has the default {_quoted(text)}, which {problem}.") from None


def _string_default(text, field):
    if field["length"] is not None and len(text) > field["length"]:
        raise _BadDefault(f"is longer than {field['length']} characters")
    return text


def _enum_default(text, field):
    if text not in field["values"]:
        raise _BadDefault(f"is not one of its values, {', '.join(field['values'])}")
    return text


def _integer_default(text, field):
    if not (_INTEGER.fullmatch(text) and INTEGER_MIN <= int(text) <= INTEGER_MAX):
        raise _BadDefault(f"is not an integer from {INTEGER_MIN} to {INTEGER_MAX}")
    return int(text)


def _float_default(text, field):
    if not (_FLOAT.fullmatch(text) and math.isfinite(float(text))):
        raise _BadDefault("is not a finite number such as 1.5 or -2e3")
    return float(text)


def _decimal_default(text, field):
    """The decimal written to its scale: "1.5" in decimal(12,2) is "1.50"."""
    if not _DECIMAL.fullmatch(text):
        raise _BadDefault("is not a decimal number such as 1.50")
    number, scale, whole_digits = Decimal(text), field["scale"], field["precision"] - field["scale"]
    with localcontext(Context(prec=len(text) + scale + 1)):
        quantized = number.quantize(Decimal(1).scaleb(-scale))
    if quantized != number:
        raise _BadDefault(f"has more than {scale} digits after the point")
    if quantized.copy_abs() >= Decimal(10) ** whole_digits:
        raise _BadDefault(f"has more than {whole_digits} digits before the point")
    return format(quantized.copy_abs() if quantized == 0 else quantized, "f")  # copy_abs: exact, and "-0.00" is "0.00"


def _boolean_default(text, field):
    if text.lower() not in ("true", "false"):
        raise _BadDefault("is not true or false")
    return text.lower() == "true"


def _date_default(text, field):
    if text == NOW:
        return NOW
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise _BadDefault("is not a date written YYYY-MM-DD, or now")


def _datetime_default(text, field):
    if text == NOW:
        return NOW
    parts = _DATETIME.fullmatch(text)
    if parts and not parts["offset"]:
        raise _BadDefault("has no UTC offset; add Z or one such as +02:00")
    try:
        if parts:
            return datetime.fromisoformat(text).astimezone(UTC).isoformat()
    except (ValueError, OverflowError):
        pass
    raise _BadDefault("is not a date and time such as 2026-01-02T03:04:05Z, or now")


_DEFAULTS = {
    "string": _string_default,
    "text": _string_default,
    "enum": _enum_default,
    "integer": _integer_default,
    "float": _float_default,
    "decimal": _decimal_default,
    "boolean": _boolean_default,
    "date": _date_default,
    "datetime": _datetime_default,
}


class NamesExtension(Extension):
    """Adds the ``snake``, ``pluralize``, ``adapter_modules``, ``fields`` and ``field_spec_error`` filters."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["snake"] = snake
        environment.filters["pluralize"] = pluralize
        environment.filters["adapter_modules"] = adapter_modules
        environment.filters["py_string"] = py_string
        environment.filters["fields"] = fields_or_nothing
        environment.filters["field_spec_error"] = field_spec_error
        environment.filters["model_column"] = model_column
        environment.filters["migration_column"] = migration_column
        environment.filters["migration_constraints"] = migration_constraints
        environment.filters["migration_default"] = migration_default
        environment.filters["field_defaults"] = field_defaults
        environment.filters["field_rows"] = field_rows
        environment.filters["example"] = example
        environment.filters["as_keywords"] = as_keywords
        environment.filters["as_json"] = as_json
        environment.filters["model_imports"] = model_imports


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
        return Call("sa.Enum", *values, f"name={_string(field['name'])}", "native_enum=False", "create_constraint=True")
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


def migration_column(field):
    """The field's ``sa.Column(...)`` in ``op.create_table``, as lines of the migration (with its comma).

    Server defaults come in the next revision (``migration_default``), as
    projects made before fields were declared had none.
    """
    call = Call("sa.Column", _string(field["name"]), _migration_type(field), f"nullable={field['optional']}")
    return "\n".join(call.lines(8, suffix=","))


def migration_default(field, table, removed=False):
    """The ``op.alter_column`` that gives the field its server default, or takes it away."""
    server_default = "None" if removed else _server_default(field, "sa.")
    call = Call("op.alter_column", _string(table), _string(field["name"]), f"server_default={server_default}")
    return "\n".join(call.lines(4))


def field_defaults(answers):
    """``yes`` when a declared field has a default (the project then has a migration that sets them), else ``no``."""
    specs = (answers.get("parent_fields", ""), answers.get("child_fields", ""))
    return "yes" if any(field["default"] is not None for spec in specs for field in fields_or_nothing(spec)) else "no"


def migration_constraints(field, table):
    """The field's unique and enum check constraints in ``op.create_table``, as lines of the migration."""
    lines = []
    if field["unique"]:
        name = _string(f"uq_{table}_{field['name']}")
        lines += Call("sa.UniqueConstraint", _string(field["name"]), f"name=op.f({name})").lines(8, suffix=",")
    if field["type"] == "enum":
        allowed = ", ".join(f"'{value}'" for value in field["values"])
        check = _string(f"{field['name']} IN ({allowed})")
        name = _string(f"ck_{table}_{field['name']}")
        lines += Call("sa.CheckConstraint", check, f"name=op.f({name})").lines(8, suffix=",")
    return "\n".join(lines)


def model_imports(fields):
    """The modules models.py needs for these fields besides sqlalchemy: ``datetime``, ``decimal``, ``types``."""
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


def field_rows(fields):
    """The README's table rows for these fields: name, type, and whether a create needs it."""
    rows = []
    for field in fields:
        kind = field["type"]
        if kind == "string":
            described = f"text, at most {field['length']} characters"
        elif kind == "decimal":
            described = f"decimal, {field['precision']} digits, {field['scale']} after the point, sent as a string"
        elif kind == "enum":
            described = "one of " + ", ".join(f"`{value}`" for value in field["values"])
        else:
            described = _TYPE_WORDS[kind]
        if field["default"] is not None:
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
