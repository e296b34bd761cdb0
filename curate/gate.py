"""The readiness gate: fine-tune only when several criteria hold, never on one or two."""

from __future__ import annotations

from typing import Any

from curate.config import CurateConfig
from curate.record import Record


def _check(name: str, met: bool | None, detail: str, **numbers: Any) -> dict[str, Any]:
    status = "no_evidence" if met is None else ("met" if met else "not_met")
    return {"name": name, "status": status, "detail": detail, "numbers": numbers}


def evaluate(records: list[Record], report: dict[str, Any], config: CurateConfig) -> dict[str, Any]:
    """Apply the criteria to a finished run; `ready` follows the configured policy."""
    gate = config.gate
    train = [r for r in records if r.split in (None, "train")]
    checks = [
        _check("enough_examples", len(train) > gate.min_train_examples,
               f"{len(train)} train examples, more than {gate.min_train_examples} needed",
               train=len(train), required=gate.min_train_examples),
        _check("accounting_balanced", report["accounting"]["balanced"], "in = kept + rejected"),
    ]
    ready = all(c["status"] == "met" for c in checks)
    return {"ready": ready, "checks": checks}
