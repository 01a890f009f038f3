"""Jinja filters for the template: the names, field specs and code that the project's ``flask scaffold`` shares.

Read afresh by ``ripozo_todo_extensions`` (cookiecutter.json's
``_extensions``) each time cookiecutter makes an environment, which calls
``register``.  The grammar of field specs and the rules of resource names
are ``hypermedia/scaffold/specs.py``, the code they make ``codegen.py``
beside it: the modules ``flask scaffold`` uses in every project, loaded here
from the template's copy, so that there is one of each.  What only the
template needs (the adapters' import line, whether a migration of defaults
is needed) is here.
"""

import importlib.util
import itertools
import sys
from pathlib import Path

SCAFFOLD = (
    Path(__file__).resolve().parent / "{{cookiecutter.project_slug}}/{{cookiecutter.package_name}}/hypermedia/scaffold"
)


def _load(name):
    """A module of the project template's scaffold package, read afresh as the top-level ``ripozo_todo_{name}``."""
    module_name = f"ripozo_todo_{name}"
    spec = importlib.util.spec_from_file_location(module_name, SCAFFOLD / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # what dataclasses look their module up in
    spec.loader.exec_module(module)
    return module


specs = _load("specs")
codegen = _load("codegen")

# The names the template's tests and filters read, from the shared modules.
snake, pluralize, Names = specs.snake, specs.pluralize, specs.Names
FIELD_TYPES, RESERVED_FIELD_NAMES, FieldSpecError = specs.FIELD_TYPES, specs.RESERVED_FIELD_NAMES, specs.FieldSpecError
parse_fields, fields_or_nothing, field_spec_error = specs.parse_fields, specs.fields_or_nothing, specs.field_spec_error
LINE_LENGTH = codegen.LINE_LENGTH

ADAPTER_MODULES = {"adapter_siren": "siren", "adapter_hal": "hal", "adapter_jsonapi": "jsonapi", "adapter_json": "json"}


def py_string(text):
    """A Python string literal quoted as ruff format quotes it: double quotes, unless single ones escape less."""
    if text.count('"') > text.count("'"):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def adapter_modules(answers):
    """The adapter modules the answers turn on, sorted as an import line lists them: ``hal, siren``."""
    return ", ".join(sorted(module for key, module in ADAPTER_MODULES.items() if answers.get(key) is True))


def _declared(answers):
    """Every field the answers declare, the parent's then the child's (none of a spec with an error)."""
    answered = (answers.get("parent_fields", ""), answers.get("child_fields", ""))
    return [field for spec in answered for field in fields_or_nothing(spec)]


def _yes(condition):
    return "yes" if condition else "no"


def field_defaults(answers):
    """``yes`` when a declared field has a default (the project then has a migration that sets them), else ``no``."""
    return _yes(any(field["default"] is not None for field in _declared(answers)))


def unique_within_workspaces(answers):
    """``yes`` when sign-in scopes declared unique fields to a workspace or parent row (a revision moves them)."""
    return _yes(answers.get("auth", "none") != "none" and any(field["unique"] for field in _declared(answers)))


def text_to_search(answers):
    """``yes`` when a declared field is text, which a revision indexes for the search on PostgreSQL."""
    return _yes(any(field["type"] in codegen.SEARCHED_TYPES for field in _declared(answers)))


def sort_indexed(answers):
    """``yes`` when a declared field has ``^``, an index for its sorts, which a revision creates."""
    return _yes(any(field["indexed"] for field in _declared(answers)))


def revision_before(answers, revision):
    """The revision that a revision of the template revises: the last before it that the answers keep.

    The template's revisions in order, each with whether the answers keep it
    (post_gen_project removes the others).
    """
    signed_in = answers["auth"] != "none"
    kept = {
        "0001": True,
        "0002": answers["__field_defaults"] == "yes",
        "0003": True,
        "0004": signed_in,
        "ids_never_reused": True,
        "admins": signed_in,
        "workspaces": signed_in,
        "unique_within_workspaces": answers["__unique_within_workspaces"] == "yes",
        "search_indexes": answers["__search_indexes"] == "yes",
        "sort_indexes": answers["__sort_indexes"] == "yes",
        "row_versions": True,
    }
    before = list(kept)[: list(kept).index(revision)]
    return next(name for name in reversed(before) if kept[name])


def resources(answers):
    """The two resources the answers declare, as specs.Resource: what the code templates write."""
    parent, child = Names(answers["parent_resource"]), Names(answers["child_resource"])
    return (
        specs.Resource(
            parent,
            tuple(fields_or_nothing(answers["parent_fields"])),
            children=(child,),
            owned=answers["auth"] != "none",
            in_workspaces=answers["auth"] != "none",
        ),
        specs.Resource(
            child,
            tuple(fields_or_nothing(answers["child_fields"])),
            parent=parent,
            in_workspaces=answers["auth"] != "none",
        ),
    )


def example_resource(answers, candidates=("Note", "Remark", "Memo", "Annotation")):
    """A class name the README's example of ``flask scaffold`` can add under the child: the first one free."""
    parent, child = Names(answers["parent_resource"]), Names(answers["child_resource"])
    for name in candidates:
        new = Names(name)
        clashes = [specs.differ_problem(new, "", other, "") for other in (parent, child)]
        if not any(clashes) and not specs.derived_names_problem(new, child, ["body", "pinned"]):
            return name
    raise ValueError("No example name is free for these resources.")


def schema_example(answers, candidates=(("code", "reference"), ("label", "tag"), ("badge", "marker"))):
    """The README's example of changing the schema: a field ``added`` to the parent, then ``renamed``.

    The first pair of names that the parent leaves free: not one of its fields, its relationships or the
    names the project's code gives it.
    """
    parent, child = Names(answers["parent_resource"]), Names(answers["child_resource"])
    owned = answers.get("auth") != "none"
    taken = {field["name"] for field in fields_or_nothing(answers.get("parent_fields", ""))}
    taken |= {child.plural, *specs.used_names(parent, children=[child], owned=owned), *RESERVED_FIELD_NAMES}
    numbered = ((f"code{number}", f"reference{number}") for number in itertools.count(2))
    for added, renamed in itertools.chain(candidates, numbered):  # a parent has at most 40 fields
        if not {added, renamed} & taken:
            return {"added": added, "renamed": renamed}


def name_rules(answers):
    """The sentences with which the name rules (specs.py) refuse the answers' two resources: for the hook.

    Each key is the hook check that reports a rule, its value the sentence
    or "" (by answer, for the checks made for each resource); ``answers``
    holds what the sentences were made from, so that the hook can tell.
    """
    keys = ("parent_resource", "child_resource", "parent_fields", "child_fields", "auth")
    rules = {"answers": {key: answers.get(key) for key in keys}}
    rules["check_class_name"] = {
        key: specs.class_name_problem(answers.get(key), f'{key} "{answers.get(key)}"') or ""
        for key in ("parent_resource", "child_resource")
    }
    for check in ("check_resources_differ", "check_derived_names", "check_identifier_lengths"):
        rules[check] = ""
    for check in ("check_field_names", "check_field_identifier_lengths"):
        rules[check] = {"parent_fields": "", "child_fields": ""}
    if not any(rules["check_class_name"].values()):  # the other names are made from these
        rules.update(_pair_rules(answers))
    return rules


def _pair_rules(answers):
    parent, child = Names(answers["parent_resource"]), Names(answers["child_resource"])
    owned = answers.get("auth") != "none"  # the parent has the owner column of sign-in
    fields = {key: fields_or_nothing(answers.get(key, "")) for key in ("parent_fields", "child_fields")}
    names = {key: [field["name"] for field in declared] for key, declared in fields.items()}
    derived = (
        specs.derived_names_problem(parent)
        or specs.derived_names_problem(
            child, parent, names["child_fields"], "child_fields", names["parent_fields"], "parent_fields", owned
        )
        or specs.reserved_names_problem(parent, owned)
        or specs.reserved_names_problem(child, owned)
    )
    used = {
        "parent_fields": specs.used_names(parent, children=[child], owned=owned),
        "child_fields": specs.used_names(child, parent=parent, in_workspaces=owned),
    }
    resources = {"parent_fields": parent, "child_fields": child}
    return {
        "check_resources_differ": specs.differ_problem(
            child, f'child_resource "{child.name}"', parent, f'parent_resource "{parent.name}"'
        )
        or "",
        "check_derived_names": derived or "",
        "check_identifier_lengths": specs.identifier_lengths_problem(
            child, parent, "parent_resource and child_resource"
        )
        or "",
        "check_field_names": {key: specs.field_names_problem(fields[key], used[key], key) or "" for key in fields},
        "check_field_identifier_lengths": {
            key: specs.field_identifier_lengths_problem(
                resources[key], fields[key], key.replace("_fields", "_resource"), key
            )
            or ""
            for key in fields
        },
    }


def register(environment):
    """Add the filters the template's files use: names, field specs, and code from declared fields."""
    environment.filters["snake"] = snake
    environment.filters["pluralize"] = pluralize
    environment.filters["adapter_modules"] = adapter_modules
    environment.filters["py_string"] = py_string
    environment.filters["fields"] = fields_or_nothing
    environment.filters["field_spec_error"] = field_spec_error
    environment.filters["field_defaults"] = field_defaults
    environment.filters["unique_within_workspaces"] = unique_within_workspaces
    environment.filters["text_to_search"] = text_to_search
    environment.filters["sort_indexed"] = sort_indexed
    environment.filters["revision_before"] = revision_before
    environment.filters["name_rules"] = name_rules
    environment.filters["resources"] = resources
    environment.filters["example_resource"] = example_resource
    environment.filters["schema_example"] = schema_example
    for name in codegen.FILTERS:
        environment.filters[name] = getattr(codegen, name)
