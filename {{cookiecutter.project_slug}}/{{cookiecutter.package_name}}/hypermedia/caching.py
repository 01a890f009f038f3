"""What depends only on a class, worked out once for each class."""

from functools import cache

from ripozo.decorators import classproperty


def cached_classproperty(build):
    """A ripozo classproperty computed once for each class that reads it.

    ripozo works out base URLs, endpoints, relationships, links and field
    lists again for every resource it builds, embedded items included;
    they depend on the class alone.
    """
    return classproperty(cache(build))
