"""Label-noise detection: cleanlab on out-of-sample probabilities, per task.

Records without a label pass untouched. For each task, classes with fewer
examples than folds are left unscored (a finding says which), the rest get
`scores["label_quality"]` (cleanlab self-confidence) and flagged ones get
`annotations["labels"]` with the suggested label and a `review` key. Records
that dedup found with conflicting answers go to review too: a conflict says
one of the pair is wrong but not which, so it never drops or relabels alone.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import Field, field_validator

from curate.record import Record
from curate.stages.base import Stage, StageConfig
from curate.stages.label_model import FEATURES, out_of_sample_probs

FilterBy = Literal[
    "low_self_confidence", "low_normalized_margin", "prune_by_noise_rate", "both",
    "confident_learning",
]


class LabelConfig(StageConfig):
    """What to do with suspected label errors and how to find them."""

    action: Literal["flag", "drop", "relabel"] = "flag"
    features: str = "tfidf"
    folds: int = Field(5, ge=2, le=20)
    filter_by: FilterBy = "low_self_confidence"
    alpha: float = Field(2e-5, gt=0)
    epochs: int = Field(10, ge=1, le=200)
    n_jobs: int = Field(1, ge=1, le=64)
    top_confusions: int = Field(10, ge=0)

    @field_validator("features")
    @classmethod
    def _known_features(cls, value: str) -> str:
        if value not in FEATURES:
            known = ", ".join(FEATURES)
            raise ValueError(f"unknown feature extractor {value!r}; use one of: {known}")
        return value


class LabelStage(Stage):
    """Scores every categorical label and flags, drops or relabels the suspect ones."""

    name = "labels"
    Config = LabelConfig
    whole_set = True

    def process(self, records: list[Record]) -> list[Record]:
        by_task: dict[str, list[Record]] = {}
        for record in records:
            if record.label is not None:
                by_task.setdefault(record.task, []).append(record)
        tasks = {task: self._task(group) for task, group in sorted(by_task.items())}
        self.findings = {"action": self.config.action, "tasks": tasks}
        return records

    def _task(self, group: list[Record]) -> dict[str, Any]:
        """Score one task's labelled records; return its findings."""
        counts = Counter(r.label for r in group)
        small = {label: n for label, n in sorted(counts.items()) if n < self.config.folds}
        scored = [r for r in group if r.label not in small]
        classes = sorted({r.label for r in scored})
        found: dict[str, Any] = {
            "records": len(group),
            "classes": dict(sorted(counts.items())),
            "problems": _problems(small, classes, self.config.folds),
        }
        issues: list[tuple[str, str]] = []
        if len(classes) >= 2:
            issues = self._score(scored, classes)
        conflicts = [r for r in group if r.annotations.get("dedup", {}).get("conflict")]
        for record in conflicts:
            note = record.annotations.setdefault("labels", {"issue": False})
            note["conflict"] = True
            note.setdefault("review", "label_conflict")
        pairs = Counter(issues).most_common()
        pairs.sort(key=lambda item: (-item[1], item[0]))
        found.update(
            scored=len(scored),
            flagged=len(issues),
            flagged_per_class=dict(sorted(Counter(given for given, _ in issues).items())),
            dedup_conflicts=len(conflicts),
            top_confusions=[
                {"given": g, "suggested": s, "count": n}
                for (g, s), n in pairs[: self.config.top_confusions]
            ],
        )
        return found

    def _score(self, scored: list[Record], classes: list[str]) -> list[tuple[str, str]]:
        """cleanlab on out-of-sample probabilities; act on the issues; return (given, suggested)."""
        import numpy as np
        from cleanlab.filter import find_label_issues
        from cleanlab.rank import get_label_quality_scores

        index = {label: i for i, label in enumerate(classes)}
        labels = np.array([index[r.label] for r in scored])
        probs = out_of_sample_probs(
            [r.input or r.output for r in scored], labels,
            features=self.config.features, folds=self.config.folds, seed=self.run.seed,
            alpha=self.config.alpha, epochs=self.config.epochs, n_jobs=self.config.n_jobs,
        )
        quality = get_label_quality_scores(labels, probs, method="self_confidence")
        flags = find_label_issues(labels, probs, filter_by=self.config.filter_by, n_jobs=1)
        suggested = probs.argmax(axis=1)
        issues = []
        for record, q, flagged, best in zip(scored, quality, flags, suggested, strict=True):
            record.scores["label_quality"] = round(float(q), 6)
            if flagged:
                issues.append((record.label, classes[best]))
                self._act(record, classes[best], float(q))
        return issues

    def _act(self, record: Record, suggested: str, quality: float) -> None:
        given = record.label
        note = {"issue": True, "suggested": suggested, "review": "label_issue"}
        record.annotations["labels"] = note
        if self.config.action == "drop":
            record.reject(
                "labels", "labels.issue",
                f"given label {given!r}, suggested {suggested!r}, label quality {quality:.3f}",
            )
        elif self.config.action == "relabel":
            note["original"] = given
            record.label = suggested


def _problems(small: dict[str, int], classes: list[str], folds: int) -> list[dict[str, Any]]:
    """Findings for data the model cannot score: tiny classes and fewer than two classes."""
    problems = []
    if small:
        problems.append({
            "check": "tiny_classes",
            "classes": small,
            "detail": f"{len(small)} class(es) with fewer than {folds} examples (the fold count) "
                      "were not scored; add examples or merge them",
        })
    if len(classes) < 2:
        problems.append({
            "check": "single_class",
            "classes": classes,
            "detail": "fewer than two classes with enough examples: label noise cannot be "
                      "estimated, no record was scored",
        })
    return problems
