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
`PhasedStage`), each a shuffle or a scan whose results stay on the workers or on the
stage's folder of the run's work folder (which the workers share): (1) per task its labels,
their counts, the dedup conflicts and hashed document frequencies, summed by task on the
workers, where the reduce task writes the task's IDF weights and its conflicting ids to the
folder (the client gets counts and file names, never the vocabulary), and its records' keys
(sha256 of seed and id) sorted by key range into tables on disk that give each record its
fold and its row in the decision (label_folds); (2)
per-(fold, class) feature sums, summed per task on the workers, where each fold's model
(trained on the other folds) is written to the folder; (3) each record's scores from the
model of the fold it is not in, with its TF-IDF row, class, fold and decision row, written
by the partition to a spill folder (label_rows), keyed by task; the shuffle's reduce task
(a worker's) joins a task's blocks in partition order, reads them memory-mapped, trains the
out-of-fold linear model on them, calibrates and averages both models into
probabilities, runs cleanlab and writes each record's result to the decision's files, at
its row in key order, returning only the task's findings (`score`). The client holds
nothing per record or per feature: counts, plans, table and file names, findings. `apply`
finds its records' rows, and whether dedup marked them as conflicts, in the tables. The
result does not depend on how the records are partitioned.
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from curate.record import Record
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.key_tables import column, in_any, key_set, save, tables_folder
from curate.stages.label_folds import RANGES, KeyRows, RangeTable, Tables, keys, ranges, rank_table
from curate.stages.label_model import FEATURES
from curate.stages.label_rows import CHUNK, Spilled, join, mapped, spill

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse


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
    """What one partition tells its task's reduce task: no text, no per-record array."""

    task: str
    names: list[str]  # its labels, sorted
    sizes: np.ndarray  # int64: records per label
    conflicts: list[str]  # ids of the records dedup marked as conflicting
    features: np.ndarray  # hashed feature indices present
    df: np.ndarray  # their document frequencies


@dataclass
class TaskSummary:
    """What the client learns of one task: counts and file names, nothing per record or
    per feature (the vocabulary stays with the reduce task, which writes the IDF weights)."""

    task: str
    names: list[str]  # its labels, sorted
    sizes: np.ndarray  # int64: records per label
    conflicts: int  # records dedup marked as conflicting
    conflict_table: list[str]  # their ids (key_tables.key_set): [stem], or [] without
    idf: str  # stem of the IDF weights over all its labelled records (column "idf")


@dataclass
class Plan:
    """One task's scoring plan, shipped to every partition: no per-record array."""

    classes: list[str]
    seed: int
    tables: Tables  # each record's fold and decision row, on disk
    idf: str  # stem of the IDF weights' file (`weights`)
    sizes: np.ndarray  # (folds, classes) record counts
    models: list[str] = field(default_factory=list)  # each fold's model's stem, once trained


@dataclass
class LabelDecision:
    """Per task its scored classes, key tables and the stem of its result files (label
    quality, what was found (NOTHING, ISSUE or DOUBT), the suggested class and its
    probability, at each record's row in key order: see `COLUMNS`), and the tables of the
    ids of the records in a dedup conflict. Nothing per record in memory; `temporary` keeps a temporary
    folder of the files alive as long as the decision (None: in the run's work folder)."""

    seed: int
    tasks: dict[str, tuple[list[str], Tables, str]]
    conflicts: list[str] = field(default_factory=list)  # key_set tables of conflicting ids
    temporary: tempfile.TemporaryDirectory[str] | None = None


NOTHING, ISSUE, DOUBT = 0, 1, 2
COLUMNS = {"quality": "float64", "found": "int8", "suggested": "int32", "probability": "float64"}
"""The decision's files per task: quality and probability rounded to 6 places, the
suggestion an index into the task's classes."""


def _task_key(task: str) -> int:
    """The shuffle key of a task's summary; its key ranges follow it."""
    return zlib.crc32(task.encode("utf-8", "surrogatepass")) * (RANGES + 1)


def summarize(config: LabelConfig, seed: int, records: list[Record]
              ) -> list[tuple[int, LabelSummary | KeyRows]]:
    """Pass 1, on each partition: per task its labels and their counts, dedup conflicts and
    hashed document frequencies, and its keys and label codes per key range."""
    import numpy as np

    from curate.stages.label_model import counts

    out: list[tuple[int, LabelSummary | KeyRows]] = []
    for task, group in _by_task(records).items():
        matrix = counts([_text(r) for r in group], config.features, config.n_features)
        features, df = np.unique(matrix.indices, return_counts=True)
        names = sorted({r.label for r in group if r.label is not None})
        index = {name: i for i, name in enumerate(names)}
        codes = np.array([index[r.label] for r in group], dtype=np.int32)
        key = _task_key(task)
        out.append((key, LabelSummary(
            task, names, np.bincount(codes, minlength=len(names)).astype(np.int64),
            [r.id for r in group if r.annotations.get("dedup", {}).get("conflict")],
            features.astype(np.int32), df.astype(np.int32))))
        digests = keys(seed, group)
        at = ranges(digests)
        for where in np.unique(at).tolist():
            chosen = at == where
            out.append((key + 1 + where, KeyRows(task, where, names, digests[chosen],
                                                 codes[chosen])))
    return out


def gather(config: LabelConfig, folder: str, rows: list[tuple[int, LabelSummary | KeyRows]]
           ) -> list[TaskSummary | RangeTable]:
    """Pass 1, per shuffle bucket: each task's summaries added up, its IDF weights and its
    conflicting ids written to `folder`, each of its key ranges written as a table
    (label_folds.rank_table). Rows arrive in partition order."""
    import numpy as np

    from curate.stages.label_model import idf

    summaries: dict[str, list[LabelSummary]] = {}
    ranged: dict[tuple[str, int], list[KeyRows]] = {}
    for _, row in rows:
        if isinstance(row, KeyRows):
            ranged.setdefault((row.task, row.range), []).append(row)
        else:
            summaries.setdefault(row.task, []).append(row)
    out: list[TaskSummary | RangeTable] = []
    for task, parts in summaries.items():
        names = sorted({name for part in parts for name in part.names})
        sizes = np.zeros(len(names), dtype=np.int64)
        df = np.zeros(config.n_features, dtype=np.int64)
        for part in parts:
            sizes[[names.index(n) for n in part.names]] += part.sizes
            df[part.features] += part.df
        conflicts = [i for p in parts for i in p.conflicts]
        weights = idf(df, int(sizes.sum()), config.features)
        out.append(TaskSummary(task, names, sizes, len(conflicts), key_set(folder, conflicts),
                               save(folder, {"idf": weights})))
    out.extend(rank_table(folder, parts) for parts in ranged.values())
    return out


def _scored(config: LabelConfig, plans: dict[str, Plan], records: list[Record]
            ) -> dict[str, tuple[sparse.csr_matrix, np.ndarray, np.ndarray, np.ndarray]]:
    """Each planned task's scored records in this partition: their TF-IDF rows, classes
    (indices into the plan's), folds and rows in the decision."""
    import numpy as np

    from curate.stages.label_model import counts, tfidf

    out = {}
    for task, group in _by_task(records).items():
        plan = plans.get(task)
        if plan is None:
            continue
        index = {name: i for i, name in enumerate(plan.classes)}
        rows = np.array([i for i, r in enumerate(group) if r.label in index], dtype=np.int64)
        if not rows.size:
            continue
        given = np.array([index[group[i].label] for i in rows.tolist()], dtype=np.int64)
        row, rank = plan.tables.locate(keys(plan.seed, [group[i] for i in rows.tolist()]), given)
        found = row >= 0
        # the counts of the whole group, as pass 1 hashed them (cached)
        matrix = counts([_text(r) for r in group], config.features, config.n_features)
        out[task] = (tfidf(matrix[rows[found]], weights(plan.idf)), given[found],
                     rank[found] % config.folds, row[found])
    return out


def weights(stem: str) -> np.ndarray:
    """A task's IDF weights, as `gather` wrote them (read whole: one n_features array)."""
    import numpy as np

    return np.array(column(stem, "idf"))


def fold_class_rows(config: LabelConfig, plans: dict[str, Plan],
                    records: list[Record]) -> list[tuple[int, sparse.csr_matrix]]:
    """Pass 2, on each partition: fixed-point feature sums per (fold, class), row
    fold * classes + class, keyed by the task's index among the plans."""
    from curate.stages.label_model import class_sums

    out = []
    order = list(plans)
    for task, (x, given, folds, _) in _scored(config, plans, records).items():
        n = len(plans[task].classes)
        out.append((order.index(task), class_sums(x, (folds * n + given).tolist(),
                                                  config.folds * n)))
    return out


def train(config: LabelConfig, plans: dict[str, Plan], folder: str,
          rows: list[tuple[int, sparse.csr_matrix]]) -> list[tuple[int, list[str]]]:
    """Pass 2, per shuffle bucket: each task's class sums added up (exact integers, so in
    any order), and fold k's model trained on the others' sums, written to `folder` (one
    leave-out sum at a time); the models' stems, per task index."""
    import numpy as np

    from curate.stages.label_model import NaiveBayes, centroids, save_model

    summed: dict[int, sparse.csr_matrix] = {}
    for key, sums in rows:
        summed[key] = summed[key] + sums if key in summed else sums
    alpha = config.alpha or FEATURES[config.features]["alpha"]
    out = []
    for index, sums in summed.items():
        plan = list(plans.values())[index]
        n = len(plan.classes)
        sums = sums.astype(np.int64).tocsr()
        sums.sum_duplicates()
        by_fold = [sums[k * n:(k + 1) * n] for k in range(config.folds)]
        total = by_fold[0]
        for block in by_fold[1:]:
            total = total + block
        stems = []
        for k, own in enumerate(by_fold):
            rest = total - own
            stem = str(Path(folder) / f"model-{index}-{k}")
            save_model(stem, NaiveBayes.fit(rest, plan.sizes.sum(axis=0) - plan.sizes[k], alpha),
                       centroids(rest))
            stems.append(stem)
        out.append((index, stems))
    return out


def out_of_fold_scores(config: LabelConfig, plans: dict[str, Plan], folder: str,
                       records: list[Record]) -> list[tuple[int, Spilled]]:
    """Pass 3, on each partition: each scored record's class scores from the model of its
    held-out fold, its TF-IDF row (hashed feature weights, no text), class, fold and decision
    row, written to `folder` (see label_rows); named by the task and the records' ids, so a
    task run again writes the same files. Keyed by the task's index among the plans."""
    import numpy as np

    from curate.stages.label_model import load_model, views

    out = []
    order = list(plans)
    for task, (x, given, folds, row) in _scored(config, plans, records).items():
        plan = plans[task]
        shape = (len(plan.classes), config.n_features)
        scores = np.zeros((x.shape[0], 2 * len(plan.classes)))
        for k, stem in enumerate(plan.models):
            chosen = np.flatnonzero(folds == k)
            if chosen.size:
                scores[chosen] = views(*load_model(stem, shape), x[chosen])
        stem = hashlib.sha256("\x00".join([task, *(r.id for r in records if r.task == task)])
                              .encode("utf-8", "surrogatepass")).hexdigest()
        out.append((order.index(task), spill(folder, stem, x, scores, (given, folds, row))))
    return out


def score(config: LabelConfig, plans: dict[str, Plan], spilled: str, folder: str,
          rows: list[tuple[int, Spilled]]) -> list[tuple[str, str, dict[str, Any]]]:
    """Pass 3, per shuffle bucket (on a worker): each task's spilled blocks (they arrive in
    partition order) joined, scored (`_score`) and the result written to decision files in
    `folder`; per task only the files' stem and its findings come back. The blocks stay
    until the client removes the spill folder, and the join goes to a folder of this call's
    own, so a reduce run again (a lost worker) reads the same blocks, writes the same bytes."""
    blocks: dict[int, list[Spilled]] = {}
    for index, block in rows:
        blocks.setdefault(index, []).append(block)
    out = []
    tasks = list(plans.items())
    for index in sorted(blocks):
        task, plan = tasks[index]
        stem = str(Path(folder) / f"decision-{index}")
        with tempfile.TemporaryDirectory(prefix="score-", dir=spilled) as own:
            scores, x, codes = join(Path(spilled), blocks[index], 2 * len(plan.classes),
                                    config.n_features, Path(own) / "rows")
            out.append((task, stem, _score(config, plan, scores, x, codes, Path(own), stem)))
    return out


class LabelStage(PhasedStage):
    """Scores every categorical label and flags, drops or relabels the suspect ones.

    Distributed passes: labels and hashed document frequencies, with the keys sorted into
    tables on disk; per-fold class sums and the fold models trained on the workers;
    out-of-sample scores, TF-IDF rows and codes, spilled, then per task scored (linear
    model, calibration, cleanlab) by a reduce task that writes the decision to files. The
    client sees counts, names and findings, nothing per record.
    """

    name = "labels"
    Config = LabelConfig
    config: LabelConfig
    uses = ("dedup.conflict",)
    provides = ("scores.label_quality", "labels.issue", "labels.suggested",
                "labels.suggested_probability", "labels.review", "labels.conflict",
                "labels.original")

    def decide(self, scan: Scan) -> LabelDecision:
        folder, temporary = tables_folder(scan, "labels")
        found = grouped(scan, partial(summarize, self.config, self.context.seed),
                        partial(gather, self.config, folder))
        plans, tasks, conflicts = self._plans(found)
        decided: dict[str, tuple[list[str], Tables, str]] = {}
        if plans:
            trained = dict(grouped(scan, partial(fold_class_rows, self.config, plans),
                                   partial(train, self.config, plans, folder)))
            for index, plan in enumerate(plans.values()):
                plan.models = trained[index]
            with tempfile.TemporaryDirectory(prefix="spill-", dir=folder) as spilled:
                results = grouped(scan, partial(out_of_fold_scores, self.config, plans, spilled),
                                  partial(score, self.config, plans, spilled, folder))
            for plan in plans.values():  # the models are used: their files go
                for stem in plan.models:
                    for path in Path(stem).parent.glob(f"{Path(stem).name}.*"):
                        path.unlink()
            for task, stem, scored in results:
                decided[task] = (plans[task].classes, plans[task].tables, stem)
                tasks[task].update(scored)
        self.findings = {"action": self.config.action, "tasks": tasks}
        return LabelDecision(self.context.seed, decided, conflicts, temporary)

    def apply(self, records: list[Record], decision: LabelDecision) -> list[Record]:
        import numpy as np

        for task, group in _by_task(records).items():
            if task not in decision.tasks:
                continue
            classes, tables, stem = decision.tasks[task]
            index = {name: i for i, name in enumerate(classes)}
            scored = [r for r in group if r.label in index]
            if not scored:
                continue
            at, _ = tables.locate(keys(decision.seed, scored),
                                  np.array([index[r.label] for r in scored], dtype=np.int64))
            hit = np.flatnonzero(at >= 0)
            values = {name: mapped(Path(f"{stem}.{name}"), dtype)[at[hit]]
                      for name, dtype in COLUMNS.items()}
            for i, record in enumerate([scored[i] for i in hit.tolist()]):
                quality = float(values["quality"][i])
                record.scores["label_quality"] = quality
                suggested = classes[values["suggested"][i]]
                confidence = float(values["probability"][i])
                if values["found"][i] == ISSUE:
                    self._act(record, suggested, confidence, quality)
                elif values["found"][i] == DOUBT:
                    record.annotations["labels"] = {
                        "issue": False, "suggested": suggested,
                        "suggested_probability": confidence, "review": "label_ambiguous"}
        marked = in_any(decision.conflicts, [r.id for r in records])
        for record in [r for r, hit in zip(records, marked.tolist(), strict=True) if hit]:
            note = record.annotations.setdefault("labels", {"issue": False})
            note["conflict"] = True
            note.setdefault("review", "label_conflict")
        return records

    def _plans(self, found: list[TaskSummary | RangeTable]) -> tuple[
            dict[str, Plan], dict[str, dict[str, Any]], list[str]]:
        """From pass 1's summaries and tables: per task its plan (where it can be scored)
        and its findings so far; the tables of the conflicts' ids."""
        summaries = {row.task: row for row in found if isinstance(row, TaskSummary)}
        plans, tasks, conflicts = {}, {}, []
        for task in sorted(summaries):
            conflicts += summaries[task].conflict_table
            tasks[task], plan = self._plan(
                summaries[task], [t for t in found if isinstance(t, RangeTable) and t.task == task])
            if plan:
                plans[task] = plan
        return plans, tasks, conflicts

    def _plan(self, summary: TaskSummary, tables: list[RangeTable]
              ) -> tuple[dict[str, Any], Plan | None]:
        """One task's findings so far and its plan (None when it cannot be scored). Fold k
        of a class holds its records of rank k, k + folds, ... in seeded key order."""
        import numpy as np

        counts = {name: int(n) for name, n in zip(summary.names, summary.sizes, strict=True)}
        small = {label: n for label, n in counts.items() if n < self.config.folds}
        classes = [name for name in summary.names if name not in small]
        found: dict[str, Any] = {
            "records": int(summary.sizes.sum()),
            "classes": counts,
            "problems": _problems(small, classes, self.config.folds),
            "scored": sum(counts[c] for c in classes),
            "flagged": 0,
            "flagged_per_class": {},
            "ambiguous": 0,
            "dedup_conflicts": summary.conflicts,
            "flagged_pairs": [],
        }
        if len(classes) < 2:
            return found, None
        members = np.array([counts[c] for c in classes], dtype=np.int64)
        folds = np.arange(self.config.folds)[:, None]
        sizes = (members // self.config.folds + (folds < members % self.config.folds)
                 ).astype(np.float64)
        plan = Plan(classes, self.context.seed, Tables.of(classes, tables), summary.idf, sizes)
        return found, plan

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


def _score(config: LabelConfig, plan: Plan, scores: np.ndarray, x: sparse.csr_matrix,
           codes: tuple[np.ndarray, ...], folder: Path, stem: str) -> dict[str, Any]:
    """Ensemble out-of-sample probabilities, cleanlab; per scored record (in partition
    order, its class, fold and decision row in `codes`) its quality and what was found,
    written to the decision's files `stem.*` at its row in key order; the task's findings.
    Scratch arrays go to `folder`."""
    import numpy as np
    from cleanlab.filter import find_label_issues

    from curate.stages.label_model import (
        ensemble,
        issues,
        linear_scores,
        naive_bayes_count,
        rank,
    )

    given, folds, rows = codes
    linear = linear_scores(x, given, folds, len(plan.classes), plan.seed, folder)
    probs = ensemble(scores, linear, given, folder)
    quality, best = rank(given, probs)
    doubts = np.zeros(len(given), dtype=bool)
    if config.filter_by == "low_self_confidence":
        flags, doubts = issues(given, probs, quality,
                               naive_bayes_count(scores, given, folder), best)
    else:
        flags = find_label_issues(given, probs, filter_by=config.filter_by, n_jobs=1)
    marked = np.where(flags, ISSUE, np.where(doubts, DOUBT, NOTHING)).astype(np.int8)
    files = {name: np.memmap(f"{stem}.{name}", dtype=dtype, mode="w+",
                             shape=(plan.tables.size,))
             for name, dtype in COLUMNS.items()}
    for start in range(0, len(given), CHUNK):
        chunk = slice(start, start + CHUNK)
        at = rows[chunk]
        files["quality"][at] = [round(q, 6) for q in quality[chunk].tolist()]
        files["found"][at] = marked[chunk]
        files["suggested"][at] = best[chunk]
        files["probability"][at] = [
            round(float(p), 6) if m else 0.0 for p, m in zip(
                probs[np.arange(start, start + len(at)), best[chunk]].tolist(),
                marked[chunk].tolist(), strict=True)]
    for array in files.values():
        array.flush()
    given = np.asarray(given)
    pairs = sorted(Counter(zip(given[flags].tolist(), best[flags].tolist(), strict=True)).items(),
                   key=lambda item: (-item[1], plan.classes[item[0][0]],
                                     plan.classes[item[0][1]]))
    return dict(
        flagged=int(flags.sum()),
        flagged_per_class={plan.classes[c]: int(n) for c, n
                           in enumerate(np.bincount(given[flags], minlength=len(plan.classes)))
                           if n},
        ambiguous=int(doubts.sum()),
        flagged_pairs=[{"given": plan.classes[g], "suggested": plan.classes[b], "count": n}
                       for (g, b), n in pairs[: config.top_confusions]],
    )


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
