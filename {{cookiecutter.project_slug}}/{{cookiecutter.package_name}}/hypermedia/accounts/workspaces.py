"""Workspaces: what owns the rows, and who may see them (its members, each with a role).

The project's auth.py declares the two models on its own base::

    class Workspace(accounts.WorkspaceMixin, models.db.Model):
        __tablename__ = "workspace"

    class Member(accounts.MemberMixin, models.db.Model):
        __tablename__ = "member"

Each row of an owned model (auth.py's ``OWNED``) belongs to a workspace
through its ``workspace_id``, and every row under it through it; a user
sees the rows of the workspaces they are a member of (ownership.py).  Every
account has a personal workspace, made with it and deleted with it, of which
it is the owner: a project that never shares behaves as if each user owned
their rows.
"""

import sqlalchemy as sa
from sqlalchemy import orm

from .. import database
from ..scaffold.specs import ACCOUNT_TABLE

# What a member may do: a viewer reads the workspace's rows, an editor also writes them, an owner also
# manages the workspace and its members.
ROLES = ("viewer", "editor", "owner")
WORKSPACE_TABLE, MEMBER_TABLE = "workspace", "member"
MAX_NAME_LENGTH = 100


class WorkspaceMixin:
    """A workspace: its name, and the account whose personal workspace it is, if it is one."""

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    row_version: orm.Mapped[int] = database.row_version()
    name: orm.Mapped[str] = orm.mapped_column(sa.String(MAX_NAME_LENGTH))
    # Never shown: a personal workspace is deleted with its account.
    personal_of_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey(f"{ACCOUNT_TABLE}.id", ondelete="CASCADE"),
        unique=True,
        info={"hidden": True},
    )


class MemberMixin:
    """An account's membership of a workspace, with its role: at most one for each account and workspace."""

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    row_version: orm.Mapped[int] = database.row_version()
    workspace_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey(f"{WORKSPACE_TABLE}.id", ondelete="CASCADE")
    )
    account_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey(f"{ACCOUNT_TABLE}.id", ondelete="CASCADE"))
    role: orm.Mapped[str] = orm.mapped_column(
        sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True)
    )

    @orm.declared_attr
    def email(cls):
        """The member's email address, read with the membership: how a person tells members apart."""
        account = sa.table(ACCOUNT_TABLE, sa.column("id"), sa.column("email"))
        return orm.column_property(
            sa.select(account.c.email).where(account.c.id == cls.account_id).scalar_subquery()
        )

    @orm.declared_attr.directive
    def __table_args__(cls):
        # Each account once in a workspace; a user's workspaces are read by account, then workspace.
        return (
            sa.UniqueConstraint("workspace_id", "account_id"),
            sa.Index(f"ix_{MEMBER_TABLE}_account_id", "account_id", "workspace_id"),
        )


def make_personal_workspace(session, workspace_model, member_model, account):
    """Add ``account``'s personal workspace, named after it, with the account its owner."""
    workspace = workspace_model(name=account.email, personal_of_id=account.id)
    session.add(workspace)
    session.flush()
    session.add(member_model(workspace_id=workspace.id, account_id=account.id, role="owner"))
    return workspace


def personal_workspace_id(account_model):
    """The id of an account's personal workspace, as a column read with the account: no statement more."""
    workspace = sa.table(WORKSPACE_TABLE, sa.column("id"), sa.column("personal_of_id"))
    return orm.column_property(
        sa.select(workspace.c.id).where(workspace.c.personal_of_id == account_model.id).scalar_subquery()
    )
