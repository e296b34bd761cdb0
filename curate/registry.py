"""Lazy registries: a name maps to 'module:Class', imported only when used.

This keeps `curate --help` fast and heavy libraries (spaCy, presidio,
cleanlab) out of commands that do not need them, in the spirit of presidio's
recognizer registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import Any


class Registry:
    """An ordered name -> 'module:attribute' table with lazy loading."""

    def __init__(self, what: str, entries: dict[str, str]) -> None:
        self.what = what
        self._entries = dict(entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def load(self, name: str) -> Any:
        """Import and return the class registered under `name`."""
        if name not in self._entries:
            known = ", ".join(self._entries)
            raise KeyError(f"unknown {self.what} {name!r}; known: {known}")
        module, _, attribute = self._entries[name].partition(":")
        return getattr(import_module(module), attribute)
