"""Database models: a {{ cookiecutter.parent_resource }} holds many {{ cookiecutter.child_resource }} rows."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Boolean, ForeignKey, MetaData, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Named constraints, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))


{% if cookiecutter.auth != "none" -%}
class User(db.Model):
    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))


{% endif -%}
class {{ cookiecutter.parent_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__parent_snake }}"

    id: Mapped[int] = mapped_column(primary_key=True)
{%- if cookiecutter.auth != "none" %}
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
{%- endif %}
    title: Mapped[str] = mapped_column(String(50))
    {{ cookiecutter.__child_plural }}: Mapped[list["{{ cookiecutter.child_resource }}"]] = relationship(
        back_populates="{{ cookiecutter.__parent_snake }}",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class {{ cookiecutter.child_resource }}(db.Model):
    __tablename__ = "{{ cookiecutter.__child_snake }}"

    id: Mapped[int] = mapped_column(primary_key=True)
    {{ cookiecutter.__parent_fk }}: Mapped[int] = mapped_column(
        ForeignKey("{{ cookiecutter.__parent_snake }}.id", ondelete="CASCADE"),
        index=True,
    )
    title: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    {{ cookiecutter.__parent_snake }}: Mapped[{{ cookiecutter.parent_resource }}] = relationship(
        back_populates="{{ cookiecutter.__child_plural }}",
    )
