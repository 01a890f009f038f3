"""The hand-written comparison app: the same resources as plain JSON.

What a user would write with Flask and Flask-SQLAlchemy alone, on the baked
project's models and database: no hypermedia, one query per thing it
shows.  It shows the same fields and links as the generated API's pages: each
row's fields with its URL and its links (a child's to its parent, a
parent's to its children's list), a page's own URL with its ``next`` and
``previous``, and a parent with the id, title and URL of its first 20
children.  It knows the default answers (TaskBoard and Task under /api in the
package todo_api), which are what the benchmark bakes, and the benchmark
serves it with gunicorn beside the generated API.

``create_app(plain=True)`` is the other baseline, an app as a user writes one
without the template: each row's fields and its URL, a page's rows and its
``next`` link, nothing else (no links between rows, no ``previous``, no
page URL or count).  Both take ``sort`` on the child list, one field
(``title`` or ``-title``...), the id last, by keyset as the generated API.

So that the comparison is fair it pages lists as the generated API does, by
keyset: ``after``/``before`` cursors (a row's id), ``count`` 20 by default and at most 100, the JSON:API
spellings ``page[size]``/``page[after]``/``page[before]`` too, and ``page``
for the first pages.  With ``BENCH_AUTH=token`` it checks the same kind of
Bearer token as the generated API (itsdangerous, salt "access-token", the
same SECRET_KEY and TOKEN_TTL), loads the user from ``app_user`` and, as
the generated API does, shows the user only the rows of their workspaces:
the parents of a workspace they are a member of and the children of
those; with basic or no auth it checks no credentials.
"""

import base64
import binascii
import json
import os
from urllib.parse import urlencode

import itsdangerous
from flask import Flask, g, request
from sqlalchemy import and_, column, exists, or_, select, table, text
from todo_api import models

Parent = models.TaskBoard
Child = models.Task
db = models.db

PREFIX = "/api"
PARENTS = PREFIX + "/taskboard/"
CHILDREN = PREFIX + "/task/"
FOREIGN_KEY = "task_board_id"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000
ALIASES = {"page[size]": "count", "page[after]": "after", "page[before]": "before"}
USER = text("SELECT id, email, token_version FROM app_user WHERE id = :id")
MEMBER = table("member", column("workspace_id"), column("account_id"))
SORTABLE = ("id", "title", "description", "completed")


def create_app(database_url=None, auth=None, secret_key=None, plain=False):
    """The app; ``plain``: rows with their URL and a page's next link only (see the module's docstring)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    app.config["SECRET_KEY"] = secret_key or os.environ.get("SECRET_KEY")
    app.config["TOKEN_TTL"] = int(os.environ.get("TOKEN_TTL", "3600"))
    db.init_app(app)
    if (auth or os.environ.get("BENCH_AUTH", "none")) == "token":
        serializer = itsdangerous.URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="access-token")

        @app.before_request
        def signed_in():
            """The same check as the generated API's: a valid signed token, of the user's current token version."""
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            try:
                user_id, version = serializer.loads(token, max_age=app.config["TOKEN_TTL"]) if scheme else (None, None)
            except (itsdangerous.BadSignature, TypeError, ValueError):
                user_id, version = None, None
            user = db.session.execute(USER, {"id": user_id}).first() if user_id is not None else None
            if user is None or user.token_version != version:
                return {"message": "Send valid credentials to use this endpoint."}, 401
            g.user = user
            return None

    show_parent, show_child = (plain_parent, plain_child) if plain else (parent_summary, child_json)

    @app.get(PARENTS)
    def parent_list():
        return page_of(Parent, PARENTS, "taskboard", show_parent, {}, plain=plain)

    @app.get(PARENTS + "<int:parent_id>/")
    def parent(parent_id):
        found = db.session.scalar(scoped(select(Parent).where(Parent.id == parent_id), Parent))
        if found is None:
            return {"message": "Not found"}, 404
        query = scoped(select(Child).where(Child.task_board_id == parent_id), Child)
        children = db.session.scalars(query.order_by(Child.id).limit(PAGE_SIZE))
        body = show_parent(found)
        body["tasks"] = [embedded_child(child) for child in children]
        return body

    @app.post(PARENTS + "<int:parent_id>/addtask/")
    def add_child(parent_id):
        values = request.get_json(silent=True)
        error = invalid(values)
        if error:
            return {"message": error}, 400
        parent = db.session.scalar(scoped(select(Parent).where(Parent.id == parent_id), Parent))
        if parent is None:
            return {"message": "Not found"}, 404
        child = Child(**values)
        child.task_board_id = parent_id
        db.session.add(child)
        db.session.commit()
        body = show_child(child)
        return body, 201, {"Location": body["url"]}

    @app.get(CHILDREN)
    def child_list():
        filters = {}
        parent = request.args.get(FOREIGN_KEY, request.args.get(f"filter[{FOREIGN_KEY}]"))  # either spelling
        if parent is not None:
            if not parent.isdigit():
                return {"message": FOREIGN_KEY + " must be an integer"}, 400
            filters[FOREIGN_KEY] = int(parent)
        sort = request.args.get("sort")
        if sort is not None and sort.removeprefix("-") not in SORTABLE:
            return {"message": "sort takes one of " + ", ".join(SORTABLE) + ", with - for descending"}, 400
        return page_of(Child, CHILDREN, "task", show_child, filters, sort, plain)

    @app.get(CHILDREN + "<int:child_id>/")
    def child(child_id):
        found = db.session.scalar(scoped(select(Child).where(Child.id == child_id), Child))
        if found is None:
            return {"message": "Not found"}, 404
        return show_child(found)

    return app


def page_of(model, path, name, serialize, filters, sort=None, plain=False):
    """One page of rows in id order (or ``sort``'s) by keyset, with cursor links that keep the filters.

    Sorted, by one column then the id, a page goes ``after`` a cursor that
    holds both, ``[value, id]`` as JSON in URL-safe base64, as the generated
    API's does; ``plain``, the page has its rows and its next link only.
    """
    if sort is not None:
        return sorted_page(model, path, name, serialize, filters, sort, plain)
    args = {ALIASES.get(key, key): value for key, value in request.args.items()}
    if plain and "before" in args:
        return {"message": "This list pages forward only: follow its next links."}, 400
    page, count = args.get("page", "1"), args.get("count", str(PAGE_SIZE))
    if not (page.isdigit() and count.isdigit() and int(page) >= 1 and 1 <= int(count) <= MAX_PAGE_SIZE):
        return {"message": "page must be at least 1 and count between 1 and 100"}, 400
    page, count = int(page), int(count)
    after, before = cursor(args.get("after")), cursor(args.get("before"))
    if after is False or before is False:
        return {"message": "after and before must be cursors from this API's links"}, 400
    if (page - 1) * count > MAX_OFFSET:
        return {"message": f"page reaches {MAX_OFFSET} rows deep at most; follow the next links"}, 400
    query = scoped(select(model).filter_by(**filters), model)
    if before is not None:
        query = query.where(model.id < before).order_by(model.id.desc())
    elif after is not None:
        query = query.where(model.id > after).order_by(model.id)
    else:
        query = query.order_by(model.id).offset((page - 1) * count)
    rows = db.session.scalars(query.limit(count + 1)).all()
    more, rows = len(rows) > count, rows[:count]
    if before is not None:
        rows.reverse()
    if plain:
        following = {"count": count, "after": encode(rows[-1].id)} if more else {}
        return plain_page(path, name, serialize, filters, rows, following, more)
    body = {name: [serialize(row) for row in rows], "count": count, "url": request.url}
    has_next = more if before is None else bool(rows)
    has_previous = more if before is not None else bool(rows) and (after is not None or page > 1)
    if has_next:
        body["next"] = url(path + "?" + urlencode({**filters, "count": count, "after": encode(rows[-1].id)}))
    if has_previous:
        body["previous"] = url(path + "?" + urlencode({**filters, "count": count, "before": encode(rows[0].id)}))
    return body


def sorted_page(model, path, name, serialize, filters, sort, plain):
    """``page_of`` a list sorted by one column, then the id the same way: first pages and pages after a cursor."""
    args = {ALIASES.get(key, key): value for key, value in request.args.items()}
    count = args.get("count", str(PAGE_SIZE))
    if not (count.isdigit() and 1 <= int(count) <= MAX_PAGE_SIZE) or {"before", "page"} & args.keys():
        return {"message": "a sorted list takes count between 1 and 100 and after, from its next links"}, 400
    count, descending = int(count), sort.startswith("-")
    key = getattr(model, sort.removeprefix("-"))
    query = scoped(select(model).filter_by(**filters), model)
    if "after" in args:
        position = sort_cursor(args["after"])
        if position is None:
            return {"message": "after must be a cursor from this API's links"}, 400
        value, row_id = position
        beyond, tie = (key < value, model.id < row_id) if descending else (key > value, model.id > row_id)
        query = query.where(or_(beyond, and_(key == value, tie)))
    query = query.order_by(key.desc(), model.id.desc()) if descending else query.order_by(key, model.id)
    rows = db.session.scalars(query.limit(count + 1)).all()
    more, rows = len(rows) > count, rows[:count]
    last = rows[-1] if rows else None
    cursor_query = {"sort": sort, "count": count}
    if last is not None:
        position = json.dumps([getattr(last, key.key), last.id], separators=(",", ":"))
        cursor_query["after"] = base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")
    if plain:
        return plain_page(path, name, serialize, filters, rows, cursor_query, more)
    body = {name: [serialize(row) for row in rows], "count": count, "url": request.url}
    if more:
        body["next"] = url(path + "?" + urlencode({**filters, **cursor_query}))
    return body


def plain_page(path, name, serialize, filters, rows, next_query, more):
    """A plain app's page: its rows, and the link to the next page when there is one."""
    body = {name: [serialize(row) for row in rows]}
    if more:
        body["next"] = url(path + "?" + urlencode({**filters, **next_query}))
    return body


def sort_cursor(value):
    """``[value, id]`` of a sorted list's cursor, or None for anything else."""
    try:
        position = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        return None
    valid = isinstance(position, list) and len(position) == 2 and type(position[1]) is int
    return position if valid else None


def scoped(query, model):
    """With token auth, ``query`` limited to the signed-in user's rows, as the generated API limits it.

    A parent is the user's if they are a member of its workspace, a child if
    its parent is: one EXISTS on the membership (and the parent's primary
    key), as the generated API writes it.
    """
    user = g.get("user")
    if user is None:
        return query
    if model is Parent:
        return query.where(exists().where(MEMBER.c.workspace_id == Parent.workspace_id, MEMBER.c.account_id == user.id))
    board = Parent.__table__
    mine = exists().where(
        board.c.id == Child.task_board_id,
        MEMBER.c.workspace_id == board.c.workspace_id,
        MEMBER.c.account_id == user.id,
    )
    return query.where(mine)


def encode(row_id):
    """The generated API's cursor: the row's id."""
    return str(row_id)


def cursor(value):
    """The id a cursor holds, None without one, or False for anything else."""
    if value is None:
        return None
    if not value.isdigit() or len(value) > 9:
        return False
    return int(value)


def parent_summary(parent):
    """A parent's fields, its URL and its link to its children, as each representation shows them."""
    return {**plain_parent(parent), "task_list": url(CHILDREN + "?" + urlencode({FOREIGN_KEY: parent.id}))}


def plain_parent(parent):
    """A parent's fields and its URL."""
    return {"id": parent.id, "title": parent.title, "url": url(PARENTS + str(parent.id) + "/")}


def plain_child(child):
    """A child's fields and its URL."""
    return {
        "id": child.id,
        FOREIGN_KEY: child.task_board_id,
        "title": child.title,
        "description": child.description,
        "completed": child.completed,
        "url": url(CHILDREN + str(child.id) + "/"),
    }


def embedded_child(child):
    """A child in its parent's page: what the generated API embeds, its id and title, and its URL."""
    return {"id": child.id, "title": child.title, "url": url(CHILDREN + str(child.id) + "/")}


def child_json(child):
    """A child's fields, its URL and its link to its parent."""
    return {**plain_child(child), "task_board": url(PARENTS + str(child.task_board_id) + "/")}


def invalid(values):
    """Why the body cannot make a child, or None."""
    if not isinstance(values, dict):
        return "The body must be a JSON object."
    unknown = set(values) - {"title", "description", "completed"}
    if unknown:
        return "Unknown fields: " + ", ".join(sorted(unknown))
    title, description = values.get("title"), values.get("description")
    if not isinstance(title, str) or len(title) > 50:
        return "title must be a string of at most 50 characters"
    if not isinstance(description, str):
        return "description must be a string"
    if not isinstance(values.get("completed", False), bool):
        return "completed must be true or false"
    return None


def url(path):
    return request.host_url.rstrip("/") + path
