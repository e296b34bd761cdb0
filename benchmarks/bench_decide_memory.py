"""Where a Dask client's memory per record goes: each whole-set stage's `decide`, alone.

`decide` is the part of a whole-set stage that runs on the client; everything its scans
run (per-partition summaries, the shuffle's emit and reduce) runs on the workers. Here
each scan call runs in a forked child process, as on a worker, so Python's tracemalloc in
this process counts only what the client allocates: the results it receives, the
structures it builds from them, the decision. Printed per stage at each size: the peak
during `decide` and what is still held after it, in bytes per record, and the slope
between sizes (per added record: fixed costs such as a library imported during `decide`
cancel, so the slope is the figure for "flat"; a first, unprinted run of WARM_UP records
loads them before any size is measured). Records: generated support pairs
(tests/support_pairs.py), every stage but redact, partitions of `--batch-size`.
Baseline: none (a breakdown of bench_engines.py's client growth, not a comparison).
`--threads` ties the rows into e-mail-like threads (`meta.thread`, 1 to 8 rows each, every
row in a thread of two or more: the split's linked-key join as in threaded mail); `--top N`
prints, for the largest size, the N source lines holding most of what each `decide` keeps.
Run: `PYTHONPATH=. python benchmarks/bench_decide_memory.py --records 5000 15000`
(`--skip labels,audit` for dedup and split alone; with PYTHONPATH pointing at another
checkout it measures that checkout's stages, e.g. a baseline branch). `--banking77`
measures the labels stage alone on a many-class set instead: banking77's training set
(77 intents, uniform 10% noise at seed 200, as bench_labels.py) repeated to each size,
each copy's ids made unique (needs the corpora, see bench_labels.py).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import random
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support_pairs import support_config, write_data  # the tests' generator

from curate.config import validate_config
from curate.engine.ingest import Ingest
from curate.pipeline import build_stages
from curate.record import Record
from curate.stages.base import PhasedStage

WARM_UP = 300
"""Records of an unprinted first run: what `decide` imports or caches on first use (numpy,
the reply hashes' export module, ...) is then loaded before the first measured size, so it
is not counted in that size's figure (it made the slopes negative)."""


def forked(fn: Callable[[Any], Any], jobs: Iterable[Any]) -> list[Any]:
    """`fn(job)` for each job in a child forked from this (single-threaded) process, results
    back through a pipe: its allocations are not this process's. A bare fork, not a process
    pool: a pool's feeder thread could hold tracemalloc's lock at the fork and the child
    would wait on it forever (the hang this script had under load)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        try:
            outcome: tuple[bool, Any] = (True, [fn(job) for job in jobs])
        except BaseException as exc:  # shown by the parent
            outcome = (False, repr(exc))
        with os.fdopen(write, "wb") as out:
            pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        ok, value = pickle.load(handle)
    os.waitpid(pid, 0)
    if not ok:
        raise RuntimeError(f"a forked scan failed: {value}")
    return value


class ForkedScan:
    """A scan whose functions run in a child process, like a cluster's workers."""

    def __init__(self, parts: list[list[Record]]) -> None:
        self.parts = parts

    def __call__(self, fn: Callable[[list[Record]], Any]) -> list[Any]:
        return forked(lambda i: fn(self.parts[i]), range(len(self.parts)))

    def grouped(self, emit: Callable, reduce: Callable) -> list[Any]:
        return forked(lambda _: reduce([row for p in self.parts for row in emit(p)]), [0])[0]

    def call(self, fn: Callable[[], Any]) -> Any:
        """`fn()` in a child, as a cluster runs a stage's one task on a worker."""
        return forked(lambda _: fn(), [0])[0]


def thread_rows(path: Path, seed: int) -> None:
    """Give the rows of `path` a `thread` column: consecutive runs of 2 to 8 rows share one."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    start = 0
    while start < len(rows):
        size = rng.randint(2, 8)
        for row in rows[start:start + size]:
            row["thread"] = f"thread-{start}"
        start += size
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def top_lines(snapshot: tracemalloc.Snapshot, count: int) -> list[str]:
    """The `count` source lines holding most of `snapshot`, with their bytes and blocks."""
    stats = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]) \
        .statistics("lineno")
    return [f"    {stat.size / 1024:9.0f} KiB {stat.count:8d} blocks  "
            f"{stat.traceback[0].filename.rsplit('/', 3)[-1]}:{stat.traceback[0].lineno}"
            for stat in stats[:count]]


def measure(records: int, batch: int, skip: frozenset[str] = frozenset(), threads: bool = False,
            top: int = 0) -> dict[str, tuple[int, int, int]]:
    """Per whole-set stage with phases: (records in, decide's peak bytes, bytes held after);
    the stages named in `skip` do not run (their records pass on unchanged). With `top`,
    the lines holding most of what each decide keeps are printed."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write_data(base / "pairs.jsonl", records, seed=1)
        data = support_config(["pairs.jsonl"], {"batch_size": batch})
        if threads:
            thread_rows(base / "pairs.jsonl", seed=1)
            data["sources"][0]["options"]["meta"].append("thread")
        for name in {"redact", *skip}:
            data["stages"].setdefault(name, {})["enabled"] = False
        config = validate_config(data, base)
        ingest, rejected = Ingest(config), list[Record]()
        kept = [r for u in ingest.units() for r in ingest.read(u, u.tally(config), rejected.append)]
    found: dict[str, tuple[int, int, int]] = {}
    for stage in build_stages(config):
        if isinstance(stage, PhasedStage):
            parts = [kept[i:i + batch] for i in range(0, len(kept), batch)]
            with tempfile.TemporaryDirectory() as folder:  # the decision's tables live here
                peak, held, decision = traced_decide(stage, parts, folder, top)
                found[stage.name] = (len(kept), peak, held)
                out = [r for part in parts for r in stage.apply(part, decision)]
        else:
            out = stage.process(kept)
        kept = [r for r in out if r.rejected is None]
    return found


def traced_decide(stage: PhasedStage, parts: list[list[Record]], folder: str,
                  top: int = 0) -> tuple[int, int, Any]:
    """`stage.decide` over `parts` (scans forked, `folder` the scan's work folder: spills,
    and the tables a decision refers to, so it must outlive `apply`): the peak and held
    bytes tracemalloc counts in this process, and the decision. With `top`, the source
    lines holding most of what is held after it are printed."""
    scan = ForkedScan(parts)
    scan.folder = folder
    tracemalloc.start()
    decision = stage.decide(scan)
    held, peak = tracemalloc.get_traced_memory()
    if top:
        print(f"  {stage.name}: held after decide, by line", flush=True)
        print("\n".join(top_lines(tracemalloc.take_snapshot(), top)), flush=True)
    tracemalloc.stop()
    return peak, held, decision


def measure_banking77(records: int, batch: int, top: int = 0) -> dict[str, tuple[int, int, int]]:
    """The labels stage's `decide` on banking77 repeated to `records` (see the docstring)."""
    from bench_labels import banking77, variant
    from bench_labels import records as labelled

    from curate.stages.base import StageContext
    from curate.stages.labels import LabelConfig, LabelStage

    texts, labels = banking77()
    copy = labelled(variant("uniform10", 200, texts, labels, {}))
    kept = []
    for i in range(records):
        record = copy[i % len(copy)]
        kept.append(replace(record, id=f"{i // len(copy)}-{record.id}"))
    parts = [kept[i:i + batch] for i in range(0, len(kept), batch)]
    with tempfile.TemporaryDirectory() as folder:
        peak, held, _ = traced_decide(LabelStage(LabelConfig(), StageContext(seed=0)), parts,
                                      folder, top)
    return {"labels": (len(kept), peak, held)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[5000, 15000])
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--skip", default="", help="stages not to run, comma-separated "
                        "(e.g. labels,audit to measure dedup and split quickly); redact never runs")
    parser.add_argument("--banking77", action="store_true",
                        help="the labels stage alone on banking77 repeated to each size")
    parser.add_argument("--threads", action="store_true",
                        help="tie the rows into threads of 2 to 8 (meta.thread)")
    parser.add_argument("--top", type=int, default=0,
                        help="lines holding most of each decide's memory, at the largest size")
    args = parser.parse_args()
    skip = frozenset(filter(None, args.skip.split(",")))
    sizes = sorted(args.records)
    print(f"load average {os.getloadavg()[0]:.1f}")
    run = measure_banking77 if args.banking77 else partial(measure, skip=skip, threads=args.threads)
    source = "banking77" if args.banking77 else "generated"
    run(WARM_UP, args.batch_size)  # imports and first-use caches, not counted at any size
    found = {}
    for n in sizes:  # each size printed as soon as it is measured
        found[n] = run(n, args.batch_size, top=args.top if n == sizes[-1] else 0)
        for name, (into, peak, held) in found[n].items():
            print(f"{n:7d} {source}, {name:6s} {into:7d} records in: decide peak "
                  f"{peak / into:6.0f} B/record, held after {held / into:6.0f} B/record",
                  flush=True)
    for small, large in itertools.pairwise(sizes):
        for name, (into, peak, held) in found[large].items():
            into0, peak0, held0 = found[small][name]
            added = into - into0
            print(f"slope {small} -> {large}, {name:6s}: decide peak "
                  f"{(peak - peak0) / added:6.0f} B/added record, held after "
                  f"{(held - held0) / added:6.0f} B/added record")


if __name__ == "__main__":
    main()
