"""The engine interface and the one place where a stage's books are checked."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from curate.accounting import Accounting, StageBook
from curate.errors import AccountingError
from curate.record import Record
from curate.stages.base import Stage

if TYPE_CHECKING:
    from curate.engine.ingest import Ingest
    from curate.workdir import WorkDir

T = TypeVar("T")
Reject = Callable[[Record], None]


@dataclass(frozen=True)
class Event:
    """What an engine tells a progress display; engines only emit these, never draw.

    `start`: a step began; `total` is its size when known (ingest: its units, the files or
    folders to read; a whole-set stage: its records; a streaming stage: unknown, its
    records arrive while ingest reads). `advance`: `count` more records went through
    (ingest: `count` records made, `units` units finished) in `seconds` of the stage's own
    time (a streaming stage shares the wall clock with ingest). `done`: the step finished,
    `total` records in and `count` kept (ingest: `count` records made). `cached`: the
    step's result came from the stage cache; it did not run.
    """

    step: str
    kind: Literal["start", "advance", "done", "cached"]
    count: int = 0
    total: int | None = None
    units: int = 0
    seconds: float = 0.0


Progress = Callable[[Event], None]


def emit(progress: Progress | None, *events: Event) -> None:
    """Send `events` to `progress` when there is one."""
    if progress:
        for event in events:
            progress(event)


def finished(stage: str, books: Accounting) -> Event:
    """The `done` event of `stage`, with its records in and kept from `books`."""
    book = books.stage(stage)
    return Event(stage, "done", count=book.kept, total=book.into)


def emit_cached(progress: Progress | None, stages: list[Stage], next_phase: int) -> None:
    """Tell `progress` which steps a resumed run took from the cache: phase 0 is ingest with
    the streaming stages, phase k the k-th whole-set stage; `next_phase` is the first to run."""
    if next_phase == 0:
        return
    whole = [s.name for s in stages if s.whole_set]
    cached = ["ingest", *(s.name for s in stages if not s.whole_set), *whole[:next_phase - 1]]
    emit(progress, *(Event(name, "cached") for name in cached))


@dataclass
class StageResult:
    """What one stage did to one batch (or to the whole set)."""

    name: str
    into: int
    kept: list[Record]
    rejected: list[Record] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Tally:
    """A stage result without the records: what the books need from a partition."""

    name: str
    into: int
    kept: int
    reasons: Counter[str]
    seconds: float = 0.0

    @classmethod
    def of(cls, result: StageResult) -> Tally:
        reasons = Counter(r.rejected.reason for r in result.rejected if r.rejected)
        return cls(result.name, result.into, len(result.kept), reasons, result.seconds)

    def enter(self, books: dict[str, StageBook]) -> None:
        """Add these counts to the book of that name (`Accounting.stages` or `.sources`)."""
        book = books.setdefault(self.name, StageBook())
        book.into += self.into
        book.kept += self.kept
        book.rejected += sum(self.reasons.values())
        book.reasons.update(self.reasons)


def apply_stage(stage: Stage, records: list[Record]) -> StageResult:
    """Run a stage and check it returned each record exactly once; time it."""
    started = time.perf_counter()
    out = stage.process(records)
    result = checked(stage.name, records, out)
    result.seconds = time.perf_counter() - started
    return result


def checked(name: str, records: list[Record], out: list[Record]) -> StageResult:
    """The stage result of `out`, after checking it holds each of `records` exactly once."""
    if Counter(r.id for r in out) != Counter(r.id for r in records):
        raise AccountingError(
            f"stage '{name}' returned {len(out)} records for {len(records)} given, "
            "or changed their ids: every record must come back, kept or rejected"
        )
    kept = [r for r in out if r.rejected is None]
    rejected = [r for r in out if r.rejected is not None]
    return StageResult(name, len(records), kept, rejected)


def apply_chain(stages: list[Stage], batch: list[Record]) -> list[StageResult]:
    """Run per-record stages one after another on a batch; survivors flow on."""
    results = []
    for stage in stages:
        result = apply_stage(stage, batch)
        results.append(result)
        batch = result.kept
    return results


def book(results: list[StageResult], books: Accounting, reject: Reject) -> list[StageResult]:
    """Enter each stage result in the books and hand on its rejected records."""
    for result in results:
        books.stage(result.name).add(result.into, len(result.kept), result.rejected)
        for record in result.rejected:
            reject(record)
    return results


def book_tallies(tallies: Iterable[Tally], books: Accounting) -> None:
    """Enter per-partition tallies in the books (their records were spooled elsewhere)."""
    for tally in tallies:
        tally.enter(books.stages)


def batched(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


class Engine(ABC):
    """Runs per-record stages over a stream of batches and whole-set stages on the set."""

    @abstractmethod
    def execute(self, stages: list[Stage], ingest: Ingest, work: WorkDir, curated: Path,
                progress: Progress | None = None) -> tuple[Accounting, dict[str, Any]]:
        """Run ingest and every stage; write the kept records to `curated` and every
        rejected one to `work`; return the books and the whole-set stages' findings.
        Each ingest unit's pairs are batched on their own (`Ingest.batches`)."""

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` where the data lives (here; on a worker for a cluster)."""
        return fn(*args)

    @abstractmethod
    def close(self) -> None:
        """Release workers or cluster connections."""
