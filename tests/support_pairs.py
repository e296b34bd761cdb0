"""Generated support pairs for engine tests and benchmarks: a small template grammar with
labels, regions and planted exact and near duplicates (not data any stage was tuned on)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
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
    with path.open("w", encoding="utf-8") as out:
        for row in support_rows(n, seed):
            out.write(json.dumps(row) + "\n")


def support_rows(n: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """`n` rows {q, a, label, region}; about 5% duplicate the row before."""
    rng = random.Random(seed)
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
        yield {"q": question, "a": answer, "label": label,
               "region": rng.choice(["EU", "NA", "APAC"])}
        last = question


REPLY_LAG = 5
"""`write_mbox` writes the reply to a question after the next REPLY_LAG questions."""


def write_mbox(path: Path, n: int, seed: int = 0) -> None:
    """The `n` rows of `support_rows` as an mbox of 2n messages: each question from one of
    500 customers, its label in X-Category, answered by In-Reply-To from the shop REPLY_LAG
    questions later (so a cut between them leaves a parent in another span)."""
    def message(sender: str, to: str, subject: str, mid: str, body: str, label: str,
                extra: str = "") -> str:
        return (f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: {to}\n"
                f"Subject: {subject}\nMessage-ID: <{mid}>\n{extra}X-Category: {label}\n\n"
                f"{body}\n\n")

    rows = list(support_rows(n, seed))
    with path.open("w", encoding="utf-8") as out:
        for i in range(n + REPLY_LAG):
            if i < n:
                row = rows[i]
                out.write(message(f"c{i % 500}@customer.com", "help@shop.com",
                                  f"{row['label']} question {i}", f"q{i}@customer.com",
                                  row["q"], row["label"]))
            if i >= REPLY_LAG:
                j = i - REPLY_LAG
                row = rows[j]
                out.write(message("help@shop.com", f"c{j % 500}@customer.com",
                                  f"Re: {row['label']} question {j}", f"a{j}@shop.com", row["a"],
                                  row["label"], f"In-Reply-To: <q{j}@customer.com>\n"))


def mbox_config(file: str, engine: dict) -> dict:
    """A run over the mbox `file` (see `write_mbox`) with every stage but redact and audit."""
    return {
        "seed": 1, "engine": engine,
        "tasks": {"support": {"instruction": "Answer the customer.", "labels": sorted(TOPICS)}},
        "sources": [{"kind": "emails", "path": file, "task": "support",
                     "options": {"label_source": "header", "org_domains": ["shop.com"]}}],
        "stages": {"redact": {"enabled": False}},
        "gate": {"min_train_examples": 10},
    }


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


def write_chains(path: Path, chains: int, length: int, singles: int, seed: int = 0) -> None:
    """JSONL rows {q, a, label, region, thread} in a shuffled order: `chains` chains of
    `length` rows each, whose links alternate, so a chain is one split group only through
    all of them: rows 2j and 2j+1 share a thread, rows 2j+1 and 2j+2 one conversation
    (same question and answer, so one reply hash); and `singles` rows tied to none."""
    rng = random.Random(seed)
    rows = []
    for c in range(chains):
        label = sorted(TOPICS)[c % len(TOPICS)]
        for k in range(length):
            text = f"chain {c} link {(k + 1) // 2} " + " ".join(rng.choices(TOPICS[label], k=8))
            rows.append({"q": text if k else f"chain {c} start " + text, "a": f"answer to {text}",
                         "label": label, "region": "EU", "thread": f"chain {c} thread {k // 2}"})
        for k in range(2, length, 2):  # row k repeats row k - 1's conversation
            rows[-length + k]["q"], rows[-length + k]["a"] = \
                rows[-length + k - 1]["q"], rows[-length + k - 1]["a"]
    for i in range(singles):
        label = rng.choice(sorted(TOPICS))
        rows.append({"q": f"single {i} " + " ".join(rng.choices(TOPICS[label], k=8)),
                     "a": f"answer {i} about {label}", "label": label, "region": "NA",
                     "thread": f"single {i}"})
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)


def chain_config(files: list[str], engine: dict) -> dict:
    """A run over `files` (see `write_chains`) whose only stage is the split (dedup would
    remove the repeated conversations, quality the template text), threads read from
    `thread`."""
    data = support_config(files, engine)
    data["sources"][0]["options"]["meta"].append("thread")
    data["stages"].update({name: {"enabled": False}
                           for name in ("quality", "dedup", "labels", "audit")})
    data["stages"]["split"] = {"eval_fraction": 0.3, "min_eval": 0}
    return data
