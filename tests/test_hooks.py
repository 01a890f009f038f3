"""Unit tests of the hooks, rendered the way cookiecutter renders them and imported."""

import ast
import json
import re

import pytest
from cookiecutter.config import get_config

from answer_sets import ADAPTERS, BAD_ANSWERS, KITCHEN_SINK, NAMED_PARENT, common_name_bakes, matrix
from helpers import PROJECT_TEMPLATE, cookiecutter_json, load_hook, rendered_answers
from local_extensions import parse_fields

DEFAULT_PACKAGE = "todo_api"
# What use_kubernetes false removes (last in the map), Redis's manifest included.
# The revision that makes unique fields unique within a workspace: kept with sign-in and a unique field.
UNIQUE_REVISION = "migrations/versions/0008_unique_within_workspaces.py"
SORT_REVISION = "migrations/versions/0010_sort_indexes.py"
# The revision that indexes text fields for the search on PostgreSQL: kept where a field is text.
SEARCH_REVISION = "migrations/versions/0009_search_indexes.py"
KUBERNETES_FILES = [
    "kubernetes/kustomization.yaml",
    "kubernetes/configmap.yaml",
    "kubernetes/secret.example.yaml",
    "kubernetes/deployment.yaml",
    "kubernetes/migrate-job.yaml",
    "kubernetes/service.yaml",
    "kubernetes/poddisruptionbudget.yaml",
    "kubernetes/redis.yaml",
]


@pytest.fixture
def pre_gen(tmp_path):
    return load_hook("pre_gen_project", rendered_answers(), tmp_path)


@pytest.fixture
def post_gen(tmp_path):
    return load_hook("post_gen_project", rendered_answers(), tmp_path)


def pre_gen_for(answers, directory):
    """The pre-generation hook rendered for ``answers``: cookiecutter's filters parse its field specs as it renders."""
    return load_hook("pre_gen_project", answers, directory)


# --- both hooks ---------------------------------------------------------------


@pytest.mark.parametrize("hook", ["pre_gen_project", "post_gen_project"])
@pytest.mark.parametrize(
    "project_name",
    [
        "It's '''triple''' \"quoted\"\"\" ''' and \\u0027 escaped \\",
        "Café Tâches \u2028 ☕",
        "'); import os; os.remove('x'); ('",
    ],
)
def test_hook_reads_the_answers_exactly_as_given(hook, project_name, tmp_path):
    answers = rendered_answers({"project_name": project_name})

    module = load_hook(hook, answers, tmp_path)

    assert module.ANSWERS["project_name"] == project_name
    assert json.loads(json.dumps(answers)) == module.ANSWERS


# --- pre_gen_project ----------------------------------------------------------


@pytest.mark.parametrize("good", [answers for _, answers in matrix()], ids=[name for name, _ in matrix()])
def test_every_matrix_answer_set_passes_every_check(good, tmp_path):
    answers = rendered_answers(good)

    assert list(pre_gen_for(answers, tmp_path).errors(answers)) == []


@pytest.mark.parametrize(
    ("bad", "check_name", "words"),
    [(answers, check, words) for _, answers, check, words in BAD_ANSWERS],
    ids=[name for name, *_ in BAD_ANSWERS],
)
def test_bad_answer_is_refused_by_its_check_with_a_sentence(bad, check_name, words, tmp_path):
    answers = rendered_answers(bad)
    pre_gen = pre_gen_for(answers, tmp_path)

    failed, error = next(pre_gen.errors(answers))

    assert failed == check_name
    assert words in error
    assert error.endswith(".")
    assert "\n" not in error
    assert pre_gen.first_error(answers) == error


@pytest.mark.parametrize("value", ["false", "yes", 0, None])
def test_adapter_answers_must_be_booleans(pre_gen, value):
    answers = {**rendered_answers(), "adapter_hal": value}

    assert pre_gen.check_adapters(answers) == f'adapter_hal must be true or false, not "{value}".'


@pytest.mark.parametrize("value", ["false", "yes", 0, None])
def test_browsable_api_must_be_a_boolean(pre_gen, value):
    answers = {**rendered_answers(), "browsable_api": value}

    assert pre_gen.check_boolean(answers, "browsable_api") == f'browsable_api must be true or false, not "{value}".'


def test_browsable_api_is_not_an_adapter(pre_gen):
    """The HTML pages alone serve no client but browsers: at least one adapter is still needed."""
    answers = {**rendered_answers(), **dict.fromkeys(ADAPTERS, False), "browsable_api": True}

    assert pre_gen.check_adapters(answers).startswith("At least one of adapter_siren")


def test_main_prints_one_sentence_and_exits_1_on_a_bad_answer(tmp_path, capsys):
    hook = load_hook("pre_gen_project", rendered_answers({"url_prefix": "api"}), tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        hook.main()

    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith('ERROR: url_prefix "api" must be a path')
    assert error.endswith(".\n")
    assert error.count("\n") == 1


def test_main_accepts_the_default_answers(pre_gen, capsys):
    pre_gen.main()

    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "common", [answers for _, answers in common_name_bakes()], ids=[n for n, _ in common_name_bakes()]
)
def test_common_resource_names_pass_every_check(common, tmp_path):
    answers = rendered_answers(common)

    assert list(pre_gen_for(answers, tmp_path).errors(answers)) == []


# --- pre_gen_project: the field specs -------------------------------------------


@pytest.mark.parametrize(
    "good",
    [
        {"parent_fields": NAMED_PARENT, "child_fields": KITCHEN_SINK},
        {"parent_fields": NAMED_PARENT, "child_fields": KITCHEN_SINK, "auth": "token", **dict.fromkeys(ADAPTERS, True)},
        # A relationship may take a name the default fields use, once the fields change.
        {"parent_resource": "Title", "child_fields": "name:string"},
        {"child_resource": "Description", "parent_fields": "title:string", "child_fields": "title:string"},
        # The owner column, and the accounts' models, exist only with sign-in.
        {"parent_fields": "title:string owner_id:integer workspace_id:integer"},
        {"parent_resource": "Member", "child_resource": "Account"},
        # The other model's foreign key, relationship and list link are free.
        {"parent_fields": "task_board_id:integer task_board:string", "child_fields": "tasks:integer task_list:text"},
        # Constraint names of exactly 63 bytes.
        {"child_resource": "ShipmentLineAdjustments", "child_fields": "a" * 34 + ":string! " + "b" * 34 + ":enum(x)"},
        {"parent_fields": " \n title:string(50)\t\tnotes:text?  ", "child_fields": "price:decimal( 12 , 2 )=1.5"},
    ],
    ids=[
        "kitchen-sink",
        "kitchen-sink-token-all",
        "title",
        "description",
        "owner-without-auth",
        "accounts-without-auth",
        "other-model",
        "63",
        "ws",
    ],
)
def test_declared_fields_that_fit_pass_every_check(good, tmp_path):
    answers = rendered_answers(good)

    assert list(pre_gen_for(answers, tmp_path).errors(answers)) == []


def test_hook_reads_the_field_specs_exactly_as_given(tmp_path):
    answers = rendered_answers({"parent_fields": NAMED_PARENT, "child_fields": KITCHEN_SINK})

    specs = pre_gen_for(answers, tmp_path).FIELD_SPECS

    assert specs == {
        "parent_fields": {"spec": NAMED_PARENT, "error": ""},
        "child_fields": {"spec": KITCHEN_SINK, "error": ""},
    }
    assert parse_fields(NAMED_PARENT) and parse_fields(KITCHEN_SINK)


@pytest.mark.parametrize(
    "spec",
    ["x:string=it's'''\"\"\"\\", "x:enum(a|b')=a", "x:string(5\n", "x:integer=1'''); import os; ('"],
    ids=["quotes", "enum-quote", "newline", "injection"],
)
def test_a_spec_cannot_break_out_of_the_hook_and_its_refusal_stays_one_line(spec, tmp_path):
    answers = rendered_answers({"child_fields": spec})

    pre_gen = pre_gen_for(answers, tmp_path)

    assert pre_gen.FIELD_SPECS["child_fields"]["spec"] == spec
    error = pre_gen.first_error(answers)
    assert error.startswith('The field "x" in child_fields ')
    assert error.endswith(".")
    assert "\n" not in error


def test_checks_refuse_answers_the_hook_was_not_rendered_for(pre_gen):
    answers = rendered_answers({"child_fields": "name:string"})

    with pytest.raises(ValueError, match="rendered for child_fields"):
        pre_gen.check_field_spec(answers, "child_fields")


def test_main_prints_the_field_spec_error_and_exits_1(tmp_path, capsys):
    hook = pre_gen_for(rendered_answers({"child_fields": "done:boolean=yes"}), tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        hook.main()

    assert exit_info.value.code == 1
    assert capsys.readouterr().err == (
        'ERROR: The field "done" in child_fields has the default "yes", which is not true or false.\n'
    )


def test_the_resource_modules_bind_no_capitalised_name_but_their_own(bake):
    """models.py and resources.py import modules, never classes, so that a resource may take any class name."""
    project = bake({**dict.fromkeys(ADAPTERS, True), "auth": "token"})
    parent, child = project.context["parent_resource"], project.context["child_resource"]
    own = {
        "models.py": {parent, child},
        "resources.py": {f"{parent}Resource", f"{child}Resource", "Index"},
    }
    bound = {}
    for module in own:
        names = _module_level_names(ast.parse((project.package / module).read_text(encoding="utf-8")))
        bound[module] = {name for name in names if re.fullmatch(r"[A-Z][A-Za-z0-9]*", name)}

    assert bound == own


def _module_level_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)}
    return names


# --- post_gen_project ---------------------------------------------------------


def test_removal_map_names_only_files_the_template_has(post_gen):
    package_directory = "{{cookiecutter.package_name}}"
    paths = [
        path.format(package=package_directory)
        for removals in post_gen.REMOVALS.values()
        for paths in removals.values()
        for path in paths
    ]

    missing = [path for path in paths if not (PROJECT_TEMPLATE / path).is_file()]

    assert missing == [], "hooks/post_gen_project.py removes files the template does not have"


def test_removal_map_covers_every_adapter_option(post_gen):
    assert set(ADAPTERS) <= set(post_gen.REMOVALS)


def test_default_answers_remove_the_jsonapi_plain_json_and_auth_files(post_gen):
    assert post_gen.paths_to_remove(rendered_answers()) == [
        f"{DEFAULT_PACKAGE}/hypermedia/adapters/jsonapi.py",
        "tests/test_jsonapi.py",
        "tests/representations/jsonapi.py",
        f"{DEFAULT_PACKAGE}/hypermedia/adapters/json.py",
        "tests/test_json.py",
        "tests/representations/json.py",
        f"{DEFAULT_PACKAGE}/auth.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/__init__.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/attempts.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/basic.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/commands.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/common-passwords.txt",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/members.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/model.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/ownership.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/passwords.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/roles.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/routes.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/signin.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/tokens.py",
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/workspaces.py",
        f"{DEFAULT_PACKAGE}/hypermedia/origins.py",
        "migrations/versions/0004_token_version.py",
        "migrations/versions/0006_admins.py",
        "migrations/versions/0007_workspaces.py",
        "tests/test_auth.py",
        "tests/test_workspaces.py",
        UNIQUE_REVISION,
        SORT_REVISION,
        *KUBERNETES_FILES,
    ]


def test_siren_off_removes_the_tutorial_too(post_gen):
    answers = rendered_answers({**dict.fromkeys(ADAPTERS, True), "adapter_siren": False, "package_name": "board"})

    assert post_gen.paths_to_remove(answers) == [
        "board/hypermedia/adapters/siren.py",
        "tests/test_siren.py",
        "tests/test_tutorial.py",
        "tests/representations/siren.py",
        "tests/schemas/siren.schema.json",
        "board/auth.py",
        "board/hypermedia/accounts/__init__.py",
        "board/hypermedia/accounts/attempts.py",
        "board/hypermedia/accounts/basic.py",
        "board/hypermedia/accounts/commands.py",
        "board/hypermedia/accounts/common-passwords.txt",
        "board/hypermedia/accounts/members.py",
        "board/hypermedia/accounts/model.py",
        "board/hypermedia/accounts/ownership.py",
        "board/hypermedia/accounts/passwords.py",
        "board/hypermedia/accounts/roles.py",
        "board/hypermedia/accounts/routes.py",
        "board/hypermedia/accounts/signin.py",
        "board/hypermedia/accounts/tokens.py",
        "board/hypermedia/accounts/workspaces.py",
        "board/hypermedia/origins.py",
        "migrations/versions/0004_token_version.py",
        "migrations/versions/0006_admins.py",
        "migrations/versions/0007_workspaces.py",
        "tests/test_auth.py",
        "tests/test_workspaces.py",
        UNIQUE_REVISION,
        SORT_REVISION,
        *KUBERNETES_FILES,
    ]


def test_browsable_api_off_removes_the_html_adapter_its_files_and_its_tests(post_gen):
    answers = rendered_answers({**dict.fromkeys(ADAPTERS, True), "auth": "token", "browsable_api": False})

    assert post_gen.paths_to_remove(answers) == [
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/basic.py",
        f"{DEFAULT_PACKAGE}/hypermedia/adapters/html.py",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/templates/base.html",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/templates/deleted.html",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/templates/error.html",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/templates/resource.html",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/static/browsable.css",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/static/browsable.js",
        f"{DEFAULT_PACKAGE}/hypermedia/browsable/static/favicon.svg",
        "tests/test_html.py",
        UNIQUE_REVISION,
        SORT_REVISION,
        *KUBERNETES_FILES,
    ]


@pytest.mark.parametrize(
    ("option", "answer", "folder"), [("browsable_api", False, "browsable"), ("auth", "none", "accounts")]
)
def test_removal_map_covers_every_file_of_a_folder_an_option_brings(post_gen, option, answer, folder):
    package_directory = "{{cookiecutter.package_name}}"
    brought = PROJECT_TEMPLATE / package_directory / "hypermedia" / folder
    removed = {path.format(package=package_directory) for path in post_gen.REMOVALS[option][answer]}

    shipped = {str(path.relative_to(PROJECT_TEMPLATE)) for path in brought.rglob("*") if path.is_file()}

    assert shipped and shipped <= removed


@pytest.mark.parametrize(("auth", "other_way"), [("basic", "tokens.py"), ("token", "basic.py")])
def test_each_way_of_signing_in_leaves_the_other_out(post_gen, auth, other_way):
    removed = post_gen.paths_to_remove(rendered_answers({"auth": auth}))

    assert [path for path in removed if "/accounts/" in path] == [f"{DEFAULT_PACKAGE}/hypermedia/accounts/{other_way}"]


def test_remove_files_deletes_the_folders_it_empties(post_gen, tmp_path):
    project = tmp_path / "project"
    gone = ["pkg/web/templates/page.html", "pkg/web/templates/error.html", "pkg/web/static/site.css"]
    for path in ("pkg/keep.py", *gone):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text("x\n")

    post_gen.remove_files(project, gone)

    assert sorted(str(path.relative_to(project)) for path in project.rglob("*")) == ["pkg", "pkg/keep.py"]


def test_every_adapter_on_and_token_auth_remove_only_the_other_way_of_signing_in(post_gen):
    answers = rendered_answers({**dict.fromkeys(ADAPTERS, True), "auth": "token"})

    assert post_gen.paths_to_remove(answers) == [
        f"{DEFAULT_PACKAGE}/hypermedia/accounts/basic.py",
        UNIQUE_REVISION,
        SORT_REVISION,
        *KUBERNETES_FILES,
    ]


@pytest.mark.parametrize(
    ("auth", "parent_fields", "child_fields", "kept"),
    [
        ("token", "title:string(50)!", "title:string(50)", True),
        ("basic", "title:string(50)", "code:integer!?", True),
        ("token", "title:string(50)", "title:string(50)", False),
        ("none", "title:string(50)!", "code:integer!", False),
    ],
)
def test_the_unique_revision_is_kept_with_sign_in_and_a_unique_field(post_gen, auth, parent_fields, child_fields, kept):
    answers = rendered_answers({"auth": auth, "parent_fields": parent_fields, "child_fields": child_fields})

    assert (UNIQUE_REVISION not in post_gen.paths_to_remove(answers)) is kept


@pytest.mark.parametrize(
    ("parent_fields", "child_fields", "kept"),
    [
        ("title:string(50)^", "title:string(50)", True),
        ("title:string(50)", "due_on:date^? done:boolean", True),
        ("title:string(50)!", "title:string(50)!", False),
    ],
)
def test_the_sort_index_revision_is_kept_with_a_field_declared_with_an_index(
    post_gen, parent_fields, child_fields, kept
):
    answers = rendered_answers({"parent_fields": parent_fields, "child_fields": child_fields})

    assert (SORT_REVISION not in post_gen.paths_to_remove(answers)) is kept


@pytest.mark.parametrize(
    ("parent_fields", "child_fields", "kept"),
    [
        ("title:string(50)", "done:boolean", True),
        ("size:integer", "notes:text?", True),
        ("size:integer", "status:enum(open|done) due_on:date?", False),
        ("", "", False),
    ],
)
def test_the_search_revision_is_kept_where_a_field_is_text(post_gen, parent_fields, child_fields, kept):
    answers = rendered_answers({"parent_fields": parent_fields, "child_fields": child_fields})

    assert (SEARCH_REVISION not in post_gen.paths_to_remove(answers)) is kept


def test_remove_files_deletes_exactly_the_listed_files(post_gen, tmp_path):
    project = tmp_path / "project"
    for path in ("keep.py", "pkg/gone.py", "tests/gone_too.py", "tests/kept.py"):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text("x = 1\n")

    post_gen.remove_files(project, ["pkg/gone.py", "tests/gone_too.py"])

    assert sorted(str(path.relative_to(project)) for path in project.rglob("*.py")) == ["keep.py", "tests/kept.py"]


def test_remove_files_fails_naming_a_missing_file_and_deletes_nothing(post_gen, tmp_path):
    (tmp_path / "present.py").write_text("x = 1\n")

    with pytest.raises(FileNotFoundError, match=r"should remove tests/test_absent\.py, but the template"):
        post_gen.remove_files(tmp_path, ["present.py", "tests/test_absent.py"])

    assert (tmp_path / "present.py").is_file()


def test_main_exits_1_when_a_file_to_remove_is_missing(post_gen, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        post_gen.main()

    assert exit_info.value.code == 1
    assert "is out of sync with the template" in capsys.readouterr().err


def test_write_env_gives_each_project_its_own_private_secret(post_gen, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    post_gen.write_env(first)
    post_gen.write_env(second)

    secrets = [
        dict(line.split("=", 1) for line in (root / ".env").read_text().splitlines() if "=" in line)
        for root in (first, second)
    ]
    assert secrets[0]["SECRET_KEY"] != secrets[1]["SECRET_KEY"]
    assert len(secrets[0]["SECRET_KEY"]) >= 64
    assert (first / ".env").stat().st_mode & 0o777 == 0o600


def test_a_bake_has_a_git_ignored_env_with_a_secret(bake):
    project = bake({})
    env = (project.path / ".env").read_text(encoding="utf-8")
    assert "SECRET_KEY=" in env
    assert ".env" in (project.path / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_docker_off_removes_the_dockerfile_dockerignore_and_compose_file(post_gen):
    with_docker = post_gen.paths_to_remove(rendered_answers())
    without_docker = post_gen.paths_to_remove(rendered_answers({"use_docker": False}))

    after = [UNIQUE_REVISION, SORT_REVISION, *KUBERNETES_FILES]
    before = [path for path in with_docker if path not in after]
    assert without_docker == [*before, "Dockerfile", ".dockerignore", "compose.yaml", *after]


@pytest.mark.parametrize(("auth", "redis"), [("none", False), ("basic", True), ("token", True)])
def test_kubernetes_on_keeps_its_manifests_and_redis_only_with_sign_ins_to_count(post_gen, auth, redis):
    answers = rendered_answers({"use_kubernetes": True, "database": "postgresql", "auth": auth})
    removed = [path for path in post_gen.paths_to_remove(answers) if path.startswith("kubernetes/")]

    assert removed == ([] if redis else ["kubernetes/redis.yaml"])


@pytest.mark.parametrize("key", ["use_docker", "use_kubernetes"])
def test_docker_and_kubernetes_must_be_booleans(pre_gen, key):
    answers = {**rendered_answers(), key: "maybe"}

    assert pre_gen.check_boolean(answers, key) == f'{key} must be true or false, not "maybe".'


def test_kubernetes_with_docker_on_postgresql_is_accepted(tmp_path):
    longest = {"project_slug": "k" * 55, "package_name": "k"}
    answers = rendered_answers({"use_kubernetes": True, "database": "postgresql", **longest})

    assert pre_gen_for(answers, tmp_path).first_error(answers) is None


def test_answers_file_holds_every_public_answer_and_nothing_else(post_gen, tmp_path):
    given = {"parent_resource": "Project", "child_resource": "Ticket", "auth": "token", "use_docker": False}
    answers = {**rendered_answers(given), "_output_dir": str(tmp_path), "_template": "gh:someone/ripozo-todo"}

    post_gen.write_answers(tmp_path, answers)

    text = (tmp_path / ".cookiecutter.json").read_text(encoding="utf-8")
    recorded = json.loads(text)["default_context"]
    public = sorted(key for key in cookiecutter_json() if not key.startswith("_"))
    assert list(recorded) == public
    assert recorded == {key: answers[key] for key in public}
    assert recorded["use_docker"] is False
    assert recorded["adapter_siren"] is True
    assert text == json.dumps({"default_context": recorded}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "project_name",
    ['Bob\'s "Best" API', "Café Tâches ☕ 🚀", "line\u2028separator, next\x85line, bom\ufeff", "# not: a comment"],
)
def test_cookiecutter_reads_the_answers_file_back_exactly(post_gen, tmp_path, project_name):
    answers = rendered_answers({"project_name": project_name})

    post_gen.write_answers(tmp_path, answers)

    written = json.loads((tmp_path / ".cookiecutter.json").read_text(encoding="utf-8"))["default_context"]
    read = get_config(tmp_path / ".cookiecutter.json")["default_context"]
    assert read == written
    assert read["project_name"] == project_name


def test_main_records_the_answers_but_not_the_secret(tmp_path, monkeypatch):
    answers = rendered_answers({**dict.fromkeys(ADAPTERS, True), "auth": "token"})  # removes basic.py and kubernetes/
    hook = load_hook("post_gen_project", answers, tmp_path)
    basic = tmp_path / DEFAULT_PACKAGE / "hypermedia" / "accounts" / "basic.py"
    for path in [basic, *(tmp_path / name for name in (UNIQUE_REVISION, SORT_REVISION, *KUBERNETES_FILES))]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    hook.main()

    secret = (tmp_path / ".env").read_text(encoding="utf-8").partition("SECRET_KEY=")[2].strip()
    recorded = (tmp_path / ".cookiecutter.json").read_text(encoding="utf-8")
    assert json.loads(recorded)["default_context"]["auth"] == "token"
    assert secret
    assert secret not in recorded
    assert "SECRET_KEY" not in recorded
    assert not basic.exists()
    assert not (tmp_path / "kubernetes").exists()


def test_a_bake_without_docker_has_no_docker_files(bake):
    docker_files = {"Dockerfile", ".dockerignore", "compose.yaml"}

    with_docker = {str(path) for path in bake({}).files}
    without_docker = {str(path) for path in bake({"use_docker": False}).files}

    assert docker_files <= with_docker
    assert with_docker - without_docker == docker_files
    assert without_docker <= with_docker
