"""The rules a new resource meets, in the order the command applies them: specs.py's, and the project's.

The template applies the same rules of specs.py to the two resources a
project starts with; what depends on the resources a project has already
(a name taken, an unknown parent) is here.
"""

from . import specs
from .project import Refusal

# Where a new resource's fields come from, in sentences.
FIELDS = "the fields"


def new_resource(project, name, parent_name, spec):
    """The resource ``name`` under ``parent_name`` (or none) with the fields ``spec``, as specs.Resource.

    Raises Refusal with the sentence of the first rule it breaks.
    """
    _refuse(specs.class_name_problem(name, f'The resource "{name}"'))
    parent = None
    if parent_name is not None:
        parent = project.resources.get(parent_name)
        if parent is None:
            known = ", ".join(sorted(project.resources))
            raise Refusal(
                f'The parent "{parent_name}" is not a resource of this project; its resources are {known}.'
            )
        _refuse(project.unusual.get(parent_name))
    try:
        fields = specs.parse_fields(spec)
    except specs.FieldSpecError as error:
        raise Refusal(str(error)) from None
    new = specs.Names(name)
    _refuse_taken(project, new)
    owned = parent is None and project.signed_in
    _refuse(_names_problem(project, new, parent, fields, owned))
    _refuse(specs.field_identifier_lengths_problem(new, fields, f'"{name}"', FIELDS))
    return specs.Resource(new, tuple(fields), parent=parent.names if parent else None, owned=owned)


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
    names = [field["name"] for field in fields]
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
        or specs.field_names_problem(fields, specs.used_names(new, parent=parent.names), FIELDS)
        or specs.field_names_problem(
            [{"name": attribute} for attribute in parent_attributes],
            specs.used_names(parent.names, children=[new]),
            where,
        )
    )


def _refuse(sentence):
    if sentence:
        raise Refusal(sentence)
