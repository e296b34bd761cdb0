"""Generated support pairs for engine tests and benchmarks: a small template grammar with
labels, regions and planted exact and near duplicates (not data any stage was tuned on)."""

from __future__ import annotations

import json
import random
from pathlib import Path

TOPICS = {
    "billing": ["invoice", "refund", "charge", "payment", "receipt"],
    "technical": ["error", "crash", "login", "sync", "timeout"],
    "shipping": ["parcel", "delivery", "courier", "tracking", "address"],
}
WORDS = ("please", "could", "you", "help", "me", "with", "my", "account", "today", "thanks",
         "again", "for", "the", "quick", "reply")


def write_data(path: Path, n: int, seed: int = 0) -> None:
    """`n` JSONL rows {q, a, label, region}; about 5% duplicate the row before."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        last = ""
        for i in range(n):
            label = rng.choice(sorted(TOPICS))
            words = rng.choices(TOPICS[label], k=6) + rng.choices(WORDS, k=rng.randint(4, 30))
            rng.shuffle(words)
            question = f"Ticket {i}: " + " ".join(words)
            if last and rng.random() < 0.05:  # planted exact or near duplicate
                question = last + ("" if rng.random() < 0.5 else " thanks")
            answer = f"Thanks for writing about your {label} issue; we have " + " ".join(
                rng.choices(WORDS, k=rng.randint(12, 30)))
            out.write(json.dumps({"q": question, "a": answer, "label": label,
                                  "region": rng.choice(["EU", "NA", "APAC"])}) + "\n")
            last = question


def support_config(files: list[str], engine: dict, min_words: int = 3) -> dict:
    """A run over `files` with every stage but redact (its spaCy load per worker would
    dominate a short run): quality, dedup, labels, audit, split."""
    return {
        "seed": 1, "engine": engine,
        "tasks": {"support": {"instruction": "Answer the customer.", "labels": sorted(TOPICS)}},
        "sources": [{"kind": "pairs", "path": files, "task": "support",
                     "options": {"input": "q", "output": "a", "label": "label",
                                 "meta": ["region"]}}],
        "stages": {"redact": {"enabled": False}, "quality": {"min_words": min_words},
                   "audit": {"attributes": ["region"]}},
        "gate": {"min_train_examples": 10},
    }
