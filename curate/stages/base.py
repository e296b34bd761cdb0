"""The stage contract: a name, a config section and one method.

A stage annotates records and rejects some of them; it never drops one
silently. `process` returns every record it was given exactly once, kept or
with `record.rejected` set, and the pipeline checks that the books balance.

A whole-set stage that can run as distributed passes is a `PhasedStage`: it
reads small per-partition summaries through `scan`, decides on the client, and
applies the decision partition by partition. Both engines run that one
algorithm, so the result does not depend on how the records are partitioned.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from curate.record import Record

if TYPE_CHECKING:
    from curate.config import CurateConfig

T = TypeVar("T")
Scan = Callable[[Callable[[list[Record]], T]], list[T]]
"""`scan(fn)`: `fn` applied to every partition, results in partition order.
`fn` must be picklable (a module-level function or a `functools.partial` of one)."""


class StageConfig(BaseModel):
    """Base of every stage's config section; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True


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

    def __init__(self, config: StageConfig, run: CurateConfig) -> None:
        self.config = config
        self.run = run
        self.findings: dict[str, Any] = {}

    def input_files(self) -> list[Path]:
        """Files besides the sources that the stage reads (hashed into the manifest and the
        resume key), e.g. the review stage's decisions."""
        return []

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
