"""Errors a user can act on. The CLI turns each into one line and an exit code."""

from __future__ import annotations


class CurateError(Exception):
    """A problem the user can fix; carries the CLI exit code."""

    exit_code = 1


class ConfigError(CurateError):
    """The config is wrong: names the key and the fix. Raised before any work."""

    exit_code = 2

    def __init__(self, key: str, problem: str, fix: str = "") -> None:
        self.key, self.problem, self.fix = key, problem, fix
        message = f"config error at '{key}': {problem}"
        super().__init__(f"{message}; {fix}" if fix else message)

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str, str]]:
        """Pickled by its parts (a forked process raises it in its parent)."""
        return type(self), (self.key, self.problem, self.fix)


class UsageError(CurateError):
    """The command line asks for something curate refuses (an `--out` it must not write)."""

    exit_code = 2


class PluginError(CurateError):
    """An installed plugin (a Python entry point) cannot be loaded."""

    exit_code = 2


class InputError(CurateError):
    """An input is unreadable as a whole (a missing path, say), or the output cannot be
    written at all (disk full)."""

    exit_code = 3


class AccountingError(CurateError):
    """A stage lost or invented records: the books do not balance."""

    exit_code = 1


class ClusterError(CurateError):
    """The Dask cluster failed (lost scheduler, no workers, a task that kills workers)."""

    exit_code = 4
