"""Reviewers' decisions applied by record id, after `labels`, before `audit` and `split`.

`stages.review.decisions` names the decisions file (relative to the config's folder) that
`curate review apply` writes; naming it turns the stage on. The file is read and checked
when the stage is built, before any work. A decided record leaves the review queue (the
`review` keys other stages set move to `annotations.review.flagged`): `keep` gives it the
label it had when it was reviewed, `relabel` the reviewer's label, `drop` rejects it
(`review.dropped`). Decisions on records that are not in this run are counted, not errors:
a changed source or filter may have removed them.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import model_validator

from curate.io import sha256_file
from curate.record import Record
from curate.review.decisions import WORDS, Decision, given_label, read_decisions
from curate.stages.base import PhasedStage, Scan, StageConfig, StageContext


class ReviewConfig(StageConfig):
    """Where the reviewers' decisions are; on as soon as that is set."""

    enabled: bool = False
    decisions: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _on_when_named(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("decisions") and "enabled" not in data:
            return {**data, "enabled": True}
        return data

    @model_validator(mode="after")
    def _names_a_file(self) -> ReviewConfig:
        if self.enabled and not self.decisions:
            raise ValueError("enabled without `decisions`: name the decisions file, "
                             "e.g. decisions: decisions.jsonl")
        return self


def present(ids: frozenset[str], records: list[Record]) -> list[tuple[str, str | None, str | None]]:
    """(id, label, given label) of this partition's records that have a decision."""
    return [(r.id, r.label, given_label(r)) for r in records if r.id in ids]


def apply_decision(record: Record, decision: Decision) -> None:
    """Take the record out of the queue, then keep, relabel or reject it."""
    notes = [n for n in record.annotations.values() if isinstance(n, dict) and "review" in n]
    note: dict[str, Any] = {"decision": decision.decision,
                            "flagged": sorted(n.pop("review") for n in notes)}
    record.annotations["review"] = note
    if decision.decision == "drop":
        record.reject("review", "review.dropped", "a reviewer dropped it (decisions file)")
    elif decision.label != record.label:
        note["label_before"] = record.label
        record.label = decision.label


class ReviewStage(PhasedStage):
    """Applies the decisions file; findings count what was applied and what was not."""

    name = "review"
    Config = ReviewConfig
    config: ReviewConfig

    def __init__(self, config: ReviewConfig, context: StageContext | None = None) -> None:
        super().__init__(config, context)
        self.path = self.context.resolve(config.decisions or "")
        self.decisions = read_decisions(self.path)

    def input_files(self) -> list[Path]:
        return [self.path] if self.path.is_file() else []

    def decide(self, scan: Scan) -> dict[str, Decision]:
        found = [row for part in scan(partial(present, frozenset(self.decisions))) for row in part]
        applied = Counter(self.decisions[rid].decision for rid, _, _ in found)
        self.findings = {
            "file": self.config.decisions,
            "sha256": sha256_file(self.path) if self.path.is_file() else None,
            "decisions": len(self.decisions),
            "applied": {word: applied[word] for word in WORDS},
            "labels_changed": sum(self.decisions[rid].decision != "drop"
                                  and self.decisions[rid].label != label
                                  for rid, label, _ in found),
            "given_changed": sum(self.decisions[rid].given != given for rid, _, given in found),
            "unmatched": len(self.decisions) - len(found),
        }
        return {rid: self.decisions[rid] for rid, _, _ in found}

    def apply(self, records: list[Record], decision: dict[str, Decision]) -> list[Record]:
        for record in records:
            if record.id in decision:
                apply_decision(record, decision[record.id])
        return records
