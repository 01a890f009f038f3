"""A bake reads in a minute: the project's own files are short, the generic layer's functions too, and the
README's Layout says where each file is and whose it is.
"""

import ast
import re

from answer_sets import kitchen_sink

# The files a team edits, at the package's top level, and how long each may be.
OWN_FILE_LINES = 120
# The longest function or method of the generic layer.
FUNCTION_LINES = 60
# The project's own files, besides the package's (each a line of the Layout's first table).
OWN_PATHS = ("migrations/versions/", "tests/")


def layout(project):
    """The paths the README's Layout section names, as written there."""
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Layout\n")[2].partition("\n## ")[0]
    assert section, "the README has no Layout section"
    return set(re.findall(r"^\| `([^`]+)`", section, re.MULTILINE))


def test_the_readme_lays_out_every_file_of_the_package(baked):
    """Each of the package's files is a line of the Layout: the project's own by path, the generic layer's under it."""
    package = baked.context["package_name"]
    named = layout(baked)
    missing = []
    for path in baked.files:
        parts = path.parts
        if parts[0] != package or path.suffix == ".pyc":
            continue
        if parts[1] != "hypermedia":
            expected = {path.as_posix()}
        else:  # a file of the generic layer, or the folder that holds it (the browsable pages' files)
            inner = path.relative_to(package, "hypermedia")
            expected = {inner.as_posix(), *(f"{parent.as_posix()}/" for parent in inner.parents)}
        if not expected & named:
            missing.append(path.as_posix())

    assert missing == []
    assert set(OWN_PATHS) <= named


def test_the_projects_own_files_are_short(bake):
    """In a bake with sign-in, every representation and a child with every kind of field."""
    project = bake(kitchen_sink())

    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in project.package.glob("*.py")}

    assert "auth.py" in lengths
    assert {name: length for name, length in lengths.items() if length > OWN_FILE_LINES} == {}


def test_no_function_of_the_generic_layer_is_long(bake):
    project = bake(kitchen_sink())
    long_functions = []
    for path in sorted((project.package / "hypermedia").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(project.package)}:{node.lineno} {node.name}: {length}")

    assert long_functions == []
