{%- set resources = cookiecutter | resources -%}
{%- import "{{cookiecutter.package_name}}/hypermedia/scaffold/templates/resources.j2" as code -%}
"""The API's resources: what each one serves, and the links between them.

Each shows and accepts its model's columns (models.py); the generic
machinery is in ``hypermedia``.
"""

from . import hypermedia, models


{% for resource in resources -%}
{{ code.resource(resource) }}


{% endfor -%}
{{ code.index(resources) }}
