"""The rules new resources and fields meet, in the order that the commands apply them: specs.py's, then ours.

The template applies the same rules of specs.py to the two resources a
project starts with; what depends on the resources a project has already
(a name taken, an unknown parent, the resource a reference refers to) is
here.  ``new_resource`` is ``flask scaffold``'s, ``new_fields`` ``flask
add-fields``'s.
"""

from dataclasses import replace

from . import specs
from .project import Refusal

# Where new fields come from, in sentences.
FIELDS = "the fields"


def new_resource(project, name, parent_name, spec):
    """The resource ``name`` under ``parent_name`` (or none) with the fields ``spec``, as specs.Resource.

    Raises Refusal with the sentence of the first rule it breaks.
    """
    _refuse(specs.class_name_problem(name, f'The resource "{name}"'))
    parent = None
    if parent_name is not None:
        parent = _known(project, parent_name, f'The parent "{parent_name}"')
        _refuse(project.unusual_problem(parent_name, "adds resources only under"))
    fields = _parsed(project, spec)
    new = specs.Names(name)
    _refuse_taken(project, new)
    owned = parent is None and project.signed_in
    _refuse(_names_problem(project, new, parent, fields, owned))
    resource = specs.Resource(
        new,
        _in_model_order(fields),
        parent=parent.names if parent else None,
        owned=owned,
        in_workspaces=project.signed_in,
    )
    _refuse(_references_problem(project, resource, {new.snake}))
    _refuse(specs.field_identifier_lengths_problem(new, fields, f'"{name}"', FIELDS))
    return resource


def new_fields(project, name, spec):
    """The resource ``name`` with the fields ``spec`` added, as ``(added, grown)``.

    Both are specs.Resource: ``added`` has only the new fields, ``grown``
    all of them, in the order the model declares them (columns, then
    many-to-many relationships).  Raises Refusal with the sentence of the
    first rule it breaks.
    """
    resource = _known(project, name, f'The model "{name}"')
    _refuse(project.unusual_problem(name, "adds fields only to"))
    fields = _parsed(project, spec)
    for field in fields:
        _refuse(_rows_problem(resource, field))
    _refuse(specs.field_names_problem(fields, _taken_on(project, resource), FIELDS))
    added = replace(resource, fields=_in_model_order(fields))
    _refuse(_references_problem(project, added, set()))
    _refuse(specs.field_identifier_lengths_problem(resource.names, fields, f'"{name}"', FIELDS))
    return added, replace(resource, fields=_in_model_order([*resource.fields, *fields]))


def _known(project, name, subject):
    """The resource ``name`` of the project, or a Refusal naming its resources."""
    if name not in project.resources:
        known = ", ".join(sorted(project.resources))
        raise Refusal(f"{subject} is not a resource of this project; its resources are {known}.")
    return project.resources[name]


def _parsed(project, spec):
    try:
        return _accounts_marked(project, specs.parse_fields(spec, references=True))
    except specs.FieldSpecError as error:
        raise Refusal(str(error)) from None


def _in_model_order(fields):
    """The fields as the model declares them, and the project reads them back: columns, then many-to-many."""
    return tuple(sorted(fields, key=lambda field: field["type"] == "refs"))


def _refuse_taken(project, new):
    """A model, table or URL the project has already."""
    if new.name in project.classes:
        raise Refusal(f'The model "{new.name}" exists already; choose another name.')
    for existing in project.resources.values():
        _refuse(specs.differ_problem(new, f'"{new.name}"', existing.names, f'The resource "{existing.name}"'))
    _refuse(specs.reserved_names_problem(new, project.signed_in))
    if new.snake in project.tables:
        raise Refusal(f'The table "{new.snake}" exists already; choose another name.')
    if new.url in project.urls:
        raise Refusal(f'The URL "{new.url}" is a collection\'s already; choose another name.')


def _names_problem(project, new, parent, fields, owned):
    """The names made from ``new`` under ``parent``, against its fields and its parent's names."""
    names = [name for field in fields for name in specs.made_names(field)]
    if parent is None:
        return specs.derived_names_problem(new) or specs.field_names_problem(
            fields, specs.used_names(new, owned=owned), FIELDS
        )
    parent_attributes = sorted(project.attributes[parent.name])
    where = f"{parent.name}'s model"
    for attribute in (new.add_method, new.list_link):
        if attribute in project.resource_attributes[parent.name]:
            taken = f'{parent.name}Resource has "{attribute}" already'
            return f'{taken}, which "{new.name}" makes; choose another name.'
    return (
        specs.derived_names_problem(
            new, parent.names, names, FIELDS, parent_attributes, where, owned=parent.owned
        )
        or specs.identifier_lengths_problem(new, parent.names, f'"{new.name}" and "{parent.name}"')
        or specs.field_names_problem(
            fields, specs.used_names(new, parent=parent.names, in_workspaces=project.signed_in), FIELDS
        )
        or specs.field_names_problem(
            [{"name": attribute} for attribute in parent_attributes],
            specs.used_names(parent.names, children=[new]),
            where,
        )
    )


def _rows_problem(resource, field):
    """Why a field cannot be added to a table that may hold rows: it is required, and they would have none."""
    subject = f'The field "{field["name"]}" in {FIELDS}'
    rows = f"the {resource.table} table may hold rows"
    if field["optional"] or field["default"] is not None:
        return None
    if field["type"] == "ref":
        return (
            f"{subject} is a required reference, which can have no default, but {rows}: make it optional (?)."
        )
    return (
        f"{subject} is required and has no default, but {rows}: make it optional (?) or give it a default "
        "(=...)."
    )


def _taken_on(project, resource):
    """The names the model and resource of ``resource`` have already, and what each is: ``{name: words}``."""
    name = resource.name
    taken = dict.fromkeys(project.attributes[name], f"an attribute of {name}'s model")
    taken.update(
        {made: f"one of {name}'s fields" for field in resource.fields for made in specs.made_names(field)}
    )
    if resource.parent is not None:
        taken[resource.parent.snake] = f"{name}'s relationship to its {resource.parent.name}"
    for child in resource.children:
        taken[child.plural] = f"{name}'s relationship to its {child.name} rows"
    taken.update(
        specs.used_names(
            resource.names, resource.parent, resource.children, resource.owned, resource.in_workspaces
        )
    )
    return taken


def _references_problem(project, resource, new_tables):
    """Why a reference of ``resource`` cannot be made: its target, or a name its association table takes."""
    for reference in resource.references:
        problem = _target_problem(project, resource, reference) or _association_problem(
            project, reference, new_tables
        )
        if problem:
            return problem
    return None


def _target_problem(project, resource, reference):
    subject = f'The field "{reference.name}" in {FIELDS}'
    target = reference.target.name
    if reference.to_account:
        return _account_problem(reference, subject)
    if reference.many and len(set(reference.columns())) == 1:
        return (
            f'{subject} makes an association table whose two columns would both be "{reference.own_column}"; '
            "choose another name."
        )
    if reference.many and target == resource.name:
        return (
            f"{subject} refers to many rows of its own resource, {target}, which the command does not "
            "support: a many-to-many of a resource with itself needs its joins written by hand."
        )
    if target == resource.name:  # a ref to a row of its own resource, a new one's too
        return None
    if target not in project.resources:
        known = ", ".join(sorted(project.resources))
        return (
            f'{subject} refers to "{target}", which is not a resource of this project; its resources are '
            f"{known}."
        )
    related = {child.name: f"a resource under {resource.name}" for child in resource.children}
    if resource.parent is not None:
        related[resource.parent.name] = f"the resource {resource.name} is under"
    if not reference.many and target in related:
        return (
            f"{subject} refers to {target}, {related[target]}, which the command does not support: the "
            "relationship between them would need its foreign keys named by hand."
        )
    return project.unusual_problem(target, "refers only to")


def _account_problem(reference, subject):
    """Why a reference to the accounts of sign-in cannot be made: it is not to one, optional."""
    if reference.many:
        return (
            f"{subject} refers to many accounts, which the command does not offer: a reference to a person "
            f"is to one member of the workspace, {reference.name}:ref({specs.ACCOUNT_CLASS})?."
        )
    if not reference.field["optional"]:
        return (
            f"{subject} refers to an account, which must be optional ({reference.name}:ref("
            f"{specs.ACCOUNT_CLASS})?): removing the member from the workspace empties it."
        )
    return None


def _accounts_marked(project, fields):
    """``fields``, each reference to the account class of sign-in marked with its table (``target_table``)."""
    if not project.signed_in:
        return list(fields)
    return [
        {**field, "target_table": specs.ACCOUNT_TABLE}
        if field["type"] in specs.REFERENCE_TYPES and field["target"] == specs.ACCOUNT_CLASS
        else field
        for field in fields
    ]


def _association_problem(project, reference, new_tables):
    """A refs' association table whose name is a table's already, or a field's of the list that it filters."""
    if not reference.many:
        return None
    subject, table = f'The field "{reference.name}" in {FIELDS}', reference.table
    if table in project.tables | new_tables | {specs.MIGRATIONS_TABLE, specs.ACCOUNT_TABLE}:
        return f'{subject} makes the table "{table}", which the project has already; choose another name.'
    target = project.resources[reference.target.name]
    names = project.attributes[target.name] | {
        made for field in target.fields for made in specs.made_names(field)
    }
    if table in names | set(specs.RESERVED_FIELD_NAMES):
        return (
            f'{subject} makes "{table}", the filter of the {target.name} list by the rows that link to them, '
            f"which is the name of one of {target.name}'s fields already; choose another name."
        )
    return None


def _refuse(sentence):
    if sentence:
        raise Refusal(sentence)
