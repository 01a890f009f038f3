"""Let workspaces own the rows: each account's personal workspace holds what the account owned.

Every account gets its personal workspace, named after its email, with the
account its owner.  Each table whose rows belonged to an account
(``owner_id``, the template's own and every one ``flask scaffold`` added at
the top) belongs to a workspace instead (``workspace_id``): the personal
workspace of the account that owned the row.  Every row stays, and each user
sees the rows they saw before.  Going back, a row returns to the first owner
of its workspace, and the workspaces and their members are dropped.

Revision ID: workspaces
Revises: admins
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "workspaces"
down_revision = "admins"
branch_labels = None
depends_on = None

ROLES = ("viewer", "editor", "owner")
workspace = sa.table("workspace", sa.column("id"), sa.column("name"), sa.column("personal_of_id"))
member = sa.table("member", sa.column("workspace_id"), sa.column("account_id"), sa.column("role"))
account = sa.table("app_user", sa.column("id"), sa.column("email"))


def upgrade():
    owned = _tables_referring_to("app_user", "owner_id")
    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("personal_of_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["personal_of_id"],
            ["app_user.id"],
            name=op.f("fk_workspace_personal_of_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace")),
        sa.UniqueConstraint("personal_of_id", name=op.f("uq_workspace_personal_of_id")),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=max(len(role) for role in ROLES)), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_member_workspace_id"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["app_user.id"],
            name=op.f("fk_member_account_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("workspace_id", "account_id", name=op.f("uq_member_workspace_id")),
        sa.CheckConstraint(
            "role IN ({})".format(", ".join(f"'{role}'" for role in ROLES)),
            name=op.f("ck_member_role"),
        ),
    )
    op.create_index(op.f("ix_member_account_id"), "member", ["account_id", "workspace_id"])
    op.execute(
        workspace.insert().from_select(["name", "personal_of_id"], sa.select(account.c.email, account.c.id))
    )
    op.execute(
        member.insert().from_select(
            ["workspace_id", "account_id", "role"],
            sa.select(workspace.c.id, workspace.c.personal_of_id, sa.literal("owner")),
        )
    )
    for table in owned:
        rows = sa.table(table, sa.column("owner_id"), sa.column("workspace_id"))
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        personal = sa.select(workspace.c.id).where(workspace.c.personal_of_id == rows.c.owner_id)
        op.execute(rows.update().values(workspace_id=personal.scalar_subquery()))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("workspace_id", existing_type=sa.Integer(), nullable=False)
            batch.drop_index(op.f(f"ix_{table}_owner_id"))
            batch.drop_constraint(op.f(f"fk_{table}_owner_id"), type_="foreignkey")
            batch.drop_column("owner_id")
            batch.create_foreign_key(
                op.f(f"fk_{table}_workspace_id"), "workspace", ["workspace_id"], ["id"], ondelete="CASCADE"
            )
            batch.create_index(op.f(f"ix_{table}_workspace_id"), ["workspace_id", "id"])


def downgrade():
    owned = [table for table in _tables_referring_to("workspace", "workspace_id") if table != "member"]
    for table in owned:
        rows = sa.table(table, sa.column("owner_id"), sa.column("workspace_id"))
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        first_owner = (
            sa.select(sa.func.min(member.c.account_id))
            .where(member.c.workspace_id == rows.c.workspace_id, member.c.role == "owner")
            .scalar_subquery()
        )
        op.execute(rows.update().values(owner_id=first_owner))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
            batch.drop_index(op.f(f"ix_{table}_workspace_id"))
            batch.drop_constraint(op.f(f"fk_{table}_workspace_id"), type_="foreignkey")
            batch.drop_column("workspace_id")
            batch.create_foreign_key(
                op.f(f"fk_{table}_owner_id"), "app_user", ["owner_id"], ["id"], ondelete="CASCADE"
            )
            batch.create_index(op.f(f"ix_{table}_owner_id"), ["owner_id", "id"])
    op.drop_index(op.f("ix_member_account_id"), table_name="member")
    op.drop_table("member")
    op.drop_table("workspace")


def _tables_referring_to(referred, column):
    """The tables whose ``column`` refers to ``referred``: the template's owned table and those scaffolded.

    Read from the database; written out as SQL (``flask db upgrade --sql``),
    where there is none to read, only the template's own.
    """
    if op.get_context().as_sql:
        return ["{{ cookiecutter.__parent_snake }}"]
    inspector = sa.inspect(op.get_bind())
    return sorted(
        table
        for table in inspector.get_table_names()
        if any(
            key["referred_table"] == referred and key["constrained_columns"] == [column]
            for key in inspector.get_foreign_keys(table)
        )
    )
