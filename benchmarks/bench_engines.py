"""Records/s of a whole run: local engine vs the Dask engine with 1 and 2 workers.

Baseline: the local engine (one process) on the same generated data in the same
run. The data are support pairs from a small template grammar (labels, regions,
planted exact and near duplicates); every stage but redact is enabled (redact's
spaCy load per worker would dominate a short run; `--redact` adds it). Dask runs
start their LocalCluster inside the timing. Run:
`PYTHONPATH=. python benchmarks/bench_engines.py [--records N] [--redact]`.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from curate.config import validate_config
from curate.pipeline import run_pipeline

TOPICS = {
    "billing": ["invoice", "refund", "charge", "payment", "receipt"],
    "technical": ["error", "crash", "login", "sync", "timeout"],
    "shipping": ["parcel", "delivery", "courier", "tracking", "address"],
}
WORDS = ("please", "could", "you", "help", "me", "with", "my", "account", "today", "thanks",
         "again", "for", "the", "quick", "reply")


def write_data(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = rng.choice(sorted(TOPICS))
        words = rng.choices(TOPICS[label], k=6) + rng.choices(WORDS, k=rng.randint(10, 30))
        rng.shuffle(words)
        question = f"Ticket {i}: " + " ".join(words)
        if rows and rng.random() < 0.05:  # planted exact or near duplicate
            question = rows[-1]["q"] + ("" if rng.random() < 0.5 else " thanks")
        answer = f"Thanks for writing about your {label} issue; we have " + " ".join(
            rng.choices(WORDS, k=rng.randint(12, 30)))
        rows.append({"q": question, "a": answer, "label": label,
                     "region": rng.choice(["EU", "NA", "APAC"])})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def run(base: Path, out: str, engine: dict, redact: bool) -> float:
    data = {
        "seed": 1, "engine": engine,
        "tasks": {"support": {"instruction": "Answer the customer.",
                              "labels": sorted(TOPICS)}},
        "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "support",
                     "options": {"input": "q", "output": "a", "label": "label",
                                 "meta": ["region"]}}],
        "stages": {"redact": {"enabled": redact}, "audit": {"attributes": ["region"]}},
        "gate": {"min_train_examples": 10},
    }
    start = time.perf_counter()
    run_pipeline(validate_config(data, base), base / out)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--redact", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write_data(base / "pairs.jsonl", args.records)
        size = args.batch_size
        engines = {
            "local (1 process)": {"kind": "local", "batch_size": size},
            "dask, 1 worker": {"kind": "dask", "workers": 1, "batch_size": size},
            "dask, 2 workers": {"kind": "dask", "workers": 2, "batch_size": size},
        }
        seconds = {name: run(base, f"run{i}", engine, args.redact)
                   for i, (name, engine) in enumerate(engines.items())}
        same = {(base / f"run{i}" / "curated.jsonl").read_bytes() for i in range(len(engines))}
    baseline = seconds["local (1 process)"]
    print(f"{args.records} records, batch {size}, redact {'on' if args.redact else 'off'}")
    for name, secs in seconds.items():
        print(f"  {name:18s} {secs:7.1f} s  {args.records / secs:8.0f} records/s  "
              f"x{baseline / secs:.2f} vs local")
    print(f"  curated.jsonl identical across engines: {len(same) == 1}")


if __name__ == "__main__":
    main()
