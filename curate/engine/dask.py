"""The Dask engine: per-record stages run as tasks on a dask.distributed cluster.

Stages are scattered once to every worker, so each worker process unpickles
them once and loads its models lazily, once. Batches are submitted in a
bounded window and collected in input order, so the result is the same as the
local engine's. Whole-set stages run through the base class (on the client).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from curate.config import EngineConfig
from curate.engine.base import Engine, StageResult, apply_chain
from curate.record import Record
from curate.stages.base import Stage


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
        self.window = 2 * max(1, len(self.client.scheduler_info()["workers"]))

    def map_chain(
        self, stages: list[Stage], batches: Iterable[list[Record]]
    ) -> Iterator[list[StageResult]]:
        shared = self.client.scatter({"stages": stages}, broadcast=True)["stages"]
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(self.client.submit(apply_chain, shared, batch, pure=False))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
