"""The API: its resources, served under URL_PREFIX in each representation it speaks."""

from . import resources
from .hypermedia import dispatcher
from .hypermedia.adapters import {{ cookiecutter.__adapter_modules }}
{%- if cookiecutter.browsable_api %}
from .hypermedia.adapters.html import HtmlAdapter
{%- endif %}

URL_PREFIX = "{{ cookiecutter.url_prefix }}"
# The first answers clients that accept anything.
ADAPTERS = [
{%- if cookiecutter.adapter_siren %}
    siren.SirenAdapter,
{%- endif %}
{%- if cookiecutter.adapter_hal %}
    hal.HalAdapter,
{%- endif %}
{%- if cookiecutter.adapter_jsonapi %}
    jsonapi.JsonApiAdapter,
{%- endif %}
{%- if cookiecutter.adapter_json %}
    json.JsonAdapter,
{%- endif %}
]


def init_app(app):
    dispatcher.Api(
        app,
        url_prefix=URL_PREFIX,
        adapters=ADAPTERS,
        index=resources.Index,
        title={{ cookiecutter.project_name | py_string }},
{%- if cookiecutter.browsable_api %}
        browsable=HtmlAdapter,  # browsers, which prefer text/html, get HTML pages; no other client does
{%- endif %}
    )
