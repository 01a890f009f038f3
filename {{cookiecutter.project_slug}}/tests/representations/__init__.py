"""How a client reads and writes each representation the API serves.

Each class speaks one media type through Flask's test client; the tests
are written once against their common interface.
"""

{% if cookiecutter.adapter_hal -%}
from .hal import Hal
{% endif -%}
{% if cookiecutter.adapter_json -%}
from .json import Json
{% endif -%}
{% if cookiecutter.adapter_jsonapi -%}
from .jsonapi import JsonApi
{% endif -%}
{% if cookiecutter.adapter_siren -%}
from .siren import Siren
{% endif %}
REPRESENTATIONS = {
    representation.media_type: representation
    for representation in [
{%- if cookiecutter.adapter_siren %}
        Siren,
{%- endif %}
{%- if cookiecutter.adapter_hal %}
        Hal,
{%- endif %}
{%- if cookiecutter.adapter_jsonapi %}
        JsonApi,
{%- endif %}
{%- if cookiecutter.adapter_json %}
        Json,
{%- endif %}
    ]
}
