"""Atomic files and JSONL: a killed run never leaves a complete-looking half file."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO

from curate.errors import InputError
from curate.record import Record

_UMASK = os.umask(0)
os.umask(_UMASK)


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file beside `path` for a write renamed over it: `.<name>.<random>.tmp`."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def leftover_temps(path: Path) -> list[Path]:
    """The temp files of writes of `path` (`_temp_beside`) that a SIGKILL cut between their
    create and rename."""
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))


@contextmanager
def atomic_open(path: Path) -> Iterator[IO[str]]:
    """Write to a temp file beside `path`, fsync, then rename over it; on error, remove it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path)
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_beside(path: Path, write: Callable[[BinaryIO], Any]) -> None:
    """Write a scratch file's bytes with `write` to a temp file beside `path`, then rename it
    over `path`: a reader (or a task run again on another worker) never sees it half-written.
    No fsync: a run that dies rewrites its scratch files."""
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """Pretty, key-sorted JSON, written atomically."""
    with atomic_open(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")


def write_records(path: Path, records: Iterable[Record]) -> int:
    """Write records as JSONL atomically; return how many were written."""
    count = 0
    with atomic_open(path) as handle:
        for record in records:
            handle.write(record.to_json() + "\n")
            count += 1
    return count


def read_records(path: Path) -> Iterator[Record]:
    """Stream records from a JSONL file written by curate."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Record.from_json(line)


class RecordFile:
    """The records of a JSONL file written by curate, read again on every pass instead of
    held in memory: a set too large to hold (see `curate.pipeline.finish`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._count: int | None = None

    def __iter__(self) -> Iterator[Record]:
        return checked_records(self.path)

    def __len__(self) -> int:
        if self._count is None:
            with self.path.open(encoding="utf-8") as handle:
                self._count = sum(1 for line in handle if line.strip())
        return self._count


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line of a JSONL file; a line that is not
    JSON gives None, for the caller to name as its own kind of error."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except ValueError:
                    yield number, None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_records(path: Path) -> Iterator[Record]:
    """Stream the records of a curate JSONL file; an InputError naming the first bad line."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    count = 0
    try:
        for record in read_records(path):
            count += 1
            yield record
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError(
            f"{path} line {count + 1} is not a curate record (see schemas/record.schema.json)"
        ) from None


def load_records(path: Path) -> list[Record]:
    """Every record of a curate JSONL file, or an InputError naming the bad line."""
    return list(checked_records(path))
