"""The workspace and member resources: ``{prefix}/workspace/`` and ``{prefix}/member/``, as any other.

A user lists the workspaces they are a member of, and their members;
``POST {prefix}/workspace/`` makes one, its maker its owner, and ``POST
{prefix}/workspace/<id>/addmember/`` with ``{"email": ..., "role": ...}``
adds an existing account to it.  A member's ``role`` is changed with a
PATCH; a DELETE removes the member, or, of one's own membership, leaves.
Who may do what is roles.py's, checked as the writes are flushed.
"""

from functools import cache

from flask import current_app
from ripozo_sqlalchemy import db_access_point
from sqlalchemy import exists, inspect, select

from ..errors import FieldError
from ..managers import Manager
from ..resources import CollectionResource, FilteredList, ToOne, add_child
from . import roles
from .model import EmailField
from .signin import current_user


class WorkspaceManager(Manager):
    """A workspace's name is set by a create or an update; its maker is made its first owner."""

    @db_access_point
    def create(self, session, values, *args, **kwargs):
        self._check_values(session, values, self.create_fields)
        workspace = self._set_values_on_model(self.model(), values, fields=self.create_fields)
        session.add(workspace)
        session.flush()
        (account_id,) = inspect(current_user()).identity
        member = current_app.extensions["accounts"].member
        session.add(member(workspace_id=workspace.id, account_id=account_id, role=roles.OWNER))
        return self._commit(session, workspace)


class MemberManager(Manager):
    """A member is added by the email of an existing account, with a role, which is all an update changes."""

    fields = ("id", "workspace_id", "account_id", "email", "role")
    list_fields = fields
    create_fields = ("workspace_id", "email", "role")
    update_fields = ("role",)

    @classmethod
    def get_field_type(cls, name):
        if name == "email":
            return EmailField("email", required=True)
        return super().get_field_type(name)

    @db_access_point
    def create(self, session, values, *args, **kwargs):
        values = dict(values)
        email = values.pop("email", None)
        if email is None:
            raise FieldError("email", 'The field "email" is required: the email of the account to add.')
        self._check_values(session, values, self.create_fields)
        roles.check_owner(session, values["workspace_id"], "add its members")
        account = current_app.extensions["accounts"].model.find(email)
        if account is None:
            raise FieldError("email", f"No account has the email {email.lower()}.", status_code=404)
        table = self.model.__table__
        member = table.c.workspace_id == values["workspace_id"], table.c.account_id == account.id
        if session.scalar(select(exists().where(*member))):
            raise FieldError(
                "email",
                f"{account.email} is already a member of workspace {values['workspace_id']}: "
                "change their role instead.",
                status_code=409,
            )
        row = self._set_values_on_model(self.model(account_id=account.id), values, fields=self.create_fields)
        session.add(row)
        return self._commit(session, row)


@cache
def resources(workspace_model, member_model):
    """The resource classes of ``workspace_model`` and ``member_model``, made once."""

    class WorkspaceResource(CollectionResource):
        """A workspace: its name, and the list of its members; its owners add more."""

        model = workspace_model
        resource_name = "workspace"
        manager_class = WorkspaceManager
        _relationships = (FilteredList("member_list", relation="MemberResource", foreign_key="workspace_id"),)

        addmember = add_child("MemberResource", foreign_key="workspace_id", route="addmember")

    class MemberResource(CollectionResource):
        """An account in a workspace, with its role."""

        model = member_model
        resource_name = "member"
        manager_class = MemberManager
        _relationships = (ToOne("workspace", relation="WorkspaceResource", foreign_key="workspace_id"),)

    return WorkspaceResource, MemberResource


def init_app(app):
    """Serve the workspaces and members of ``app``'s accounts (``app.extensions["accounts"]``)."""
    accounts = app.extensions["accounts"]
    app.extensions["api"].add_collections(*resources(accounts.workspace, accounts.member))
