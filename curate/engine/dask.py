"""The Dask engine: records live on the workers of a dask.distributed cluster.

Ingest runs on the workers, one task per ingest unit (a configured path of a
source): it spools the unit's rejected items and cuts its pairs into batches,
each of which becomes one partition; the client only adds up the counts. From
then on the records stay on the workers. Per-record stages run per
partition (stages scattered once to every worker, so each worker unpickles
them once and loads its models lazily, once). A `PhasedStage` runs as
distributed passes: `decide` on the client reads small per-partition
summaries, `apply` runs per partition. Any other whole-set stage runs in ONE
worker task over all partitions (not on the client). Workers spool rejected
records and write curated parts to the run's work folder, which the client
then concatenates file by file: client and workers must share that
filesystem. Partitions keep input order, so the outputs equal the local
engine's. A cluster run does not checkpoint: after a crash it starts again.
"""

from __future__ import annotations

import shutil
from collections import deque
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from curate.accounting import Accounting
from curate.config import EngineConfig
from curate.engine.base import (
    Engine,
    Progress,
    StageResult,
    Tally,
    apply_chain,
    apply_stage,
    batched,
    book_tallies,
    checked,
)
from curate.io import atomic_open, write_records
from curate.record import Record
from curate.stages.base import PhasedStage, Stage
from curate.workdir import part_spool

if TYPE_CHECKING:
    from curate.engine.ingest import Ingest, IngestUnit
    from curate.workdir import WorkDir

T = TypeVar("T")
Partition = list[Record]


def _spool(parts: Path, index: int, result: StageResult) -> Tally:
    """On a worker: write a partition's rejected records, return the counts."""
    if result.rejected:
        write_records(part_spool(parts, result.name, index), result.rejected)
    return Tally.of(result)


def _read_unit(ingest: Ingest, unit: IngestUnit, size: int,
               parts: Path) -> tuple[list[Partition], Tally]:
    """On a worker: read one ingest unit into batches, spool its rejected items."""
    tally, rejected = unit.tally(ingest.config), []
    batches = list(batched(ingest.read(unit, tally, rejected.append), size))
    if rejected:
        write_records(part_spool(parts, "ingest", unit.index), rejected)
    return batches, tally


def _unit_counts(read: tuple[list[Partition], Tally]) -> tuple[list[int], Tally]:
    return [len(batch) for batch in read[0]], read[1]


def _batch(read: tuple[list[Partition], Tally], index: int) -> Partition:
    return read[0][index]


def _stream_part(stages: list[Stage], batch: Partition, index: int,
                 parts: Path) -> tuple[Partition, list[Tally]]:
    results = apply_chain(stages, batch)
    return (results[-1].kept if results else batch), [_spool(parts, index, r) for r in results]


def _apply_part(stage: PhasedStage, records: Partition, decision: Any, index: int,
                parts: Path) -> tuple[Partition, Tally]:
    result = checked(stage.name, records, stage.apply(records, decision))
    return result.kept, _spool(parts, index, result)


def _whole_part(stage: Stage, parts: Path,
                *partitions: Partition) -> tuple[list[Partition], Tally, dict[str, Any]]:
    """A whole-set stage without phases, in one worker task; as many partitions back."""
    result = apply_stage(stage, [r for part in partitions for r in part])
    n, k = len(result.kept), len(partitions)
    chunks = [result.kept[i * n // k : (i + 1) * n // k] for i in range(k)]
    return chunks, _spool(parts, 0, result), stage.findings


def _chunk(done: tuple[list[Partition], Tally, dict[str, Any]], index: int) -> Partition:
    return done[0][index]


class DaskEngine(Engine):
    """Connects to `scheduler` when given, else starts a LocalCluster of `workers` processes."""

    def __init__(self, config: EngineConfig) -> None:
        from dask.distributed import Client, LocalCluster

        self.cluster: Any = None
        if config.scheduler:
            self.client = Client(config.scheduler)
        else:
            self.cluster = LocalCluster(n_workers=config.workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        self.batch_size = config.batch_size
        self.window = 2 * max(1, len(self.client.scheduler_info()["workers"]))

    def execute(self, stages: list[Stage], ingest: Ingest, work: WorkDir, curated: Path,
                progress: Progress | None = None) -> tuple[Accounting, dict[str, Any]]:
        work.resume([])  # no checkpoints on a cluster: start clean
        books, findings = Accounting(), {}
        for stage in stages:
            books.stage(stage.name)
        parts = self._stream([s for s in stages if not s.whole_set], ingest, work.parts,
                             books, progress)
        for stage in (s for s in stages if s.whole_set):
            if progress:
                progress(stage.name, 0)
            parts = self._whole(stage, parts, work.parts, books)
            if stage.findings:
                findings[stage.name] = stage.findings
        files = [work.parts / f"curated-{i:06d}.jsonl" for i in range(len(parts))]
        self.client.gather([self.client.submit(write_records, f, p, pure=False)
                            for f, p in zip(files, parts, strict=True)])
        with atomic_open(curated) as out:
            for file in files:
                with file.open(encoding="utf-8") as handle:
                    shutil.copyfileobj(handle, out)
        return books, findings

    def _stream(self, stages: list[Stage], ingest: Ingest, spools: Path,
                books: Accounting, progress: Progress | None) -> list[Any]:
        """Workers read the ingest units, all at once; each batch of a unit's pairs becomes
        a partition that runs the per-record stages there. Returns the partitions' futures."""
        submit = self.client.submit
        shared = self.client.scatter({"stages": stages}, broadcast=True)["stages"]
        reads = deque(submit(_read_unit, ingest, unit, self.batch_size, spools, pure=False)
                      for unit in ingest.units())
        parts: list[Any] = []
        pending: deque[Any] = deque()

        def settle() -> None:
            tallies = pending.popleft().result()
            book_tallies(tallies, books)
            if progress and tallies:
                progress("records", tallies[0].into)

        while reads:  # in unit order, so partitions and books keep the local engine's order
            read = reads.popleft()
            sizes, tally = submit(_unit_counts, read).result()
            tally.enter(books.sources)
            books.pairs += sum(sizes)
            for number in range(len(sizes)):
                batch = submit(_batch, read, number, pure=False)
                done = submit(_stream_part, shared, batch, len(parts), spools, pure=False)
                parts.append(submit(itemgetter(0), done, pure=False))
                pending.append(submit(itemgetter(1), done, pure=False))
                if len(pending) >= self.window:
                    settle()
            del read  # the unit's batches are released once their partitions took them
        while pending:
            settle()
        return parts or [self.client.submit(list, pure=False)]

    def _whole(self, stage: Stage, parts: list[Any], spools: Path,
               books: Accounting) -> list[Any]:
        """A whole-set stage over the partitions; returns the kept partitions' futures."""
        submit = self.client.submit
        if isinstance(stage, PhasedStage):
            decision = stage.decide(self._scan(parts))
            shared = self.client.scatter({"stage": stage, "decision": decision}, broadcast=True)
            done = [submit(_apply_part, shared["stage"], part, shared["decision"], i, spools,
                           pure=False) for i, part in enumerate(parts)]
            book_tallies(self.client.gather([submit(itemgetter(1), d) for d in done]), books)
            return [submit(itemgetter(0), d) for d in done]
        done = submit(_whole_part, stage, spools, *parts, pure=False)
        tally, stage.findings = submit(itemgetter(1, 2), done).result()
        book_tallies([tally], books)
        return [submit(_chunk, done, i) for i in range(len(parts))]

    def _scan(self, parts: list[Any]) -> Callable[[Callable[[Partition], T]], list[T]]:
        def scan(fn: Callable[[Partition], T]) -> list[T]:
            return self.client.gather([self.client.submit(fn, p, pure=False) for p in parts])
        return scan

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        return self.client.submit(fn, *args, pure=False).result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
