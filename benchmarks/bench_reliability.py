"""Memory and accounting under load: ingest a generated 200k-record JSONL, redact prefixes.

    PYTHONPATH=. python benchmarks/bench_reliability.py [--records 200000] [--redact 1000,4000]

Prints, per phase: inputs tried, crashes (must be 0), records lost (must be 0), records/s,
resident memory at checkpoints and peak RSS. The streaming part (ingest, redact) must hold
flat memory: RSS at the last checkpoint close to RSS at the first one after warm-up.
Each phase runs in its own process so each peak RSS is its own. Baseline: the ingest-only
phase's RSS at its first checkpoint (interpreter + curate, nothing streamed yet).
Also measures what the pipeline's `live` list (survivors handed to whole-set stages) costs
per record, with tracemalloc over a rebuilt copy of the records.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil

VOCABULARY = ("order account refund invoice delivery package password reset charge card billing "
         "subscription cancel upgrade plan shipping address tracking number support team please "
         "help thanks issue problem error login app update payment received week today yesterday "
         "again still not working customer service request email phone call back soon")
WORDS = VOCABULARY.split()
NAMES = ["Maria Garcia", "John Smith", "Aisha Khan", "Li Wei", "Olga Petrova", "Tom Baker"]
BAD_LINES = ["{broken json", '["not", "an", "object"]', '{"q": "no answer here"}']


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MiB"


def rss() -> int:
    return psutil.Process().memory_info().rss


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def generate(path: Path, n: int, seed: int = 7) -> int:
    """`n` lines of ~60-word support text, a third with PII, one in 200 broken; return n."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            if i % 200 == 199:
                out.write(BAD_LINES[i // 200 % len(BAD_LINES)] + "\n")
                continue
            question = " ".join(rng.choices(WORDS, k=30))
            answer = " ".join(rng.choices(WORDS, k=30))
            if i % 3 == 0:
                name = rng.choice(NAMES)
                question += (f" my name is {name}, email {name.split()[0].lower()}{i}@example.com"
                             f" phone +1 415 555 {i % 10000:04d}")
            out.write(json.dumps({"q": question, "a": answer}) + "\n")
    return n


def config(path: Path):  # type: ignore[no-untyped-def]
    from curate.config import validate_config

    return validate_config({
        "tasks": {"support": {"instruction": "Answer the customer."}},
        "sources": [{"kind": "pairs", "path": str(path), "task": "support",
                     "options": {"input": "q", "output": "a"}}],
        "engine": {"batch_size": 64},
    }, path.parent)



def child(path: Path, redact: bool, checkpoints: int, measure_live: int) -> dict:  # type: ignore[type-arg]
    """One phase: stream `path` through ingest (and redact), counting; never keep the stream."""
    from curate.accounting import Accounting
    from curate.engine import make_engine
    from curate.engine.base import batched
    from curate.pipeline import ingest
    from curate.record import Record
    from curate.stages import STAGES

    cfg = config(path)
    total = sum(1 for _ in path.open(encoding="utf-8"))
    every = max(1, total // checkpoints)
    books, kept, into, stage_rejected = Accounting(), 0, 0, 0
    marks: list[tuple[int, int]] = [(0, rss())]
    sample: list[Record] = []
    stages = [STAGES.load("redact")(cfg.stage_config("redact"), cfg)] if redact else []
    engine = make_engine(cfg.engine)
    started = time.perf_counter()
    pairs = ingest(cfg, books, lambda record: None)  # ingest rejections: counted in books
    next_mark = every
    for batch in batched(pairs, cfg.engine.batch_size):
        if stages:
            results = next(engine.map_chain(stages, [batch]))
            survivors = results[-1].kept
            stage_rejected += sum(len(r.rejected) for r in results)
        else:
            survivors = batch
        into += len(batch)
        kept += len(survivors)
        if len(sample) < measure_live:
            sample.extend(survivors[: measure_live - len(sample)])
        if into >= next_mark:
            marks.append((into, rss()))
            next_mark += every
    elapsed = time.perf_counter() - started
    source = books.sources["0:pairs"]
    marks.append((into, rss()))
    tracemalloc.start()
    copy = [Record.from_json(r.to_json()) for r in sample]
    live_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    json_bytes = sum(len(r.to_json().encode()) for r in sample)
    return {"tried": total, "read": source.into, "used": source.kept,
            "ingest_rejected": source.rejected, "pairs": into, "kept": kept,
            "stage_rejected": stage_rejected, "seconds": elapsed, "marks": marks, "peak": peak_rss(),
            "live_per_record": live_bytes / max(1, len(copy)),
            "json_per_record": json_bytes / max(1, len(copy)), "live_sample": len(copy)}


def run_phase(path: Path, redact: bool, checkpoints: int, measure_live: int) -> dict | None:  # type: ignore[type-arg]
    """Run one phase in a fresh process; None when it crashed."""
    code = ("import json, sys; from pathlib import Path; import bench_reliability as b; "
            "a = sys.argv[1:]; print(json.dumps(b.child(Path(a[0]), a[1] == 'True', "
            "int(a[2]), int(a[3]))))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    args = [str(path), str(redact), str(checkpoints), str(measure_live)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, result: dict | None) -> tuple[int, int]:  # type: ignore[type-arg]
    """Print one phase; return (crashes, records lost)."""
    print(f"\n## {name}")
    if result is None:
        print("crashed")
        return 1, 0
    ingest_lost = result["read"] - result["used"] - result["ingest_rejected"]
    stage_lost = result["pairs"] - result["kept"] - result["stage_rejected"]
    lost = ingest_lost + stage_lost + (result["tried"] - result["read"])
    rejected = result["ingest_rejected"] + result["stage_rejected"]
    print(f"inputs tried {result['tried']:,}; pairs {result['pairs']:,}; "
          f"kept {result['kept']:,}; rejected {rejected:,}; crashes 0; records lost {lost}")
    print(f"{result['pairs'] / result['seconds']:,.0f} records/s "
          f"({result['seconds']:.1f} s); peak RSS {mib(result['peak'])}")
    print("RSS at checkpoints (records streamed: RSS): " + ", ".join(
        f"{n:,}: {mib(b)}" for n, b in result["marks"]))
    first = result["marks"][1][1] if len(result["marks"]) > 2 else result["marks"][0][1]
    print(f"growth from first to last checkpoint: {mib(result['marks'][-1][1] - first)}")
    print(f"live list: {result['live_per_record']:,.0f} bytes/record in memory "
          f"({result['json_per_record']:,.0f} bytes as JSON), over {result['live_sample']:,}")
    return 0, lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--redact", default="1000,4000", help="prefix sizes to redact")
    parser.add_argument("--checkpoints", type=int, default=8)
    args = parser.parse_args()
    crashes = lost = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "support.jsonl"
        generate(path, args.records)
        print(f"generated {args.records:,} lines ({mib(path.stat().st_size)})")
        result = run_phase(path, redact=False, checkpoints=args.checkpoints, measure_live=1000)
        c, n = report(f"ingest only, {args.records:,} lines", result)
        crashes, lost = crashes + c, lost + n
        for size in (int(s) for s in args.redact.split(",") if s):
            prefix = Path(folder) / f"prefix-{size}.jsonl"
            with path.open(encoding="utf-8") as src, prefix.open("w", encoding="utf-8") as out:
                out.writelines(line for _, line in zip(range(size), src, strict=False))
            result = run_phase(prefix, redact=True, checkpoints=args.checkpoints,
                               measure_live=min(size, 1000))
            c, n = report(f"ingest + redact (presidio, verify on, 1 worker), {size:,} lines",
                          result)
            crashes, lost = crashes + c, lost + n
    print(f"\nTOTAL crashes {crashes} (must be 0), records lost {lost} (must be 0)")
    sys.exit(1 if crashes or lost else 0)


if __name__ == "__main__":
    main()
