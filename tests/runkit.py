"""Small record sets and finished-run reports for the split, gate, export and report tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curate.accounting import Accounting
from curate.config import CurateConfig, validate_config
from curate.io import write_json, write_records
from curate.record import Record, Source, new_record
from curate.report import build_report
from curate.report.models import Report, ReportBody

LABELS = ("billing", "shipping", "account")


def records(n: int, labels: tuple[str, ...] = LABELS, eval_every: int = 5) -> list[Record]:
    """`n` label-task records, PII-verified clean, every `eval_every`-th one in eval."""
    out = []
    for i in range(n):
        label = labels[i % len(labels)]
        record = new_record(Source("pairs", "t.jsonl", str(i)), "triage",
                            "Classify the ticket.", f"ticket number {i} about {label} things",
                            label, label=label)
        record.split = "eval" if i % eval_every == 0 else "train"
        record.annotations["redact"] = {"residual": 0}
        record.scores = {"flesch": 40.0 + i % 30, "quality": 0.5 + (i % 5) / 10}
        record.pii = {"PERSON": i % 2}
        out.append(record)
    return out


def thread_records(n_threads: int, depth: int = 3) -> list[Record]:
    """E-mail-like records: per thread, one pair per reply, each record's turns the thread
    from its root to that reply, so each shorter record is a prefix of the longer ones.
    Odd threads carry `meta.thread`; even ones are tied by their turns alone."""
    out = []
    for t in range(n_threads):
        turns: list[dict[str, str]] = []
        for d in range(depth):
            turns = [*turns, {"role": "user", "content": f"question {d} in thread {t}"},
                     {"role": "assistant", "content": f"answer {d} in thread {t}"}]
            record = records(1)[0]
            record.id = f"{t:010d}{d:010d}"
            record.label = LABELS[t % len(LABELS)]
            record.input, record.output = turns[-2]["content"], turns[-1]["content"]
            record.turns = [dict(turn) for turn in turns]
            record.meta = {"thread": f"th{t}"} if t % 2 else {}
            out.append(record)
    return out


def branch_record(thread: int) -> Record:
    """A pair that shares thread `thread`'s first exchange (from `thread_records`), then
    takes another turn: two branches of one conversation."""
    branch = thread_records(thread + 1, depth=2)[-1]
    branch.id = "b" * 20
    branch.turns[-2]["content"] = branch.input = "a question on another branch"
    branch.turns[-1]["content"] = branch.output = "an answer on another branch"
    return branch


def config(**gate: Any) -> CurateConfig:
    """A label task with a metric; gate settings overridable."""
    return validate_config({
        "seed": 7,
        "tasks": {"triage": {"instruction": "Classify the ticket.", "output": "label",
                             "labels": list(LABELS), "metric": "accuracy", "target": 0.9}},
        "gate": {"min_train_examples": 10, "min_eval_examples": 3, **gate},
        "export": {"formats": ["openai", "alpaca"]},
    }, Path.cwd())


def report(
    recs: list[Record], cfg: CurateConfig, findings: dict[str, Any] | None = None
) -> ReportBody:
    """A balanced finished-run report over `recs` (quality and split stages ran)."""
    books = Accounting()
    books.pairs = len(recs) + 2
    quality = books.stage("quality")
    quality.into, quality.kept, quality.rejected = len(recs) + 2, len(recs), 2
    quality.reasons["quality.too_short"] = 2
    books.stage("split").add(len(recs), len(recs), [])
    books.check()
    split = {"leak_check": "move", "leaks": 0, "moved": 0, "rejected": 0,
             "threads_across": 0, "conversations_across": 0}
    return build_report(cfg, books, {"split": split, **(findings or {})}, recs)


def run_dir(path: Path, recs: list[Record], cfg: CurateConfig, rep: ReportBody) -> Path:
    """Write curated.jsonl and report.json as the pipeline does."""
    from curate.gate import evaluate

    path.mkdir(parents=True, exist_ok=True)
    write_records(path / "curated.jsonl", recs)
    written = Report.model_validate({
        **rep.to_json(), "gate": evaluate(recs, rep, cfg),
        "exports": {"written": False, "reason": "gate not passed", "files": []}})
    write_json(path / "report.json", written.to_json())
    return path
