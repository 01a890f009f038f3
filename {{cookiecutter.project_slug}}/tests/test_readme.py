"""README.md says what the models declare: each resource's endpoints, table of fields and examples."""

from {{ cookiecutter.package_name }}.hypermedia.scaffold import readme

COMMAND = "flask --app {{ cookiecutter.package_name }} readme"


def test_the_readme_matches_the_models(app):
    stale = readme.stale_lines(app)

    assert stale == [], "\n".join([*stale, f"Run `{COMMAND}` to write these lines from the models."])
