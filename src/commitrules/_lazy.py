"""Names of a package imported from their modules when first used (PEP 562), written once.

A package lists its lazy names and their modules, then takes the module's ``__getattr__`` and
``__dir__`` from :func:`lazy_names`. This module imports nothing of the package.

Examples:
    >>> namespace: dict[str, object] = {}
    >>> getattr_, dir_ = lazy_names("pkg", {"dedent": "textwrap"}, namespace, ["dedent", "other"])
    >>> getattr_("dedent")("  a")
    'a'
    >>> sorted(namespace)  # the next use finds it as a plain attribute
    ['dedent']
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'pkg' has no attribute 'nothing'
    >>> dir_()
    ['dedent', 'other']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str,
    modules: Mapping[str, str],
    namespace: MutableMapping[str, Any],
    public: Sequence[str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for names imported on first use.

    Args:
        package: the package's name, for the message of a missing attribute.
        modules: each lazy name and the module it is imported from.
        namespace: the package's ``globals()``; a name is stored there once imported, so that the
            next use finds it without calling ``__getattr__``.
        public: the package's ``__all__``, which ``dir()`` lists.

    Returns:
        ``(__getattr__, __dir__)``, to be bound at the package's module level.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - it becomes the package's __getattr__
        module = modules.get(name)
        if module is None:
            msg = f"module '{package}' has no attribute '{name}'"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - it becomes the package's __dir__
        return sorted(public)

    return __getattr__, __dir__
