"""The review round trip on a finished run: export the queue for reviewers, apply answers.

`export_queue` writes RUN's review queue for Label Studio, Argilla or a spreadsheet.
`apply_answers` reads what the reviewers decided (the tool's export, or a CSV), checks all
of it against the run (unknown ids, labels outside the task's set, bad decision words:
every problem listed, nothing written), then merges the decisions into the file the config
names in `stages.review.decisions`; the next `curate run` applies them (stages/review.py).
The decisions live beside the config, not in the run directory: they are an input, like
the sources (hashed into the manifest), and a run directory is rewritten by every run.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from curate.config import load_config
from curate.errors import ConfigError, InputError
from curate.io import read_records
from curate.record import Record
from curate.review import argilla, csvfile, labelstudio
from curate.review.decisions import Answer, Target, check, given_label, write_decisions
from curate.review.items import queue_items, task_labels
from curate.rundir import check_out_files

FORMATS: dict[str, ModuleType] = {"labelstudio": labelstudio, "argilla": argilla, "csv": csvfile}


def _run(run: Path) -> tuple[Path, list[Record], dict[str, Any]]:
    """The run directory, its kept records and its report."""
    run_dir = run if run.is_dir() else run.parent
    needed = [run_dir / name for name in ("curated.jsonl", "review.jsonl", "report.json")]
    if not all(path.is_file() for path in needed):
        raise InputError(f"{run_dir} is not a finished run directory: needs curated.jsonl, "
                         "review.jsonl and report.json")
    report = json.loads(needed[2].read_text(encoding="utf-8"))
    return run_dir, [r for r in read_records(needed[0]) if r.rejected is None], report


def _declared(tasks: dict[str, Any]) -> dict[str, list[str] | None]:
    return {name: spec.get("labels") for name, spec in tasks.items()}


def export_queue(run: Path, to: str, out: Path, task: str | None = None) -> tuple[int, list[Path]]:
    """Write RUN's review queue (of `task`, if given) in format `to`; return the item count
    and the files written."""
    if to not in FORMATS:
        raise ConfigError("--to", f"unknown review format {to!r}", f"use one of: {', '.join(FORMATS)}")
    run_dir, records, report = _run(run)
    if task is not None and task not in report["config"]["tasks"]:
        raise ConfigError("--task", f"no task named {task!r} in this run",
                          f"use one of: {', '.join(report['config']['tasks'])}")
    check_out_files([out], [run_dir / "review.jsonl", run_dir / "curated.jsonl"])
    queue = list(read_records(run_dir / "review.jsonl"))
    items = queue_items(queue, task)
    labels = task_labels(_declared(report["config"]["tasks"]), records)
    return len(items), FORMATS[to].write(items, labels, out)


def read_answers(path: Path) -> list[Answer]:
    """A reviewer's file: CSV by its suffix, else JSON, Label Studio's or Argilla's export
    told apart by their keys (`data` and `annotations`; `fields` and `responses`)."""
    if not path.is_file():
        raise InputError(f"no such decisions file: {path}")
    if path.suffix.lower() == ".csv":
        return csvfile.read(path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path.name}: not JSON nor a .csv file; pass Label Studio's JSON "
                         "export, Argilla's records JSON, or a CSV (id,decision,label)") from None
    first = entries[0] if isinstance(entries, list) and entries else {}
    if isinstance(first, dict) and "data" in first:
        return labelstudio.answers(entries)
    if isinstance(first, dict) and ("fields" in first or "responses" in first):
        return argilla.answers(entries)
    if entries == []:
        return []
    raise InputError(f"{path.name}: neither a Label Studio export (tasks with `data`) nor an "
                     "Argilla records file (records with `fields`, `responses`)")


def apply_answers(run: Path, answers_file: Path, config_path: Path) -> dict[str, Any]:
    """Check every answer against RUN, then merge the decisions into the config's decisions
    file. Return the counts per decision, the undecided count and the file."""
    config = load_config(config_path, need_sources=False)
    named = config.stage_config("review").decisions
    if not named:
        raise ConfigError("stages.review.decisions", f"not set in {config_path}",
                          "add `stages: {review: {decisions: decisions.jsonl}}` so that the "
                          "next run finds and applies the decisions")
    _, records, _ = _run(run)
    answers = read_answers(answers_file)
    targets = {r.id: Target(r.task, given_label(r)) for r in records}
    labels = task_labels({name: spec.labels for name, spec in config.tasks.items()}, records)
    decisions = check(answers, targets, labels, answers_file.name)
    path = config.resolve(named)
    total = write_decisions(path, decisions)
    counts = Counter(d.decision for d in decisions)
    return {"file": path, "total": total, "undecided": len(answers) - len(decisions),
            **{word: counts[word] for word in ("keep", "relabel", "drop")}}
