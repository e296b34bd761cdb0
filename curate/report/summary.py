"""Builds report.json: accounting, dataset shape, score and length histograms, PII, findings.

`schemas/report.schema.json` is its contract and `curate.report.models` its types; the
pipeline adds `gate` and `exports`.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from statistics import fmean
from typing import Any

from curate import __version__
from curate.accounting import Accounting
from curate.config import CurateConfig
from curate.record import Record
from curate.report.models import ReportBody

REPORT_SCHEMA_VERSION = 3


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    return dict(sorted(Counter(v if v is not None else "(none)" for v in values).items()))


def histogram(values: Sequence[float], bins: int = 12) -> dict[str, list[float] | list[int]]:
    """Equal-width bins from min to max: `edges` (bins + 1) and `counts` (bins)."""
    if not values:
        return {"edges": [], "counts": []}
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    return {"edges": [round(low + i * width, 4) for i in range(bins + 1)], "counts": counts}


def _summary(values: Sequence[float]) -> dict[str, Any]:
    return {"mean": round(fmean(values), 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "histogram": histogram(values)}


def _score_summary(records: Collection[Record]) -> dict[str, dict[str, Any]]:
    """Per score, its summary; the values held as C doubles (8 bytes each), the records not."""
    by_name: dict[str, array[float]] = {}
    for record in records:
        for name, value in record.scores.items():
            by_name.setdefault(name, array("d")).append(float(value))
    return {name: _summary(v) for name, v in sorted(by_name.items())}


def _lengths(records: Collection[Record]) -> dict[str, dict[str, Any]]:
    """Word counts of inputs and outputs (the shape a trainer's context must hold)."""
    if not records:
        return {}
    return {
        "input_words": _summary(array("d", (len(r.input.split()) for r in records))),
        "output_words": _summary(array("d", (len(r.output.split()) for r in records))),
    }


def _labels_by_split(records: Collection[Record]) -> dict[str, dict[str, int]]:
    found = Counter((r.split or "(none)", r.label if r.label is not None else "(none)")
                    for r in records)
    return {split: dict(sorted((label, n) for (s, label), n in found.items() if s == split))
            for split in sorted({s for s, _ in found})}


def _redaction(records: Collection[Record]) -> dict[str, Any]:
    """PII counts replaced and still found by the verification re-scan, per entity (counts only)."""
    replaced: Counter[str] = Counter()
    residual: Counter[str] = Counter()
    verified = with_residual = 0
    for record in records:
        replaced.update(record.pii)
        found = (record.annotations.get("redact") or {}).get("residual")
        if isinstance(found, dict):
            verified += 1
            with_residual += bool(found)
            residual.update(found)
    return {"replaced": dict(sorted(replaced.items())), "residual": dict(sorted(residual.items())),
            "records_verified": verified, "records_with_residual": with_residual}


def build_report(
    config: CurateConfig, books: Accounting, findings: dict[str, Any], records: Collection[Record]
) -> ReportBody:
    """The report of a finished run, before the gate verdict and exports are added."""
    pii: Counter[str] = Counter()
    for record in records:
        pii.update(record.pii)
    return ReportBody.model_validate({
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool_version": __version__,
        "config_sha256": config.digest(),
        "config": config.model_dump(mode="json"),
        "accounting": books.to_dict(),
        "dataset": {
            "records": len(records),
            "tasks": _counts(r.task for r in records),
            "labels": _counts(r.label for r in records),
            "splits": _counts(r.split for r in records),
            "source_kinds": _counts(r.source.kind for r in records),
            "labels_by_split": _labels_by_split(records),
            "lengths": _lengths(records),
        },
        "scores": _score_summary(records),
        "pii": dict(sorted(pii.items())),
        "findings": {**findings, "redact": _redaction(records)} if any(
            "redact" in r.annotations for r in records) else findings,
    })
