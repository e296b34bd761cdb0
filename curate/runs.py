"""Operations on a finished run directory (or a records file): load it, gate it, export
it, run one stage on a file. These sit above the engine and the components they combine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from curate.baseline import load_predictions, query_endpoint
from curate.config import CurateConfig, load_config
from curate.engine.base import apply_stage
from curate.errors import ConfigError, InputError
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.io import load_records, write_json, write_records
from curate.manifest import write_manifest
from curate.record import Record
from curate.registries import EXPORTERS, STAGES


def load_run(path: Path) -> tuple[list[Record], dict[str, Any], CurateConfig]:
    """Records, report and config of a run dir (or of a file inside one)."""
    run_dir = path if path.is_dir() else path.parent
    report_path, curated_path = run_dir / "report.json", run_dir / "curated.jsonl"
    if not report_path.is_file() or not curated_path.is_file():
        raise InputError(f"{run_dir} is not a run directory: needs report.json and curated.jsonl")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    config = CurateConfig.model_validate({**report["config"], "base_dir": run_dir})
    records = [r for r in load_records(curated_path) if r.rejected is None]
    return records, report, config


def gate_run(
    path: Path,
    predictions_file: Path | None = None,
    endpoint: str | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """The verdict on a run dir, with baseline evidence from a file or an endpoint if given."""
    records, report, config = load_run(path)
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
    ready = evaluate(records, report, config, predictions)["ready"]
    summary = write_exports(records, config, out_dir, ready, forced=force and not ready,
                            formats=formats)
    if summary["written"]:
        run_manifest = source if source.is_dir() else source.parent
        inputs = json.loads((run_manifest / "manifest.json").read_text(encoding="utf-8"))[
            "inputs"] if (run_manifest / "manifest.json").is_file() else []
        write_manifest(out_dir, config, inputs, ready=ready, forced=force and not ready)
    return summary


def run_stage_file(name: str, source: Path, out: Path, config: Path | None) -> tuple[int, int]:
    """Apply stage `name`; write kept records to `out`, rejected to its `.rejected.jsonl` twin."""
    cfg = load_config(config, need_sources=False) if config else CurateConfig()
    stage = STAGES.load(name)(cfg.stage_config(name), cfg)
    live = [r for r in load_records(source) if r.rejected is None]
    result = apply_stage(stage, live)
    stem = out.name.removesuffix(".jsonl")
    write_records(out, result.kept)
    write_records(out.with_name(f"{stem}.rejected.jsonl"), result.rejected)
    if stage.findings:
        write_json(out.with_name(f"{stem}.findings.json"), stage.findings)
    return len(result.kept), len(result.rejected)
