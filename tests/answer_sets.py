"""Every set of answers the template's tests bake, as plain data.

Each answer set is a dict of cookiecutter extra context; keys not given keep
their cookiecutter.json default.
"""

import itertools

ADAPTERS = ("adapter_siren", "adapter_hal", "adapter_jsonapi", "adapter_json")

# Resource pairs the matrix crosses with every adapter combination.
RESOURCE_PAIRS = {
    "default": {},
    "project": {"parent_resource": "Project", "child_resource": "Ticket", "url_prefix": "/v2"},
    "category": {"parent_resource": "Category", "child_resource": "Item"},
}

# Names at the length limits, where formatting depends on line length.
LONG_NAMES = {
    "project_name": "Municipal Facilities Maintenance Tracker",  # a 40-character package name
    "parent_resource": "WarehouseInventoryAudits",  # 24 characters, the most allowed
    "child_resource": "ShipmentLineAdjustments",  # 23: a foreign key name of 58, PostgreSQL allows 63
    "url_prefix": "/municipal-facilities/maintenance-tracker/api/v1/public-endpoint",  # 64, the most allowed
    "auth": "token",
    **dict.fromkeys(ADAPTERS, True),
}
# The shortest names, where hand-wrapped lines would fit on one.
SHORT_NAMES = {
    "project_name": "Ox",
    "parent_resource": "Ox",
    "child_resource": "Zed",
    "url_prefix": "/a",
    # Defaults whose server defaults are plain strings: the migration that sets them needs no sqlalchemy.
    "child_fields": "note:string(40)=x priority:integer=1",
    "auth": "token",
    **dict.fromkeys(ADAPTERS, True),
}

# The auth choices that ask for credentials.
SIGNED_IN_AUTH = ("basic", "token")
# The adapter choices crossed with the auth choices and the renamed pairs.
ADAPTER_SETS = {
    "siren+hal": {"adapter_siren": True, "adapter_hal": True},
    "all": dict.fromkeys(ADAPTERS, True),
}
# A child with every type and every modifier, and a parent with a unique name: for bakes of declared fields.
KITCHEN_SINK = (
    "summary:string(80)! notes:text? priority:integer^=3 ratio:float? estimate:decimal(12,2)=0.00 done:boolean=false "
    "due_on:date^? starts_at:datetime=now status:enum(draft|open|closed)=draft code:string(12)!^?"
)
NAMED_PARENT = "name:string(80)!"


def kitchen_sink(**answers):
    """A parent without a title and a child with every field type and modifier, all adapters, token auth."""
    return {
        "parent_fields": NAMED_PARENT,
        "child_fields": KITCHEN_SINK,
        "auth": "token",
        **ADAPTER_SETS["all"],
        **answers,
    }


# Bakes whose own suite runs against a real PostgreSQL server (tests/postgres.py).
POSTGRESQL_BAKES = {
    "postgresql-default": {"database": "postgresql"},
    "postgresql-kitchen-sink": kitchen_sink(database="postgresql"),
    "postgresql-project-token-all": {
        **RESOURCE_PAIRS["project"],
        **ADAPTER_SETS["all"],
        "auth": "token",
        "database": "postgresql",
        "use_kubernetes": True,
    },
    "postgresql-category-basic-jsonapi": {
        **RESOURCE_PAIRS["category"],
        "adapter_siren": False,
        "adapter_hal": False,
        "adapter_jsonapi": True,
        "auth": "basic",
        "database": "postgresql",
    },
}

# Project names that must survive quoting in Python, TOML and Markdown.
TRICKY_PROJECT_NAMES = {
    "quotes": 'Bob\'s "Best" API',
    "non-ascii": "Café Tâches",
}


# The adapter choices the matrix bakes with the default pair: each alone, the default pair, all four,
# and two mixes in which neither Siren nor HAL comes first.
ADAPTER_MIXES = (
    "siren",
    "hal",
    "jsonapi",
    "json",
    "siren+hal",
    "siren+hal+jsonapi+json",
    "hal+jsonapi",
    "jsonapi+json",
)


def adapter_combinations():
    """Every non-empty choice of adapters, named like "siren+hal"."""
    for flags in itertools.product((True, False), repeat=len(ADAPTERS)):
        if any(flags):
            name = "+".join(key.removeprefix("adapter_") for key, on in zip(ADAPTERS, flags, strict=True) if on)
            yield name, dict(zip(ADAPTERS, flags, strict=True))


def on_postgresql():
    """(pair, auth) of each renamed pair a PostgreSQL bake serves with sign-in: its whole suite runs there."""
    return {
        (pair, answers["auth"])
        for pair, names in RESOURCE_PAIRS.items()
        if names
        for answers in POSTGRESQL_BAKES.values()
        if names.items() <= answers.items() and answers.get("auth") in SIGNED_IN_AUTH
    }


def matrix():
    """(id, answers) for every bake that gets the full set of per-bake checks.

    The adapter mixes with the default pair, and the default adapters and
    all four with the other pairs; each auth choice that asks
    for credentials with every pair (on PostgreSQL alone where a PostgreSQL
    bake has that pair and auth); the kitchen-sink fields; PostgreSQL
    bakes; the names at their limits; the common names paired, with the tricky
    project names and without Docker files; and a bake without the browsable HTML pages.
    """
    bakes = [(f"default-{adapters}", flags) for adapters, flags in adapter_combinations() if adapters in ADAPTER_MIXES]
    bakes += [
        (f"{pair}-{adapters}", {**answers, **flags})
        for pair, answers in RESOURCE_PAIRS.items()
        if pair != "default"
        for adapters, flags in ADAPTER_SETS.items()
    ]
    adapter_sets = itertools.cycle(ADAPTER_SETS.items())
    bakes += [
        (f"{pair}-{auth}-{adapters}", {**answers, **flags, "auth": auth})
        for pair, answers in RESOURCE_PAIRS.items()
        for auth in SIGNED_IN_AUTH
        for adapters, flags in [next(adapter_sets)]
        if (pair, auth) not in on_postgresql()
    ]
    bakes.append(("kitchen-sink", kitchen_sink()))
    bakes += list(POSTGRESQL_BAKES.items())
    bakes.append(("long-names", LONG_NAMES))
    bakes.append(("short-names", SHORT_NAMES))
    bakes.extend(common_name_pairs())
    bakes.append(("no-browsable", {"browsable_api": False, "auth": "token"}))
    return bakes


# Names a reader can check by eye: (answers, {file: [text it must contain]}).
# Files are relative to the package directory.
KNOWN_NAMES = {
    "default": (
        RESOURCE_PAIRS["default"],
        {
            "models.py": [
                'class TaskBoard(db.Model):\n    __tablename__ = "task_board"',
                'class Task(db.Model):\n    __tablename__ = "task"',
                "    task_board_id: orm.Mapped[int]",
                '    tasks: orm.Mapped[list["Task"]]',
                '    task_board: orm.Mapped["TaskBoard"]',
            ],
            "resources.py": ['route="addtask"', "    add_task = hypermedia.add_child(", 'resource_name = "taskboard"'],
            "api.py": ['URL_PREFIX = "/api"'],
        },
    ),
    "project": (
        RESOURCE_PAIRS["project"],
        {
            "models.py": [
                "    project_id: orm.Mapped[int]",
                '    tickets: orm.Mapped[list["Ticket"]]',
                '    project: orm.Mapped["Project"]',
            ],
            "resources.py": [
                'route="addticket"',
                "    add_ticket = hypermedia.add_child(",
                'resource_name = "project"',
            ],
            "api.py": ['URL_PREFIX = "/v2"'],
        },
    ),
    "category": (
        RESOURCE_PAIRS["category"],
        {
            "models.py": [
                "    category_id: orm.Mapped[int]",
                '    items: orm.Mapped[list["Item"]]',
                '    category: orm.Mapped["Category"]',
            ],
            "resources.py": [
                'hypermedia.ToMany(\n            "items",\n            relation="ItemResource",',
                'route="additem"',
                'resource_name = "item"',
            ],
        },
    ),
}


# Names no field may take, whatever the resources are called (local_extensions.RESERVED_FIELD_NAMES).
RESERVED_FIELD_NAMES = (
    *("id", "type", "links", "relationships", "meta", "data", "attributes", "included"),
    *("page", "count", "after", "before", "sort", "filter", "include", "fields", "q"),
    *("metadata", "registry", "query", "query_class"),
)

# Child field specs that parse_fields refuses: (id, spec, words of the message).
BAD_CHILD_FIELDS = [
    ("empty", "", "child_fields declares no fields"),
    ("blank", " \t ", "child_fields declares no fields"),
    (
        "41-fields",
        " ".join(f"f{number}:integer" for number in range(41)),
        "child_fields declares 41 fields; at most 40",
    ),
    ("no-type", "title", 'The field "title" in child_fields has no type'),
    ("empty-type", "title:", 'The field "title" in child_fields has no type after its colon'),
    ("unknown-type", "price:money", 'The field "price" in child_fields has the unknown type "money"'),
    ("capitalised-type", "title:String", 'The field "title" in child_fields has the unknown type "String"'),
    ("camel-name", "dueOn:date", 'The field "dueOn" in child_fields must be snake_case'),
    ("digit-first-name", "9lives:integer", 'The field "9lives" in child_fields must be snake_case'),
    ("hyphen-name", "due-on:date", 'The field "due-on" in child_fields must be snake_case'),
    ("non-ascii-name", "caf\u00e9:string", "in child_fields must be snake_case"),
    ("64-char-name", "a" * 64 + ":string", "is longer than 63 characters"),
    ("keyword-name", "class:string", 'The field "class" in child_fields is a Python keyword'),
    ("underscore-name", "_secret:string", 'The field "_secret" in child_fields starts with an underscore'),
    ("dunder-name", "__table__:string", 'The field "__table__" in child_fields starts with an underscore'),
    ("duplicate", "title:string title:text", 'The field "title" in child_fields is declared twice'),
    ("string-length-0", "title:string(0)", 'The field "title" in child_fields has the length "0"'),
    ("string-length-too-big", "title:string(10485761)", 'has the length "10485761"; a string\'s length'),
    ("string-length-word", "title:string(long)", 'has the length "long"'),
    ("string-length-empty", "title:string()", 'has the length ""'),
    ("string-two-arguments", "title:string(5,6)", 'has the length "5,6"'),
    ("decimal-no-arguments", "price:decimal", "has the type decimal, which takes a precision and a scale"),
    ("decimal-one-argument", "price:decimal(12)", "has the type decimal, which takes a precision and a scale"),
    ("decimal-three-arguments", "price:decimal(12,2,1)", "has the type decimal, which takes a precision and a scale"),
    ("decimal-precision-0", "price:decimal(0,0)", 'has the precision "0"; a decimal\'s precision'),
    ("decimal-precision-39", "price:decimal(39,2)", 'has the precision "39"'),
    ("decimal-scale-above-precision", "price:decimal(5,6)", 'has the scale "6"; a decimal\'s scale'),
    ("decimal-negative-scale", "price:decimal(5,-1)", 'has the scale "-1"'),
    ("integer-argument", "qty:integer(5)", 'The field "qty" in child_fields has the type integer, which takes no'),
    ("text-argument", "notes:text(100)", "has the type text, which takes no arguments"),
    ("enum-no-values", "status:enum", "has the type enum, which takes its values"),
    ("enum-empty-parentheses", "status:enum()", 'The field "status" in child_fields has an empty enum value'),
    ("enum-empty-value", "status:enum(open||closed)", "has an empty enum value"),
    ("enum-duplicate-value", "status:enum(open|closed|open)", 'lists the enum value "open" twice'),
    ("enum-slash", "status:enum(open|on/hold)", 'has the enum value "on/hold"; use only letters, digits'),
    ("enum-space", "status:enum(open|on hold)", 'has the enum value "on hold"'),
    ("enum-64-char-value", "status:enum(" + "v" * 64 + ")", "has an enum value longer than 63 characters"),
    ("modifiers-reversed", "code:string?!", 'has the modifiers "?!"; write each at most once, in the order ! ^ ?'),
    ("modifier-twice", "code:string!!", 'has the modifiers "!!"'),
    (
        "unclosed-parenthesis",
        "title:string(50 notes:text",
        'The field "title" in child_fields has a "(" without its ")"',
    ),
    ("junk-after-type", "title:string(50)x", 'is written "title:string(50)x"'),
    ("empty-default", "title:string=", 'has "=" without a default after it'),
    ("default-characters", "title:string=a/b", 'has the default "a/b"; use only letters, digits'),
    ("string-default-too-long", "code:string(3)=abcd", 'has the default "abcd", which is longer than 3 characters'),
    ("integer-default-word", "qty:integer=abc", 'has the default "abc", which is not an integer'),
    ("integer-default-fraction", "qty:integer=1.5", 'has the default "1.5", which is not an integer'),
    ("integer-default-too-big", "qty:integer=2147483648", 'has the default "2147483648", which is not an integer'),
    ("integer-default-too-small", "qty:integer=-2147483649", "from -2147483648 to 2147483647"),
    ("integer-default-now", "qty:integer=now", 'has the default "now", which is not an integer'),
    ("float-default-nan", "ratio:float=nan", 'has the default "nan", which is not a finite number'),
    ("float-default-inf", "ratio:float=inf", 'has the default "inf", which is not a finite number'),
    ("float-default-overflow", "ratio:float=1e400", 'has the default "1e400", which is not a finite number'),
    ("decimal-default-word", "price:decimal(12,2)=abc", 'has the default "abc", which is not a decimal number'),
    ("decimal-default-scale", "price:decimal(12,2)=1.505", "which has more than 2 digits after the point"),
    ("decimal-default-precision", "price:decimal(5,2)=1000", "which has more than 3 digits before the point"),
    ("boolean-default-yes", "done:boolean=yes", 'has the default "yes", which is not true or false'),
    ("boolean-default-1", "done:boolean=1", 'has the default "1", which is not true or false'),
    ("date-default-february-30", "due_on:date=2026-02-30", 'has the default "2026-02-30", which is not a date'),
    ("date-default-day-first", "due_on:date=30-01-2026", "which is not a date written YYYY-MM-DD"),
    ("datetime-default-no-offset", "starts_at:datetime=2026-01-02T03:04:05", "which has no UTC offset"),
    ("datetime-default-month-13", "starts_at:datetime=2026-13-02T03:04:05Z", "which is not a date and time"),
    ("datetime-default-date", "starts_at:datetime=2026-01-02", "which is not a date and time"),
    ("enum-default-not-a-value", "status:enum(open|closed)=draft", 'has the default "draft", which is not one of'),
]

# Answers the pre-generation hook refuses: (id, answers, check function, words of the message).
BAD_ANSWERS = [
    ("parent-lower-camel", {"parent_resource": "taskBoard"}, "check_class_name", "CamelCase class name"),
    ("parent-space", {"parent_resource": "Task Board"}, "check_class_name", "CamelCase class name"),
    ("parent-underscore", {"parent_resource": "Task_Board"}, "check_class_name", "CamelCase class name"),
    ("child-digit-first", {"child_resource": "9Lives"}, "check_class_name", "CamelCase class name"),
    ("child-non-ascii", {"child_resource": "Café"}, "check_class_name", "CamelCase class name"),
    ("parent-25-chars", {"parent_resource": "A" + "b" * 24}, "check_class_name", "at most 24 characters"),
    ("parent-keyword", {"parent_resource": "None"}, "check_class_name", "is a Python keyword"),
    ("child-keyword", {"child_resource": "True"}, "check_class_name", "is a Python keyword"),
    (
        "same-ignoring-case",
        {"parent_resource": "Task", "child_resource": "TASK"},
        "check_resources_differ",
        "must differ, also ignoring case",
    ),
    (
        "parent-snake-is-child-plural",
        {"parent_resource": "Tasks", "child_resource": "Task"},
        "check_resources_differ",
        'both make the name "tasks"',
    ),
    (
        "relationship-is-a-child-column",
        {"parent_resource": "Title"},
        "check_derived_names",
        'relationship name "title" made from "Title" is already used',
    ),
    (
        "relationship-is-the-primary-key",
        {"parent_resource": "Id"},
        "check_derived_names",
        'relationship name "id" made from "Id" is already used',
    ),
    (
        "relationship-is-declarative-metadata",
        {"child_resource": "Metadata"},
        "check_derived_names",
        'relationship name "metadata" made from "Metadata" is already used',
    ),
    (
        "relationship-is-declarative-registry",
        {"parent_resource": "Registry"},
        "check_derived_names",
        'relationship name "registry" made from "Registry" is already used',
    ),
    (
        "relationship-is-jsonapi-type",
        {"parent_resource": "Type"},
        "check_derived_names",
        'relationship name "type" made from "Type" is already used',
    ),
    (
        "table-is-alembic-version",
        {"parent_resource": "AlembicVersion"},
        "check_derived_names",
        'table name "alembic_version" made from "AlembicVersion" is already used',
    ),
    (
        "table-is-the-account-table",
        {"child_resource": "AppUser", "auth": "token"},
        "check_derived_names",
        'table name "app_user" made from "AppUser" is already used',
    ),
    (
        "parent-account-token",
        {"parent_resource": "Account", "auth": "token"},
        "check_derived_names",
        'The name "Account" is kept for the accounts of sign-in',
    ),
    (
        "child-workspace-basic",
        {"child_resource": "WorkSpace", "auth": "basic"},
        "check_derived_names",
        'The name "WorkSpace" is kept for the accounts of sign-in',
    ),
    (
        "url-is-the-index-self-link",
        {"child_resource": "Self"},
        "check_derived_names",
        'URL name "self" made from "Self" is already used',
    ),
    (
        "snake-is-keyword",
        {"parent_resource": "Class"},
        "check_derived_names",
        '"class" made from "Class" is a Python keyword',
    ),
    ("plural-is-keyword", {"child_resource": "I"}, "check_derived_names", '"is" made from "I" is a Python keyword'),
    ("prefix-no-slash", {"url_prefix": "api"}, "check_url_prefix", 'url_prefix "api" must be a path'),
    ("prefix-trailing-slash", {"url_prefix": "/api/"}, "check_url_prefix", 'url_prefix "/api/" must be a path'),
    ("prefix-space", {"url_prefix": "/my api"}, "check_url_prefix", 'url_prefix "/my api" must be a path'),
    ("prefix-root", {"url_prefix": "/"}, "check_url_prefix", 'url_prefix "/" must be a path'),
    ("prefix-dot-segment", {"url_prefix": "/api/../v2"}, "check_url_prefix", "must be a path"),
    ("prefix-65-chars", {"url_prefix": "/" + "a" * 64}, "check_url_prefix", "at most 64 characters"),
    ("no-adapter", dict.fromkeys(ADAPTERS, False), "check_adapters", "At least one of adapter_siren"),
    ("slug-upper", {"project_slug": "Todo-API"}, "check_project_slug", 'project_slug "Todo-API" must be'),
    ("slug-double-hyphen", {"project_slug": "todo--api"}, "check_project_slug", 'project_slug "todo--api" must be'),
    ("slug-digit-first", {"project_name": "3D Printer API"}, "check_project_slug", 'project_slug "3d-printer-api"'),
    ("package-hyphen", {"package_name": "todo-api"}, "check_package_name", 'package_name "todo-api" must be'),
    ("package-41-chars", {"package_name": "a" * 41}, "check_package_name", "at most 40 characters"),
    ("package-keyword", {"package_name": "class"}, "check_package_name", "is a Python keyword"),
    ("package-stdlib", {"package_name": "json"}, "check_package_name", "is a standard library module"),
    (
        "package-dependency",
        {"package_name": "flask_sqlalchemy"},
        "check_package_name",
        "a package the project depends on",
    ),
    ("package-tests", {"package_name": "tests"}, "check_package_name", "the project's test package"),
    (
        "name-backslash",
        {"project_name": "C:\\new API"},
        "check_project_name",
        "must not contain control characters, backslashes",
    ),
    (
        "name-blank",
        {"project_name": "   ", "project_slug": "blank"},
        "check_project_name",
        "project_name must not be empty",
    ),
    (
        "identifier-too-long",
        {"parent_resource": "AbcDefGhiJklMnoPqrStUvWx", "child_resource": "ZyxWvuTsrQpoNmlKjiHgfEdc"},
        "check_identifier_lengths",
        "longer than 63 characters",
    ),
    *((f"fields-{name}", {"child_fields": spec}, "check_field_spec", words) for name, spec, words in BAD_CHILD_FIELDS),
    *(
        (
            f"fields-reserved-{name}",
            {"child_fields": f"{name}:string"},
            "check_field_spec",
            f'"{name}" in child_fields is',
        )
        for name in RESERVED_FIELD_NAMES
    ),
    ("fields-parent-empty", {"parent_fields": ""}, "check_field_spec", "parent_fields declares no fields"),
    ("fields-parent-id", {"parent_fields": "id:integer"}, "check_field_spec", '"id" in parent_fields is reserved'),
    (
        "fields-parent-bad-default",
        {"parent_fields": "title:string(5)=toolong"},
        "check_field_spec",
        'The field "title" in parent_fields has the default "toolong", which is longer than 5 characters',
    ),
    (
        "fields-child-relationship",
        {"child_fields": "task_board:string"},
        "check_derived_names",
        'relationship name "task_board" made from "TaskBoard" is already used by the field "task_board" in child',
    ),
    (
        "fields-parent-relationship",
        {"parent_fields": "tasks:integer"},
        "check_derived_names",
        'relationship name "tasks" made from "Task" is already used by the field "tasks" in parent_fields',
    ),
    (
        "fields-child-foreign-key",
        {"child_fields": "task_board_id:integer"},
        "check_field_names",
        'The field "task_board_id" in child_fields is already the name of Task\'s foreign key to TaskBoard',
    ),
    (
        "fields-renamed-child-foreign-key",
        {"parent_resource": "Project", "child_resource": "Ticket", "child_fields": "title:string project_id:integer"},
        "check_field_names",
        'The field "project_id" in child_fields is already the name of Ticket\'s foreign key to Project',
    ),
    (
        "fields-parent-child-list",
        {"parent_fields": "task_list:string"},
        "check_field_names",
        'The field "task_list" in parent_fields is already the name of TaskBoard\'s link to the list of its Task rows',
    ),
    (
        "fields-parent-workspace-token",
        {"parent_fields": "workspace_id:integer", "auth": "token"},
        "check_field_names",
        'The field "workspace_id" in parent_fields is already the name of TaskBoard\'s column for the workspace',
    ),
    (
        "fields-parent-workspace-basic",
        {"parent_fields": "title:string workspace_id:integer", "auth": "basic"},
        "check_field_names",
        'The field "workspace_id" in parent_fields is already the name of',
    ),
    (
        "fields-child-workspace-token",
        {"child_fields": "title:string workspace_id:integer", "auth": "token"},
        "check_field_names",
        'The field "workspace_id" in child_fields is already the name of the workspace column of sign-in',
    ),
    (
        "fields-unique-constraint-too-long",
        {"child_resource": "ShipmentLineAdjustments", "child_fields": "title:string " + "a" * 35 + ":string!"},
        "check_field_identifier_lengths",
        f'"uq_shipment_line_adjustments_{"a" * 35}" made from child_resource and the field "{"a" * 35}" in child',
    ),
    (
        "fields-check-constraint-too-long",
        {"parent_resource": "WarehouseInventoryAudits", "parent_fields": "b" * 34 + ":enum(x|y)"},
        "check_field_identifier_lengths",
        f'"ck_warehouse_inventory_audits_{"b" * 34}" made from parent_resource and the field "{"b" * 34}" in parent',
    ),
    (
        "kubernetes-without-docker",
        {"use_kubernetes": True, "use_docker": False, "database": "postgresql"},
        "check_kubernetes",
        "use_kubernetes needs use_docker",
    ),
    ("kubernetes-on-sqlite", {"use_kubernetes": True}, "check_kubernetes", "use_kubernetes needs database postgresql"),
    (
        "kubernetes-slug-56-chars",
        {"use_kubernetes": True, "database": "postgresql", "project_slug": "k" * 56, "package_name": "k"},
        "check_kubernetes",
        "at most 55 characters with use_kubernetes",
    ),
]

# Names a team may well give its resources, each of which clashed with a
# name the generated code used to import or define: each must bake, pass
# ruff and serve in both roles, with and without sign-in.
COMMON_NAMES = (
    "User",
    "Request",
    "Response",
    "Model",
    "Query",
    "Session",
    "Parent",
    "Child",
    "Field",
    "Resource",
    "Manager",
    "Api",
    "Index",
    "Token",
    "Exception",
    "Next",
    "Mapped",
)
# The other resource of each pair in the lint-only checks: a short name that clashes with nothing.
PARTNER = "Zed"


def common_name_bakes():
    """(id, answers): each common name as the parent and as the child of PARTNER, without and with sign-in."""
    for name in COMMON_NAMES:
        for auth in ("none", "token"):
            yield f"{name}-parent-{auth}", {"parent_resource": name, "child_resource": PARTNER, "auth": auth}
            yield f"{name}-child-{auth}", {"parent_resource": PARTNER, "child_resource": name, "auth": auth}


def common_name_pairs():
    """(id, answers) pairing the common names two to a bake, each name in one role.

    The lint-only bakes (common_name_bakes) try every name in both roles, with and without
    sign-in; these run the suite, sign-in alternating.  The first of them also carry the
    answers that only change a bake's strings or its files (the tricky project names, no
    Docker files), so that no bake runs its whole suite for one such answer alone.
    """
    names = list(COMMON_NAMES)
    if len(names) % 2:
        names.append(names[0])
    variations = [
        *((key, {"project_name": value}) for key, value in TRICKY_PROJECT_NAMES.items()),
        ("no-docker", {"use_docker": False}),
    ]
    for number, (parent, child) in enumerate(zip(names[::2], names[1::2], strict=True)):
        key, extra = variations[number] if number < len(variations) else ("", {})
        auth = ("token", "none")[number % 2]
        bake_id = "-".join(part for part in ("names", parent, child, key) if part)
        yield bake_id, {"parent_resource": parent, "child_resource": child, "auth": auth, **extra}


# Answers given on the command line in the --no-input and --replay tests.
CLI_ANSWERS = {"project_name": "Replay Check", "parent_resource": "Project", "child_resource": "Ticket"}


def all_answer_sets():
    """Every answer set the tests use, to check their keys against cookiecutter.json."""
    yield from (answers for _, answers in matrix())
    yield from (answers for answers, _ in KNOWN_NAMES.values())
    yield from (answers for _, answers, _, _ in BAD_ANSWERS)
    yield from (answers for _, answers in common_name_bakes())
    yield CLI_ANSWERS
