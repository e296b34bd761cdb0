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
`PhasedStage`): keys (sha256 of seed and id), labels and hashed document
frequencies; per-(fold, class) feature sums, summed over the partitions on the
workers (a shuffle by column block); each record's scores from the models
of the fold it is not in, with its TF-IDF row, both written by the partition to a
spill folder (label_rows). The client holds keys and label codes as arrays and
reads the scores and rows memory-mapped, never text; it trains the out-of-fold
linear model on the rows, calibrates and averages both models into probabilities
and runs cleanlab. The result does not depend on how the records are partitioned.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field, field_validator

from curate.record import Record
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.key_tables import positions
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

    keys: np.ndarray  # S32: each record's `keys` digest, in partition order
    labels: np.ndarray  # int32: each record's label, an index into `names`
    names: list[str]  # the partition's labels, sorted
    conflicts: list[str]  # ids of the records dedup marked as conflicting
    features: np.ndarray  # int32: hashed feature indices present in the partition
    df: np.ndarray  # int32: their document frequencies


@dataclass
class Plan:
    """One task's scoring plan, shipped to every partition."""

    classes: list[str]
    seed: int
    keys: np.ndarray  # S32, sorted: the scored records' `keys` digests
    folds: np.ndarray  # int8: the fold of each of them
    idf: np.ndarray
    sizes: np.ndarray  # (folds, classes) record counts
    models: list[Model] = field(default_factory=list)  # one per fold, once trained


@dataclass
class LabelDecision:
    """Per scored record, by its `keys` digest (sorted): label quality, what was found
    (NOTHING, ISSUE or DOUBT) with the suggested class and its probability; and the ids
    of the records in a dedup conflict. Arrays, not per-record objects: ~50 bytes a record."""

    seed: int
    names: list[str]  # every class suggested, an index into it per record
    keys: np.ndarray  # S32, sorted
    quality: np.ndarray  # float64, rounded to 6 places
    found: np.ndarray  # int8: NOTHING, ISSUE, DOUBT
    suggested: np.ndarray  # int32: index into `names`
    probability: np.ndarray  # float64, rounded to 6 places (where found)
    conflicts: set[str] = field(default_factory=set)


NOTHING, ISSUE, DOUBT = 0, 1, 2
BLOCKS = 16
"""Column blocks of the hashed feature space in pass 2's shuffle: the workers sum each
block over the partitions, so the client receives each task's sums once, not per partition."""


class Decided(NamedTuple):
    """One task's part of the decision, in partition order (see LabelDecision)."""

    classes: list[str]
    keys: np.ndarray
    quality: np.ndarray
    found: np.ndarray
    suggested: np.ndarray  # index into classes
    probability: np.ndarray


def _decision(seed: int, decided: list[Decided], conflicts: set[str]) -> LabelDecision:
    """The tasks' parts as one decision, sorted by key; class names shared."""
    import numpy as np

    names = sorted({name for part in decided for name in part.classes})
    suggested = [np.array([names.index(c) for c in part.classes], dtype=np.int32)[part.suggested]
                 for part in decided]
    every = [np.concatenate([getattr(part, field_) for part in decided]
                            or [np.zeros(0, dtype=dtype)])
             for field_, dtype in (("keys", "S32"), ("quality", np.float64),
                                   ("found", np.int8), ("probability", np.float64))]
    merged = np.concatenate(suggested or [np.zeros(0, dtype=np.int32)])
    order = np.argsort(every[0], kind="stable")
    return LabelDecision(seed, names, every[0][order], every[1][order], every[2][order],
                         merged[order], every[3][order], conflicts)


def keys(seed: int, records: Sequence[Record]) -> np.ndarray:
    """(n,) S32: sha256 of the seed and each record's id. Sorting them is sorting the
    records in seeded hash order (the folds'); they find a record in a plan or decision."""
    import numpy as np

    return np.array([hashlib.sha256(f"{seed}\x00{r.id}".encode()).digest() for r in records],
                    dtype="S32")


def summarize(config: LabelConfig, seed: int, records: list[Record]) -> dict[str, LabelSummary]:
    """Pass 1: keys, labels, dedup conflicts and hashed document frequencies per task."""
    import numpy as np

    from curate.stages.label_model import counts

    out = {}
    for task, group in _by_task(records).items():
        matrix = counts([_text(r) for r in group], config.features, config.n_features)
        features, df = np.unique(matrix.indices, return_counts=True)
        names = sorted({r.label for r in group if r.label is not None})
        index = {name: i for i, name in enumerate(names)}
        out[task] = LabelSummary(
            keys(seed, group), np.array([index[r.label] for r in group], dtype=np.int32), names,
            [r.id for r in group if r.annotations.get("dedup", {}).get("conflict")],
            features.astype(np.int32), df.astype(np.int32))
    return out


def _scored(config: LabelConfig, plans: dict[str, Plan], records: list[Record]
            ) -> dict[str, tuple[list[Record], np.ndarray, sparse.csr_matrix]]:
    """Each planned task's scored records in this partition, their folds and TF-IDF rows."""
    import numpy as np

    from curate.stages.label_model import counts, tfidf

    out = {}
    for task, group in _by_task(records).items():
        plan = plans.get(task)
        if plan is None:
            continue
        at = positions(plan.keys, keys(plan.seed, group))
        rows = np.flatnonzero(at >= 0)
        if rows.size:  # the counts of the whole group, as pass 1 hashed them (cached)
            matrix = counts([_text(r) for r in group], config.features, config.n_features)
            out[task] = ([group[i] for i in rows], plan.folds[at[rows]].astype(np.int64),
                         tfidf(matrix[rows], plan.idf))
    return out


def fold_class_rows(config: LabelConfig, plans: dict[str, Plan],
                    records: list[Record]) -> list[tuple[int, sparse.csr_matrix]]:
    """Pass 2, on each partition: fixed-point feature sums per (fold, class), row
    fold * classes + class, cut into BLOCKS column blocks keyed task index * BLOCKS +
    block (`add_blocks` sums each key's blocks on the workers)."""
    from curate.stages.label_model import class_sums

    out = []
    order = list(plans)
    for task, (scored, folds, x) in _scored(config, plans, records).items():
        plan = plans[task]
        index = {label: i for i, label in enumerate(plan.classes)}
        n = len(plan.classes)
        rows = [int(k) * n + index[r.label] for k, r in zip(folds, scored, strict=True)]
        sums = class_sums(x, rows, config.folds * n)
        for block, (start, stop) in enumerate(_blocks(config.n_features)):
            part = sums[:, start:stop]
            if part.nnz:
                out.append((order.index(task) * BLOCKS + block, part))
    return out


def add_blocks(rows: list[tuple[int, sparse.csr_matrix]]) -> list[tuple[int, sparse.csr_matrix]]:
    """Pass 2, per shuffle bucket: each key's blocks summed. Exact integers, so any order
    of the partitions gives the same sums."""
    sums: dict[int, sparse.csr_matrix] = {}
    for key, block in rows:
        sums[key] = sums[key] + block if key in sums else block
    return list(sums.items())


def _blocks(n_features: int) -> list[tuple[int, int]]:
    """The column ranges of pass 2's blocks."""
    step = -(-n_features // BLOCKS)
    return [(start, min(start + step, n_features)) for start in range(0, n_features, step)]


def out_of_fold_scores(config: LabelConfig, plans: dict[str, Plan], folder: str,
                       records: list[Record]) -> dict[str, Spilled]:
    """Pass 3: each scored record's class scores from the models of its held-out fold,
    and its TF-IDF row (hashed feature weights, no text) for the client's linear model,
    both written to `folder` (see label_rows); named by the task and the records' ids, so
    a task run again writes the same files."""
    import numpy as np

    from curate.stages.label_model import views

    out = {}
    for task, (scored, folds, x) in _scored(config, plans, records).items():
        plan = plans[task]
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

    Distributed passes: keys, labels and hashed document frequencies; per-fold
    class sums; out-of-sample scores and TF-IDF rows, spilled. The client holds
    arrays (no text, no per-record objects) and runs cleanlab.
    """

    name = "labels"
    Config = LabelConfig
    config: LabelConfig
    uses = ("dedup.conflict",)
    provides = ("scores.label_quality", "labels.issue", "labels.suggested",
                "labels.suggested_probability", "labels.review", "labels.conflict",
                "labels.original")

    def decide(self, scan: Scan) -> LabelDecision:
        plans, tasks, conflicts, labelled = self._plans(
            scan(partial(summarize, self.config, self.context.seed)))
        decided = []
        if plans:
            self._train(plans, grouped(scan, partial(fold_class_rows, self.config, plans),
                                       add_blocks))
            with tempfile.TemporaryDirectory(prefix="labels-", dir=getattr(scan, "folder", None)
                                             ) as spilled:
                for task, (scores, x) in self._scores(plans, scan, Path(spilled)):
                    decided.append(self._score(tasks[task], plans[task], *labelled[task],
                                               scores, x, Path(spilled)))
        self.findings = {"action": self.config.action, "tasks": tasks}
        return _decision(self.context.seed, decided, conflicts)

    def apply(self, records: list[Record], decision: LabelDecision) -> list[Record]:
        at = positions(decision.keys, keys(decision.seed, records))
        for record, row in zip(records, at.tolist(), strict=True):
            if row >= 0:
                quality = float(decision.quality[row])
                record.scores["label_quality"] = quality
                suggested = decision.names[decision.suggested[row]]
                confidence = float(decision.probability[row])
                if decision.found[row] == ISSUE:
                    self._act(record, suggested, confidence, quality)
                elif decision.found[row] == DOUBT:
                    record.annotations["labels"] = {
                        "issue": False, "suggested": suggested,
                        "suggested_probability": confidence, "review": "label_ambiguous"}
            if record.id in decision.conflicts:
                note = record.annotations.setdefault("labels", {"issue": False})
                note["conflict"] = True
                note.setdefault("review", "label_conflict")
        return records

    def _plans(self, parts: list[dict[str, LabelSummary]]) -> tuple[
            dict[str, Plan], dict[str, dict[str, Any]], set[str],
            dict[str, tuple[np.ndarray, np.ndarray]]]:
        """From pass 1's summaries: per task its plan (where it can be scored), its findings
        so far and its scored records' keys and classes (see `_plan`); the conflicts' ids."""
        plans, tasks, conflicts, labelled = {}, {}, set(), {}
        for task in sorted({t for part in parts for t in part}):
            rows = [part[task] for part in parts if task in part]
            conflicts.update(i for row in rows for i in row.conflicts)
            tasks[task], plan, labelled[task] = self._plan(rows)
            if plan:
                plans[task] = plan
        return plans, tasks, conflicts, labelled

    def _plan(self, rows: list[LabelSummary]
              ) -> tuple[dict[str, Any], Plan | None, tuple[np.ndarray, np.ndarray]]:
        """One task's findings so far, its plan (None when it cannot be scored) and, in
        partition order, its scored records' keys and classes (indices into plan.classes)."""
        import numpy as np

        from curate.stages.label_model import idf

        names = sorted({name for row in rows for name in row.names})
        codes = np.concatenate([np.array([names.index(n) for n in row.names],
                                         dtype=np.int32)[row.labels] for row in rows])
        sizes = np.bincount(codes, minlength=len(names))
        counts = {name: int(n) for name, n in zip(names, sizes, strict=True)}
        small = {label: n for label, n in counts.items() if n < self.config.folds}
        classes = [name for name in names if name not in small]
        found: dict[str, Any] = {
            "records": len(codes),
            "classes": counts,
            "problems": _problems(small, classes, self.config.folds),
            "scored": sum(counts[c] for c in classes),
            "flagged": 0,
            "flagged_per_class": {},
            "ambiguous": 0,
            "dedup_conflicts": sum(len(row.conflicts) for row in rows),
            "flagged_pairs": [],
        }
        if len(classes) < 2:
            return found, None, (np.zeros(0, dtype="S32"), np.zeros(0, dtype=np.int64))
        df = np.zeros(self.config.n_features, dtype=np.int64)
        for row in rows:
            df[row.features] += row.df
        to_class = np.full(len(names), -1, dtype=np.int64)
        to_class[[names.index(c) for c in classes]] = np.arange(len(classes))
        given = to_class[codes]
        scored = given >= 0
        task_keys = np.concatenate([row.keys for row in rows])[scored]
        given = given[scored]
        folds = self._folds(task_keys, given, len(classes))
        order = np.argsort(task_keys, kind="stable")
        sizes = np.zeros((self.config.folds, len(classes)))
        np.add.at(sizes, (folds, given), 1)
        plan = Plan(classes, self.context.seed, task_keys[order], folds[order].astype(np.int8),
                    idf(df, found["records"], self.config.features), sizes)
        return found, plan, (task_keys, given)

    def _folds(self, task_keys: np.ndarray, given: np.ndarray, classes: int) -> np.ndarray:
        """Stratified folds: within a class, members in seeded hash order, dealt round-robin."""
        import numpy as np

        folds = np.zeros(len(given), dtype=np.int64)
        for c in range(classes):
            members = np.flatnonzero(given == c)
            ranked = members[np.argsort(task_keys[members], kind="stable")]
            folds[ranked] = np.arange(len(ranked)) % self.config.folds
        return folds

    def _train(self, plans: dict[str, Plan], blocks: list[tuple[int, sparse.csr_matrix]]
               ) -> None:
        """Each task's class sums from its summed blocks (exact integers); fold k's model
        leaves fold k out. One fold's leave-out sums at a time."""
        import numpy as np
        from scipy import sparse

        from curate.stages.label_model import NaiveBayes, centroids

        summed = dict(blocks)
        alpha = self.config.alpha or FEATURES[self.config.features]["alpha"]
        for index, plan in enumerate(plans.values()):
            n = len(plan.classes)
            shape = (self.config.folds * n, self.config.n_features)
            parts = [summed.get(index * BLOCKS + block,
                                sparse.csr_matrix((shape[0], stop - start), dtype=np.int64))
                     for block, (start, stop) in enumerate(_blocks(self.config.n_features))]
            sums = sparse.hstack(parts, format="csr", dtype=np.int64)
            sums.sum_duplicates()
            by_fold = [sums[k * n:(k + 1) * n] for k in range(self.config.folds)]
            total = by_fold[0]
            for block in by_fold[1:]:
                total = total + block
            plan.models = []
            for k, own in enumerate(by_fold):
                rest = total - own
                plan.models.append((NaiveBayes.fit(rest, plan.sizes.sum(axis=0) - plan.sizes[k],
                                                   alpha), centroids(rest)))

    def _scores(self, plans: dict[str, Plan], scan: Scan, folder: Path
                ) -> Iterator[tuple[str, tuple[np.ndarray, sparse.csr_matrix]]]:
        """Pass 3, joined in partition order (the order of the summaries' ids): per task its
        scores and TF-IDF rows, memory-mapped from `folder`, one task at a time. The fold
        models are dropped once the pass has used them."""
        parts = scan(partial(out_of_fold_scores, self.config, plans, str(folder)))
        for plan in plans.values():
            plan.models = []
        for index, (task, plan) in enumerate(plans.items()):
            blocks = [part[task] for part in parts if task in part]
            yield task, join(folder, blocks, 2 * len(plan.classes), self.config.n_features,
                             f"task-{index}")

    def _score(self, found: dict[str, Any], plan: Plan, task_keys: np.ndarray, given: np.ndarray,
               scores: np.ndarray, x: sparse.csr_matrix, folder: Path) -> Decided:
        """Ensemble out-of-sample probabilities, cleanlab; the task's findings, and per scored
        record (partition order) its key, quality and what was found."""
        import numpy as np
        from cleanlab.filter import find_label_issues

        from curate.stages.label_model import (
            ensemble,
            issues,
            linear_scores,
            naive_bayes_count,
            rank,
        )

        folds = plan.folds[positions(plan.keys, task_keys)].astype(np.int64)
        linear = linear_scores(x, given, folds, len(plan.classes), self.context.seed, folder)
        probs = ensemble(scores, linear, given, folder)
        quality, best = rank(given, probs)
        doubts = np.zeros(len(given), dtype=bool)
        if self.config.filter_by == "low_self_confidence":
            flags, doubts = issues(given, probs, quality,
                                   naive_bayes_count(scores, given, folder), best)
        else:
            flags = find_label_issues(given, probs, filter_by=self.config.filter_by, n_jobs=1)
        marked = np.where(flags, ISSUE, np.where(doubts, DOUBT, NOTHING)).astype(np.int8)
        probability = np.zeros(len(given))
        for row in np.flatnonzero(marked).tolist():
            probability[row] = round(float(probs[row, best[row]]), 6)
        pairs = sorted(Counter(zip(given[flags].tolist(), best[flags].tolist(), strict=True)).items(),
                       key=lambda item: (-item[1], plan.classes[item[0][0]],
                                         plan.classes[item[0][1]]))
        found.update(
            flagged=int(flags.sum()),
            flagged_per_class={plan.classes[c]: int(n) for c, n
                               in enumerate(np.bincount(given[flags], minlength=len(plan.classes)))
                               if n},
            ambiguous=int(doubts.sum()),
            flagged_pairs=[{"given": plan.classes[g], "suggested": plan.classes[b], "count": n}
                           for (g, b), n in pairs[: self.config.top_confusions]],
        )
        return Decided(plan.classes, task_keys,
                       np.array([round(q, 6) for q in quality.tolist()]), marked,
                       best.astype(np.int32), probability)

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
