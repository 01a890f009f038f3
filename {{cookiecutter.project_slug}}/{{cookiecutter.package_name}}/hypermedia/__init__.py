"""The generic layer: what makes ripozo a strict, fast, hypermedia API on Flask and SQLAlchemy.

Nothing in this package names the project's resources; the project declares
its models (``models.py``) and resources (``resources.py``), and serves them
with ``dispatcher.Api`` (``api.py``).  What a project usually overrides, and
when, is said where it is defined:

- ``resources.CollectionResource``: a model served with create, read,
  update, delete and a paginated, filterable list; ``manager_class`` to
  change how rows are read and written.
- ``managers.Manager``: strict validation, bounded ordered queries,
  serialisation, a mixin for each (``reading``, ``writing``, ``listing``,
  ``related``); its field lists follow from the model's columns.
- ``dispatcher.Api``: routes, content negotiation, bodies and error
  answers, a mixin for each; ``json_endpoint`` declares an endpoint
  outside ripozo.
- ``scoping.restrict_rows``: limit the rows every query sees (sign-in uses it).
- ``preconditions`` and ``idempotency``: an ETag on every answer, If-Match
  checked and the row's version bumped in one statement, and the answers of
  creates sent with an Idempotency-Key kept with their rows.
- ``fields``: the strict input types, one for each column type.
- ``adapters``: Siren, HAL, JSON:API and plain JSON, with ripozo's defects fixed.
- ``accounts``: accounts and sign-in, when the project has them (auth.py).
- ``labels``: what a person reads for a row; ``display_field`` on a resource.
- ``scaffold``: ``flask scaffold``, which adds a resource under any resource,
  and ``flask readme``, which writes the README's tables of fields again.
- ``migrations``: how ``migrations/env.py`` runs revisions (one
  transaction, SQLite's rebuilds without cascades) and reviews the ones
  ``flask db migrate`` writes (renames, drops, changes rows may not fit).
- ``requestlog`` and ``metrics``: request ids, the request log as text or
  JSON, and Prometheus metrics at ``/metrics``; ``database`` says whether
  the schema is at the migrations' head, for ``/readyz``.
"""

from .errors import FieldError
from .resources import CollectionResource, FilteredList, Index, ManyToMany, ToMany, ToOne, add_child

__all__ = [
    "CollectionResource",
    "FieldError",
    "FilteredList",
    "Index",
    "ManyToMany",
    "ToMany",
    "ToOne",
    "add_child",
]
