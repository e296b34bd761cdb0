"""Runs one stage alone on a JSONL of records (`curate redact IN -o OUT`, ...)."""

from __future__ import annotations

import json
from pathlib import Path

from curate.config import CurateConfig, TaskSpec, load_config
from curate.engine.base import apply_stage
from curate.errors import InputError
from curate.io import read_records, write_json, write_records
from curate.record import Record
from curate.stages import STAGES


def load_records(path: Path) -> list[Record]:
    """Every record of a curate JSONL file, or an InputError naming the bad line."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    records = []
    try:
        for record in read_records(path):
            records.append(record)
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError(
            f"{path} line {len(records) + 1} is not a curate record (see schemas/record.schema.json)"
        ) from None
    return records


def inferred_task(records: list[Record]) -> TaskSpec:
    """The spec of a task no config defines, from its records (`curate ingest` names the task
    `task`): a label task over the labels seen when every output is its record's label
    (a classification pair), else a text task."""
    labels = {r.label for r in records}
    if None not in labels and all(r.output.strip() == r.label for r in records):
        return TaskSpec(instruction=records[0].instruction, output="label",
                        labels=sorted(str(label) for label in labels))
    return TaskSpec(instruction=records[0].instruction)


def with_record_tasks(config: CurateConfig, records: list[Record]) -> tuple[CurateConfig, list[str]]:
    """`config` plus an inferred spec (`inferred_task`) for each task of `records` it lacks,
    and the names of those tasks."""
    missing = sorted({r.task for r in records} - set(config.tasks))
    tasks = {**config.tasks, **{task: inferred_task([r for r in records if r.task == task])
                                for task in missing}}
    return config.model_copy(update={"tasks": tasks}), missing


def run_stage_file(name: str, source: Path, out: Path,
                   config: Path | None) -> tuple[int, int, dict[str, TaskSpec]]:
    """Apply stage `name`; write kept records to `out`, rejected to its `.rejected.jsonl` twin.
    Returns the counts and the task specs inferred for tasks the config does not define."""
    cfg = load_config(config, need_sources=False) if config else CurateConfig()
    live = [r for r in load_records(source) if r.rejected is None]
    cfg, inferred = with_record_tasks(cfg, live)
    stage = STAGES.load(name)(cfg.stage_config(name), cfg)
    result = apply_stage(stage, live)
    stem = out.name.removesuffix(".jsonl")
    write_records(out, result.kept)
    write_records(out.with_name(f"{stem}.rejected.jsonl"), result.rejected)
    if stage.findings:
        write_json(out.with_name(f"{stem}.findings.json"), stage.findings)
    return len(result.kept), len(result.rejected), {t: cfg.tasks[t] for t in inferred}
