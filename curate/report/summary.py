"""Builds report.json: accounting, dataset shape, scores, PII counts, stage findings."""

from __future__ import annotations

from collections import Counter
from statistics import fmean
from typing import Any

from curate import __version__
from curate.accounting import Accounting
from curate.config import CurateConfig
from curate.record import Record

REPORT_SCHEMA_VERSION = 1


def _counts(values: list[str | None]) -> dict[str, int]:
    return dict(sorted(Counter(v if v is not None else "(none)" for v in values).items()))


def _score_summary(records: list[Record]) -> dict[str, dict[str, float]]:
    by_name: dict[str, list[float]] = {}
    for record in records:
        for name, value in record.scores.items():
            by_name.setdefault(name, []).append(float(value))
    return {
        name: {"mean": round(fmean(v), 4), "min": round(min(v), 4), "max": round(max(v), 4)}
        for name, v in sorted(by_name.items())
    }


def build_report(
    config: CurateConfig, books: Accounting, findings: dict[str, Any], records: list[Record]
) -> dict[str, Any]:
    """The report of a finished run, before the gate verdict and exports are added."""
    pii: Counter[str] = Counter()
    for record in records:
        pii.update(record.pii)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool_version": __version__,
        "config_sha256": config.digest(),
        "config": config.model_dump(mode="json"),
        "accounting": books.to_dict(),
        "dataset": {
            "records": len(records),
            "tasks": _counts([r.task for r in records]),
            "labels": _counts([r.label for r in records]),
            "splits": _counts([r.split for r in records]),
            "source_kinds": _counts([r.source.kind for r in records]),
        },
        "scores": _score_summary(records),
        "pii": dict(sorted(pii.items())),
        "findings": findings,
    }
