"""The stage contract: a name, a config section, the annotations it reads and writes, one method.

A stage annotates records and rejects some of them; it never drops one
silently. `process` returns every record it was given exactly once, kept or
with `record.rejected` set, and the pipeline checks that the books balance.

A whole-set stage that can run as distributed passes is a `PhasedStage`: it
reads small per-partition summaries through `scan`, decides on the client, and
applies the decision partition by partition. Both engines run that one
algorithm, so the result does not depend on how the records are partitioned.

A stage knows of the run only its `StageContext` (seed, task specs, what counts
as a near-duplicate), never the whole config. What it reads of earlier stages'
work it declares by name, `"<stage>.<key>"` for `annotations[stage][key]` and
`"scores.<name>"` for a score: `needs` (required: an enabled stage before it
must provide each, or the config does not load) and `uses` (optional: read when
present, with the fallback its docstring states); what it writes, as
`provides`. `curate.config` checks them when the config loads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from curate.config import resolve_path
from curate.record import Record
from curate.registries import STAGES
from curate.stages.near_duplicates import NearDuplicates

if TYPE_CHECKING:
    from curate.config import CurateConfig, TaskSpec

T = TypeVar("T")
R = TypeVar("R")
Scan = Callable[[Callable[[list[Record]], T]], list[T]]
"""`scan(fn)`: `fn` applied to every partition, results in partition order.
`fn` must be picklable (a module-level function or a `functools.partial` of one).
An engine whose records live elsewhere may also give its scan a `grouped(emit, reduce)`
method that groups on the workers (see `grouped`), a `call(fn)` method that runs one task
there (see `on_worker`), and a `folder` attribute: a folder
every scan function may write to and the client read back (the run's work folder,
shared with the workers; a stage spills its per-record arrays there, in a subfolder it
removes)."""
Emit = Callable[[list[Record]], list[tuple[int, Any]]]
Reduce = Callable[[list[tuple[int, Any]]], list[R]]


def grouped(scan: Scan, emit: Emit, reduce: Reduce[R]) -> list[R]:
    """A shuffle: `emit` turns each partition into (key, row) pairs, `reduce` gets every
    row of a key together (rows of other keys mixed in; it groups them itself) and its
    results come back, in no set order. With the engine's `scan.grouped` the rows stay on
    the workers, hash-partitioned by key (an int) across reduce tasks; otherwise they are
    grouped here. `emit` and `reduce` must be picklable."""
    on_workers = getattr(scan, "grouped", None)
    if on_workers is not None:
        return on_workers(emit, reduce)
    return reduce([row for part in scan(emit) for row in part])


def on_worker(scan: Scan, fn: Callable[[], R]) -> R:
    """`fn()` as one task where the records are (the engine's `scan.call`: on a worker of a
    cluster), else here; its result comes back. For work over what earlier tasks left on
    the shared disk (a stage's per-duplicate files), which the client should not hold.
    `fn` must be picklable."""
    call = getattr(scan, "call", None)
    return call(fn) if call is not None else fn()


class StageConfig(BaseModel):
    """Base of every stage's config section; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True


@dataclass(frozen=True)
class StageContext:
    """What a stage may know of the run besides its own section."""

    seed: int = 0
    tasks: Mapping[str, TaskSpec] = field(default_factory=dict)
    near_duplicates: NearDuplicates = field(default_factory=NearDuplicates)
    base_dir: Path = Path(".")

    def resolve(self, path: str) -> Path:
        """A configured path, relative paths taken from the config file's folder."""
        return resolve_path(self.base_dir, path)

    @classmethod
    def of(cls, config: CurateConfig) -> StageContext:
        """The context of a run: its seed, its tasks, the near-duplicates of the dedup
        section (the defaults where no dedup stage is registered) and the config's folder."""
        near = config.stage_config("dedup").near_duplicates() if "dedup" in STAGES \
            else NearDuplicates()
        return cls(config.seed, dict(config.tasks), near, config.base_dir)


class Stage(ABC):
    """A pipeline step.

    Per-record stages (`whole_set = False`) get batches, may run in worker
    processes, and keep everything they learn on the records. Whole-set stages
    get every kept record at once and may also fill `self.findings` for the
    report.
    """

    name: ClassVar[str]
    Config: ClassVar[type[StageConfig]] = StageConfig
    whole_set: ClassVar[bool] = False
    needs: ClassVar[tuple[str, ...]] = ()
    uses: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    listed: ClassVar[tuple[str, ...]] = ()
    """Findings keys whose value has a row per item (it grows with the data): the report
    keeps their count and first rows, the rows go to a run-directory file (`curate.listing`,
    `key_tables.list_findings`); a stage may `key_tables.spill` them where it decides."""

    def __init__(self, config: StageConfig, context: StageContext | None = None) -> None:
        self.config = config
        self.context = context or StageContext()
        self.findings: dict[str, Any] = {}

    def input_files(self) -> list[Path]:
        """Files besides the sources that the stage reads (hashed into the manifest and the
        resume key), e.g. the review stage's decisions."""
        return []

    def surveys(self) -> bool:
        """Whether the stage reads the run's ingested records before any batch (`survey`)."""
        return False

    def survey(self, records: Iterable[Record]) -> None:
        """Learn, from every ingested record, what each batch needs (small, picklable):
        `curate.pipeline.run_pipeline` calls it once, before the engine runs, so the local
        engine's workers inherit it and the Dask engine ships it with the stage."""
        return None

    def prepare(self) -> None:
        """Load what every batch needs (models, tables) now. The local engine calls this
        before it forks its workers, so they share one copy instead of each loading its own."""
        return None

    @abstractmethod
    def process(self, records: list[Record]) -> list[Record]:
        """Annotate or reject each record; return each of them exactly once."""


class PhasedStage(Stage):
    """A whole-set stage as map (scan) -> decide (client, small data) -> map (apply)."""

    whole_set = True

    @abstractmethod
    def decide(self, scan: Scan) -> Any:
        """Read per-partition summaries through `scan`, fill `self.findings`, return
        a small, picklable decision for `apply`. Never gather the records' text."""

    @abstractmethod
    def apply(self, records: list[Record], decision: Any) -> list[Record]:
        """Annotate or reject one partition's records by the decision; return each once."""

    def process(self, records: list[Record]) -> list[Record]:
        """The whole set as one partition: the same algorithm the Dask engine runs."""
        return self.apply(records, self.decide(lambda fn: [fn(records)]))
