"""Lazy registries: a name maps to 'module:attribute', imported only when used.

This keeps `curate --help` fast and heavy libraries (spaCy, presidio,
cleanlab) out of commands that do not need them, in the spirit of presidio's
recognizer registry. Installed packages add entries through a Python entry
point group (`curate.stages`, ...); the group is read once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from curate.errors import ConfigError, PluginError


@dataclass(frozen=True)
class Entry:
    """Where a registered name lives: 'module:attribute', and the package that provides it."""

    target: str
    package: str | None = None


class Registry:
    """An ordered name -> 'module:attribute' table with lazy loading and entry-point plugins.

    Plugins come after the built-ins in entry-point name order, or just before the entry
    named `plugins_before` when it is given (the stages put theirs before `split`)."""

    def __init__(self, what: str, entries: dict[str, str], group: str,
                 plugins_before: str | None = None) -> None:
        self.what = what
        self.group = group
        self.plugins_before = plugins_before
        self._builtins = {name: Entry(target) for name, target in entries.items()}
        self._table: dict[str, Entry] | None = None

    def _entries(self) -> dict[str, Entry]:
        if self._table is None:
            self._table = self._with_plugins()
        return self._table

    def _with_plugins(self) -> dict[str, Entry]:
        plugins: dict[str, Entry] = {}
        for point in sorted(entry_points(group=self.group), key=lambda p: p.name):
            package = point.dist.name if point.dist else "an unknown package"
            if point.name in self._builtins:
                raise ConfigError(f"entry point {self.group}:{point.name}",
                                  f"the plugin from package {package!r} clashes with the "
                                  f"built-in {self.what} {point.name!r}",
                                  "rename the plugin's entry point")
            plugins[point.name] = Entry(point.value, package)
        names = list(self._builtins)
        at = names.index(self.plugins_before) if self.plugins_before in names else len(names)
        ordered = [*names[:at], *plugins, *names[at:]]
        return {name: self._builtins.get(name) or plugins[name] for name in ordered}

    def __contains__(self, name: object) -> bool:
        return name in self._entries()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def names(self) -> list[str]:
        return list(self._entries())

    def plugins(self) -> list[str]:
        """The names installed packages add through the entry point group, in table order."""
        return [name for name, entry in self._entries().items() if entry.package is not None]

    def load(self, name: str) -> Any:
        """Import and return what is registered under `name`."""
        entries = self._entries()
        if name not in entries:
            raise KeyError(f"unknown {self.what} {name!r}; known: {', '.join(entries)}")
        entry = entries[name]
        module, _, attribute = entry.target.partition(":")
        try:
            return getattr(import_module(module), attribute)
        except Exception as exc:  # a plugin's own failure: name it, never a traceback
            if entry.package is None:
                raise
            raise PluginError(f"{self.what} plugin {name!r} from package {entry.package!r} "
                              f"failed to load ({entry.target}): {type(exc).__name__}: "
                              f"{exc}") from None

    @contextmanager
    def swapped(self, entries: Mapping[str, str]) -> Iterator[None]:
        """Use exactly `entries` (name -> 'module:attribute') inside the block: for tests."""
        saved = self._table
        self._table = {name: Entry(target) for name, target in entries.items()}
        try:
            yield
        finally:
            self._table = saved
