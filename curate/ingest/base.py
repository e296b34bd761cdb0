"""The ingestor contract: turn source files into records, item by item.

An ingestor streams. It never raises on one bad item: it yields a rejected
record (reason `ingest.<what>`) and goes on. It counts the source items it
read (`items_read`) and those that went into at least one pair
(`items_used`); the pipeline checks read == used + rejected.
"""

from __future__ import annotations

import os
import stat
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict

from curate.record import Record, Source, make_id

if TYPE_CHECKING:
    from curate.config import CurateConfig, SourceConfig, TaskSpec


_NOT_REGULAR = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"))


def file_problem(path: Path) -> tuple[str, str] | None:
    """Why `path` cannot be read as a regular file (reason code, detail), or None.

    Checked before anything opens it: reading a FIFO would block forever, a device
    never ends, a folder or a dangling link raises.
    """
    try:
        mode = path.stat().st_mode  # follows links
    except OSError as exc:
        dangling = isinstance(exc, FileNotFoundError) and path.is_symlink()
        return "ingest.unreadable", "a dangling link" if dangling else type(exc).__name__
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _NOT_REGULAR if test(mode)), "not a regular file")
        return "ingest.not_a_file", kind
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as exc:
        return "ingest.unreadable", type(exc).__name__
    return None


ENCODED_PART = 4096
"""Records per part of `Ingestor.encoded`'s default."""


@dataclass(slots=True)
class Encoded:
    """A run of an ingestor's output, in order: its pairs as JSON lines, its rejected items."""

    lines: str
    pairs: int
    rejected: list[Record]

    @classmethod
    def of(cls, records: Iterable[Record]) -> Encoded:
        """The pairs of `records` as `Record.to_json` lines, and the rejected ones."""
        lines: list[str] = []
        rejected: list[Record] = []
        for record in records:
            if record.rejected is None:
                lines.append(record.to_json() + "\n")
            else:
                rejected.append(record)
        return cls("".join(lines), len(lines), rejected)


def count_lines(file: Path, starting: bytes = b"") -> int:
    """Lines of `file` (a last line without a newline counts), or only those that start
    with `starting`; read in 1 MiB blocks."""
    lines, last = 0, b"\n"
    with file.open("rb") as handle:
        while block := handle.read(1 << 20):
            if starting:
                lines += (last + block).count(b"\n" + starting)
                last = block[-len(starting):]
            else:
                lines += block.count(b"\n")
                last = block[-1:]
    return lines + (not starting and last != b"\n")


class IngestOptions(BaseModel):
    """Base of every ingestor's per-source `options`; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class Ingestor(ABC):
    """Reads one kind of source into instruction-pair records."""

    name: ClassVar[str]
    Options: ClassVar[type[IngestOptions]] = IngestOptions
    file_kinds: ClassVar[str] = "any file"
    """The files it reads, in words (`curate check` names them)."""

    @classmethod
    def reads(cls, file: Path, options: IngestOptions) -> bool:
        """Whether it reads `file`, given directly or found in a folder (by name only)."""
        return True

    @classmethod
    def multi_turn(cls, options: IngestOptions) -> str | None:
        """How to keep its records to one user/assistant exchange when they may hold more
        (an option to set, in words), else None."""
        return None

    @classmethod
    def outputs_labels(cls, options: IngestOptions) -> bool | None:
        """Whether its outputs are labels (True), never are (False), or depend on the data."""
        return None

    @classmethod
    def max_items(cls, file: Path, options: IngestOptions) -> int | None:
        """At most how many records `file` can give (read cheaply), or None if unknown."""
        return None

    def __init__(self, options: IngestOptions, source: SourceConfig, task: TaskSpec,
                 base_dir: Path) -> None:
        self.options = options
        self.source = source
        self.task = task
        self.base_dir = base_dir  # the config file's folder: relative paths start there
        self.items_read = 0
        self.items_used = 0
        self._relpaths: dict[Path, str] = {}

    @classmethod
    def for_source(cls, source: SourceConfig, config: CurateConfig) -> Self:
        """An ingestor of `source`: its options validated, its task's spec, the config's folder."""
        return cls(cls.Options.model_validate(source.options), source, config.tasks[source.task],
                   config.base_dir)

    @abstractmethod
    def read(self, path: Path) -> Iterator[Record]:
        """Yield pairs and rejected items from one configured path (file or folder)."""

    def spans(self, path: Path, size: int) -> list[Any] | None:
        """Pieces of about `size` bytes that `read_span` reads on their own, in order, whose
        records together are `read(path)`'s (a big single file cut at item boundaries), or
        None when `path` is read whole (the default)."""
        return None

    def read_span(self, path: Path, span: Any) -> Iterator[Record]:
        """What `read(path)` yields for the items of one of `spans(path, ...)`."""
        raise NotImplementedError(f"{self.name} reads whole paths or linked spans only")

    linked_spans: ClassVar[bool] = False
    """Whether a span's records depend on the items of the path's other spans (e-mail
    threads): then each span is read in three steps instead of `read_span`: `parse_span`
    per span, `link_spans` over every span's keys, `read_linked` per span. Such paths are
    cut on every engine (the local one too), so a big one is never held whole."""

    def parse_span(self, path: Path, span: Any) -> tuple[Any, Any]:
        """(items, keys) of a span: its items parsed, and the compact keys that
        `link_spans` needs of them."""
        raise NotImplementedError(f"{self.name} has no linked spans")

    def link_spans(self, path: Path, spans: list[Any], keys: list[Any]) -> list[Any]:
        """From every span's keys, in order, what each span's `read_linked` needs."""
        raise NotImplementedError(f"{self.name} has no linked spans")

    def read_linked(self, path: Path, span: Any, items: Any, links: Any) -> Iterator[Record]:
        """What `read(path)` yields for the items of `span`, given its parsed `items` (None:
        parse them again, for a reader that kept only the keys) and its `links` (see
        `link_spans`)."""
        raise NotImplementedError(f"{self.name} has no linked spans")

    def encoded(self, path: Path, workers: int = 1) -> Iterator[Encoded]:
        """What `read` yields, in parts, each pair as its `Record.to_json` line; an ingestor
        may spread the work over `workers` forked processes (the bytes are the same)."""
        records = self.read(path)
        while part := list(islice(records, ENCODED_PART)):
            yield Encoded.of(part)

    def relpath(self, path: Path) -> str:
        """The path as stored in records: relative to the config's folder when inside it.

        Made absolute without resolving links: a symlinked file keeps the name it has in the
        input folder (two links to one file stay two items with two ids). Remembered per
        path: an mbox of many messages names its file once per message.
        """
        if path not in self._relpaths:
            self._relpaths[path] = self._relative(path)
        return self._relpaths[path]

    def _relative(self, path: Path) -> str:
        try:
            base = Path(os.path.abspath(self.base_dir))
            return Path(os.path.abspath(path)).relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    def rejected_item(self, path: Path, locator: str, reason: str, detail: str) -> Record:
        """A record that stands for a source item that could not become a pair."""
        source = Source(self.name, self.relpath(path), locator)
        record = Record(
            id=make_id(source),
            task=self.source.task,
            instruction=self.task.instruction,
            input="",
            output="",
            source=source,
        )
        return record.reject("ingest", reason, detail)
