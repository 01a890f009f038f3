"""Schemathesis's hooks for this API (schemathesis.toml loads them).

Schemathesis's coverage phase writes header values of letters and digits only,
so for If-Match, If-None-Match and Idempotency-Key, whose values are quoted, it
finds no valid value: the requests it means to be valid then carry a made-up
one ("0"), which the API rightly refuses (400) and Schemathesis counts as valid
data rejected. These headers are optional, so such a request is sent without
the header instead; the requests meant to break a header keep it.
"""

import re

import schemathesis
from schemathesis import GenerationMode


@schemathesis.hook
def before_call(context, case, **kwargs):
    """Leave out of a valid request each header whose value its own pattern refuses."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE or not case.headers:
        return
    for parameter in case.operation.iter_parameters():
        if parameter.location.value != "header":
            continue
        pattern = parameter.definition.get("schema", {}).get("pattern")
        value = case.headers.get(parameter.name)
        if pattern and value is not None and not re.search(pattern, value):
            del case.headers[parameter.name]
