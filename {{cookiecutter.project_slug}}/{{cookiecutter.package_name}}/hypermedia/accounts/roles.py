"""What each role may write, checked whenever the session flushes a signed-in user's writes.

A viewer reads a workspace's rows; an editor also creates, changes and
deletes them; an owner also renames or deletes the workspace and adds,
changes and removes its members.  A write the role does not allow is a
403: the user sees the row (ownership.py hides the others, a 404), but may
not change it.  Every member may leave a workspace (delete their own
membership).  A workspace keeps at least one owner, and an account stays
the owner of its personal workspace: a change that would end either is a
409.  An admin writes anything, and the commands (no signed-in user) too.

The check runs in ``before_flush``, so that it covers every write of
every manager, whatever a project overrides.  It reads the workspace of
each written row from the rows the session holds (a create's parent was
read to check it), else with one statement, then the user's roles with
one more, unless every row written is in the user's personal workspace,
which they always own: a project that never shares pays nothing more.
"""

from flask import current_app, g
from ripozo.exceptions import RestException
from sqlalchemy import event, exists, func, inspect, select
from sqlalchemy.orm import attributes

from ..errors import FieldError
from .ownership import workspace_key, workspace_of
from .signin import current_user, signed_in_admin
from .workspaces import WORKSPACE_TABLE

# The roles that write a workspace's rows, and the one that manages the workspace.
WRITERS = frozenset(("editor", "owner"))
OWNER = "owner"


class Forbidden(RestException):
    """A write the user's role does not allow, on a row they can see: a 403."""

    def __init__(self, message):
        super().__init__(message, status_code=403)


def init_app(session):
    """Check the role of the signed-in user for each write ``session`` flushes."""
    if not event.contains(session, "before_flush", _check_writes):
        event.listen(session, "before_flush", _check_writes)


def _check_writes(session, flush_context, instances):
    user = current_user()
    if user is None or signed_in_admin():
        return
    accounts = current_app.extensions["accounts"]
    (user_id,) = inspect(user).identity
    paths = dict(accounts.tree)
    rows, members, workspaces = [], [], []
    for row in (*session.new, *session.dirty, *session.deleted):
        if type(row) is accounts.member:
            members.append(row)
        elif type(row) is accounts.workspace:
            workspaces.append(row)
        elif type(row) in paths:  # dirty even when only its many-to-manys change (Writing.update flags it)
            rows.append(row)
    written = {}  # workspace id: a row written there, to name in the answer
    personal = g.get("personal_workspace_id")  # the user's own, which they always own (_keep_owners)
    for row in rows:
        for workspace_id in _workspaces_of(session, row, paths[type(row)]) - {personal}:
            written.setdefault(workspace_id, row)
    if not (written or members or workspaces):
        return
    connection = session.connection()
    roles = _roles(connection, accounts.member, user_id)
    for workspace_id, row in written.items():
        role = roles.get(workspace_id)
        if role is None:  # a create that names a workspace the user is not in: as if there were none
            raise FieldError("workspace_id", f"There is no workspace {workspace_id}.", status_code=404)
        if role not in WRITERS:
            noun = type(row).__table__.name.replace("_", " ")
            raise Forbidden(
                f"You are a {role} of workspace {workspace_id}: you may read its rows, not write them "
                f"(this {noun}). Ask one of its owners to make you an editor."
            )
    for workspace in workspaces:
        _check_workspace(session, workspace, roles)
    for member in members:
        _check_member(session, connection, member, roles, user_id)


def _roles(connection, member_model, user_id):
    """``{workspace id: role}`` of the user, as the database holds them now."""
    table = member_model.__table__
    statement = select(table.c.workspace_id, table.c.role).where(table.c.account_id == user_id)
    return dict(connection.execute(statement).all())


def _workspaces_of(session, row, path):
    """The workspaces a write of ``row`` touches: its own, and the one it leaves if it moves."""
    if not path:  # an owned model's row: its workspace column, None for the personal one (ownership.py)
        values = _values(row, workspace_key(type(row)))
        return {g.get("personal_workspace_id") if value is None else value for value in values}
    relationship = getattr(type(row), path[0]).property
    ((local, _),) = relationship.local_remote_pairs
    key = type(row).__mapper__.get_property_by_column(local).key
    parent = relationship.mapper.class_
    parent_ids = [value for value in _values(row, key) if value is not None]
    return {workspace_of(session, parent, path[1:], parent_id) for parent_id in parent_ids}


def _values(row, key):
    """The value of ``key`` on the row, and the one it had before this flush if it changed."""
    history = attributes.get_history(row, key)
    return {*history.added, *history.unchanged, *history.deleted} or {getattr(row, key)}


def _check_workspace(session, workspace, roles):
    """Renaming or deleting a workspace is for its owners; a personal one lives as long as its account."""
    if workspace in session.new:
        return  # anyone may make one; its maker is its first owner (members.py)
    _check_owner(roles, workspace.id, "change or delete it")
    if workspace in session.deleted and workspace.personal_of_id is not None:
        raise RestException(
            f"Workspace {workspace.id} is a personal workspace: it is deleted with its account, not before.",
            status_code=409,
        )


def check_owner(session, workspace_id, action):
    """Refuse (403) ``action`` on the workspace unless the signed-in user owns it (or is an admin)."""
    user = current_user()
    if user is not None and not signed_in_admin():
        (user_id,) = inspect(user).identity
        member_model = current_app.extensions["accounts"].member
        _check_owner(_roles(session.connection(), member_model, user_id), workspace_id, action)


def _check_owner(roles, workspace_id, action):
    if roles.get(workspace_id) != OWNER:
        raise Forbidden(f"Only an owner of workspace {workspace_id} may {action}.")


def _check_member(session, connection, member, roles, user_id):
    """Members are managed by owners; a member may leave; a workspace keeps an owner, an account its own."""
    table = type(member).__table__
    if member in session.new:
        first = not connection.scalar(select(func.count()).where(table.c.workspace_id == member.workspace_id))
        if first and member.account_id == user_id and member.role == OWNER:
            return  # the maker of a new workspace (members.py)
        _check_owner(roles, member.workspace_id, "add its members")
        return
    leaving = member in session.deleted and member.account_id == user_id
    if not leaving:
        _check_owner(roles, member.workspace_id, "change or remove its members")
    was_owner = OWNER in _values(member, "role")
    if member in session.deleted or (was_owner and member.role != OWNER):
        _keep_owners(connection, member, was_owner)


def _keep_owners(connection, member, was_owner):
    """Refuse (409) the removal or demotion of a personal workspace's account, or of a last owner."""
    workspace = member.metadata.tables[WORKSPACE_TABLE]
    personal_of = connection.scalar(
        select(workspace.c.personal_of_id).where(workspace.c.id == member.workspace_id)
    )
    if personal_of == member.account_id:
        raise RestException(
            f"Workspace {member.workspace_id} is the personal workspace of this member: they stay its owner.",
            status_code=409,
        )
    if not was_owner:
        return
    table = type(member).__table__
    owners = connection.scalar(
        select(func.count()).where(table.c.workspace_id == member.workspace_id, table.c.role == OWNER)
    )
    if owners <= 1:
        raise RestException(
            f"This member is the last owner of workspace {member.workspace_id}: make another member an owner "
            "first, or delete the workspace.",
            status_code=409,
        )


def refuse_leaving_workspaces_ownerless(connection, member_model, account_id):
    """Refuse (409) the deletion of an account that is the last owner of a workspace other than its own."""
    table = member_model.__table__
    workspace = member_model.metadata.tables[WORKSPACE_TABLE]
    owners = table.alias("owners")
    other_owner = exists().where(
        owners.c.workspace_id == table.c.workspace_id,
        owners.c.role == OWNER,
        owners.c.account_id != account_id,
    )
    shared = workspace.c.personal_of_id.is_(None) | (workspace.c.personal_of_id != account_id)
    statement = (
        select(workspace.c.id, workspace.c.name)
        .select_from(table.join(workspace, workspace.c.id == table.c.workspace_id))
        .where(table.c.account_id == account_id, table.c.role == OWNER, shared, ~other_owner)
        .order_by(workspace.c.id)
    )
    alone = connection.execute(statement).all()
    if alone:
        named = ", ".join(f'{workspace_id} ("{name}")' for workspace_id, name in alone)
        raise RestException(
            f"The account is the last owner of workspace {named}: make another member an owner, or delete "
            "the workspace, first.",
            status_code=409,
        )
