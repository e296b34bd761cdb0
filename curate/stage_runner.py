"""Runs one stage alone on a JSONL of records (`curate redact IN -o OUT`, ...)."""

from __future__ import annotations

import json
from pathlib import Path

from curate.config import CurateConfig, load_config
from curate.engine.base import apply_stage
from curate.errors import InputError
from curate.io import read_records, write_json, write_records
from curate.record import Record
from curate.stages import STAGES
from curate.stages.base import StageContext


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


def run_stage_file(name: str, source: Path, out: Path, config: Path | None) -> tuple[int, int]:
    """Apply stage `name`; write kept records to `out`, rejected to its `.rejected.jsonl` twin."""
    cfg = load_config(config, need_sources=False) if config else CurateConfig()
    stage = STAGES.load(name)(cfg.stage_config(name), StageContext.of(cfg))
    live = [r for r in load_records(source) if r.rejected is None]
    result = apply_stage(stage, live)
    stem = out.name.removesuffix(".jsonl")
    write_records(out, result.kept)
    write_records(out.with_name(f"{stem}.rejected.jsonl"), result.rejected)
    if stage.findings:
        write_json(out.with_name(f"{stem}.findings.json"), stage.findings)
    return len(result.kept), len(result.rejected)
