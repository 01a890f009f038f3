"""The grammar of field specs and the rules of resource names: one module for the template and for scaffold.

The template reads its answers with it (its ``local_extensions`` loads this
file), and ``flask scaffold`` reads its arguments with it, so that a name or
a field spec that one refuses, the other refuses with the same sentence.
It needs nothing but the standard library, and imports nothing of the
package around it.

- Names: ``snake``, ``pluralize`` and ``Names``, every name derived from a
  resource's class name (table, URL, plural, foreign key, add-child route).
- Field specs: ``parse_fields``, the grammar ``name:type[(args)][!][^][?][=default]``,
  with the references ``name:ref(Model)[?]`` and ``name:refs(Model)`` that
  ``flask scaffold`` and ``flask add-fields`` take (the template's answers
  have nothing else to refer to).
- Rules: each ``*_problem`` function returns the sentence refusing a name,
  or None.
"""

import json
import keyword
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Context, Decimal, localcontext

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


# --- Field specs -----------------------------------------------------------------
#
# parent_fields and child_fields declare each resource's columns, close to
# ``rails generate scaffold``: fields separated by whitespace, each
# ``name:type[(arguments)][!][^][?][=default]``, the modifiers in that order:
# ``!`` unique, ``^`` indexed for sorts (an index on the field and the id,
# after the parent's foreign key under a parent: a list sorted by it, alone
# or within a range of it, costs the same at any depth), ``?`` optional (nullable,
# may be left out), ``=VALUE`` a default (one token).  Whitespace inside
# parentheses is ignored.
#
# A default is read as an HTTP form value of its type would be:
# integers as -?[0-9]+ (32-bit), floats and decimals as plain decimal numbers
# (a float may take an exponent; it must be finite), booleans as true or
# false in any case, dates as YYYY-MM-DD, datetimes as
# YYYY-MM-DDTHH:MM[:SS[.ffffff]] followed by Z or +HH:MM (kept in UTC).
# ``now`` on a date or datetime means the time of the insert.

FIELD_TYPES = ("string", "text", "integer", "float", "decimal", "boolean", "date", "datetime", "enum")
# A reference to one row of another resource (a foreign key, ``milestone_id``), and to many
# (an association table; the field is the list of their ids, ``label_ids``).
REFERENCE_TYPES = ("ref", "refs")
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
        ("type", "links", "relationships", "meta", "data", "attributes", "included"),
        "a member of JSON:API documents",
    ),
    **dict.fromkeys(
        ("page", "count", "after", "before", "sort", "filter", "include", "fields", "q"),
        "a query-string parameter of the lists",
    ),
    **dict.fromkeys(("metadata", "registry", "query", "query_class"), "an attribute of SQLAlchemy models"),
}

# A token runs to the next whitespace outside parentheses (an unclosed "(" takes the rest).
_TOKEN = re.compile(r"(?:[^\s(]|\([^)]*\)?)+")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_AFTER_NAME = re.compile(
    r"(?P<type>[A-Za-z0-9_]*)(?:\((?P<arguments>[^()]*)\))?(?P<modifiers>[!^?]*)(?:=(?P<default>.*))?",
    re.DOTALL,
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


def parse_fields(spec, answer=None, references=False):
    """The fields ``spec`` declares, as dicts in the order declared.

    Each dict has ``name``; ``type``; ``length`` (string: its maximum, 255 when
    not given); ``precision`` and ``scale`` (decimal); ``values`` (enum: its
    values, a list); ``unique``, ``indexed`` and ``optional`` (bools); ``default``: None, or
    a str (string, text, enum), an int, a finite float, a decimal written to
    its scale ("1.50"), a bool, "YYYY-MM-DD", an ISO datetime in UTC
    ("2026-01-02T03:04:05+00:00") or "now".  Keys that do not apply are None.

    A reference (type ``ref`` or ``refs``, taken only with ``references``)
    has two keys more: ``target``, the class name of the resource it refers
    to, and ``key``, the API's field: ``milestone_id`` for
    ``milestone:ref(Milestone)``, the list ``label_ids`` for
    ``labels:refs(Label)``.  A ``refs`` is always optional.

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
    fields, made = [], {}
    for token in tokens:
        field = _parse_field(token, answer)
        if field["type"] in REFERENCE_TYPES and not references:
            raise FieldSpecError(
                f"{_subject(field['name'], answer)} is a reference, which this project's first two resources "
                "cannot have: add it later with flask add-fields, once there is a resource to refer to."
            )
        if any(other["name"] == field["name"] for other in fields):
            raise FieldSpecError(f"{_subject(field['name'], answer)} is declared twice.")
        for name in made_names(field):
            if name in made:
                raise FieldSpecError(
                    f'{_subject(field["name"], answer)} makes the name "{name}", which the field '
                    f'"{made[name]}" has already; choose another name.'
                )
            made[name] = field["name"]
        fields.append(field)
    return fields


def made_names(field):
    """The names a field takes on its model and in the API: its own, and a reference's field."""
    return (field["name"], field["key"]) if field.get("type") in REFERENCE_TYPES else (field["name"],)


def singularize(name):
    """The singular of a snake_case plural, as ``pluralize`` makes them: labels -> label, people -> person."""
    head, _, word = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    singular = {plural: one for one, plural in _IRREGULAR.items()}
    if word in _UNCOUNTABLE:
        return name
    if word in singular:
        return prefix + singular[word]
    if word.endswith("ies") and len(word) > 3:
        return prefix + word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return prefix + word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return prefix + word[:-1]
    return name


def fields_or_nothing(spec):
    """The parsed fields, or [] for a bad spec: the template renders any answers, and its hook refuses."""
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
    """``text`` quoted, cut short, its quotes and control characters escaped: a message stays one line."""
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
        raise FieldSpecError(
            f"{subject} is written {_quoted(token)}; write name:type[(arguments)][!][^][?][=default]."
        )
    field = {"name": name, "type": _check_type(parts["type"], subject)}
    if field["type"] in REFERENCE_TYPES:
        return _parse_reference(field, parts, subject)
    field.update(_parse_arguments(field["type"], parts["arguments"], subject))
    field.update(_parse_modifiers(parts["modifiers"], subject))
    field["default"] = None if parts["default"] is None else parse_default(field, parts["default"], subject)
    return field


def _parse_reference(field, parts, subject):
    """``name:ref(Model)[?]`` or ``name:refs(Model)``: no default, never unique, a ``refs`` never required."""
    kind, name = field["type"], field["name"]
    target = (parts["arguments"] or "").strip()
    if class_name_problem(target, "") is not None:
        raise FieldSpecError(
            f"{subject} has the type {kind}, which takes the class name of the resource it refers to, "
            f"as in {kind}(Milestone)."
        )
    if parts["default"] is not None:
        raise FieldSpecError(f"{subject} is a reference, which takes no default.")
    if "!" in parts["modifiers"] or parts["modifiers"] not in ("", "?"):
        raise FieldSpecError(f"{subject} is a reference, which takes only the modifier ? (optional).")
    if kind == "refs" and parts["modifiers"]:
        raise FieldSpecError(
            f"{subject} refers to many rows, which a create may always leave out: drop its ?."
        )
    if name.endswith(("_id", "_ids")):
        stem = name.rpartition("_")[0]
        raise FieldSpecError(
            f'{subject} ends in "_id": name a reference after what it refers to ("{stem}"), '
            "and its field is made from that name."
        )
    key = f"{name}_id" if kind == "ref" else f"{singularize(name)}_ids"
    _check_name(key, f"{subject} makes the field {_quoted(key)}, which")
    field.update(length=None, precision=None, scale=None, values=None, unique=False, indexed=False)
    field.update(optional=kind == "refs" or parts["modifiers"] == "?", default=None, target=target, key=key)
    return field


def _check_name(name, subject):
    if name.startswith("_"):
        raise FieldSpecError(f"{subject} starts with an underscore, which the representations reserve.")
    if not _NAME.fullmatch(name):
        raise FieldSpecError(
            f"{subject} must be snake_case: a lower-case letter, then lower-case letters, digits and "
            "underscores."
        )
    if len(name) > MAX_IDENTIFIER:
        raise FieldSpecError(
            f"{subject} is longer than {MAX_IDENTIFIER} characters, PostgreSQL's limit for a column."
        )
    if keyword.iskeyword(name):
        raise FieldSpecError(f"{subject} is a Python keyword; choose another name.")
    if name in RESERVED_FIELD_NAMES:
        raise FieldSpecError(f"{subject} is reserved as {RESERVED_FIELD_NAMES[name]}; choose another name.")


def _check_type(kind, subject):
    if kind not in FIELD_TYPES and kind not in REFERENCE_TYPES:
        found = f"the unknown type {_quoted(kind)}" if kind else "no type after its colon"
        raise FieldSpecError(
            f"{subject} has {found}; the types are {', '.join(FIELD_TYPES)}, and the references "
            "ref(Model) and refs(Model)."
        )
    return kind


def _parse_arguments(kind, arguments, subject):
    """``length``, ``precision``, ``scale`` and ``values`` from what is between the parentheses."""
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
        raise FieldSpecError(
            f"{subject} has the type enum, which takes its values, as in enum(draft|open|closed)."
        )
    values = [value.strip() for value in arguments.split("|")]
    for number, value in enumerate(values):
        if not value:
            raise FieldSpecError(f"{subject} has an empty enum value.")
        if not _VALUE.fullmatch(value):
            raise FieldSpecError(
                f"{subject} has the enum value {_quoted(value)}; use only {VALUE_CHARACTERS}."
            )
        if len(value) > MAX_IDENTIFIER:
            raise FieldSpecError(f"{subject} has an enum value longer than {MAX_IDENTIFIER} characters.")
        if value in values[:number]:
            raise FieldSpecError(f"{subject} lists the enum value {_quoted(value)} twice.")
    return values


def _parse_modifiers(modifiers, subject):
    if modifiers not in ("", "!", "^", "?", "!^", "!?", "^?", "!^?"):
        raise FieldSpecError(
            f"{subject} has the modifiers {_quoted(modifiers)}; write each at most once, in the order ! ^ ?."
        )
    return {"unique": "!" in modifiers, "indexed": "^" in modifiers, "optional": "?" in modifiers}


def parse_default(field, text, subject):
    """``text`` as the default of ``field`` (a dict as parse_fields gives one): what ``=text`` declares.

    ``project.py`` reads a model's defaults back through it, so that they
    take the forms parse_fields gives.  Raises FieldSpecError, its sentence
    about ``subject``.
    """
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
    return format(
        quantized.copy_abs() if quantized == 0 else quantized, "f"
    )  # copy_abs: exact, and "-0.00" is "0.00"


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


# --- Resource names --------------------------------------------------------------
#
# A resource is named by its model's class name; every other name is made
# from it, the same way in the template and in flask scaffold.

CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
MAX_CLASS_NAME = 24
# Attribute names a model may not take: its primary key, what SQLAlchemy's
# declarative base defines, and what JSON:API reserves for itself.
MODEL_ATTRIBUTES = frozenset({"id", "metadata", "registry", "query_class", "type"})
# An owned model's column for the workspace it belongs to, with sign-in.
WORKSPACE_COLUMN = "workspace_id"
# With sign-in, the models of the accounts and workspaces (auth.py): no resource takes their names.
ACCOUNT_MODELS = ("Account", "Workspace", "Member")
# With sign-in, a ref to the account class (``assignee:ref(Account)?``) is to a member of the row's workspace.
ACCOUNT_CLASS = ACCOUNT_MODELS[0]
# Tables a project has whatever its resources: the migrations'; with sign-in, the accounts'.
MIGRATIONS_TABLE = "alembic_version"
ACCOUNT_TABLE = "app_user"
# The index links to each collection by its URL name, beside its own "self" link.
INDEX_LINKS = frozenset({"self"})


@dataclass(frozen=True)
class Names:
    """Every name made from a resource's class name, ``TaskBoard``."""

    name: str

    @property
    def snake(self):
        """Its table, and the relationship of a row under it to it: ``task_board``."""
        return snake(self.name)

    @property
    def url(self):
        """Its URL segment and resource name: ``taskboard``."""
        return self.name.lower()

    @property
    def plural(self):
        """The relationship of the resource it is under to its rows: ``task_boards``."""
        return pluralize(self.snake)

    @property
    def foreign_key(self):
        """The column of a row under it that refers to it: ``task_board_id``."""
        return f"{self.snake}_id"

    @property
    def add_method(self):
        """The add-child endpoint of the resource it is under: ``add_task_board``."""
        return f"add_{self.snake}"

    @property
    def add_route(self):
        """That endpoint's route: ``addtaskboard``."""
        return f"add{self.url}"

    @property
    def list_link(self):
        """The link of the resource it is under to its filtered list: ``taskboard_list``."""
        return f"{self.url}_list"

    @property
    def words(self):
        """What a sentence calls one row: ``task board``."""
        return self.snake.replace("_", " ")

    def made(self):
        """(kind, name) of the names that must differ from another resource's."""
        return {"table": self.snake, "plural": self.plural, "URL": self.url}


def class_name_problem(name, subject):
    """Why ``name`` cannot name a resource, in a sentence about ``subject`` (``parent_resource "x"``)."""
    if not isinstance(name, str) or not CLASS_NAME.fullmatch(name):
        return (
            f"{subject} must be a CamelCase class name: a capital letter followed by letters "
            'and digits (e.g. "TaskBoard").'
        )
    if len(name) > MAX_CLASS_NAME:
        return f"{subject} must be at most {MAX_CLASS_NAME} characters long."
    if keyword.iskeyword(name):
        return f"{subject} is a Python keyword; choose another name."
    return None


def differ_problem(new, new_subject, other, other_subject):
    """Why two resources' names are too close: the same URL, or a table, plural or URL name in common."""
    if new.name.lower() == other.name.lower():
        return (
            f"{other_subject} and {new_subject} must differ, also ignoring case, "
            "because their URLs are their lower-cased names."
        )
    shared = sorted(set(new.made().values()) & set(other.made().values()))
    if shared:
        return (
            f'{other_subject} and {new_subject} both make the name "{shared[0]}" '
            "(as a table, plural or URL name); choose names further apart."
        )
    return None


def derived_names_problem(
    resource, parent=None, fields=(), key="", parent_fields=(), parent_key="", owned=False
):
    """Why a name made from ``resource`` (under ``parent``, if any) cannot be used, or None.

    ``fields`` are the names on its model and ``parent_fields`` those on the
    parent's, declared in ``key`` and ``parent_key``; ``owned``: the parent
    has the workspace column of sign-in.
    """
    made = [(resource.name, kind, value) for kind, value in resource.made().items()]
    if parent is not None:
        made += [
            (parent.name, "foreign key", parent.foreign_key),
            (resource.name, "add method", resource.add_method),
        ]
    for source, kind, value in made:
        if keyword.iskeyword(value):
            return f'The {kind} name "{value}" made from "{source}" is a Python keyword; choose another name.'
    taken = []
    if parent is not None:
        relationships = [
            # (name made, the resource it comes from, what it is, the names already there, where they are)
            (parent.snake, parent.name, f"{resource.name}'s relationship", fields, key),
            (resource.plural, resource.name, f"{parent.name}'s relationship", parent_fields, parent_key),
        ]
        for value, source, kind, names, where in relationships:
            if value in names:
                return (
                    f'The {kind} name "{value}" made from "{source}" is already used by the field "{value}" '
                    f"in {where}; rename one of them."
                )
        owner = {WORKSPACE_COLUMN} if owned else set()
        taken += [
            (parent.snake, parent.name, f"{resource.name}'s relationship", MODEL_ATTRIBUTES),
            (resource.plural, resource.name, f"{parent.name}'s relationship", MODEL_ATTRIBUTES | owner),
        ]
    return _taken_problem(taken)


def reserved_names_problem(resource, signed_in):
    """Why ``resource``'s URL or table name is one the project has already, or None.

    With sign-in, the names of the accounts' models are kept for them, in
    any spelling that makes the same table or URL.
    """
    if signed_in:
        kept = [Names(name) for name in ACCOUNT_MODELS]
        if any(resource.snake == other.snake or resource.url == other.url for other in kept):
            return (
                f'The name "{resource.name}" is kept for the accounts of sign-in (their models are '
                f"{', '.join(ACCOUNT_MODELS)}); choose another name."
            )
    tables = {MIGRATIONS_TABLE, ACCOUNT_TABLE} if signed_in else {MIGRATIONS_TABLE}
    return _taken_problem(
        [(resource.url, resource.name, "URL", INDEX_LINKS), (resource.snake, resource.name, "table", tables)]
    )


def _taken_problem(taken):
    for value, source, kind, reserved in taken:
        if value in reserved:
            return (
                f'The {kind} name "{value}" made from "{source}" is already used by the project; '
                "choose another name."
            )
    return None


def identifier_lengths_problem(resource, parent, subject):
    """Why the foreign key's constraint or index under ``parent`` is too long for PostgreSQL, or None."""
    for name in (f"fk_{resource.snake}_{parent.foreign_key}", f"ix_{resource.snake}_{parent.foreign_key}"):
        if len(name.encode()) > MAX_IDENTIFIER:
            return (
                f'The database name "{name}" made from {subject} is longer than {MAX_IDENTIFIER} characters; '
                "choose shorter names."
            )
    return None


def used_names(resource, parent=None, children=(), owned=False, in_workspaces=False):
    """The names the code gives a model besides its fields and relationships: name -> what it is.

    ``owned`` and ``in_workspaces`` as ``Resource`` has them: with sign-in no
    model takes the workspace column's name, which scoping reads as the
    column of an owned model.
    """
    used = {}
    if parent is not None:
        used[parent.foreign_key] = f"{resource.name}'s foreign key to {parent.name}"
    for child in children:
        used[child.list_link] = f"{resource.name}'s link to the list of its {child.name} rows"
    if owned:
        used[WORKSPACE_COLUMN] = f"{resource.name}'s column for the workspace it belongs to"
    elif in_workspaces:
        used[WORKSPACE_COLUMN] = "the workspace column of sign-in, kept for the models at the top"
    return used


def field_names_problem(fields, used, key):
    """Why a field of ``fields`` cannot take a name it makes (``made_names``), one of ``used``, or None."""
    for field in fields:
        for name in made_names(field):
            if name in used:
                made = "" if name == field["name"] else f' makes "{name}", which'
                return (
                    f'The field "{field["name"]}" in {key}{made} is already the name of {used[name]}; '
                    "choose another."
                )
    return None


def field_identifier_lengths_problem(resource, fields, subject, key):
    """Why a name a field makes in the database is too long: its constraints, a reference's index and table.

    ``uq_{table}_{field}`` when unique, ``ix_{table}_{field}`` when indexed,
    ``ck_{table}_{field}`` for an enum, and the names of a reference
    (``Reference.database_names``).
    """
    for field in fields:
        names = [f"uq_{resource.snake}_{field['name']}"] if field["unique"] else []
        names += [sort_index_name(resource.snake, field)] if field.get("indexed") else []
        names += [f"ck_{resource.snake}_{field['name']}"] if field["type"] == "enum" else []
        if field["type"] in REFERENCE_TYPES:
            names += Reference(resource, field).database_names()
        for name in names:
            if len(name.encode()) > MAX_IDENTIFIER:
                return (
                    f'The database name "{name}" made from {subject} and the field "{field["name"]}" '
                    f"in {key} is longer than {MAX_IDENTIFIER} characters; choose shorter names."
                )
    return None


def sort_index_name(table, field):
    """The index of a field declared with ``^``: ``ix_ticket_due_on``."""
    return f"ix_{table}_{field['name']}"


@dataclass(frozen=True)
class Resource:
    """A resource as the project declares it: its names and fields, the resource it is under, those under it.

    ``owned``: it has the workspace column of sign-in (a resource under none, in
    a project with sign-in).  ``in_workspaces``: its rows belong to workspaces,
    through that column or its parent's (any resource of a project with
    sign-in).  The code templates (``templates/``) read these.
    """

    names: Names
    fields: tuple = ()
    parent: Names | None = None
    children: tuple = ()
    owned: bool = False
    in_workspaces: bool = False

    @property
    def name(self):
        return self.names.name

    @property
    def table(self):
        return self.names.snake

    @property
    def references(self):
        """Its fields that refer to other rows, as ``Reference``, in the order of its fields."""
        return tuple(self.reference(field) for field in self.fields if field["type"] in REFERENCE_TYPES)

    def reference(self, field):
        """Its field ``field``, a reference, as ``Reference``."""
        return Reference(self.names, field)

    def sort_index(self, field):
        """The index of its field ``field``, declared with ``^``: ``(name, columns)``.

        Its columns are the field and the id, after the parent's foreign key
        under a parent: a parent row's list, sorted by the field,
        reads its pages from it, as a list of the whole table does from
        (field, id) at the top.
        """
        leading = (self.parent.foreign_key,) if self.parent else ()
        return sort_index_name(self.table, field), (*leading, field["name"], "id")

    @property
    def sort_indexes(self):
        """The indexes of its fields declared with ``^``, each ``(name, columns)`` (``sort_index``)."""
        return tuple(self.sort_index(field) for field in self.fields if field.get("indexed"))

    @property
    def unique_within(self):
        """The column a unique field's values are unique within, or None for the whole table.

        In a project with sign-in one workspace's rows never clash with
        another's: a value is unique among the rows of its workspace
        (``workspace_id``), or under a parent among that parent row's.
        """
        if self.owned:
            return WORKSPACE_COLUMN
        return self.parent.foreign_key if self.in_workspaces and self.parent else None


@dataclass(frozen=True)
class Reference:
    """A field of ``source`` that refers to rows of another resource, and the names it makes in the database.

    A ``ref`` (``milestone:ref(Milestone)``) is the column ``milestone_id``
    of ``source``'s table, a foreign key with its index; a ``refs``
    (``labels:refs(Label)`` on Ticket) is the association table
    ``ticket_labels``, of the columns ``ticket_id`` and ``label_id``.
    """

    source: Names
    field: dict

    @property
    def name(self):
        return self.field["name"]

    @property
    def key(self):
        return self.field["key"]

    @property
    def many(self):
        return self.field["type"] == "refs"

    @property
    def target(self):
        return Names(self.field["target"])

    @property
    def to_account(self):
        """Whether it refers to an account of sign-in, a member of the row's workspace: no resource's row."""
        return self.field.get("target_table") == ACCOUNT_TABLE

    @property
    def target_table(self):
        return self.field.get("target_table") or self.target.snake

    @property
    def table(self):
        """A ``refs``' association table: ``ticket_labels``."""
        return f"{self.source.snake}_{self.name}"

    @property
    def own_column(self):
        """The association's column of the source's ids: ``ticket_id``."""
        return self.source.foreign_key

    @property
    def other_column(self):
        """The association's column of the target's ids: ``label_id``, the field ``label_ids`` less its s."""
        return self.key.removesuffix("s")

    def database_names(self):
        """The names it gives the database: a ``ref``'s constraint and index, a ``refs``' table and theirs."""
        if not self.many:
            return [f"fk_{self.source.snake}_{self.key}", f"ix_{self.source.snake}_{self.key}"]
        table = self.table
        return [table, f"pk_{table}", *(f"fk_{table}_{column}" for column in self.columns()), self.index]

    def columns(self):
        return (self.own_column, self.other_column)

    @property
    def index(self):
        """The association's index, finding pairs from the target's side: ``ix_ticket_labels_label_id``."""
        return f"ix_{self.table}_{self.other_column}"
