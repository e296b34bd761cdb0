"""The default engine: in-process, or a pool of worker processes on one machine."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from curate.config import EngineConfig
from curate.engine.base import Engine, StageResult, apply_chain
from curate.record import Record
from curate.stages.base import Stage

_worker_stages: list[Stage] = []


def _init_worker(stages: list[Stage]) -> None:
    """Each worker unpickles the stages once; they load their models lazily on first use."""
    global _worker_stages
    _worker_stages = stages


def _run_batch(batch: list[Record]) -> list[StageResult]:
    return apply_chain(_worker_stages, batch)


class LocalEngine(Engine):
    """Runs batches in this process (workers = 1) or in `workers` processes, in order."""

    def __init__(self, config: EngineConfig) -> None:
        self.workers = config.workers

    def map_chain(
        self, stages: list[Stage], batches: Iterable[list[Record]]
    ) -> Iterator[list[StageResult]]:
        if self.workers == 1 or not stages:
            for batch in batches:
                yield apply_chain(stages, batch)
            return
        # fork where the platform has it: no re-import of the caller's __main__, and
        # workers inherit whatever the parent already loaded; spawn elsewhere.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker, initargs=(stages,)
        ) as pool:
            # A bounded window of batches in flight keeps memory constant and order stable.
            pending: deque[Future[list[StageResult]]] = deque()
            for batch in batches:
                pending.append(pool.submit(_run_batch, batch))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def close(self) -> None:
        """Nothing to release: each map_chain call owns its pool."""
