"""The --answers option: how a team adds its own answer sets to the per-bake checks."""

import pytest

from helpers import parse_answers


def test_answers_become_extra_context_with_boolean_adapters():
    answers = parse_answers("parent_resource=Project,child_resource=Ticket,adapter_hal=false,adapter_json=True")

    assert answers == {
        "parent_resource": "Project",
        "child_resource": "Ticket",
        "adapter_hal": False,
        "adapter_json": True,
    }


def test_every_yes_no_question_is_a_boolean_answer():
    answers = parse_answers("browsable_api=false,use_docker=true,use_kubernetes=TRUE")

    assert answers == {"browsable_api": False, "use_docker": True, "use_kubernetes": True}


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("parent=Project", "'parent=Project' is not KEY=VALUE with a KEY that cookiecutter.json asks"),
        ("parent_resource", "'parent_resource' is not KEY=VALUE"),
        ("__parent_snake=x", "'__parent_snake=x' is not KEY=VALUE"),
        ("adapter_hal=maybe", 'adapter_hal must be "true" or "false"'),
    ],
)
def test_bad_answers_option_is_a_usage_error(option, words):
    with pytest.raises(pytest.UsageError, match=words):
        parse_answers(option)


def test_a_comma_inside_parentheses_belongs_to_the_value():
    answers = parse_answers("child_fields=price:decimal(12,2) qty:integer,adapter_hal=false")

    assert answers == {"child_fields": "price:decimal(12,2) qty:integer", "adapter_hal": False}


def test_field_specs_keep_their_modifiers_defaults_and_enum_values():
    answers = parse_answers(
        "parent_fields=name:string(80)!,child_fields=status:enum(draft|open)=draft due_on:date? total:decimal(5, 2)=1.5"
    )

    assert answers == {
        "parent_fields": "name:string(80)!",
        "child_fields": "status:enum(draft|open)=draft due_on:date? total:decimal(5, 2)=1.5",
    }


def test_a_comma_after_an_unclosed_parenthesis_stays_in_the_value_for_the_hook_to_refuse():
    assert parse_answers("child_fields=price:decimal(12,2,adapter_hal=false") == {
        "child_fields": "price:decimal(12,2,adapter_hal=false"
    }
