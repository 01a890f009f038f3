"""The benchmark: ``python -m bench`` (or ``make bench``); see ``__main__.py``."""
