"""Jinja filters that derive every resource name from the two class names.

Loaded by cookiecutter through ``_extensions`` in cookiecutter.json, so the
names are computed once there and templates only read them.
"""

import re

from jinja2.ext import Extension

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")

# Whole-word irregular plurals, and words that are their own plural.
_IRREGULAR = {
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "ox": "oxen",
    "leaf": "leaves",
    "life": "lives",
    "knife": "knives",
    "wife": "wives",
    "half": "halves",
    "shelf": "shelves",
    "wolf": "wolves",
    "thief": "thieves",
    "hero": "heroes",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "echo": "echoes",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "datum": "data",
    "quiz": "quizzes",
}
_UNCOUNTABLE = {
    "data",
    "equipment",
    "fish",
    "information",
    "metadata",
    "news",
    "series",
    "sheep",
    "species",
}


def snake(name):
    """CamelCase to snake_case, as ripozo does it: TaskBoard -> task_board."""
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()


def pluralize(name):
    """Plural of a snake_case name, inflecting its last word: task_board -> task_boards."""
    head, _, word = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    if word in _UNCOUNTABLE:
        return name
    if word in _IRREGULAR:
        return prefix + _IRREGULAR[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        if word.endswith("is"):
            return prefix + word[:-2] + "es"
        return prefix + word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return prefix + word[:-1] + "ies"
    return prefix + word + "s"


# Each adapter answer and the module that serves it, in the order a client that accepts anything is served.
ADAPTER_MODULES = {"adapter_siren": "siren", "adapter_hal": "hal", "adapter_jsonapi": "jsonapi", "adapter_json": "json"}


def adapter_modules(answers):
    """The adapter modules the answers turn on, sorted as an import line lists them: ``hal, siren``."""
    return ", ".join(sorted(module for key, module in ADAPTER_MODULES.items() if answers.get(key) is True))


class NamesExtension(Extension):
    """Adds the ``snake``, ``pluralize`` and ``adapter_modules`` filters."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["snake"] = snake
        environment.filters["pluralize"] = pluralize
        environment.filters["adapter_modules"] = adapter_modules
