"""The hand-written comparison app: the same resources as plain JSON.

What a user would write with Flask and Flask-SQLAlchemy alone, on the baked
project's models and database: no hypermedia, no credentials checked, one
query per thing it shows.  It knows the default answers (TaskBoard and Task
under /api in the package todo_api), which are what the benchmark bakes, and
the benchmark serves it with gunicorn beside the generated API.
"""

import os
from urllib.parse import urlencode

from flask import Flask, request
from sqlalchemy import select
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


def create_app(database_url=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.get(PARENTS)
    def parent_list():
        return page_of(Parent, PARENTS, "taskboard", parent_summary, {})

    @app.get(PARENTS + "<int:parent_id>/")
    def parent(parent_id):
        found = db.session.get(Parent, parent_id)
        if found is None:
            return {"message": "Not found"}, 404
        query = select(Child).where(Child.task_board_id == parent_id)
        children = db.session.scalars(query.order_by(Child.id).limit(PAGE_SIZE))
        body = parent_summary(found)
        body["tasks"] = [child_json(child) for child in children]
        children_url = url(CHILDREN + "?" + urlencode({FOREIGN_KEY: parent_id}))
        body["task_list"] = children_url
        return body

    @app.post(PARENTS + "<int:parent_id>/addtask/")
    def add_child(parent_id):
        values = request.get_json(silent=True)
        error = invalid(values)
        if error:
            return {"message": error}, 400
        if db.session.get(Parent, parent_id) is None:
            return {"message": "Not found"}, 404
        child = Child(**values)
        child.task_board_id = parent_id
        db.session.add(child)
        db.session.commit()
        body = child_json(child)
        return body, 201, {"Location": body["url"]}

    @app.get(CHILDREN)
    def child_list():
        filters = {}
        if FOREIGN_KEY in request.args:
            if not request.args[FOREIGN_KEY].isdigit():
                return {"message": FOREIGN_KEY + " must be an integer"}, 400
            filters[FOREIGN_KEY] = int(request.args[FOREIGN_KEY])
        return page_of(Child, CHILDREN, "task", child_json, filters)

    @app.get(CHILDREN + "<int:child_id>/")
    def child(child_id):
        found = db.session.get(Child, child_id)
        if found is None:
            return {"message": "Not found"}, 404
        body = child_json(found)
        parent_url = url(PARENTS + str(found.task_board_id) + "/")
        body["task_board"] = parent_url
        return body

    return app


def page_of(model, path, name, serialize, filters):
    """One page of rows in id order, with next and previous links that keep the filters."""
    page = request.args.get("page", "1")
    count = request.args.get("count", str(PAGE_SIZE))
    if not (page.isdigit() and count.isdigit() and int(page) >= 1 and 1 <= int(count) <= MAX_PAGE_SIZE):
        return {"message": "page must be at least 1 and count between 1 and 100"}, 400
    page, count = int(page), int(count)
    rows = db.session.scalars(
        select(model).filter_by(**filters).order_by(model.id).offset((page - 1) * count).limit(count + 1)
    ).all()
    body = {name: [serialize(row) for row in rows[:count]], "page": page, "count": count}
    if len(rows) > count:
        body["next"] = url(path + "?" + urlencode({**filters, "page": page + 1, "count": count}))
    if page > 1:
        body["previous"] = url(path + "?" + urlencode({**filters, "page": page - 1, "count": count}))
    return body


def parent_summary(parent):
    return {"id": parent.id, "title": parent.title, "url": url(PARENTS + str(parent.id) + "/")}


def child_json(child):
    return {
        "id": child.id,
        FOREIGN_KEY: child.task_board_id,
        "title": child.title,
        "description": child.description,
        "completed": child.completed,
        "url": url(CHILDREN + str(child.id) + "/"),
    }


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
