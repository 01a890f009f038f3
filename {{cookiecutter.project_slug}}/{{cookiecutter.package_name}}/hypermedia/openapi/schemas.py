"""JSON Schemas of values and bodies, from the fields that validate them and the columns behind them."""

from ..fields import (
    INTEGER_MAX,
    INTEGER_MIN,
    NO_NUL,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EnumField,
    FloatField,
    IdListField,
    IntegerField,
    StringField,
)
from ..resources import ToOne


def field_schema(field, nullable=False):
    """The JSON Schema of a value of ``field``: type, format, bounds, allowed values; null if ``nullable``."""
    if isinstance(field, EnumField):
        schema = {"type": "string", "enum": list(field.options)}
    elif isinstance(field, StringField):
        schema = _string_schema(field)
    elif isinstance(field, DecimalField):
        whole, scale = field.precision - field.scale, field.scale
        fraction = r"(\.[0-9]{1," + str(scale) + "})?" if scale else ""
        schema = {"type": "string", "pattern": "^-?[0-9]{1," + str(whole) + "}" + fraction + "$"}
    elif isinstance(field, DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, IntegerField):
        schema = {"type": "integer", "minimum": INTEGER_MIN, "maximum": INTEGER_MAX}
    elif isinstance(field, FloatField):
        schema = {"type": "number"}
    elif isinstance(field, IdListField):
        ids = {"type": "integer", "minimum": 1, "maximum": INTEGER_MAX}
        return {"type": "array", "items": ids, "uniqueItems": True, "maxItems": field.MAXIMUM}
    else:
        schema = {}
    if nullable and schema:
        schema = _nullable(schema)
    return schema


def _string_schema(field):
    schema = {"type": "string", "pattern": NO_NUL}
    if field.format is not None:
        schema["format"] = field.format
    if field.minimum is not None:
        schema["minLength"] = field.minimum
    if field.maximum is not None:
        schema["maxLength"] = field.maximum
    return schema


def _nullable(schema):
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def object_schema(fields, nullable=(), required=True, closed=True):
    """An object of ``fields``: null allowed in those named in ``nullable``; ``required`` ones required.

    ``closed``: no other member is allowed, as the API refuses any other field.
    """
    properties = {field.name: field_schema(field, nullable=field.name in nullable) for field in fields}
    schema = {"type": "object", "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    names = [field.name for field in fields if field.required and required]
    if names:
        schema["required"] = names
    return schema


def body_schema(fields, columns, required):
    """A request body of a resource: the fields, null where the column takes it; ``required`` for a create."""
    nullable = [field.name for field in fields if field.name in columns and columns[field.name].nullable]
    return object_schema(fields, nullable, required)


def answer_schema(fields):
    """An answer's object: every field, always there."""
    return {
        "type": "object",
        "required": [field.name for field in fields],
        "properties": {field.name: field_schema(field) for field in fields},
    }


def jsonapi_request(body, resource_name, relationships):
    """A JSON:API document of a body: a resource object of the resource's ``type``, its fields as attributes.

    ``relationships`` are the to-one links a body may set instead of their
    foreign key attribute: ``{name: parent's type}``.  The API refuses
    another type (409, as JSON:API says) and a type that is not a string.
    """
    linkage = {
        name: {
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {
                    "type": "object",
                    "required": ["type", "id"],
                    "properties": {"type": {"const": parent}, "id": {"type": "string", "pattern": _ID}},
                }
            },
        }
        for name, parent in relationships.items()
    }
    properties = {"type": {"const": resource_name}, "attributes": body}
    if linkage:
        properties["relationships"] = {"type": "object", "properties": linkage, "additionalProperties": False}
    data = {"type": "object", "required": ["type", "attributes"] if body.get("required") else ["type"]}
    data["properties"] = properties
    return {"type": "object", "required": ["data"], "properties": {"data": data}}


# A row's id as JSON:API writes it, a string: up to nine digits, all of them ids a row may have.
_ID = "^(0|[1-9][0-9]{0,8})$"


# What a row holds of its fields: a fieldset (fieldsets.py) may keep fewer.
_SHOWN = "Every field, unless the request's fieldset (fields=, fields[type]=) keeps fewer."


def item_schema(resource_class, schemas):
    """A reusable schema of what a resource shows: every column, typed as the database holds it.

    Only the primary key is required: a fieldset leaves the other fields out.
    """
    name = f"{resource_class.__name__}Properties"
    if name not in schemas:
        manager = resource_class.manager
        model_columns = manager.model.__table__.columns
        properties = {}
        for field_name in manager.fields:
            if "." in field_name:
                continue
            column = model_columns.get(field_name)  # none for a many-to-many's ids, never null
            nullable = column is not None and column.nullable and not column.primary_key
            properties[field_name] = field_schema(manager.get_field_type(field_name), nullable=nullable)
        required = [key for key in resource_class.pks if key in properties]
        schemas[name] = {"type": "object", "description": _SHOWN, "properties": properties}
        schemas[name]["required"] = required
    return {"$ref": f"#/components/schemas/{name}"}


def attributes_schema(resource_class, schemas):
    """A JSON:API resource object's ``attributes``: what it shows but its id and the ids of its to-one rows.

    Those are the object's ``id`` and its ``relationships``' identifiers instead.
    """
    name = f"{resource_class.__name__}Attributes"
    if name not in schemas:
        shown = schemas[item_schema(resource_class, schemas)["$ref"].rpartition("/")[2]]
        relations = resource_class._relationships or ()
        to_one = {relation.foreign_key for relation in relations if isinstance(relation, ToOne)}
        identifiers = set(resource_class.pks) | to_one
        properties = {key: value for key, value in shown["properties"].items() if key not in identifiers}
        schemas[name] = {"type": "object", "description": _SHOWN, "properties": properties}
    return {"$ref": f"#/components/schemas/{name}"}
