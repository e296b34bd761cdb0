"""The stage contract: a name, a config section and one method.

A stage annotates records and rejects some of them; it never drops one
silently. `process` returns every record it was given exactly once, kept or
with `record.rejected` set, and the pipeline checks that the books balance.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from curate.record import Record

if TYPE_CHECKING:
    from curate.config import CurateConfig


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

    @abstractmethod
    def process(self, records: list[Record]) -> list[Record]:
        """Annotate or reject each record; return each of them exactly once."""
