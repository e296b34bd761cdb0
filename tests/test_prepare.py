"""Stage.prepare runs once in the parent before the local engine forks its workers, which
inherit what it loaded instead of loading their own copy."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from curate.config import EngineConfig
from curate.engine.local import LocalEngine
from curate.record import Record, Source, new_record
from curate.stages.base import Stage, StageConfig
from curate.stages.quality import QualityConfig, QualityStage

_loaded_in: list[int] = []


class PidStage(Stage):
    """Notes, on each record, which process prepared the stage and which processed it."""

    name = "pid"

    def prepare(self) -> None:
        _loaded_in.append(os.getpid())

    def process(self, records: list[Record]) -> list[Record]:
        for record in records:
            record.meta.update(loaded_in=list(_loaded_in), ran_in=os.getpid())
        return records


def _records(n: int) -> list[Record]:
    return [new_record(Source("tickets", "t.csv", str(i)), "t", "Reply.", f"Question {i}?",
                       f"Answer number {i} is here.") for i in range(n)]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_workers_inherit_what_prepare_loaded_in_the_parent():
    _loaded_in.clear()
    engine = LocalEngine(EngineConfig(workers=2, batch_size=4))
    stage = PidStage(StageConfig())
    out = [r for results in engine.map_chain([stage], [_records(4) for _ in range(6)])
           for r in results[0].kept]
    assert len(out) == 24 and _loaded_in == [os.getpid()]
    assert all(r.meta["loaded_in"] == [os.getpid()] for r in out)
    assert {r.meta["ran_in"] for r in out} - {os.getpid()}  # the batches ran in workers


def test_quality_prepare_builds_the_readability_tables():
    from curate import readability

    readability.syllable_table.cache_clear()
    QualityStage(QualityConfig()).prepare()
    assert readability.syllable_table.cache_info().currsize == 1
    assert readability.syllable_table()["cat"] == 1
