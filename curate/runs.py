"""Operations on a finished run directory (or a records file): load it, gate it, export
it, run one stage on a file. These sit above the engine and the components they combine."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from curate.baseline import load_predictions, query_endpoint
from curate.config import CurateConfig, TaskSpec, load_config
from curate.engine.base import apply_stage
from curate.errors import ConfigError, InputError
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.io import load_records, write_json, write_records
from curate.manifest import write_manifest
from curate.pipeline import curated_set
from curate.record import Record
from curate.registries import EXPORTERS, STAGES
from curate.report.models import Report
from curate.stages.base import StageContext


def run_directory(path: Path) -> Path:
    """The run directory `path` is (or holds); InputError naming what is missing if none."""
    if not path.exists():
        raise InputError(f"{path} does not exist; pass a run directory (the --out of curate "
                         "run) or a file inside one")
    run_dir = path if path.is_dir() else path.parent
    if not (run_dir / "report.json").is_file() or not (run_dir / "curated.jsonl").is_file():
        raise InputError(f"{run_dir} is not a run directory: needs report.json and curated.jsonl")
    return run_dir


def load_run(path: Path) -> tuple[Collection[Record], Report, CurateConfig]:
    """Records (streamed from curated.jsonl past the local engine's PARTITION, see
    `pipeline.curated_set`), report and config of a run dir (or of a file inside one)."""
    run_dir = run_directory(path)
    report_path, curated_path = run_dir / "report.json", run_dir / "curated.jsonl"
    try:
        report = Report.model_validate_json(report_path.read_bytes())
    except ValidationError as problem:
        first = problem.errors()[0]
        where = ".".join(map(str, first["loc"])) or "(top)"
        raise InputError(f"{report_path} is not a curate report: {where}: {first['msg']}") from None
    config = CurateConfig.model_validate({**report.config, "base_dir": run_dir})
    return curated_set(curated_path, report.accounting.records_kept), report, config


POLICY_KEYS = ("gate", "export", "engine")
"""Config sections a finished run can be re-judged under without re-running a stage (with
each task's `metric` and `target`, which only the gate reads)."""


def changed_keys(saved: Any, current: Any, key: str = "") -> list[str]:
    """The dotted keys where two dumped configs differ (a whole list counts as one key)."""
    if isinstance(saved, dict) and isinstance(current, dict):
        return [changed for name in sorted(set(saved) | set(current))
                for changed in changed_keys(saved.get(name), current.get(name),
                                            f"{key}.{name}" if key else str(name))]
    return [] if saved == current else [key]


def _policy_only(key: str) -> bool:
    parts = key.split(".")
    return parts[0] in POLICY_KEYS or (
        parts[0] == "tasks" and len(parts) == 3 and parts[2] in ("metric", "target"))


def with_policy(saved: CurateConfig, current: CurateConfig, config_name: str) -> CurateConfig:
    """`current`, after checking it differs from the run's `saved` config only in policy the
    gate reads (POLICY_KEYS, task metrics and targets); else a ConfigError naming the first
    changed key and how to apply it (re-run: the stage cache re-runs only from there)."""
    changed = [k for k in changed_keys(saved.model_dump(mode="json"),
                                       current.model_dump(mode="json")) if not _policy_only(k)]
    if changed:
        raise ConfigError(changed[0], f"{config_name} changes what the stages did "
                          f"({', '.join(changed[:3])}{', ...' if len(changed) > 3 else ''}), not "
                          "only the gate's policy",
                          f"apply it with `curate run {config_name} --out RUN`: it re-runs only "
                          "from the first stage whose config changed")
    return current


def gate_run(
    path: Path,
    predictions_file: Path | None = None,
    endpoint: str | None = None,
    model: str | None = None,
    config: CurateConfig | None = None,
    config_name: str = "the given config",
) -> dict[str, Any]:
    """The verdict on a run dir, with baseline evidence from a file or an endpoint if given;
    judged by `config`'s policy when given (see `with_policy`; `config_name` names it in
    errors), else by the run's saved config."""
    records, report, saved = load_run(path)
    config = saved if config is None else with_policy(saved, config, config_name)
    predictions = None
    if predictions_file is not None:
        predictions = load_predictions(predictions_file)
    elif endpoint is not None:
        if not model:
            raise ConfigError("--model", "a baseline endpoint needs a model name",
                              "pass --model NAME")
        predictions = query_endpoint(endpoint, model, [r for r in records if r.split == "eval"])
    return evaluate(records, report, config, predictions)


def export_run(
    source: Path,
    out_dir: Path,
    formats: list[str] | None = None,
    force: bool = False,
    predictions: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Gate a run dir, then export it (or, with `force`, export anyway, marked not ready)."""
    unknown = [f for f in formats or [] if f not in EXPORTERS]
    if unknown:
        raise ConfigError("--format", f"unknown format {unknown[0]!r}",
                          f"use any of: {', '.join(EXPORTERS.names())}")
    if out_dir.is_file() or out_dir.suffix.lower() in (".jsonl", ".json"):
        raise ConfigError("--out", f"{out_dir} is a file; the exports are several files",
                          "pass a folder, e.g. -o exports/")
    records, report, config = load_run(source)
    verdict = evaluate(records, report, config, predictions)
    ready = verdict["ready"]
    summary = write_exports(records, config, out_dir, ready, forced=force and not ready,
                            formats=formats, report={**report.to_json(), "gate": verdict})
    if summary["written"]:
        run_manifest = source if source.is_dir() else source.parent
        inputs = json.loads((run_manifest / "manifest.json").read_text(encoding="utf-8"))[
            "inputs"] if (run_manifest / "manifest.json").is_file() else []
        write_manifest(out_dir, config, inputs, ready=ready, forced=force and not ready)
    return summary


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
    stage = STAGES.load(name)(cfg.stage_config(name), StageContext.of(cfg))
    if stage.surveys():  # redact's roster: the file's people, as a run's ingest would give
        stage.survey(live)
    result = apply_stage(stage, live)
    stem = out.name.removesuffix(".jsonl")
    write_records(out, result.kept)
    write_records(out.with_name(f"{stem}.rejected.jsonl"), result.rejected)
    if stage.findings:
        write_json(out.with_name(f"{stem}.findings.json"), stage.findings)
    return len(result.kept), len(result.rejected), {t: cfg.tasks[t] for t in inferred}
