"""Names a package re-exports from its modules, imported when first used.

planctl runs on every commit: the command line imports a command's package
to learn its output formats, and must not pay there for the modules that do
the command's work.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports each name of ``homes`` from its module on first use.

    ``homes`` maps a public name to the module that defines it, or to
    ``module:name`` where the module calls it otherwise.
    """

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, own_name = home.partition(":")
        return getattr(importlib.import_module(module), own_name or name)

    return __getattr__


def writer_module(table: Mapping[str, str], name: str) -> ModuleType:
    """The module that writes format ``name`` of ``table`` (format name → module), imported now."""
    return importlib.import_module(table[name])
