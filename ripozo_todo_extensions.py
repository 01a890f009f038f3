"""The Jinja extension cookiecutter loads (``_extensions`` in cookiecutter.json): the template's filters, read afresh.

``cruft update`` renders two versions of the template in one process, from
one working tree: a module of filters imported once would lend the second
version the first one's.  So this module, which stays as it is from version
to version, reads ``local_extensions.py`` (the filters themselves) from the
working tree each time cookiecutter makes an environment.
"""

import importlib.util
import sys
from pathlib import Path

from jinja2.ext import Extension


class NamesExtension(Extension):
    """Registers the filters of the ``local_extensions.py`` beside this file, as it is now on disk."""

    def __init__(self, environment):
        super().__init__(environment)
        path = Path(__file__).resolve().parent / "local_extensions.py"
        spec = importlib.util.spec_from_file_location("local_extensions", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["local_extensions"] = module
        spec.loader.exec_module(module)
        module.register(environment)
