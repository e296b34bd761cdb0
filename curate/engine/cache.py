"""The stage cache's keys: which phases of the last run into a folder a new run may reuse.

The work folder (curate/workdir.py) saves each phase's checkpoint under its key; a
run re-runs every phase from the first whose key changed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from curate import __version__
from curate.config import CurateConfig
from curate.stages.base import Stage

GATE_ONLY_TASK_KEYS = ("metric", "target")
"""Task keys only the gate reads: changing them re-runs no stage."""


def _sha(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def phase_keys(config: CurateConfig, inputs: list[dict[str, Any]],
               stages: list[Stage]) -> dict[str, str]:
    """The cache key of each phase: `stream` (ingest and the per-record stages), then each
    whole-set stage, each key chained from the one before.

    A key covers what its phase reads: the tool version, the inputs' hashes, the run-wide
    settings (seed, tasks, sources, the engine's kind and batch size) and the stage sections
    of its own and earlier phases. The gate and export sections, task metrics and targets,
    and the engine's worker count or scheduler change no stage's output and are in no key."""
    data = config.model_dump(mode="json")
    for spec in data["tasks"].values():
        for key in GATE_ONLY_TASK_KEYS:
            spec.pop(key, None)
    common = {"version": __version__, "inputs": inputs, "seed": data["seed"],
              "tasks": data["tasks"], "sources": data["sources"],
              "engine": [data["engine"]["kind"], data["engine"]["batch_size"]]}

    def section(stage: Stage) -> list[Any]:
        return [stage.name, stage.config.model_dump(mode="json")]

    key = _sha([common, [section(s) for s in stages if not s.whole_set]])
    keys = {"stream": key}
    for stage in (s for s in stages if s.whole_set):
        key = keys[stage.name] = _sha([key, section(stage)])
    return keys
