"""The default engine: in-process, or a pool of worker processes on one machine.

Each whole-set phase and the finish (`call`) run in a forked child process: what a phase
allocates, and what the allocator would keep of it after freeing (Python's arenas and
glibc's heap hand little back), leaves with the child, so the parent's memory does not
grow with the set from phase to phase; only books, findings and the report come back."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from curate.accounting import Accounting, StageBook
from curate.config import EngineConfig
from curate.engine.base import (
    Engine,
    Event,
    Progress,
    Reject,
    StageResult,
    apply_chain,
    apply_stage,
    batched,
    book,
    checked,
    emit,
    emit_cached,
    finished,
)
from curate.forking import die_with_parent, in_child
from curate.io import atomic_open, read_records, write_records
from curate.record import Record
from curate.stages.base import Emit, PhasedStage, Reduce, Stage

if TYPE_CHECKING:
    from curate.engine.ingest import Ingest
    from curate.workdir import WorkDir

T = TypeVar("T")

PARTITION = 20_000
"""Records a whole-set stage holds at once in the parent (~6-10 KB each in memory): larger
sets run partition by partition from disk (see `LocalEngine._whole`)."""

_worker_stages: list[Stage] = []


def _init_worker(stages: list[Stage], parent: int) -> None:
    """Each worker dies with the run (see `curate.forking.die_with_parent`) and unpickles
    the stages once; they load their models lazily on first use."""
    global _worker_stages
    die_with_parent(parent)
    _worker_stages = stages


def _partitions(live: Path) -> Iterator[list[Record]]:
    """The records of a checkpoint file, PARTITION at a time."""
    return batched(read_records(live), PARTITION)


class _FileScan:
    """A `Scan` over a checkpoint file, PARTITION records at a time, with a shuffle
    (`grouped`) through spill files beside it: each partition's rows are written
    hash-partitioned by key into `buckets` files, then each file is reduced alone, so this
    process holds one partition's rows or one bucket's, never the set's (as the Dask
    engine's shuffle, in one process)."""

    def __init__(self, live: Path, buckets: int) -> None:
        self.live, self.buckets = live, buckets
        self.folder = live.parent  # where a scan function may spill what the stage reads back

    def __call__(self, fn: Callable[[list[Record]], T]) -> list[T]:
        return [fn(part) for part in _partitions(self.live)]

    def grouped(self, emit_rows: Emit, reduce: Reduce[T]) -> list[T]:
        with tempfile.TemporaryDirectory(prefix="exchange-", dir=self.live.parent) as folder:
            paths = [Path(folder) / f"{bucket}.pkl" for bucket in range(self.buckets)]
            with ExitStack() as stack:
                files = [stack.enter_context(path.open("wb")) for path in paths]
                for part in _partitions(self.live):
                    split: list[list[tuple[int, Any]]] = [[] for _ in paths]
                    for row in emit_rows(part):
                        split[row[0] % self.buckets].append(row)
                    for file, chunk in zip(files, split, strict=True):
                        pickle.dump(chunk, file, protocol=pickle.HIGHEST_PROTOCOL)
            return [out for path in paths for out in reduce(_spilled(path))]


def _spilled(path: Path) -> list[tuple[int, Any]]:
    """Every row of a spill file (one pickled list per partition)."""
    rows: list[tuple[int, Any]] = []
    with path.open("rb") as file:
        while file.peek(1):
            rows += pickle.load(file)
    return rows


def _run_batch(batch: list[Record]) -> list[StageResult]:
    return apply_chain(_worker_stages, batch)


class LocalEngine(Engine):
    """Runs batches in this process (workers = 1) or in `workers` processes, in order."""

    def __init__(self, config: EngineConfig) -> None:
        self.workers = config.workers
        self.batch_size = config.batch_size

    def execute(self, stages: list[Stage], ingest: Ingest, work: WorkDir, curated: Path,
                progress: Progress | None = None) -> tuple[Accounting, dict[str, Any]]:
        """Stream ingest and the per-record stages, then each whole-set stage, the kept
        records of each phase written to its checkpoint file and read back from there by
        the next (never all held here, see `_whole`); skip the phases a previous,
        interrupted run completed."""
        streaming = [s for s in stages if not s.whole_set]
        whole = [s for s in stages if s.whole_set]
        resumed = work.resume(["stream", *(s.name for s in whole)])
        if resumed:
            next_phase, live, books, findings = resumed
        else:
            next_phase, live, books, findings = 0, work.live("stream"), Accounting(), {}
            for stage in stages:
                books.stage(stage.name)
        emit_cached(progress, stages, next_phase)
        if next_phase == 0:
            batches = ingest.batches(books, work.reject, self.batch_size, progress,
                                     self.workers)
            emit(progress, *(Event(s.name, "start") for s in streaming))
            write_records(live, self._stream(streaming, batches, books, work.reject, progress))
            emit(progress, *(finished(s.name, books) for s in streaming))
            findings = work.save("stream", books, findings)
        for phase, stage in enumerate(whole, start=1):
            if phase < next_phase:
                continue
            emit(progress, Event(stage.name, "start", total=books.flowing_into(stage.name)))
            kept = work.live(stage.name)
            work.flush()
            books.stages[stage.name], stage.findings = in_child(
                partial(self._phase, stage, live, kept, books, work))
            live = kept
            if stage.findings:
                findings[stage.name] = stage.findings
            findings = work.save(stage.name, books, findings)
            emit(progress, finished(stage.name, books))
        with atomic_open(curated) as out, live.open(encoding="utf-8") as handle:
            shutil.copyfileobj(handle, out)
        return books, findings

    def _stream(self, stages: list[Stage], batches: Iterable[list[Record]], books: Accounting,
                reject: Reject, progress: Progress | None) -> Iterator[Record]:
        """The records the per-record stages keep, in input order, booked as they come."""
        if not stages:
            for batch in batches:
                yield from batch
            return
        for results in self.map_chain(stages, batches):
            yield from book(results, books, reject)[-1].kept
            emit(progress, *(Event(r.name, "advance", count=r.into, seconds=r.seconds)
                             for r in results))

    def _phase(self, stage: Stage, live: Path, kept: Path, books: Accounting,
               work: WorkDir) -> tuple[StageBook, dict[str, Any]]:
        """A whole-set phase (in a child process, see the module docstring): the records
        the stage keeps of `live` written to `kept`, its rejected ones spooled; returns its
        book and findings."""
        write_records(kept, self._whole(stage, live, books.flowing_into(stage.name), books,
                                        work.reject))
        work.flush()
        return books.stage(stage.name), stage.findings

    def _whole(self, stage: Stage, live: Path, count: int, books: Accounting,
               reject: Reject) -> Iterator[Record]:
        """What a whole-set stage keeps of the `count` records in `live`. A set of up to
        PARTITION records is processed at once; a larger one, if the stage runs in passes
        (a `PhasedStage`), partition by partition from the file, as the Dask engine runs it,
        so this process holds one partition and the stage's small summaries, not the set;
        a shuffle (`grouped`) spills its rows to disk (see `_FileScan`)."""
        if count <= PARTITION or not isinstance(stage, PhasedStage):
            yield from book([apply_stage(stage, list(read_records(live)))], books, reject)[0].kept
            return
        decision = stage.decide(_FileScan(live, buckets=-(-count // PARTITION)))
        for part in _partitions(live):
            result = checked(stage.name, part, stage.apply(part, decision))
            yield from book([result], books, reject)[0].kept

    def map_chain(
        self, stages: list[Stage], batches: Iterable[list[Record]]
    ) -> Iterator[list[StageResult]]:
        """Yield, in input order, `apply_chain(stages, batch)` for each batch."""
        for stage in stages:
            stage.prepare()  # before the fork: workers inherit the loaded tables and models
        if self.workers == 1 or not stages:
            for batch in batches:
                yield apply_chain(stages, batch)
            return
        # fork where the platform has it: no re-import of the caller's __main__, and
        # workers inherit whatever the parent already loaded; spawn elsewhere.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker,
            initargs=(stages, os.getpid())
        ) as pool:
            # A bounded window of batches in flight keeps memory constant and order stable.
            pending: deque[Future[list[StageResult]]] = deque()
            for batch in batches:
                pending.append(pool.submit(_run_batch, batch))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a child process (see the module docstring)."""
        return in_child(partial(fn, *args))

    def close(self) -> None:
        """Nothing to release: each map_chain call owns its pool."""
