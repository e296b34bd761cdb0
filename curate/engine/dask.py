"""The Dask engine: records live on the workers of a dask.distributed cluster.

Ingest runs on the workers, one task per ingest unit (a configured path of a
source, or a byte range of a big JSONL, CSV or mbox file, see `Ingest.units`): it spools the
unit's rejected items and cuts its pairs into batches, each of which becomes one
partition; the client only adds up the counts. The spans of an mbox are first parsed, one
task each (the parsed messages stay on that worker), and their threading keys linked in
one task on a worker; each span's read task then takes its parsed messages and its links.
From then on the records stay on the workers. Per-record stages run per partition.
A `PhasedStage` runs as distributed passes: `decide` on the client reads small
per-partition summaries, `apply` runs per partition; its scan can also shuffle
(`grouped`: rows exchanged through files in the work folder, grouped by key in
reduce tasks on the workers), so a stage like dedup never gathers per-record rows.
Every pass over the partitions (a scan, a shuffle's map, an apply) is sent in waves of
`window` tasks (`DaskEngine._waves`), each future released once its result is read: the
client holds one future per partition (its handle) between and during the steps, and no
graph or future per partition per pass (a plain scan still returns one result per
partition: its contract).
Any other whole-set stage runs in ONE worker task over all partitions (not on the
client).

Every task is recomputable, so a lost worker costs time, not the run: nothing
is scattered. Objects every task needs (the stages, a scan's function with the
models it carries, a decision) are pickled once per run into the run's work
folder, named by their sha256, and each worker process unpickles each once
(`_shared`); a task's only dependency is its partition, so the scheduler runs it
where that partition is (no partitions moved to where a big object was loaded),
and a task rerun elsewhere loads the file there; task keys are unique to the run
(no fixed names) and the files stay until the run ends. After
each phase every partition is checkpointed to the work folder and the state
saved, so a rerun after a lost scheduler resumes like the local engine does.
A watchdog ends a run none of whose tasks finishes for `engine.stall_seconds` while
workers are present. Client and workers must share that filesystem; every path sent
is absolute.
Partitions keep input order, so the outputs equal the local engine's.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import cloudpickle
import dask
from dask.distributed import Client, LocalCluster
from distributed.client import FutureCancelledError, FuturesCancelledError, _wait
from distributed.comm.core import CommClosedError
from distributed.scheduler import KilledWorker

from curate.accounting import Accounting
from curate.config import EngineConfig
from curate.engine.base import (
    Engine,
    Event,
    Progress,
    StageResult,
    Tally,
    apply_chain,
    apply_stage,
    batched,
    book_tallies,
    checked,
    emit,
    emit_cached,
    finished,
)
from curate.errors import ClusterError
from curate.io import atomic_open, read_records, write_records
from curate.record import Record
from curate.stages.base import Emit, PhasedStage, Reduce, Stage
from curate.workdir import part_spool

if TYPE_CHECKING:
    from dask.distributed import Future

    from curate.engine.ingest import Ingest, IngestUnit
    from curate.workdir import WorkDir

T = TypeVar("T")
Partition = list[Record]
NO_WORKERS_S = 120.0
"""A run fails (ClusterError) after the cluster has had no worker for this long."""
POLL_S = 5.0
"""How often a waiting client checks the workers and its tasks' progress."""
MESSAGE_LOG = 20
"""How many sent messages the client's comms keep for debugging (distributed's
`admin.low-level-log-length`, 1000 by default; a LocalCluster's scheduler in this process
too): each holds a graph the client sent, so the default log grew with the partitions."""
DIGEST = hashlib.sha256().digest_size
"""Bytes of one sha256 digest: a shuffle's map task returns one per bucket file it wrote."""
CLUSTER_FAILURES: tuple[type[Exception], ...] = (
    CommClosedError, FutureCancelledError, FuturesCancelledError, KilledWorker, TimeoutError)


def _load(path: str, digest: str) -> Any:
    """On a worker: an object the client shared through the run's work folder. Only the bytes
    the client wrote are unpickled: their sha256 must be the one the client sent with the task."""
    blob = Path(path).read_bytes()
    if hashlib.sha256(blob).hexdigest() != digest:
        raise ClusterError(f"shared object {Path(path).name} changed on disk since this run wrote it")
    return pickle.loads(blob)


class Shared(NamedTuple):
    """An object the client pickled into the run's work folder: its path and sha256."""

    path: str
    digest: str


_loaded: OrderedDict[Shared, Any] = OrderedDict()
LOADED = 8
"""Shared objects a worker process keeps unpickled at most (the most recently used)."""


def _shared(shared: Shared) -> Any:
    """On a worker: a shared object, unpickled once per process (`_load`) and kept while
    in use, so a task depends on its partition only and runs where that partition is.
    Objects whose file is gone (their run ended and removed its work folder) are dropped."""
    for old in [old for old in _loaded if old != shared and not Path(old.path).exists()]:
        del _loaded[old]
    if shared in _loaded:
        _loaded.move_to_end(shared)
    else:
        _loaded[shared] = _load(*shared)
        while len(_loaded) > LOADED:
            _loaded.popitem(last=False)
    return _loaded[shared]


def _call(part: Partition, *, scan: Shared) -> Any:
    return _shared(scan)(part)


def _load_part(path: str) -> Partition:
    return list(read_records(Path(path)))


def _spool(parts: Path, index: int, result: StageResult) -> Tally:
    """On a worker: write a partition's rejected records, return the counts."""
    if result.rejected:
        write_records(part_spool(parts, result.name, index), result.rejected)
    return Tally.of(result)


def _read_unit(ingest: Ingest, unit: IngestUnit, size: int, parts: Path,
               parsed: tuple[Any, Any] | None = None,
               links: Any = None) -> tuple[list[Partition], Tally]:
    """On a worker: read one ingest unit into batches (a linked span from its `parsed` items
    and `links`), spool its rejected items."""
    tally, rejected = unit.tally(ingest.config), []
    linked = None if parsed is None else (parsed[0], links)
    batches = list(batched(ingest.read(unit, tally, rejected.append, linked), size))
    if rejected:
        write_records(part_spool(parts, "ingest", unit.index), rejected)
    return batches, tally


def _parse_unit(unit: IngestUnit, *, ingest: Ingest) -> tuple[Any, Any]:
    """On a worker: a linked span's (parsed items, keys)."""
    return ingest.parse(unit)


def _keys(parsed: tuple[Any, Any]) -> Any:
    return parsed[1]


def _link_units(ingest: Ingest, units: list[IngestUnit], *keys: Any) -> list[Any]:
    """On a worker: the links of every span of one path, from their keys."""
    return ingest.link(units, list(keys))


def _links(linked: list[Any], index: int) -> Any:
    return linked[index]


def _unit_counts(read: tuple[list[Partition], Tally]) -> tuple[list[int], Tally]:
    return [len(batch) for batch in read[0]], read[1]


def _batch(read: tuple[list[Partition], Tally], index: int) -> Partition:
    return read[0][index]


def _stream_part(stages: Shared, batch: Partition, index: int, parts: Path,
                 checkpoint: Path) -> tuple[Partition, list[Tally]]:
    results = apply_chain(_shared(stages), batch)
    kept = results[-1].kept if results else batch
    write_records(checkpoint, kept)
    return kept, [_spool(parts, index, r) for r in results]


def _apply_part(records: Partition, index: int, *, checkpoints: Path, shared: Shared,
                decision: Shared, parts: Path) -> tuple[Partition, Tally]:
    stage: PhasedStage = _shared(shared)
    result = checked(stage.name, records, stage.apply(records, _shared(decision)))
    write_records(_part_file(checkpoints, index), result.kept)
    return result.kept, _spool(parts, index, result)


def _whole_part(shared: Shared, parts: Path, checkpoints: Path,
                *partitions: Partition) -> tuple[list[Partition], Tally, dict[str, Any]]:
    """A whole-set stage without phases, in one worker task; as many partitions back."""
    stage: Stage = _shared(shared)
    result = apply_stage(stage, [r for part in partitions for r in part])
    n, k = len(result.kept), len(partitions)
    chunks = [result.kept[i * n // k : (i + 1) * n // k] for i in range(k)]
    for index, chunk in enumerate(chunks):
        write_records(_part_file(checkpoints, index), chunk)
    return chunks, _spool(parts, 0, result), stage.findings


def _kept(done: tuple[Partition, Any]) -> Partition:
    """A partition's kept records, out of its task's (records, counts)."""
    return done[0]


def _counts(done: tuple[Partition, T]) -> T:
    return done[1]


def _whole_counts(done: tuple[list[Partition], Tally, dict[str, Any]]) -> tuple[Tally, dict[str, Any]]:
    return done[1], done[2]


def _chunk(done: tuple[list[Partition], Tally, dict[str, Any]], index: int) -> Partition:
    return done[0][index]


@contextmanager
def cluster_failures(where: str, also: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Turn the ways a cluster fails (and `also`) into one ClusterError line."""
    try:
        yield
    except (*CLUSTER_FAILURES, *also) as exc:
        first = (str(exc).splitlines() or [""])[0][:200]
        raise ClusterError(f"the Dask cluster failed {where} ({type(exc).__name__}: {first}); "
                           "check the scheduler and workers, then rerun: the run resumes "
                           "from its last completed phase") from None


class DaskEngine(Engine):
    """Connects to `scheduler` when given, else starts a LocalCluster of `workers` processes."""

    def __init__(self, config: EngineConfig) -> None:
        self.cluster: Any = None
        with cluster_failures(f"to connect to {config.scheduler or 'a LocalCluster'}", (OSError,)), \
                dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG}):
            if config.scheduler:
                self.client = Client(config.scheduler, timeout=30, set_as_default=False)
            else:
                self.cluster = LocalCluster(n_workers=config.workers, threads_per_worker=1,
                                            processes=True, dashboard_address=None)
                self.client = Client(self.cluster, set_as_default=False)
        self.batch_size, self.stall_seconds = config.batch_size, config.stall_seconds
        self.span_bytes = config.span_bytes
        self.window = 2 * max(1, len(self.client.scheduler_info()["workers"]))
        self.shared: Path | None = None

    def execute(self, stages: list[Stage], ingest: Ingest, work: WorkDir, curated: Path,
                progress: Progress | None = None) -> tuple[Accounting, dict[str, Any]]:
        """Stream, then each whole-set stage, checkpointing every partition after each
        phase; skip the phases a previous, interrupted run completed."""
        root = work.root.absolute()
        spools, self.shared = work.parts.absolute(), root / "shared"
        whole = [s for s in stages if s.whole_set]
        phases = ["stream", *(s.name for s in whole)]
        with cluster_failures("during the run"):
            resumed = work.resume(phases)
            if resumed:
                next_phase, _, books, findings = resumed
                parts = self._reload(root / f"{phases[next_phase - 1]}.parts")
                emit_cached(progress, stages, next_phase)
            else:
                next_phase, books, findings = 1, Accounting(), {}
                for stage in stages:
                    books.stage(stage.name)
                parts = self._stream([s for s in stages if not s.whole_set], ingest, spools,
                                     root / "stream.parts", books, progress)
                work.save("stream", books, findings)
            for phase, stage in enumerate(whole, start=1):
                if phase < next_phase:
                    continue
                emit(progress, Event(stage.name, "start", total=books.flowing_into(stage.name)))
                parts = self._whole(stage, parts, spools, root / f"{stage.name}.parts", books)
                if stage.findings:
                    findings[stage.name] = stage.findings
                work.save(stage.name, books, findings)
                emit(progress, finished(stage.name, books))
            del parts
        with atomic_open(curated) as out:
            for file in _part_files(root / f"{phases[-1]}.parts"):
                with file.open(encoding="utf-8") as handle:
                    shutil.copyfileobj(handle, out)
        return books, findings

    def _stream(self, stages: list[Stage], ingest: Ingest, spools: Path, checkpoints: Path,
                books: Accounting, progress: Progress | None) -> list[Future]:
        """Workers read the ingest units, all at once; each batch of a unit's pairs becomes
        a partition that runs the per-record stages there. Returns the partitions' futures."""
        submit = self.client.submit
        units = ingest.units(self.span_bytes)
        emit(progress, Event("ingest", "start", total=len(units)),
             *(Event(s.name, "start") for s in stages))
        shared = self._share(stages)
        reads = deque(self._reads(ingest, units, spools))
        parts: list[Future] = []
        pending: deque[Future] = deque()

        def settle() -> None:
            tallies = self._result(pending.popleft())
            book_tallies(tallies, books)
            emit(progress, *(Event(t.name, "advance", count=t.into, seconds=t.seconds)
                             for t in tallies))

        while reads:  # in unit order, so partitions and books keep the local engine's order
            read = reads.popleft()
            sizes, tally = self._result(submit(_unit_counts, read, pure=False))
            tally.enter(books.sources)
            books.pairs += sum(sizes)
            emit(progress, Event("ingest", "advance", count=sum(sizes), units=1))
            for number in range(len(sizes)):
                batch = submit(_batch, read, number, pure=False)
                done = submit(_stream_part, shared, batch, len(parts), spools,
                              _part_file(checkpoints, len(parts)), pure=False)
                parts.append(submit(_kept, done, pure=False))
                pending.append(submit(_counts, done, pure=False))
                if len(pending) >= self.window:
                    settle()
            del read  # the unit's batches are released once their partitions took them
        emit(progress, Event("ingest", "done", count=books.pairs))
        while pending:
            settle()
        emit(progress, *(finished(s.name, books) for s in stages))
        if not parts:
            write_records(_part_file(checkpoints, 0), [])
            parts.append(submit(list, pure=False))
        return parts

    def _reads(self, ingest: Ingest, units: list[IngestUnit], spools: Path) -> list[Future]:
        """One read task per unit, in order. The spans of one path that are linked (an mbox,
        `Ingest.linked`) are parsed first, their keys linked in one task, and each span's
        read takes its parsed items (where they are) and its links."""
        submit = self.client.submit
        linked: dict[int, tuple[Future, Future]] = {}
        for group in ingest.linked_groups(units):
            parsed = self._map(_parse_unit, group, ingest=ingest)
            links = submit(_link_units, ingest, group, *self._map(_keys, parsed), pure=False)
            for number, (unit, items) in enumerate(zip(group, parsed, strict=True)):
                linked[unit.index] = (items, submit(_links, links, number, pure=False))
        return [submit(_read_unit, ingest, unit, self.batch_size, spools,
                       *linked.get(unit.index, ()), pure=False) for unit in units]

    def _whole(self, stage: Stage, parts: list[Future], spools: Path, checkpoints: Path,
               books: Accounting) -> list[Future]:
        """A whole-set stage over the partitions; returns the kept partitions' futures. A
        phased stage's apply runs in waves (`_waves`): each partition's tally is booked as it
        comes and its old future is dropped (`parts` is emptied) once its apply task holds
        it, so the client holds one future per partition and a window, nothing more."""
        submit = self.client.submit
        if isinstance(stage, PhasedStage):
            decision = self._share(stage.decide(self._scan(parts)))
            shared = self._share(stage)
            kept: list[Future] = []
            old = deque(parts)
            parts.clear()

            def apply(index: int) -> Future:  # called in index order
                done = self._submit(_apply_part, old.popleft(), index, checkpoints=checkpoints,
                                    shared=shared, decision=decision, parts=spools)
                kept.append(submit(_kept, done, pure=False))
                return submit(_counts, done, pure=False)

            book_tallies(self._waves(apply, len(old)), books)
            return kept
        whole = submit(_whole_part, self._share(stage), spools, checkpoints, *parts, pure=False)
        tally, stage.findings = self._result(submit(_whole_counts, whole, pure=False))
        book_tallies([tally], books)
        return [submit(_chunk, whole, i, pure=False) for i in range(len(parts))]

    def _submit(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any) -> Future:
        """One task; its key starts with `fn`'s name (and `name`, to tell a profile which
        scan ran) and is unique."""
        return self.client.submit(fn, *args, key=f"{fn.__name__}{name}-{uuid.uuid4().hex}",
                                  pure=False, **kwargs)

    def _waves(self, submit: Callable[[int], Future], count: int) -> Iterator[Any]:
        """The results of the tasks `submit(index)` for index in range(count), in that order,
        sent in waves: at most `window` in flight (and `window` results waiting for an
        earlier one), each future released as soon as its result is read. So the client
        holds no graph and no future per task beyond the window, whatever the count, and
        the scheduler still recomputes any task a lost worker held."""
        flying: dict[Future, int] = {}
        ready: dict[int, Any] = {}
        sent = given = 0
        while given < count:
            while sent < count and len(flying) < self.window and len(ready) < self.window:
                flying[submit(sent)] = sent
                sent += 1
            if given not in ready:
                self._wait(list(flying), first=True)
                done = [future for future in flying if future.done()]
                for future, result in zip(done, self.client.gather(done), strict=True):
                    ready[flying.pop(future)] = result
                del done
            while given in ready:
                yield ready.pop(given)
                given += 1

    def _map(self, fn: Callable[..., Any], *columns: Sequence[Any], name: str = "",
             **same: Any) -> list[Future]:
        """`fn` over the rows of `columns` (each task also gets the keywords `same`), sent
        to the scheduler as one graph: one round trip, not one per task. Task keys start
        with `fn`'s name (and `name`, to tell a profile which scan ran) and are unique."""
        return self.client.map(fn, *columns, key=f"{fn.__name__}{name}", pure=False, **same)

    def _scan(self, parts: list[Future]) -> _ClusterScan:
        return _ClusterScan(self, parts)

    def _reload(self, checkpoints: Path) -> list[Future]:
        """The partitions a completed phase checkpointed, loaded on the workers."""
        return [self.client.submit(_load_part, str(file), pure=False)
                for file in _part_files(checkpoints)]

    def _share(self, obj: Any) -> Shared:
        """`obj` for every task that needs it, sent once: pickled to the work folder (named
        by its digest, kept until the run ends), which each worker process loads once
        (`_shared`); a task that reruns elsewhere loads it there."""
        assert self.shared is not None, "share is only used inside execute"
        blob = cloudpickle.dumps(obj)
        digest = hashlib.sha256(blob).hexdigest()
        path = self.shared / f"{digest[:32]}.pkl"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial_file = path.with_name(f".{path.name}.part")
            partial_file.write_bytes(blob)
            partial_file.replace(path)
        return Shared(str(path), digest)

    def _wait(self, futures: Sequence[Future], first: bool = False) -> None:
        """Wait for `futures` (`first`: for one of them); fail when the cluster has had no
        worker for NO_WORKERS_S, or when workers are present but none of this run's tasks
        has finished for `stall_seconds` (the watchdog: a hung task, a deadlocked worker)."""
        idle, done, moved = 0.0, self._finished(), time.monotonic()
        while True:
            try:
                self.client.sync(_wait, futures, timeout=POLL_S,
                                 return_when="FIRST_COMPLETED" if first else "ALL_COMPLETED")
                return
            except TimeoutError:
                workers = bool(self.client.nthreads())
                idle = 0.0 if workers else idle + POLL_S
                if not workers or self._finished() != done:
                    done, moved = self._finished(), time.monotonic()
                stalled = time.monotonic() - moved
                if idle >= NO_WORKERS_S:
                    raise ClusterError(
                        f"the Dask cluster has had no worker for {NO_WORKERS_S:.0f} s; start "
                        "workers, then rerun: the run resumes from its last completed phase"
                    ) from None
                if stalled >= self.stall_seconds:
                    raise ClusterError(
                        f"the Dask cluster finished none of this run's tasks for {stalled:.0f} s "
                        "while workers were present (engine.stall_seconds "
                        f"{self.stall_seconds:g}); restart the workers (a task may hang), "
                        "or raise engine.stall_seconds for tasks that run longer, then rerun: "
                        "the run resumes from its last completed phase") from None

    def _finished(self) -> int:
        """How many of the tasks this client holds have finished (it holds no other
        results while it waits, so a change means progress)."""
        return sum(state.status == "finished" for state in list(self.client.futures.values()))

    def _gather(self, futures: list[Future]) -> list[Any]:
        self._wait(futures)
        return self.client.gather(futures)

    def _result(self, future: Future) -> Any:
        return self._gather([future])[0]

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        with cluster_failures(f"while running {fn.__name__}"):
            return self._result(self.client.submit(fn, *args, pure=False))

    def close(self) -> None:
        """Release this run's keys on the cluster (closing the client forgets them)."""
        try:
            self.client.close(timeout=10)
        finally:
            if self.cluster is not None:
                self.cluster.close()


class _ClusterScan:
    """A `Scan` over the partitions on the workers, with a shuffle (`grouped`) that
    exchanges rows through files in the work folder: one map task per partition writes
    its rows hash-partitioned by key, one reduce task per bucket reads them; and one task
    on a worker (`call`)."""

    def __init__(self, engine: DaskEngine, parts: list[Future]) -> None:
        self.engine, self.parts = engine, parts
        assert engine.shared is not None, "a scan is only made inside execute"
        self.folder = engine.shared.parent  # the work folder the workers share: for spills

    def __call__(self, fn: Callable[[Partition], T]) -> list[T]:
        """`fn` over the partitions, in waves (`DaskEngine._waves`)."""
        engine, parts, shared = self.engine, self.parts, self.engine._share(fn)
        return list(engine._waves(
            lambda index: engine._submit(_call, parts[index], name=_named(fn), scan=shared),
            len(parts)))

    def call(self, fn: Callable[[], T]) -> T:
        """`fn()` in one task on a worker (recomputable: `fn` carries all it needs)."""
        engine = self.engine
        return engine._result(engine.client.submit(fn, key=f"call{_named(fn)}-{uuid.uuid4().hex}",
                                                   pure=False))

    def grouped(self, emit: Emit, reduce: Reduce[T]) -> list[T]:
        engine = self.engine
        assert engine.shared is not None, "grouped is only used inside execute"
        folder = engine.shared.parent / "exchange" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        buckets, parts, shared = engine.window, self.parts, engine._share(emit)
        columns = [bytearray() for _ in range(buckets)]  # 32 bytes per partition each
        for digests in engine._waves(
                lambda index: engine._submit(_emit_rows, parts[index], index, name=_named(emit),
                                             emit=shared, folder=str(folder), buckets=buckets),
                len(parts)):
            for bucket, column in enumerate(columns):
                column += digests[bucket * DIGEST : (bucket + 1) * DIGEST]
        reduced = engine._gather(engine._map(
            _reduce_rows, range(buckets), [bytes(column) for column in columns],
            name=_named(reduce), reduce=engine._share(reduce), folder=str(folder)))
        shutil.rmtree(folder)
        return [out for bucket in reduced for out in bucket]


def _named(fn: Callable[..., Any]) -> str:
    """`_` and the name of `fn` (of the function a partial wraps), for task keys."""
    return "_" + getattr(getattr(fn, "func", fn), "__name__", type(fn).__name__)


def _emit_rows(part: Partition, index: int, *, emit: Shared, folder: str,
               buckets: int) -> bytes:
    """On a worker: a partition's (key, row) pairs, one file per bucket (key mod buckets); the
    files' sha256 digests (`DIGEST` bytes each, in bucket order), so a reduce task unpickles
    only what this task wrote."""
    split: list[list[tuple[int, Any]]] = [[] for _ in range(buckets)]
    rows = _shared(emit)(part)
    for row in rows:
        split[row[0] % buckets].append(row)
    digests = bytearray()
    for bucket, chunk in enumerate(split):  # a rerun of this task rewrites the same bytes
        path = Path(folder) / f"{bucket}-{index}.pkl"
        partial_file = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        blob = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        partial_file.write_bytes(blob)
        partial_file.replace(path)
        digests += hashlib.sha256(blob).digest()
    return bytes(digests)


def _reduce_rows(bucket: int, digests: bytes, *, reduce: Shared, folder: str) -> list[T]:
    """On a worker: one bucket's rows from every partition's file (checked against the
    digest its map task returned: `digests` holds partition i's at `i * DIGEST`), reduced."""
    rows: list[tuple[int, Any]] = []
    for index in range(len(digests) // DIGEST):
        rows.extend(_load(str(Path(folder) / f"{bucket}-{index}.pkl"),
                          digests[index * DIGEST : (index + 1) * DIGEST].hex()))
    return _shared(reduce)(rows)


def _part_file(folder: Path, index: int) -> Path:
    return folder / f"part-{index:06d}.jsonl"


def _part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-[0-9]*.jsonl"))
