"""Local vs Dask at equal workers: wall time of a whole run and the client's peak memory.

Baseline: the local engine with `--workers` processes, on the same generated data, in
the same rounds (alternated: local, dask, warm, local, dask, warm, ...; median of the
rounds). "dask" starts a LocalCluster of `--workers` single-thread processes inside its
timing (a one-off run pays the cluster's start and every worker's imports); "warm" runs
on an external cluster (`dask scheduler` + `--workers` `dask worker` processes, as a
team shares one) started before the rounds and warmed by one untimed 1,000-record run,
so it shows what a run costs on a long-lived cluster (optimistic for a one-off run).
Every run is its own child process, so the client's peak RSS (VmHWM of that process
only, not of its workers: ru_maxrss would also hold the benchmark's own high-water mark,
which Linux keeps across fork and exec) is the run's alone; "growth" is the peak minus the RSS after
imports, and is divided by the record count to give bytes per record; "slope" is the
growth between two sizes per added record (the honest figure for "flat": fixed costs
cancel). CPU seconds are user + sys of the run's process and every process it waited for
(its workers included; "warm": the run's process plus what its workers' processes used
during the run, read on the workers), so on a loaded machine the CPU ratio is the fairer
one; client and worker CPU are printed apart. The data are support pairs from a small
template grammar (tests/support_pairs.py: labels, regions, planted duplicates) in
`--files` JSONL files, or with `--data mbox` the same rows as one mbox of question and
reply messages (tests/support_pairs.py `write_mbox`, threaded by In-Reply-To, labels in a
header), which both engines read as spans of `--span-bytes` when it is bigger (default: the
config's 64 MiB; Dask: parse, link, read tasks; local: keys found in its worker pool, linked,
each span parsed again as it is read); every stage but redact runs (its spaCy load per worker
would dominate short runs; `--redact` adds it), or only those `--stages` names (`--stages`
alone: none, i.e. ingest and the run's writing only).
Run: `PYTHONPATH=. python benchmarks/bench_engines.py --records 10000 100000 --rounds 1`
(`--engines local warm` leaves out the one-off LocalCluster, e.g. for a long 100k round).
`--trace` also traces each run's own process (the client) with tracemalloc: its peak
Python memory in each step (a step's peak is the one since the step before it ended:
ingest, the streaming stages, each whole-set stage, the report; then "finish", what is
left) and the slopes of those peaks between sizes, which say which step's client memory
grows with the records; the runs are slower under it, so their times mean little. A step
that imports libraries on first use (labels) peaks during the imports at every size, which
can hide its growth there.
Resident memory: every run samples `/proc/PID/status` every 0.05 s, its client's RssAnon
(anonymous: the heap, numpy arrays) and RssFile (file-backed pages: the libraries' code and
the memory-mapped tables and spills it reads, which the peak RSS counts too) from a thread in
the client (their peaks in each step as for `--trace`, and over the run), and its workers'
(the local engine's and a LocalCluster's child processes, an external cluster's `dask
worker` processes) from the benchmark's process: the peak of the largest worker. Both are
printed per size with their slopes per added record; a sampled peak can miss a spike
shorter than the interval, which VmHWM does not. The sha256 of curated.jsonl is printed
too, to compare two trees' runs (e.g. `PYTHONPATH=/work/main`) on the same generated data.
`--profile` instead runs one warm-cluster run per size in this process and prints where
its wall time goes: tasks and worker compute seconds per task function, each worker's busy
seconds, the seconds no worker computed (the client deciding, round trips), transfers.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from dask_cluster import ExternalCluster  # the tests' external cluster
from support_pairs import (  # the tests' generator
    mbox_config,
    support_config,
    write_data,
    write_mbox,
)

from curate.registries import STAGES


def run_config(files: list[str], engine: dict, args: argparse.Namespace) -> dict:
    """The run's config data: the JSONL `files`, or the one mbox `files[0]`."""
    data = (support_config(files, engine) if args.data == "pairs"
            else mbox_config(files[0], engine))
    data["stages"]["redact"]["enabled"] = args.redact
    if args.stages is not None:
        for name in STAGES:
            data["stages"].setdefault(name, {})["enabled"] = name in args.stages
    return data


def write_input(base: Path, name: str, records: int, args: argparse.Namespace) -> list[str]:
    """`records` generated records in `--files` JSONL files or one mbox; their names."""
    if args.data == "mbox":
        write_mbox(base / f"{name}.mbox", records)
        return [f"{name}.mbox"]
    files = [f"{name}-{i}.jsonl" for i in range(args.files)]
    for i, file in enumerate(files):
        write_data(base / file, records // args.files, seed=i)
    return files


def spans(args: argparse.Namespace) -> dict[str, int]:
    """engine.span_bytes when `--span-bytes` is given."""
    return {} if args.span_bytes is None else {"span_bytes": args.span_bytes}


RSS = ("RssAnon", "RssFile")
"""The resident memory sampled: anonymous, and file-backed pages (code, memory-mapped files)."""


def memory(pid: int | str, names: tuple[str, ...]) -> dict[str, int]:
    """Those of a process's memory fields `names` (KiB) that /proc/PID/status holds; {} when
    the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return {name: int(fields[name].split()[0]) for name in names if name in fields}


def rss(pid: int | str = "self") -> dict[str, int]:
    """A process's RSS fields (KiB, `RSS`); {} when it is gone."""
    return memory(pid, RSS)


def high_water() -> int:
    """This process's peak RSS in KiB since its exec (VmHWM). Not ru_maxrss: Linux keeps the
    high-water mark of the process it was forked from across exec, so a run started from a
    benchmark holding 300k generated records would report the benchmark's peak."""
    found = memory("self", ("VmHWM",))
    if not found:
        raise RuntimeError("/proc/self/status has no VmHWM")
    return found["VmHWM"]


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (children, theirs, ...)."""
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


class Sampler(threading.Thread):
    """Samples the RSS fields of the processes `pids()` every `every` s in a daemon thread,
    keeping each process's peak of each field until `take`."""

    def __init__(self, pids: Callable[[], Iterable[int | str]], every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pids, self.every = pids, every
        self.peaks: dict[int | str, dict[str, int]] = {}
        self.lock, self.halt = threading.Lock(), threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.sample()

    def sample(self) -> None:
        for pid in self.pids():
            for name, kib in rss(pid).items():
                with self.lock:
                    peak = self.peaks.setdefault(pid, {})
                    peak[name] = max(peak.get(name, 0), kib)

    def take(self) -> dict[int | str, dict[str, int]]:
        """The peaks since the last `take` (a sample taken now included), then reset."""
        self.sample()
        with self.lock:
            peaks, self.peaks = self.peaks, {}
        return peaks

    def stop(self) -> dict[int | str, dict[str, int]]:
        self.halt.set()
        self.join()
        return self.take()


def largest(peaks: dict[Any, dict[str, int]]) -> dict[str, int]:
    """Each RSS field's peak over `peaks`' processes."""
    return {name: max((p.get(name, 0) for p in peaks.values()), default=0) for name in RSS}


def child(base: Path, out: Path, engine: dict, files: list[str], args: argparse.Namespace
          ) -> None:
    """One run in this process; prints its seconds and this process's memory as JSON: its
    peak RSS (`high_water`), its sampled RSS peaks over the run and in each step, its traced peak in
    each step (`--trace`)."""
    from curate.config import validate_config
    from curate.engine.base import Event
    from curate.pipeline import run_pipeline

    data = run_config(files, engine, args)
    config = validate_config(data, base)
    phases: dict[str, int] = {}
    steps: dict[str, dict[str, int]] = {}
    before = high_water()
    sampler = Sampler(lambda: ["self"])
    sampler.start()
    if args.trace:
        tracemalloc.start()
    start = time.perf_counter()
    run_pipeline(config, out, progress=partial(step_peaks, phases, steps, sampler, args.trace))
    seconds = time.perf_counter() - start
    step_peaks(phases, steps, sampler, args.trace, Event("finish", "done"))
    sampler.stop()
    peak = high_water()
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "imports_kib": before,
                      "phases": phases, "rss_steps": steps, "rss": largest(steps)}))


def step_peaks(phases: dict[str, int], steps: dict[str, dict[str, int]], sampler: Sampler,
               trace: bool, event: Any) -> None:
    """At each step's end: the peaks (RSS sampled; with `trace`, the bytes tracemalloc
    counted) since the step before ended."""
    if event.kind == "done":
        steps[event.step] = sampler.take().get("self", {})
        if trace:
            phases[event.step] = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()


def process_cpu() -> float:
    """User + sys seconds of this process (on a worker: of that worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def workers_cpu(cluster: ExternalCluster | None) -> float:
    if cluster is None:
        return 0.0
    with cluster.client() as client:
        return sum(client.run(process_cpu).values())


def measure(base: Path, name: str, engine: dict, files: list[str], args: argparse.Namespace,
            cluster: ExternalCluster | None = None) -> dict:
    """One run in a child process; its CPU split into the client's (the child and what it
    waited for: a LocalCluster's workers too) and an external cluster's workers'."""
    argv = [sys.executable, __file__, "--child", str(base), str(base / name), json.dumps(engine),
            json.dumps(files), "--data", args.data, *(["--redact"] if args.redact else []),
            *([] if args.stages is None else ["--stages", *args.stages]),
            *(["--trace"] if args.trace else [])]
    load = os.getloadavg()[0]
    workers_before = workers_cpu(cluster)
    cluster_pids = worker_pids(cluster)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}) as proc:
        sampler = Sampler(lambda: [*descendants(proc.pid), *cluster_pids], every=0.1)
        sampler.start()
        stdout, stderr = proc.communicate()
        workers_rss = largest(sampler.stop())
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, argv, stdout, stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    workers = workers_cpu(cluster) - workers_before
    return {**json.loads(stdout.strip().splitlines()[-1]), "load": load,
            "cpu": client + workers, "client_cpu": client, "workers_cpu": workers,
            "workers_rss": workers_rss}


def worker_pids(cluster: ExternalCluster | None) -> list[int]:
    """The `dask worker` processes of an external cluster (not their nannies)."""
    if cluster is None:
        return []
    with cluster.client() as client:
        return list(client.run(os.getpid).values())


def bench(records: int, args: argparse.Namespace) -> dict[str, Any]:
    """Print one size's figures; return each engine's median client growth in bytes, its
    processes' RSS peaks, and its client's RSS peaks by step (anonymous, file-backed)."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = write_input(base, "pairs", records, args)
        mib = sum((base / file).stat().st_size for file in files) / (1 << 20)
        cluster = (ExternalCluster(base / "cluster", nanny=True, workers=args.workers)
                   if "warm" in args.engines else None)
        try:
            same = {"batch_size": args.batch_size, **spans(args)}
            engines = {name: engine for name, engine in {
                "local": {"kind": "local", "workers": args.workers, **same},
                "dask": {"kind": "dask", "workers": args.workers, **same},
                "warm": {"kind": "dask", "scheduler": cluster and cluster.address, **same},
            }.items() if name in args.engines}
            if "warm" in engines:
                measure(base, "warm-up", engines["warm"], write_input(base, "warm-up", 1000, args),
                        args)
            runs: dict[str, list[dict]] = {name: [] for name in engines}
            for round_ in range(args.rounds):
                for name, engine in engines.items():
                    runs[name].append(measure(base, f"{name}{round_}", engine, files, args,
                                              cluster if name == "warm" else None))
        finally:
            if cluster is not None:
                cluster.stop()
        same = {(base / f"{name}{r}" / "curated.jsonl").read_bytes()
                for name in engines for r in range(args.rounds)}
    n = records if args.data == "mbox" else records // args.files * args.files
    growths: dict[str, Any] = {}
    local = statistics.median(r["seconds"] for r in runs["local"])
    local_cpu = statistics.median(r["cpu"] for r in runs["local"])
    where = "one mbox" if args.data == "mbox" else f"{args.files} files"
    where += f", span_bytes {args.span_bytes or 'default'}"
    stages = ("all but redact" if args.stages is None and not args.redact else
              "all" if args.stages is None else ", ".join(args.stages) or "none")
    print(f"{n} records in {where} ({mib:.1f} MiB), batch {args.batch_size}, {args.workers} "
          f"workers, stages {stages}, median of {args.rounds} alternated round(s)")
    for name, results in runs.items():
        secs = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        client_cpu = statistics.median(r["client_cpu"] for r in results)
        worker_cpu = statistics.median(r["workers_cpu"] for r in results)
        peak = statistics.median(r["peak_kib"] for r in results) / 1024
        growth = statistics.median(r["peak_kib"] - r["imports_kib"] for r in results) * 1024
        loads = ", ".join(f"{r['load']:.1f}" for r in results)
        growths[name] = growth
        print(f"  {name:5s} {secs:8.1f} s {n / secs:7.0f} rec/s  x{secs / local:.2f} of local  "
              f"cpu {cpu:8.1f} s x{cpu / local_cpu:.2f} (client {client_cpu:.1f}, "
              f"cluster workers {worker_cpu:.1f})  "
              f"client peak {peak:7.1f} MiB, growth {growth / n:7.0f} B/record  (load avg {loads})")
    for name, results in runs.items():
        for who, key in (("client", "rss"), ("largest worker", "workers_rss")):
            peaks = {field: statistics.median(r[key][field] for r in results) * 1024
                     for field in RSS}
            growths.update({f"{name} {who} {field}": peak for field, peak in peaks.items()})
            print(f"  {name:5s} {who} peak " + ", ".join(
                f"{field} {peak / 2**20:.1f} MiB" for field, peak in peaks.items()))
        steps = results[0]["rss_steps"]
        print(f"  {name:5s} client RSS peak by step (anon/file MiB, round 1): " + ", ".join(
            f"{step} {peak.get('RssAnon', 0) / 1024:.0f}/{peak.get('RssFile', 0) / 1024:.0f}"
            for step, peak in steps.items()))
        growths.update({f"{name} client {step}": (peak.get("RssAnon", 0) * 1024,
                                                  peak.get("RssFile", 0) * 1024)
                        for step, peak in steps.items()})
    print(f"  curated.jsonl identical across engines and rounds: {len(same) == 1} (sha256 "
          + ", ".join(sorted(hashlib.sha256(data).hexdigest()[:16] for data in same)) + ")")
    if args.trace:
        for name, results in runs.items():
            phases = {step: statistics.median(r["phases"][step] for r in results)
                      for step in results[0]["phases"]}
            growths[f"{name} traced peak"] = max(phases.values())
            growths.update({f"{name} traced {step}": peak for step, peak in phases.items()})
            print(f"  {name:5s} traced peak by step (MiB): " + ", ".join(
                f"{step} {peak / 2**20:.1f}" for step, peak in phases.items()))
    return growths


def profile(records: int, args: argparse.Namespace) -> None:
    """One warm-cluster run in this process, its tasks recorded by the scheduler."""
    from distributed import Client, get_task_stream

    from curate.config import validate_config
    from curate.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = write_input(base, "pairs", records, args)
        warm_up = write_input(base, "warm-up", 1000, args)
        cluster = ExternalCluster(base / "cluster", nanny=True, workers=args.workers)
        try:
            engine = {"kind": "dask", "scheduler": cluster.address, "batch_size": args.batch_size,
                      **spans(args)}

            def run(names: list[str], out: str) -> None:
                run_pipeline(validate_config(run_config(names, engine, args), base), base / out)

            run(warm_up, "warm-up")
            with Client(cluster.address, set_as_default=False) as watcher, \
                    get_task_stream(client=watcher) as stream:
                start = time.time()
                run(files, "run")
                wall = time.time() - start
        finally:
            cluster.stop()
    print_profile(records, wall, start, stream.data)


def print_profile(records: int, wall: float, start: float, tasks: list[dict]) -> None:
    """Tasks and compute seconds per function, per worker, and when no worker computed."""
    count: dict[str, int] = {}
    seconds: dict[str, float] = {}
    busy: dict[str, float] = {}
    spans: list[tuple[float, float]] = []
    transfers = 0.0
    for task in tasks:
        name = str(task["key"] if isinstance(task["key"], str) else task["key"][0]).split("-")[0]
        for part in task["startstops"]:
            took = part["stop"] - part["start"]
            if part["action"] == "transfer":
                transfers += took
            elif part["action"] == "compute":
                spans.append((part["start"], part["stop"]))
                count[name] = count.get(name, 0) + 1
                seconds[name] = seconds.get(name, 0.0) + took
                busy[task["worker"]] = busy.get(task["worker"], 0.0) + took
    idle, end = 0.0, start
    for began, stopped in sorted(spans):
        idle += max(0.0, began - end)
        end = max(end, stopped)
    idle += max(0.0, start + wall - end)
    print(f"{records} records, warm cluster: wall {wall:.1f} s, {len(tasks)} tasks, load avg "
          f"{os.getloadavg()[0]:.1f}; no worker computing {idle:.1f} s; worker busy "
          + ", ".join(f"{b:.1f}" for b in sorted(busy.values())) + f" s; transfers {transfers:.1f} s")
    for name in sorted(seconds, key=seconds.__getitem__, reverse=True):
        print(f"  {name:16s} {count[name]:5d} tasks {seconds[name]:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10000])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redact", action="store_true")
    parser.add_argument("--stages", nargs="*", choices=list(STAGES),
                        help="only these stages run (alone: none, ingest only)")
    parser.add_argument("--data", choices=("pairs", "mbox"), default="pairs",
                        help="generated support pairs in JSONL files, or one mbox of them")
    parser.add_argument("--span-bytes", type=int,
                        help="engine.span_bytes (default: the config's): a bigger file is read "
                             "in pieces of this size (Dask: as tasks; local: an mbox in spans)")
    parser.add_argument("--engines", nargs="+", choices=("local", "dask", "warm"),
                        default=["local", "dask", "warm"],
                        help="which to run (local is the baseline and always runs)")
    parser.add_argument("--profile", action="store_true",
                        help="one warm-cluster run per size: where its wall time goes")
    parser.add_argument("--trace", action="store_true",
                        help="trace the client's Python memory (tracemalloc): its peak in each "
                             "step, and their slopes; slows the runs, so their times mean little")
    parser.add_argument("--child", nargs=4, metavar=("BASE", "OUT", "ENGINE", "FILES"))
    args = parser.parse_args()
    args.engines = sorted({"local", *args.engines}, key=("local", "dask", "warm").index)
    if args.child:
        base, out, engine, files = args.child
        child(Path(base), Path(out), json.loads(engine), json.loads(files), args)
        return
    sizes = sorted(args.records)
    if args.profile:
        for records in sizes:
            profile(records, args)
        return
    growths = {n: bench(n, args) for n in sizes}
    for small, large in itertools.pairwise(sizes):
        print(f"slopes {small} -> {large}, bytes per added record (peak RSS growth: the "
              "engine's name alone):")
        steps: dict[str, list[str]] = {}
        for name in growths[small]:
            if name not in growths[large]:
                continue
            low, high = growths[small][name], growths[large][name]
            if isinstance(low, tuple):  # a step's (RssAnon, RssFile) peaks
                engine, step = name.split(" client ")
                steps.setdefault(engine, []).append(step + " " + "/".join(
                    f"{(b - a) / (large - small):.0f}" for a, b in zip(low, high, strict=True)))
            else:
                print(f"  {name}: {(high - low) / (large - small):.0f}")
        for engine, slopes in steps.items():
            print(f"  {engine} client RSS peak by step (RssAnon/RssFile): " + ", ".join(slopes))


if __name__ == "__main__":
    main()
