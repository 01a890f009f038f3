"""local_extensions.parse_fields: the grammar of parent_fields and child_fields, and each refusal."""

import json
import re

import pytest

import local_extensions
from answer_sets import BAD_CHILD_FIELDS, KITCHEN_SINK, NAMED_PARENT, RESERVED_FIELD_NAMES
from helpers import cookiecutter_json
from local_extensions import FIELD_TYPES, FieldSpecError, field_spec_error, fields_or_nothing, parse_fields

KEYS = ["name", "type", "length", "precision", "scale", "values", "unique", "indexed", "optional", "default"]


def field(name, kind, **given):
    """The dict parse_fields gives: every key, None or False unless given."""
    blank = {"length": None, "precision": None, "scale": None, "values": None}
    blank.update(unique=False, indexed=False, optional=False)
    return {"name": name, "type": kind, **blank, "default": None, **given}


def only(spec):
    [parsed] = parse_fields(spec)
    return parsed


def refusal(spec, answer=None):
    with pytest.raises(FieldSpecError) as error:
        parse_fields(spec, answer)
    return str(error.value)


# --- what parses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("title:string", field("title", "string", length=255)),
        ("title:string(50)", field("title", "string", length=50)),
        ("title:string(1)", field("title", "string", length=1)),
        ("body:string(10485760)", field("body", "string", length=10_485_760)),
        ("notes:text", field("notes", "text")),
        ("qty:integer", field("qty", "integer")),
        ("ratio:float", field("ratio", "float")),
        ("price:decimal(12,2)", field("price", "decimal", precision=12, scale=2)),
        ("whole:decimal(38,0)", field("whole", "decimal", precision=38, scale=0)),
        ("fraction:decimal(1,1)", field("fraction", "decimal", precision=1, scale=1)),
        ("done:boolean", field("done", "boolean")),
        ("due_on:date", field("due_on", "date")),
        ("starts_at:datetime", field("starts_at", "datetime")),
        ("status:enum(draft|open|closed)", field("status", "enum", values=["draft", "open", "closed"])),
        ("level:enum(only)", field("level", "enum", values=["only"])),
        (
            "tag:enum(v1.0|v1.1-rc|a:b|x+y|snake_case|UPPER)",
            field("tag", "enum", values=["v1.0", "v1.1-rc", "a:b", "x+y", "snake_case", "UPPER"]),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_type_parses_into_every_key(spec, expected):
    parsed = only(spec)

    assert parsed == expected
    assert list(parsed) == KEYS


def test_every_type_is_documented_in_the_prompt_and_covered_here():
    prompt = cookiecutter_json()["__prompts__"]["parent_fields"]

    assert all(kind in prompt for kind in FIELD_TYPES)


@pytest.mark.parametrize(
    ("spec", "unique", "indexed", "optional"),
    [
        ("code:string", False, False, False),
        ("code:string!", True, False, False),
        ("code:string?", False, False, True),
        ("code:string!?", True, False, True),
        ("code:string(12)!?", True, False, True),
        ("code:string(12)!?=x", True, False, True),
        ("due_on:date^", False, True, False),
        ("due_on:date^?", False, True, True),
        ("priority:integer^=3", False, True, False),
        ("price:decimal(12,2)^?=0.00", False, True, True),
        ("code:string(12)!^", True, True, False),
        ("code:string(12)!^?", True, True, True),
    ],
)
def test_modifiers(spec, unique, indexed, optional):
    parsed = only(spec)

    assert (parsed["unique"], parsed["indexed"], parsed["optional"]) == (unique, indexed, optional)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("due_on:date?^", 'has the modifiers "?^"; write each at most once, in the order ! ^ ?.'),
        ("due_on:date^^", 'has the modifiers "^^"'),
        ("due_on:date^!", 'has the modifiers "^!"'),
    ],
)
def test_a_misplaced_index_modifier_is_one_sentence_naming_the_field(spec, words):
    message = refusal(spec)

    assert words in message
    assert_one_sentence(message)


@pytest.mark.parametrize(
    ("spec", "default"),
    [
        ("title:string=hello", "hello"),
        ("title:string(5)=hello", "hello"),
        ("title:string=now", "now"),  # only a date or datetime takes "now" as the time of the insert
        ("notes:text=v1.2_beta:x+y-z", "v1.2_beta:x+y-z"),
        ("status:enum(draft|open)=open", "open"),
        ("qty:integer=3", 3),
        ("qty:integer=0", 0),
        ("qty:integer=-2147483648", -(2**31)),
        ("qty:integer=2147483647", 2**31 - 1),
        ("qty:integer=007", 7),
        ("ratio:float=1.5", 1.5),
        ("ratio:float=-2e3", -2000.0),
        ("ratio:float=1.5E-2", 0.015),
        ("ratio:float=3", 3.0),
        ("price:decimal(12,2)=1.5", "1.50"),
        ("price:decimal(12,2)=0.00", "0.00"),
        ("price:decimal(12,2)=-0", "0.00"),
        ("price:decimal(12,2)=1.500", "1.50"),
        ("price:decimal(12,2)=-7", "-7.00"),
        ("price:decimal(5,2)=999.99", "999.99"),
        ("price:decimal(10,0)=42", "42"),
        ("price:decimal(38,0)=" + "9" * 38, "9" * 38),
        ("price:decimal(12,10)=0", "0.0000000000"),
        ("done:boolean=false", False),
        ("done:boolean=true", True),
        ("done:boolean=TRUE", True),
        ("done:boolean=False", False),
        ("due_on:date=2026-02-28", "2026-02-28"),
        ("due_on:date=2028-02-29", "2028-02-29"),
        ("due_on:date=now", "now"),
        ("starts_at:datetime=now", "now"),
        ("starts_at:datetime=2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05+00:00"),
        ("starts_at:datetime=2026-01-02T03:04:05Z", "2026-01-02T03:04:05+00:00"),
        ("starts_at:datetime=2026-01-02T03:04+02:00", "2026-01-02T01:04:00+00:00"),
        ("starts_at:datetime=2026-01-01T23:30:00-01:00", "2026-01-02T00:30:00+00:00"),
        ("starts_at:datetime=2026-01-02T03:04:05.25Z", "2026-01-02T03:04:05.250000+00:00"),
    ],
)
def test_defaults_parse_into_python_values(spec, default):
    parsed = only(spec)

    assert parsed["default"] == default
    assert type(parsed["default"]) is type(default)


def test_kitchen_sink_has_every_type_and_every_modifier():
    fields = parse_fields(KITCHEN_SINK)

    assert {parsed["type"] for parsed in fields} == set(FIELD_TYPES)
    assert any(parsed["unique"] and parsed["optional"] for parsed in fields)
    assert any(parsed["unique"] and not parsed["optional"] for parsed in fields)
    assert any(parsed["optional"] and not parsed["unique"] for parsed in fields)
    assert any(parsed["indexed"] and parsed["optional"] for parsed in fields)
    assert any(parsed["default"] == "now" for parsed in fields)
    assert fields == [
        field("summary", "string", length=80, unique=True),
        field("notes", "text", optional=True),
        field("priority", "integer", indexed=True, default=3),
        field("ratio", "float", optional=True),
        field("estimate", "decimal", precision=12, scale=2, default="0.00"),
        field("done", "boolean", default=False),
        field("due_on", "date", indexed=True, optional=True),
        field("starts_at", "datetime", default="now"),
        field("status", "enum", values=["draft", "open", "closed"], default="draft"),
        field("code", "string", length=12, unique=True, indexed=True, optional=True),
    ]


def test_the_default_answers_and_the_named_parent_parse():
    defaults = cookiecutter_json()

    assert parse_fields(defaults["parent_fields"]) == [field("title", "string", length=50)]
    assert parse_fields(defaults["child_fields"]) == [
        field("title", "string", length=50),
        field("description", "text"),
        field("completed", "boolean", default=False),
    ]
    assert parse_fields(NAMED_PARENT) == [field("name", "string", length=80, unique=True)]


@pytest.mark.parametrize(
    "spec",
    [
        "title:string(50) notes:text?",
        "  title:string(50)   notes:text?  ",
        "\ttitle:string(50)\n\nnotes:text?\r\n",
        "title:string( 50 )\u3000notes:text?",
    ],
    ids=["single-spaces", "runs-of-spaces", "tabs-and-newlines", "inside-parentheses-and-unicode-space"],
)
def test_whitespace_separates_fields_and_is_ignored_inside_parentheses(spec):
    assert parse_fields(spec) == [field("title", "string", length=50), field("notes", "text", optional=True)]


def test_whitespace_inside_parentheses_is_ignored_for_decimals_and_enums():
    assert parse_fields("price:decimal( 12 , 2 )=1.5 status:enum( a | b )=b") == [
        field("price", "decimal", precision=12, scale=2, default="1.50"),
        field("status", "enum", values=["a", "b"], default="b"),
    ]


def test_fields_keep_their_order_and_40_are_allowed():
    spec = " ".join(f"f{number}:integer" for number in range(40))

    assert [parsed["name"] for parsed in parse_fields(spec)] == [f"f{number}" for number in range(40)]


def test_a_name_of_63_characters_is_allowed():
    assert only("a" * 63 + ":text")["name"] == "a" * 63


@pytest.mark.parametrize("name", ["match", "case", "title", "description", "name", "owner_id", "tasks", "x1_y2"])
def test_soft_keywords_and_names_only_some_projects_use_parse(name):
    assert only(f"{name}:string")["name"] == name


def test_the_parsed_fields_survive_json_as_the_hook_reads_them():
    fields = parse_fields(KITCHEN_SINK + " ratio2:float=0.1 starts:datetime=2026-01-02T03:04:05Z")

    assert json.loads(json.dumps(fields)) == fields


# --- the filters -------------------------------------------------------------------


def test_fields_filter_gives_the_parsed_fields_or_nothing():
    assert fields_or_nothing(KITCHEN_SINK) == parse_fields(KITCHEN_SINK)
    assert fields_or_nothing("price:money") == []
    assert fields_or_nothing(None) == []


def test_field_spec_error_filter_gives_the_sentence_or_nothing():
    assert field_spec_error(KITCHEN_SINK, "child_fields") == ""
    assert field_spec_error("price:money", "child_fields") == refusal("price:money", "child_fields")
    assert field_spec_error("price:money") == refusal("price:money")


def test_without_an_answer_the_message_names_only_the_field():
    assert refusal("price:money").startswith('The field "price" has the unknown type "money"')
    assert refusal("").startswith("A field spec declares no fields")


@pytest.mark.parametrize("spec", [None, 5, ["title:string"], {"title": "string"}])
def test_a_spec_that_is_not_text_is_refused(spec):
    assert refusal(spec, "child_fields").startswith('child_fields must be text such as "title:string", not ')


# --- each refusal --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "words"),
    [(spec, words) for _, spec, words in BAD_CHILD_FIELDS],
    ids=[name for name, *_ in BAD_CHILD_FIELDS],
)
def test_each_refusal_is_one_sentence_naming_the_field_and_answer(spec, words):
    message = refusal(spec, "child_fields")

    assert words in message
    assert "child_fields" in message
    assert_one_sentence(message)


def assert_one_sentence(message):
    assert message.endswith(".")
    assert "\n" not in message
    assert not re.search(r"\. [A-Z]", message), "more than one sentence"


WHOLE_SPEC_REFUSALS = ("empty", "blank", "41-fields")


@pytest.mark.parametrize(
    "spec",
    [spec for name, spec, _ in BAD_CHILD_FIELDS if name not in WHOLE_SPEC_REFUSALS],
    ids=[name for name, *_ in BAD_CHILD_FIELDS if name not in WHOLE_SPEC_REFUSALS],
)
def test_each_field_refusal_begins_with_the_field_it_is_about(spec):
    name = spec.split(":")[0].split()[0]

    assert refusal(spec, "child_fields").startswith(f'The field "{name[:30]}')


@pytest.mark.parametrize("name", RESERVED_FIELD_NAMES)
def test_each_reserved_name_is_refused_saying_why(name):
    message = refusal(f"title:string {name}:integer", "child_fields")

    assert message.startswith(f'The field "{name}" in child_fields is reserved as ')
    assert message.endswith("; choose another name.")


def test_the_tests_list_every_reserved_name():
    assert set(RESERVED_FIELD_NAMES) == set(local_extensions.RESERVED_FIELD_NAMES)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("type:string", "a member of JSON:API documents"),
        ("page:integer", "a query-string parameter of the lists"),
        ("query:string", "an attribute of SQLAlchemy models"),
        ("id:integer", "the primary key"),
    ],
)
def test_reserved_names_say_what_reserves_them(spec, reason):
    assert reason in refusal(spec)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("x:string(5)=" + "a" * 5000, '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."'),
        ("x:integer=" + "9" * 5000, "which is not an integer"),
        ("x:decimal(38,0)=1" + "0" * 38, "which has more than 38 digits before the point"),
        ("x:decimal(2,2)=1", "which has more than 0 digits before the point"),
        ("x:string(" + "9" * 5000 + ")", "has the length"),
        ("x:datetime=0001-01-01T00:00+01:00", "which is not a date and time"),
        ("x:datetime=2026-01-02T03:04:05+24:00", "which is not a date and time"),
        ("x:datetime=2026-01-02 03:04:05Z", "which is not a date and time"),
        ("x:date=2026-1-2", "which is not a date written YYYY-MM-DD"),
        ("x:date=20260102", "which is not a date written YYYY-MM-DD"),
        ("x:float=1_000", "which is not a finite number"),
        ("x:float=.5", "which is not a finite number"),
        ("x:integer=+5", "which is not an integer"),
        ("x:integer=1_000", "which is not an integer"),
        ("x:boolean=now", "which is not true or false"),
        ("x:date=NOW", "which is not a date written YYYY-MM-DD, or now"),
        ("x:enum(a|b)=A", "which is not one of its values, a, b"),
        ("x:string=a=b", 'has the default "a=b"; use only'),
        ("x:string\u00a0=a", 'The field "=a" has no type'),
        ("x:str\u0131ng", 'is written "x:str\u0131ng"'),
        ("x:string(\uff15)", 'has the length "\uff15"'),
        ("x:integer=\u0661", "use only letters, digits and _ . : + -"),
        ("x:string(5))", 'is written "x:string(5))"'),
        ("x:string!(5)", 'is written "x:string!(5)"'),
        ("x:string=a!", 'has the default "a!"; use only'),
        ("x:boolean!=true?", 'has the default "true?"; use only'),
    ],
)
def test_edge_cases_are_refused_in_one_short_sentence(spec, words):
    message = refusal(spec)

    assert words in message
    assert_one_sentence(message)
    assert len(message) < 200


# --- references: flask scaffold's and flask add-fields', never the template's ----------------------------------


def reference(name, kind, target, key, optional):
    return {**field(name, kind, optional=optional), "target": target, "key": key}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("milestone:ref(Milestone)?", reference("milestone", "ref", "Milestone", "milestone_id", True)),
        ("owner:ref(Person)", reference("owner", "ref", "Person", "owner_id", False)),
        ("labels:refs(Label)", reference("labels", "refs", "Label", "label_ids", True)),
        ("people:refs(Person)", reference("people", "refs", "Person", "person_ids", True)),
        ("categories:refs( TaskBoard )", reference("categories", "refs", "TaskBoard", "category_ids", True)),
        ("boxes:refs(Box)", reference("boxes", "refs", "Box", "box_ids", True)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_reference_parses_into_its_target_and_the_apis_field(spec, expected):
    [parsed] = parse_fields(spec, references=True)

    assert parsed == expected
    assert list(parsed) == [*KEYS, "target", "key"]


def test_references_and_other_fields_keep_their_order():
    fields = parse_fields("title:string milestone:ref(Milestone)? labels:refs(Label) done:boolean", references=True)

    assert [parsed["name"] for parsed in fields] == ["title", "milestone", "labels", "done"]


@pytest.mark.parametrize("spec", ["milestone:ref(Milestone)?", "labels:refs(Label)", "title:string x:ref(Task)"])
@pytest.mark.parametrize("answer", ["child_fields", "parent_fields"])
def test_the_templates_answers_refuse_a_reference(spec, answer):
    message = refusal(spec, answer)

    assert f" in {answer} is a reference, which this project's first two resources cannot have: " in message
    assert message.endswith("add it later with flask add-fields, once there is a resource to refer to.")
    assert field_spec_error(spec, answer) == message
    assert fields_or_nothing(spec) == []


def reference_refusal(spec):
    with pytest.raises(FieldSpecError) as error:
        parse_fields(spec, references=True)
    return str(error.value)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("x:ref", 'The field "x" has the type ref, which takes the class name of the resource it refers to'),
        ("x:refs()", "has the type refs, which takes the class name"),
        ("x:ref(milestone)", "has the type ref, which takes the class name"),
        ("x:ref(Two Words)", "has the type ref, which takes the class name"),
        ("x:ref(Milestone)=1", 'The field "x" is a reference, which takes no default.'),
        ("x:ref(Milestone)!", 'The field "x" is a reference, which takes only the modifier ? (optional).'),
        ("x:ref(Milestone)!?", "which takes only the modifier ?"),
        ("x:ref(Milestone)^", "which takes only the modifier ?"),
        ("x:refs(Label)^", "which takes only the modifier ?"),
        ("x:refs(Label)?", 'The field "x" refers to many rows, which a create may always leave out: drop its ?.'),
        ("milestone_id:ref(Milestone)", 'The field "milestone_id" ends in "_id": name a reference after what it'),
        ("label_ids:refs(Label)", 'The field "label_ids" ends in "_id"'),
        ("a" * 62 + ":ref(Milestone)", "makes the field"),
        ("stage:ref(Milestone) stage_id:integer", 'The field "stage_id" makes the name "stage_id", which the field'),
        ("label_ids:integer labels:refs(Label)", 'The field "labels" makes the name "label_ids", which the field'),
        ("x:ref(Milestone) x:refs(Label)", "is declared twice"),
        ("x:reference(Milestone)", "and the references ref(Model) and refs(Model)."),
    ],
)
def test_each_reference_refusal_is_one_sentence_naming_the_field(spec, words):
    message = reference_refusal(spec)

    assert words in message
    assert_one_sentence(message)


def test_an_unknown_type_names_the_types_and_the_references():
    assert refusal("price:money") == (
        'The field "price" has the unknown type "money"; the types are string, text, integer, float, decimal, '
        "boolean, date, datetime, enum, and the references ref(Model) and refs(Model)."
    )
