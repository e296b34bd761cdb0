"""The engine interface and the one place where a stage's books are checked."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from curate.errors import AccountingError
from curate.record import Record
from curate.stages.base import Stage


@dataclass
class StageResult:
    """What one stage did to one batch (or to the whole set)."""

    name: str
    into: int
    kept: list[Record]
    rejected: list[Record] = field(default_factory=list)


def apply_stage(stage: Stage, records: list[Record]) -> StageResult:
    """Run a stage and check it returned each record exactly once."""
    out = stage.process(records)
    if Counter(r.id for r in out) != Counter(r.id for r in records):
        raise AccountingError(
            f"stage '{stage.name}' returned {len(out)} records for {len(records)} given, "
            "or changed their ids: every record must come back, kept or rejected"
        )
    kept = [r for r in out if r.rejected is None]
    rejected = [r for r in out if r.rejected is not None]
    return StageResult(stage.name, len(records), kept, rejected)


def apply_chain(stages: list[Stage], batch: list[Record]) -> list[StageResult]:
    """Run per-record stages one after another on a batch; survivors flow on."""
    results = []
    for stage in stages:
        result = apply_stage(stage, batch)
        results.append(result)
        batch = result.kept
    return results


class Engine(ABC):
    """Runs per-record stages over a stream of batches and whole-set stages on the set."""

    @abstractmethod
    def map_chain(
        self, stages: list[Stage], batches: Iterable[list[Record]]
    ) -> Iterator[list[StageResult]]:
        """Yield, in input order, `apply_chain(stages, batch)` for each batch."""

    def whole_set(self, stage: Stage, records: list[Record]) -> StageResult:
        """Run a whole-set stage; the stage's findings stay on the stage object."""
        return apply_stage(stage, records)

    @abstractmethod
    def close(self) -> None:
        """Release workers or cluster connections."""
