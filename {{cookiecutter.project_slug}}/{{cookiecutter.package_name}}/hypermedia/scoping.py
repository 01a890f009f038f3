"""Row scoping: the one place a project limits which rows every query sees, and which a write may refer to."""

from functools import cache, lru_cache

from flask import current_app
from sqlalchemy import event


def restrict_rows(session, criteria):
    """Restrict every ORM SELECT made through ``session`` to the rows ``criteria()`` allows.

    Override nothing else to hide rows: lookups, lists, embedded related
    rows and the foreign key checks of writes all go through here, so a
    hidden row answers 404, and a reference to one answers 400.  auth.py
    uses it to show each user only their own rows.

    ``criteria`` is called for each SELECT and returns
    ``sqlalchemy.orm.with_loader_criteria`` options, or nothing to see every
    row.  Give those lambdas: SQLAlchemy then builds each criterion once
    and caches it, with the values the lambda closes over (a user id) as
    bound parameters.  Return the same options for the same rows (auth.py
    keeps them for each user): a statement run again with them is then
    restricted once, not on every run.  Restricting again with the same
    ``criteria`` (an app made for each test) changes nothing.
    """
    listener = _listener(criteria)
    if not event.contains(session, "do_orm_execute", listener):
        event.listen(session, "do_orm_execute", listener)


@cache
def _listener(criteria):
    # A statement that runs again with the same options (a list's, for the same user) is
    # restricted once: SQLAlchemy then finds its cache key without working it out again.
    restricted = lru_cache(maxsize=256)(lambda statement, options: statement.options(*options))

    def apply(state):
        if state.is_select:
            options = criteria()
            if options:
                state.statement = restricted(state.statement, tuple(options))

    return apply


def restrict_references(app, check):
    """Refuse references that ``check`` refuses, on every write of ``app``'s managers.

    ``check(session, row, linked)`` is called once a create or an update
    has flushed ``row``, before it is committed, with ``linked`` the ids
    each many-to-many of the write links it to (``{"label_ids": [3, 5]}``):
    it raises a RestException to refuse the write, which is then rolled
    back.  auth.py uses it to keep every reference inside its row's workspace.
    """
    checks = app.extensions.setdefault("reference_checks", [])
    if check not in checks:
        checks.append(check)


def check_references(session, row, linked):
    """Run the app's reference checks (``restrict_references``) on a written row."""
    for check in current_app.extensions.get("reference_checks", ()):
        check(session, row, linked)
