"""Label-noise detection: cleanlab on out-of-sample probabilities, per task.

Records without a label pass untouched. For each task, classes with fewer
examples than folds are left unscored (a finding says which), the rest get
`scores["label_quality"]` (cleanlab self-confidence) and flagged ones get
`annotations["labels"]` with the suggested label and a `review` key. A doubt that
looks like a record fitting two classes (label_model.ambiguous) goes to review
(`label_ambiguous`) without being an issue: never dropped or relabelled. Records
that dedup found with conflicting answers go to review too: a conflict says
one of the pair is wrong but not which, so it never drops or relabels alone.
Without dedup before it (`uses = ("dedup.conflict",)`), no record goes to
review for a conflict; label errors are still scored and flagged.

Out-of-sample probabilities come from stratified K-fold naive Bayes and class
centroids on hashed TF-IDF (see label_model.py), in three distributed passes (a
`PhasedStage`): ids, labels and hashed document frequencies; per-(fold, class)
feature sums; each record's scores from the models of the fold it is not in,
with its TF-IDF row. The client holds ids, labels, the score matrix and the
rows, never text; it trains the out-of-fold linear model on the rows, calibrates
and averages both models into probabilities and runs cleanlab. The result does
not depend on how the records are partitioned.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from curate.record import Record
from curate.stages.base import PhasedStage, Scan, StageConfig
from curate.stages.label_model import FEATURES
from curate.stages.label_rows import Spilled, join, spill

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

    from curate.stages.label_model import NaiveBayes

Model = tuple["NaiveBayes", "sparse.csr_matrix"]  # naive Bayes and unit class centroids

FilterBy = Literal[
    "low_self_confidence", "low_normalized_margin", "prune_by_noise_rate", "both",
    "confident_learning",
]


class LabelConfig(StageConfig):
    """What to do with suspected label errors and how to find them."""

    action: Literal["flag", "drop", "relabel"] = "flag"
    features: str = "tfidf"
    n_features: int = Field(2**18, ge=2**10, le=2**24, description="hashed feature space")
    folds: int = Field(5, ge=2, le=20)
    filter_by: FilterBy = Field(
        "low_self_confidence", description="low_self_confidence: naive Bayes' count of the "
        "lowest label qualities plus systematic confusions; the others: cleanlab's filter")
    alpha: float | None = Field(
        None, gt=0, description="naive Bayes smoothing; default 0.05 for tfidf, 1 for tfidf_char")
    top_confusions: int | None = Field(
        None, ge=0, description="list only the N most frequent flagged class pairs; all by default")

    @field_validator("features")
    @classmethod
    def _known_features(cls, value: str) -> str:
        if value not in FEATURES:
            known = ", ".join(FEATURES)
            raise ValueError(f"unknown feature extractor {value!r}; use one of: {known}")
        return value


def _by_task(records: list[Record]) -> dict[str, list[Record]]:
    """Labelled records per task, in partition order."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        if record.label is not None:
            groups.setdefault(record.task, []).append(record)
    return groups


def _text(record: Record) -> str:
    return record.input or record.output


@dataclass
class LabelSummary:
    """What the client learns of one task in one partition: no text, hashed df only."""

    ids: list[str]
    labels: list[str]
    conflicts: list[bool]
    features: np.ndarray  # hashed feature indices present in the partition
    df: np.ndarray  # their document frequencies


@dataclass
class Plan:
    """One task's scoring plan, shipped to every partition."""

    classes: list[str]
    folds: dict[str, int]  # scored record id -> fold
    idf: np.ndarray
    sizes: np.ndarray  # (folds, classes) record counts
    models: list[Model] = field(default_factory=list)  # one per fold, once trained


@dataclass
class LabelDecision:
    """Per record id: its label quality, a suggestion if flagged, a conflict mark."""

    quality: dict[str, float] = field(default_factory=dict)
    issues: dict[str, tuple[str, float]] = field(default_factory=dict)  # label, its probability
    doubts: dict[str, tuple[str, float]] = field(default_factory=dict)  # ambiguous: review only
    conflicts: set[str] = field(default_factory=set)


def summarize(config: LabelConfig, records: list[Record]) -> dict[str, LabelSummary]:
    """Pass 1: ids, labels, dedup conflicts and hashed document frequencies per task."""
    import numpy as np

    from curate.stages.label_model import counts

    out = {}
    for task, group in _by_task(records).items():
        matrix = counts([_text(r) for r in group], config.features, config.n_features)
        features, df = np.unique(matrix.indices, return_counts=True)
        out[task] = LabelSummary(
            [r.id for r in group], [r.label for r in group],
            [bool(r.annotations.get("dedup", {}).get("conflict")) for r in group],
            features, df.astype(np.int64))
    return out


def _scored(config: LabelConfig, plans: dict[str, Plan],
            records: list[Record]) -> dict[str, tuple[list[Record], sparse.csr_matrix]]:
    """Each planned task's scored records in this partition and their TF-IDF rows."""
    from curate.stages.label_model import counts, tfidf

    out = {}
    for task, group in _by_task(records).items():
        plan = plans.get(task)
        rows = [i for i, r in enumerate(group) if plan and r.id in plan.folds]
        if rows:  # the counts of the whole group, as pass 1 hashed them (cached)
            matrix = counts([_text(r) for r in group], config.features, config.n_features)
            out[task] = ([group[i] for i in rows], tfidf(matrix[rows], plan.idf))
    return out


def fold_class_sums(config: LabelConfig, plans: dict[str, Plan],
                    records: list[Record]) -> dict[str, sparse.csr_matrix]:
    """Pass 2: fixed-point feature sums per (fold, class), row fold * classes + class."""
    from curate.stages.label_model import class_sums

    out = {}
    for task, (scored, x) in _scored(config, plans, records).items():
        plan = plans[task]
        index = {label: i for i, label in enumerate(plan.classes)}
        n = len(plan.classes)
        rows = [plan.folds[r.id] * n + index[r.label] for r in scored]
        out[task] = class_sums(x, rows, config.folds * n)
    return out


def out_of_fold_scores(config: LabelConfig, plans: dict[str, Plan], folder: str,
                       records: list[Record]) -> dict[str, Spilled]:
    """Pass 3: each scored record's class scores from the models of its held-out fold,
    and its TF-IDF row (hashed feature weights, no text) for the client's linear model,
    both written to `folder` (see label_rows); named by the task and the records' ids, so
    a task run again writes the same files."""
    import numpy as np

    from curate.stages.label_model import views

    out = {}
    for task, (scored, x) in _scored(config, plans, records).items():
        plan = plans[task]
        folds = np.array([plan.folds[r.id] for r in scored])
        scores = np.zeros((len(scored), 2 * len(plan.classes)))
        for k, (nb, centres) in enumerate(plan.models):
            rows = np.flatnonzero(folds == k)
            if rows.size:
                scores[rows] = views(nb, centres, x[rows])
        stem = hashlib.sha256("\x00".join([task, *(r.id for r in scored)]).encode(
            "utf-8", "surrogatepass")).hexdigest()
        out[task] = spill(folder, stem, x, scores)
    return out


class LabelStage(PhasedStage):
    """Scores every categorical label and flags, drops or relabels the suspect ones.

    Distributed passes: ids, labels and hashed document frequencies; per-fold
    class sums; out-of-sample probabilities. The client holds ids, labels and
    the probability matrix (no text) and runs cleanlab on it.
    """

    name = "labels"
    Config = LabelConfig
    config: LabelConfig
    uses = ("dedup.conflict",)
    provides = ("scores.label_quality", "labels.issue", "labels.suggested",
                "labels.suggested_probability", "labels.review", "labels.conflict",
                "labels.original")

    def decide(self, scan: Scan) -> LabelDecision:
        parts = scan(partial(summarize, self.config))
        decision, plans, tasks = LabelDecision(), {}, {}
        for task in sorted({t for part in parts for t in part}):
            rows = [part[task] for part in parts if task in part]
            tasks[task], plan = self._plan(rows, decision)
            if plan:
                plans[task] = plan
        if plans:
            self._train(plans, scan(partial(fold_class_sums, self.config, plans)))
            with tempfile.TemporaryDirectory(prefix="labels-", dir=getattr(scan, "folder", None)
                                             ) as spilled:
                for task, (scores, x) in self._scores(plans, scan, Path(spilled)):
                    scored = [(rid, label) for part in parts if task in part
                              for rid, label in zip(part[task].ids, part[task].labels,
                                                    strict=True)
                              if rid in plans[task].folds]
                    self._score(tasks[task], plans[task], scored, scores, x, Path(spilled),
                                decision)
        self.findings = {"action": self.config.action, "tasks": tasks}
        return decision

    def apply(self, records: list[Record], decision: LabelDecision) -> list[Record]:
        for record in records:
            if record.id in decision.quality:
                record.scores["label_quality"] = decision.quality[record.id]
            if record.id in decision.issues:
                self._act(record, *decision.issues[record.id], decision.quality[record.id])
            elif record.id in decision.doubts:
                suggested, confidence = decision.doubts[record.id]
                record.annotations["labels"] = {
                    "issue": False, "suggested": suggested, "suggested_probability": confidence,
                    "review": "label_ambiguous"}
            if record.id in decision.conflicts:
                note = record.annotations.setdefault("labels", {"issue": False})
                note["conflict"] = True
                note.setdefault("review", "label_conflict")
        return records

    def _plan(self, rows: list[LabelSummary],
              decision: LabelDecision) -> tuple[dict[str, Any], Plan | None]:
        """One task's findings so far and its plan (None when it cannot be scored)."""
        import numpy as np

        from curate.stages.label_model import idf

        ids = [i for row in rows for i in row.ids]
        labels = [label for row in rows for label in row.labels]
        conflicts = {i for row in rows for i, c in zip(row.ids, row.conflicts, strict=True) if c}
        decision.conflicts |= conflicts
        counts = Counter(labels)
        small = {label: n for label, n in sorted(counts.items()) if n < self.config.folds}
        classes = sorted(set(counts) - set(small))
        found: dict[str, Any] = {
            "records": len(ids),
            "classes": dict(sorted(counts.items())),
            "problems": _problems(small, classes, self.config.folds),
            "scored": sum(counts[c] for c in classes),
            "flagged": 0,
            "flagged_per_class": {},
            "ambiguous": 0,
            "dedup_conflicts": len(conflicts),
            "flagged_pairs": [],
        }
        if len(classes) < 2:
            return found, None
        df = np.zeros(self.config.n_features, dtype=np.int64)
        for row in rows:
            df[row.features] += row.df
        plan = Plan(classes, {}, idf(df, len(ids), self.config.features),
                    np.zeros((self.config.folds, len(classes))))
        self._folds(plan, ids, labels)
        return found, plan

    def _folds(self, plan: Plan, ids: list[str], labels: list[str]) -> None:
        """Stratified folds: within a class, members in seeded hash order, dealt round-robin."""
        members: dict[str, list[str]] = {label: [] for label in plan.classes}
        for rid, label in zip(ids, labels, strict=True):
            if label in members:
                members[label].append(rid)
        for c, label in enumerate(plan.classes):
            ranked = sorted(members[label], key=lambda rid: hashlib.sha256(
                f"{self.context.seed}\x00{rid}".encode()).hexdigest())
            for rank, rid in enumerate(ranked):
                plan.folds[rid] = rank % self.config.folds
                plan.sizes[rank % self.config.folds, c] += 1

    def _train(self, plans: dict[str, Plan], parts: list[dict[str, sparse.csr_matrix]]) -> None:
        """Sum the partitions' class sums (exact integers); fold k's model leaves fold k out."""
        from curate.stages.label_model import NaiveBayes, centroids

        for task, plan in plans.items():
            n = len(plan.classes)
            blocks = [part[task] for part in parts if task in part]
            sums = blocks[0]
            for block in blocks[1:]:
                sums = sums + block
            by_fold = [sums[k * n:(k + 1) * n] for k in range(self.config.folds)]
            total = by_fold[0]
            for block in by_fold[1:]:
                total = total + block
            alpha = self.config.alpha or FEATURES[self.config.features]["alpha"]
            rests = [total - own for own in by_fold]
            plan.models = [
                (NaiveBayes.fit(rest, plan.sizes.sum(axis=0) - plan.sizes[k], alpha),
                 centroids(rest))
                for k, rest in enumerate(rests)]

    def _scores(self, plans: dict[str, Plan], scan: Scan, folder: Path
                ) -> Iterator[tuple[str, tuple[np.ndarray, sparse.csr_matrix]]]:
        """Pass 3, joined in partition order (the order of the summaries' ids): per task its
        scores and TF-IDF rows, memory-mapped from `folder`, one task at a time."""
        parts = scan(partial(out_of_fold_scores, self.config, plans, str(folder)))
        for index, (task, plan) in enumerate(plans.items()):
            blocks = [part[task] for part in parts if task in part]
            yield task, join(folder, blocks, 2 * len(plan.classes), self.config.n_features,
                             f"task-{index}")

    def _score(self, found: dict[str, Any], plan: Plan, scored: list[tuple[str, str]],
               scores: np.ndarray, x: sparse.csr_matrix, folder: Path,
               decision: LabelDecision) -> None:
        """Ensemble out-of-sample probabilities, cleanlab; record scores, issues, findings."""
        import numpy as np
        from cleanlab.filter import find_label_issues
        from cleanlab.rank import get_label_quality_scores

        from curate.stages.label_model import ensemble, issues, linear_scores, naive_bayes_count

        index = {label: c for c, label in enumerate(plan.classes)}
        given = np.array([index[label] for _, label in scored])
        folds = np.array([plan.folds[rid] for rid, _ in scored])
        linear = linear_scores(x, given, folds, len(plan.classes), self.context.seed, folder)
        probs = ensemble(scores, linear, given)
        quality = get_label_quality_scores(given, probs, method="self_confidence")
        others = probs.copy()
        others[np.arange(len(given)), given] = -1.0
        best = others.argmax(axis=1)
        doubts = np.zeros(len(given), dtype=bool)
        if self.config.filter_by == "low_self_confidence":
            flags, doubts = issues(given, probs, quality, naive_bayes_count(scores, given), best)
        else:
            flags = find_label_issues(given, probs, filter_by=self.config.filter_by, n_jobs=1)
        issues = []
        for row, ((rid, label), q) in enumerate(zip(scored, quality, strict=True)):
            decision.quality[rid] = round(float(q), 6)
            suggestion = (plan.classes[best[row]], round(float(probs[row, best[row]]), 6))
            if flags[row]:
                issues.append((label, suggestion[0]))
                decision.issues[rid] = suggestion
            elif doubts[row]:
                decision.doubts[rid] = suggestion
        pairs = sorted(Counter(issues).items(), key=lambda item: (-item[1], item[0]))
        found.update(
            flagged=len(issues),
            flagged_per_class=dict(sorted(Counter(given for given, _ in issues).items())),
            ambiguous=int(doubts.sum()),
            flagged_pairs=[{"given": g, "suggested": s, "count": n}
                           for (g, s), n in pairs[: self.config.top_confusions]],
        )

    def _act(self, record: Record, suggested: str, confidence: float, quality: float) -> None:
        given = record.label
        note = {"issue": True, "suggested": suggested, "suggested_probability": confidence,
                "review": "label_issue"}
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
