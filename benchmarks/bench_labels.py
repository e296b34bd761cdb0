"""Label-noise detection on banking77 with 10% of labels flipped (seeded).

Prints precision / recall of the records the labels stage flags against the
flips, and the time per 10k records, beside a baseline computed in the same run
on the same out-of-sample probabilities: flag when p(given label) < 0.5.

    CURATE_CORPORA=../shared/corpora PYTHONPATH=. python benchmarks/bench_labels.py
"""

from __future__ import annotations

import csv
import os
import random
import sys
import time
from pathlib import Path

from curate.config import CurateConfig
from curate.record import Record, Source, new_record
from curate.stages.labels import LabelConfig, LabelStage

REPO = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("CURATE_CORPORA", REPO.parent / "shared" / "corpora"))


def noisy_banking77(flip: float = 0.1, seed: int = 0) -> tuple[list[Record], set[str]]:
    with (CORPORA / "tickets" / "banking77" / "train.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted({r["category"] for r in rows})
    rng = random.Random(seed)
    wrong = set(rng.sample(range(len(rows)), int(len(rows) * flip)))
    records, flipped = [], set()
    for i, row in enumerate(rows):
        label = row["category"]
        if i in wrong:
            label = rng.choice([n for n in names if n != label])
        record = new_record(Source("tickets", "train.csv", str(i)), "intent", "Classify.",
                            row["text"], label, label=label)
        records.append(record)
        if i in wrong:
            flipped.add(record.id)
    return records, flipped


def pr(flagged: set[str], truth: set[str]) -> str:
    hit = len(flagged & truth)
    precision, recall = hit / max(len(flagged), 1), hit / len(truth)
    return f"precision {precision:.3f}  recall {recall:.3f}  flagged {len(flagged)}"


def main(features: str = "tfidf") -> None:
    records, flipped = noisy_banking77()
    stage = LabelStage(LabelConfig(features=features), CurateConfig(seed=0))
    start = time.perf_counter()
    out = stage.process(records)
    seconds = time.perf_counter() - start
    cleanlab = {r.id for r in out if r.annotations.get("labels", {}).get("issue")}
    baseline = {r.id for r in out if r.scores["label_quality"] < 0.5}
    print(f"banking77 train: {len(records)} records, {len(flipped)} flipped, features={features}")
    print(f"labels stage (cleanlab low_self_confidence): {pr(cleanlab, flipped)}")
    print(f"baseline p(given) < 0.5 (same probabilities): {pr(baseline, flipped)}")
    print(f"time: {seconds:.1f} s total, {seconds * 10000 / len(records):.1f} s per 10k records")


if __name__ == "__main__":
    main(*sys.argv[1:])
