"""The template's benchmark, ``python -m bench`` or ``make bench`` from the template's root; see ``__main__.py``."""
