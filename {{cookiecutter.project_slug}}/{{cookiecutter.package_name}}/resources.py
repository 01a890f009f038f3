"""The API's resources: what each one serves, and the links between them.

Each shows and accepts its model's columns (models.py); the generic
machinery is in ``hypermedia``.
"""

from . import hypermedia, models


class {{ cookiecutter.parent_resource }}Resource(hypermedia.CollectionResource):
    """{{ cookiecutter.__parent_plural | capitalize | replace("_", " ") }}, each embedding its first page of {{ cookiecutter.__child_plural | replace("_", " ") }}."""

    model = models.{{ cookiecutter.parent_resource }}
    resource_name = "{{ cookiecutter.__parent_url }}"
    _relationships = (
        hypermedia.ToMany("{{ cookiecutter.__child_plural }}", relation="{{ cookiecutter.child_resource }}Resource"),
        hypermedia.FilteredList(
            "{{ cookiecutter.__child_url }}_list",
            relation="{{ cookiecutter.child_resource }}Resource",
            foreign_key="{{ cookiecutter.__parent_fk }}",
        ),
    )

    {{ cookiecutter.__add_child }} = hypermedia.add_child(
        "{{ cookiecutter.child_resource }}Resource",
        foreign_key="{{ cookiecutter.__parent_fk }}",
        route="{{ cookiecutter.__add_child_url }}",
    )


class {{ cookiecutter.child_resource }}Resource(hypermedia.CollectionResource):
    """{{ cookiecutter.__child_plural | capitalize | replace("_", " ") }}, each linking to its {{ cookiecutter.__parent_snake | replace("_", " ") }}."""

    model = models.{{ cookiecutter.child_resource }}
    resource_name = "{{ cookiecutter.__child_url }}"
    _relationships = (
        hypermedia.ToOne(
            "{{ cookiecutter.__parent_snake }}",
            relation="{{ cookiecutter.parent_resource }}Resource",
            foreign_key="{{ cookiecutter.__parent_fk }}",
        ),
    )


class Index(hypermedia.Index):
    """Where a client starts: a link to each collection."""

    collections = ({{ cookiecutter.parent_resource }}Resource, {{ cookiecutter.child_resource }}Resource)
