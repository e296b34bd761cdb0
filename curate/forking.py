"""Work spread over forked worker processes that die with their parent.

`fork_map` runs one function over a list of jobs in `workers` forked processes and yields
the results in job order; `in_child` runs one call in a forked process, so what it
allocates (and what the allocator keeps after freeing it) goes when it ends. The function
is not pickled: the workers inherit it (and everything it refers to, e.g. parsed
messages) from the parent at fork, copy-on-write; only the jobs and the results cross a
pipe.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

from curate.errors import CurateError

J = TypeVar("J")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
_task: Callable[..., Any] | None = None  # what the forked processes run, set before the fork


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux prctl
    PR_SET_PDEATHSIG), so a SIGKILLed or OOM-killed run leaves no worker behind; if the
    parent `parent` is already gone, exit now."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    """Whether this platform starts processes by fork (Linux, macOS on request: not Windows)."""
    return hasattr(os, "fork")


def usable_cpus() -> int:
    """The CPU cores this process may run on (its affinity mask where the platform has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_map(task: Callable[[J], R], jobs: Sequence[J], workers: int) -> Iterator[R]:
    """`task(job)` for each job, in job order, run by `workers` forked processes (in this one
    when `workers` is 1, there is one job, or the platform cannot fork). At most two results
    per worker wait here at once, so memory stays bounded when the caller is slow."""
    if workers <= 1 or len(jobs) <= 1 or not can_fork():
        yield from map(task, jobs)
        return
    global _task
    _task = task
    try:
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            waiting: deque[Future[R]] = deque()
            for job in jobs:
                waiting.append(pool.submit(_run, job))
                if len(waiting) >= 2 * workers:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
    finally:
        _task = None


def in_child(task: Callable[[], R]) -> R:
    """`task()` run in a forked process that dies with this one; its result (or its
    exception) comes back pickled. In this process where the platform cannot fork. The
    caller flushes any file it shares with the child first (the child inherits its buffers)."""
    if not can_fork():
        return task()
    global _task
    _task = task
    try:
        with ProcessPoolExecutor(1, mp_context=get_context("fork"), initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            return pool.submit(_call).result()
    except BrokenProcessPool:
        raise CurateError("a process of the run died (killed, or out of memory); run the same "
                          "command again to resume after the last finished phase") from None
    finally:
        _task = None


def spans(count: int, workers: int, longest: int) -> list[tuple[int, int]]:
    """Contiguous (start, stop) ranges that cover range(count) in order, as jobs for
    `fork_map`: one per worker at least when `count` allows, none longer than `longest`."""
    size = max(1, min(longest, -(-count // max(1, workers))))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _run(job: Any) -> Any:
    assert _task is not None, "fork_map sets the task before it forks"
    return _task(job)


def _call() -> Any:
    assert _task is not None, "in_child sets the task before it forks"
    return _task()
