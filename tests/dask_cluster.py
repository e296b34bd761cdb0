"""An external dask.distributed cluster for tests: `dask scheduler` and `dask worker`
subprocesses on 127.0.0.1, as a team sharing one cluster would run them (not a
LocalCluster), with helpers to kill workers or the scheduler mid-run."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from distributed import Client

from curate.engine.base import Event

ROOT = Path(__file__).resolve().parents[1]
DASK = str(Path(sys.executable).with_name("dask"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def holders(prefixes: tuple[str, ...], dask_scheduler=None) -> list[str]:
    """On the scheduler: workers holding or computing a task whose key starts with one of
    `prefixes`, those computing first."""
    computing, holding = set(), set()
    for ts in dask_scheduler.tasks.values():
        if str(ts.key).startswith(prefixes):
            holding.update(ws.address for ws in ts.who_has or ())
            if ts.processing_on is not None:
                computing.add(ts.processing_on.address)
    return sorted(computing) + sorted(holding - computing)


class ExternalCluster:
    """A scheduler on a fixed port and `workers` workers, all in their own folder (not the
    test's), every process in its own session so that `stop` leaves nothing behind."""

    def __init__(self, base: Path, nanny: bool, workers: int = 2, address: str = "") -> None:
        self.base, self.nanny = base, nanny
        self.address = address or f"tcp://127.0.0.1:{free_port()}"
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
        self.procs: list[subprocess.Popen] = []
        self._watcher: Client | None = None
        self.scheduler = self._spawn("scheduler", [
            DASK, "scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
            "--no-dashboard"])
        for _ in range(workers):
            self.add_worker()
        self.wait_for_workers(workers)

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        folder = self.base / f"{name}-{len(self.procs)}"
        folder.mkdir(parents=True)
        log = (folder / "log.txt").open("wb")
        proc = subprocess.Popen(argv, cwd=folder, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def add_worker(self) -> None:
        self._spawn("worker", [
            DASK, "worker", self.address, "--nthreads", "1", "--no-dashboard",
            "--nanny" if self.nanny else "--no-nanny", "--death-timeout", "60"])

    def client(self) -> Client:
        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for_workers(self, n: int, timeout: float = 90) -> None:
        with self.client() as client:
            client.wait_for_workers(n, timeout=timeout)

    def kill_worker_holding(self, prefixes: tuple[str, ...]) -> bool:
        """SIGKILL the process of a worker that computes or else holds a task whose key
        starts with one of `prefixes` (the worker itself, not its nanny); a worker without
        a nanny gets a replacement."""
        if self._watcher is None:
            self._watcher = self.client()
        found = self._watcher.run_on_scheduler(holders, prefixes)
        if not found:
            return False
        pid = self._watcher.run(os.getpid, workers=[found[0]])[found[0]]
        os.kill(pid, signal.SIGKILL)
        if not self.nanny:
            self.add_worker()
        return True

    def kill_scheduler(self) -> None:
        os.killpg(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait(30)

    def stop(self) -> None:
        """Every process group, politely then for good; wait for each."""
        if self._watcher is not None:
            self._watcher.close(timeout=5)
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        for proc in self.procs:  # a nanny's worker lives in its nanny's process group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

    def leftovers(self, wait: float = 10) -> list[int]:
        """Process groups of this cluster that still have a live process after `wait` s."""
        deadline = time.monotonic() + wait
        while True:
            alive = []
            for proc in self.procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, 0)
                    alive.append(proc.pid)
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.2)


class Killer:
    """Kills a worker once in each of ingest, quality, dedup and labels, driven by the run's
    progress events (the run waits inside the callback, so nothing it submits can finish
    out of sight): ingest at its first finished unit, while the later units' reads are
    still held; quality at its first finished partition, a worker running a stream task
    or holding a streamed partition, which the scheduler must then recompute; dedup and
    labels when they start, a worker holding partitions they need."""

    PHASES = {("ingest", "advance"): ("_read_unit",),
              ("quality", "advance"): ("_stream_part", "_kept"),
              ("dedup", "start"): ("_kept",),
              ("labels", "start"): ("_kept",)}

    def __init__(self, cluster: ExternalCluster) -> None:
        self.cluster, self.killed = cluster, []

    def progress(self, event: Event) -> None:
        """The run's progress callback."""
        prefixes = self.PHASES.get((event.step, event.kind))
        if (prefixes and event.step not in self.killed
                and self.cluster.kill_worker_holding(prefixes)):
            self.killed.append(event.step)
