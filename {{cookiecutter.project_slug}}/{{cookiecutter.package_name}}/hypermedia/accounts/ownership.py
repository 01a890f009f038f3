"""Each user's rows: those of the workspaces they are a member of, of the owned models and under them.

auth.py names the owned models: each has a column that refers to the
workspace table (``workspace_id``), which a create may name (one the
user may write to: roles.py) and which is otherwise set on insert to the
signed-in user's personal workspace; no update changes it.  A model whose parent relationship
(many-to-one) leads to an owned model, at any depth, is owned through it:
a user sees a task only in a board of one of their workspaces.  Every ORM
query goes through ``scoping.restrict_rows``, so a row of another workspace
is a 404 and a reference to one a 404 too; a reference to a row of
another of the user's workspaces is refused as well (404), for each
reference stays inside its row's workspace.  An admin (the account's
``is_admin``) reads and writes every row, and each of their writes is
logged with their id by the ``<app>.admin`` logger.
"""

from functools import cache, lru_cache

from flask import current_app, g, request
from sqlalchemy import bindparam, event, exists, inspect, literal, orm, select, update

from .. import scoping
from ..errors import FieldError
from ..managers import links
from ..managers.links import declared_parent
from ..managers.writing import referred_noun
from .signin import current_user, signed_in_admin
from .workspaces import WORKSPACE_TABLE

# The methods that write nothing, which an admin's log leaves out.
_READS = frozenset(("GET", "HEAD", "OPTIONS"))


def init_app(app, session, owned):
    """Scope every query of ``session`` to the signed-in user's rows of ``owned`` and below."""
    accounts = app.extensions["accounts"]
    accounts.tree = _tree(tuple(owned), accounts.workspace.__table__)
    scoping.restrict_rows(session, owned_rows)
    scoping.restrict_references(app, _references_in_workspace)
    if not event.contains(session, "before_flush", _forget_removed_members):
        event.listen(session, "before_flush", _forget_removed_members)
    for model in owned:
        if not event.contains(model, "before_insert", _set_workspace):
            event.listen(model, "before_insert", _set_workspace)
    admin_log = app.logger.getChild("admin")

    @app.after_request
    def _log_admin_writes(response):
        if signed_in_admin() and request.method not in _READS:
            (admin_id,) = inspect(current_user()).identity
            written = {"admin_id": admin_id, "method": request.method, "path": request.path}
            admin_log.info(
                "Admin %s: %s %s %s",
                admin_id,
                request.method,
                request.path,
                response.status_code,
                extra={**written, "status": response.status_code},
            )
        return response


def owned_rows():
    """The loader criteria of the signed-in user's rows; none for an admin, or outside a signed-in request."""
    user = current_user()
    if user is None or signed_in_admin():  # read with the account each request: a change holds at the next
        return ()
    (user_id,) = inspect(user).identity  # known without a query, even once the row has expired
    return _member_of(current_app.extensions["accounts"].tree, user_id)


@lru_cache(maxsize=1024)
def _member_of(tree, user_id):
    """The criteria of the rows of one user's workspaces, kept for the latest 1,024 users.

    Each criterion is a plain expression in which the user's id is a bound
    value: SQLAlchemy caches the statement once for every user.  Who is a
    member is read by the statement itself, so that a change holds from
    the next request, on every instance.  The workspaces themselves, and
    their members, are those of the user's workspaces too.
    """
    accounts = current_app.extensions["accounts"]
    # Aliased: the criterion of the member model is itself about members.
    membership = accounts.member.__table__.alias("membership")
    workspaces = select(membership.c.workspace_id).where(membership.c.account_id == user_id).correlate(None)
    criteria = [(model, _condition(model, path, workspaces)) for model, path in tree]
    criteria.append((accounts.workspace, accounts.workspace.__table__.c.id.in_(workspaces)))
    criteria.append((accounts.member, accounts.member.__table__.c.workspace_id.in_(workspaces)))
    return tuple(
        orm.with_loader_criteria(model, condition, include_aliases=True) for model, condition in criteria
    )


def _condition(model, path, workspaces):
    """A row of ``model`` is in one of ``workspaces``, through its parents up the ``path`` to an owned model.

    Written as ``IN`` the user's workspaces (or the ids of the parents in
    them), never as a correlated EXISTS, so that a list reads through the
    index on (workspace, id), or on (parent, id), rather than walking every
    row in id order and checking each: a user with 20 rows among 20,000
    others' reads 20.  The subqueries name the tables, not the models, so
    that the criteria of the models they read are not applied inside them
    again, and correlate with nothing outside.
    """
    if not path:
        return workspace_column(model).in_(workspaces)
    relationship = getattr(model, path[0]).property
    ((local, remote),) = relationship.local_remote_pairs
    parent = relationship.mapper.class_
    parents = select(remote).where(_condition(parent, path[1:], workspaces)).correlate(None)
    return local.in_(parents)


def _tree(owned, workspace_table):
    """(model, names of the relationships up to an owned model) for each owned model and each under one."""
    for model in owned:
        workspace_column(model)  # refuses, at start, an owned model without one
    tree = []
    for mapper in sorted(owned[0].registry.mappers, key=lambda mapper: mapper.class_.__name__):
        path = _path_to_owned(mapper.class_, owned)
        if path is not None:
            tree.append((mapper.class_, path))
    return tuple(tree)


def _path_to_owned(model, owned, seen=()):
    """The parent relationships from ``model`` up to an owned model, or None if it is not under one.

    Each step is the declared parent (``links.declared_parent``), never a
    reference: a ticket's milestone may be empty, its project never is.
    """
    if model in owned:
        return ()
    relationship = declared_parent(model)
    if relationship is None or relationship.mapper.class_ in seen:
        return None
    path = _path_to_owned(relationship.mapper.class_, owned, (*seen, model))
    return None if path is None else (relationship.key, *path)


@cache
def workspace_column(model):
    """The table column of ``model`` that refers to the workspace table: the workspace its rows belong to."""
    workspace_table = model.registry.metadata.tables[WORKSPACE_TABLE]
    columns = [
        column
        for column in model.__table__.columns
        if any(key.column.table is workspace_table for key in column.foreign_keys)
    ]
    if len(columns) == 1:
        return columns[0]
    if "owner_id" in model.__table__.columns:  # written before workspaces owned the rows
        raise RuntimeError(
            f"{model.__name__} declares owner_id, as owned models did before workspaces: in models.py, "
            'replace that column and its index with the workspace_id the README shows under "Sign in", '
            "then run flask db upgrade, which moves its rows to their owners' personal workspaces."
        )
    raise RuntimeError(
        f"{model.__name__} is owned, so it needs one column that refers to {workspace_table.name}, "
        f"not {len(columns)}."
    )


@cache
def workspace_key(model):
    """The attribute of an owned ``model`` that names its workspace: ``workspace_column``'s."""
    return model.__mapper__.get_property_by_column(workspace_column(model)).key


def _set_workspace(mapper, connection, row):
    """A new row of an owned model goes to the signed-in user's personal workspace, unless it names one."""
    name = workspace_key(type(row))
    if getattr(row, name) is None and current_user() is not None:
        setattr(row, name, g.get("personal_workspace_id"))


@cache
def workspace_statement(model, path):
    """SELECT the workspace of the ``model`` row ``:id``, joined up the ``path`` to its owned model."""
    table = model.__table__
    tables, current = table, model
    for name in path:
        relationship = getattr(current, name).property
        ((local, remote),) = relationship.local_remote_pairs
        tables = tables.join(relationship.mapper.local_table, remote == local)
        current = relationship.mapper.class_
    (key,) = model.__mapper__.primary_key
    return select(workspace_column(current)).select_from(tables).where(key == bindparam("id"))


def _references_in_workspace(session, row, linked):
    """Refuse (404) a reference of a written row to a row of another workspace, even one the user sees.

    Its foreign keys to rows of owned models or under them, and the ids of
    the many-to-manys the write sets (``linked``): each is read up to its
    workspace (from the session where it holds the rows, else one statement
    a reference), and must be the row's own.  A reference to an account
    (``assignee_id``) must name a member of the row's workspace, and is
    refused as a missing row is otherwise: nobody learns who has an account.
    """
    accounts = current_app.extensions["accounts"]
    model = type(row)
    path = dict(accounts.tree).get(model)
    if path is None:
        return
    references = [
        (column.key, target, [getattr(row, key)])
        for key, column, target in _references(model, accounts.tree, accounts.model.__table__)
        if getattr(row, key) is not None
    ]
    references += [(name, links.linked_ids(model)[name].target, ids) for name, ids in linked.items()]
    if not any(ids for _, _, ids in references):
        return
    (row_id,) = model.__mapper__.primary_key_from_instance(row)
    own = workspace_of(session, model, path, row_id)
    tree = dict(accounts.tree)
    for name, target, ids in references:
        for value in ids:
            if target is None:
                _check_member(session, accounts, own, name, value)
            elif workspace_of(session, target, tree[target], value) != own:
                noun = target.__table__.name.replace("_", " ")
                raise FieldError(
                    name,
                    f'The field "{name}" refers to {noun} {value}, which is in another workspace than this '
                    f"{model.__table__.name.replace('_', ' ')}: a reference stays inside its workspace.",
                    status_code=404,
                )


def _check_member(session, accounts, workspace_id, name, account_id):
    """Refuse a reference to an account that is not a member of the workspace: as if there were none (404)."""
    table = accounts.member.__table__
    member = exists().where(table.c.workspace_id == workspace_id, table.c.account_id == account_id)
    if not session.connection().scalar(select(member)):
        noun = referred_noun(accounts.model.__table__.c.id, accounts.model.registry)  # as a missing row's
        raise FieldError(
            name, f'The field "{name}" refers to {noun} {account_id}, which does not exist.', status_code=404
        )


@cache
def _references(model, tree, account_table):
    """What a row of ``model`` refers to but its parent: ``(attribute, column, target)``, worked out once.

    ``target`` is the model of ``tree`` whose rows the column refers to, or
    None for ``account_table``: a reference to a member of the workspace.
    """
    parent_key = _parent_key(model, dict(tree)[model])
    models = tuple(owned for owned, _ in tree)
    found = []
    for column in model.__table__.columns:
        if column is parent_key:
            continue
        key = model.__mapper__.get_property_by_column(column).key
        if any(foreign_key.column.table is account_table for foreign_key in column.foreign_keys):
            found.append((key, column, None))
        elif (target := _row_model(column, models)) is not None:
            found.append((key, column, target))
    return tuple(found)


def _forget_removed_members(session, flush_context, instances):
    """A member removed from a workspace (or leaving it) is no longer referred to by its rows: null.

    Each optional reference to an account (``assignee_id``) of a row of the
    workspace, at any depth, that names them; an account deleted sets them
    to null itself (``ondelete="SET NULL"``).
    """
    accounts = current_app.extensions.get("accounts")  # none in an app of the same models without sign-in
    removed = [row for row in session.deleted if accounts is not None and type(row) is accounts.member]
    for member in removed:
        workspace = select(literal(member.workspace_id))
        for model, path in accounts.tree:
            for _, column, target in _references(model, accounts.tree, accounts.model.__table__):
                if target is None and column.nullable:
                    forgotten = column == member.account_id, _condition(model, path, workspace)
                    statement = update(model.__table__).where(*forgotten).values({column.key: None})
                    session.connection().execute(statement)


def workspace_of(session, model, path, row_id):
    """The workspace of the ``model`` row ``row_id``, up the ``path`` to its owned model.

    Read from the rows the session holds while it holds them, loaded (a
    write's parent, found as the write checked it): no statement; from
    the first row it does not hold on, with one.
    """
    while True:
        held = session.identity_map.get(model.__mapper__.identity_key_from_primary_key((row_id,)))
        loaded = inspect(held).dict if held is not None else {}
        column = workspace_column(model) if not path else _parent_key(model, path)
        key = model.__mapper__.get_property_by_column(column).key
        if key not in loaded:
            return session.connection().execute(workspace_statement(model, path), {"id": row_id}).scalar()
        if not path:
            return loaded[key]
        model, path, row_id = getattr(model, path[0]).property.mapper.class_, path[1:], loaded[key]


def _parent_key(model, path):
    """The column of ``model`` that refers to its parent, whose workspace is its own; None at the top."""
    if not path:
        return None
    ((local, _),) = getattr(model, path[0]).property.local_remote_pairs
    return local


@cache
def _row_model(column, models):
    """The model of ``models`` whose rows ``column`` refers to, or None."""
    for key in column.foreign_keys:
        for model in models:
            if model.__table__ is key.column.table:
                return model
    return None
