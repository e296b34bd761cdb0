"""Exact and near-duplicate removal, same-input groups, conflicting answers, leak checks.

Records are ranked by quality (`scores.quality`, highest first, ties by id;
without the quality stage every record ranks 0, so ties by id decide).
Exact duplicates (identical normalised text) collapse onto their best member;
the survivors are compared with MinHash + LSH, candidates verified by exact
shingle Jaccard. In rank order a record whose verified neighbour with the same
label is already kept is rejected, naming that kept record, so every cluster keeps its
highest-quality member. Kept records whose INPUTS are near-duplicates form
input clusters (the split keeps them on one side); differing answers within
one are conflicts, passed on to the label stage as evidence.

It runs as distributed passes (a `PhasedStage`) and never gathers anything per
record: exact keys are grouped by a shuffle (`stages.base.grouped`; on a cluster,
on the workers) and only groups of two or more come back; MinHash signatures are
grouped by LSH band bucket the same way (`stages.band_buckets`) and the candidate
pairs are written to tables on the workers' shared disk; the candidates' signatures and
shingle hashes meet pair by pair in one more shuffle, whose reduce tasks write the verified
pairs to files there too. Nothing per duplicate comes back either: the exact groups'
reduce tasks write their groups and a table of the ids they reject (which the band rows
of the next passes skip), and the greedy pass (`near_draft`) and the input clusters'
connected components (`final_decision`) each run in one task on a worker
(`stages.base.on_worker`), which reads those files and hands its `Draft` on as a file;
the last one writes the decision as compact arrays (the rejected and annotated records
only: `stages.dedup_decision`) and sends back the findings only (counts, histograms; the
conflicting input clusters, one row each, stay in a file of the work folder's `findings/`
that the report reads on a worker: `key_tables.spill`). Each partition then applies the
decision, reading the arrays memory-mapped. The client holds the files' names.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import partial
from typing import Any

from pydantic import Field, model_validator

from curate.minhash import MinHashSettings, similar_pairs
from curate.record import Record
from curate.stages.band_buckets import Row, by_group, each, near_pair_files, rank
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped, on_worker
from curate.stages.components import Components
from curate.stages.dedup_decision import EXACT, NEAR, DedupDecision, Draft
from curate.stages.key_tables import (
    findings_folder,
    key_set,
    read_rows,
    scratch_folder,
    spill,
    tables_folder,
    write_rows,
)
from curate.stages.near_duplicates import FieldName, NearDuplicates, normalise, record_text


class DedupConfig(StageConfig):
    """Which text is compared and how (MinHash over word shingles, LSH banding)."""

    fields: list[FieldName] = Field(
        default_factory=lambda: ["instruction", "input", "output"], min_length=1
    )
    also_input_only: bool = True
    shingle_size: int = Field(3, ge=1, le=16)
    num_perm: int = Field(128, ge=8, le=1024)
    threshold: float = Field(0.8, gt=0.0, le=1.0)
    bands: int = Field(16, ge=1)
    seed: int = Field(
        1, ge=0, description="datasketch permutation seed (1 is datasketch's default)"
    )

    @model_validator(mode="after")
    def _bands_fit(self) -> DedupConfig:
        if self.bands > self.num_perm:
            raise ValueError(f"bands ({self.bands}) must not exceed num_perm ({self.num_perm})")
        return self

    def settings(self) -> MinHashSettings:
        return MinHashSettings(
            self.shingle_size, self.num_perm, self.bands, self.threshold, self.seed
        )

    def near_duplicates(self) -> NearDuplicates:
        """The run's definition of a near-duplicate (split's leak check uses it too)."""
        return NearDuplicates(tuple(self.fields), self.settings())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class DedupStage(PhasedStage):
    """Whole-set duplicate removal; see the module docstring."""

    name = "dedup"
    Config = DedupConfig
    config: DedupConfig
    uses = ("scores.quality",)
    provides = ("dedup.cluster", "dedup.size", "dedup.input_cluster", "dedup.conflict",
                "dedup.conflict_labels")
    listed = ("conflicts",)

    def decide(self, scan: Scan) -> DedupDecision:
        near = self.config.near_duplicates()
        folder, temporary = tables_folder(scan, "dedup")
        with scratch_folder(scan, "dedup-scratch") as scratch:
            exact = grouped(scan, partial(exact_rows, self.config), partial(exact_groups, scratch))
            groups, excluded = [path for path, _ in exact], [stem for _, stem in exact]
            pairs = near_pair_files(near, False, excluded, partial(each, _label_row), scan, scratch)
            draft, rejected = on_worker(scan, partial(near_draft, scratch, groups, pairs))
            inputs = near_pair_files(near, True, [*excluded, *rejected],
                                     partial(each, _answer_row), scan, scratch) \
                if self.config.also_input_only else []
            decision, findings = on_worker(scan, partial(
                final_decision, folder, findings_folder(scan), self.config.threshold, draft,
                inputs))
        self.findings = {**findings, "settings": self.config.model_dump(exclude={"enabled"})}
        decision.folder = temporary
        return decision

    def apply(self, records: list[Record], decision: DedupDecision) -> list[Record]:
        decision.apply(records)
        return records


def near_draft(folder: str, group_files: list[str], pair_files: list[str]) -> tuple[str, list[str]]:
    """On a worker: the exact groups' rejections (files of `exact_groups`), then the greedy
    pass over the verified near pairs (files of `band_buckets.near_pair_files`); the Draft's
    file and [the table of the near-duplicates' ids] ([] without any), all under `folder`."""
    decision = Draft()
    members: dict[str, list[str]] = {}
    for head, rest in sorted(row for path in group_files for row in read_rows(path)):
        members[head] = [head, *rest]
        for rid in rest:
            decision.rejects[rid] = (EXACT, 1.0, head)
    exact = frozenset(decision.rejects)
    _near(members, decision, sorted(pair for path in pair_files for pair in read_rows(path)))
    return decision.save(folder), key_set(folder, [rid for rid in decision.rejects
                                                   if rid not in exact])


def final_decision(folder: str, spilled: str | None, threshold: float, draft: str,
                   pair_files: list[str]) -> tuple[DedupDecision, dict[str, Any]]:
    """On a worker: the input clusters (over the verified input-only pairs' files) and their
    conflicts added to the Draft in the file `draft`; the decision (its arrays written under
    `folder`) and the findings but the settings (counts, histograms, the conflicting
    clusters: one row each, so they are left in a file under `spilled` when given,
    `key_tables.spill`)."""
    decision = Draft.load(draft)
    groups = _input_clusters(decision, sorted(pair for path in pair_files
                                              for pair in read_rows(path)))
    conflicts = [g for g in groups if _mark_conflict(g, decision)]
    reasons = Counter(reason for reason, _, _ in decision.rejects.values())
    sizes = [note["size"] for note in decision.notes.values() if "size" in note]
    return decision.compact(threshold, folder), {
        "exact_duplicates": reasons[EXACT],
        "near_duplicates": reasons[NEAR],
        "clusters": len(sizes),
        "cluster_sizes": _histogram(sizes),
        "input_clusters": len(groups),
        "input_cluster_sizes": _histogram(len(g) for g in groups),
        "conflicts": spill(spilled, [{"input_cluster": g[0][1], "size": len(g)}
                                     for g in conflicts]),
    }


def _near(members: dict[str, list[str]], decision: Draft,
          pairs: list[tuple[Row, Row, float]]) -> None:
    """Greedy in rank order over the exact groups' heads: a head joins a kept verified
    neighbour with the same label, its exact duplicates with it.

    A near-duplicate with a different label is a conflict, not a duplicate: both
    stay, and the input clusters flag them. Notes each cluster's kept record and its
    size (clusters of one record are left out).
    """
    neighbours: dict[Row, list[tuple[float, Row]]] = {}
    for first, second, jaccard in pairs:
        neighbours.setdefault(second, []).append((-jaccard, first))
    target = {}
    for head in sorted(neighbours):
        options = [(jaccard, row) for jaccard, row in neighbours[head]
                   if row[1] not in decision.rejects and row[2] == head[2]]
        if options:
            jaccard, best = min(options)
            target[head[1]] = best[1]
            for k in members.get(head[1], [head[1]]):
                decision.rejects[k] = (NEAR, -jaccard, best[1])
    sizes: Counter[str] = Counter()
    for head in {*members, *(row[1] for row in neighbours),
                 *(row[1] for rows in neighbours.values() for _, row in rows)}:
        sizes[target.get(head, head)] += len(members.get(head, [head]))
    for kept, n in sizes.items():
        if n > 1:
            decision.notes[kept] = {"cluster": kept, "size": n}


def _input_clusters(decision: Draft, pairs: list[tuple[Row, Row, float]]) -> list[list[Row]]:
    """Connected groups of kept records with near-duplicate inputs (size > 1), annotated;
    each group's rows sorted by id, groups by their first id."""
    joined: Components[Row] = Components()
    for first, second, _ in pairs:
        joined.join(first, second)
    components: dict[Row, list[Row]] = {}
    for row in joined.members():
        components.setdefault(joined.root(row), []).append(row)
    groups = sorted((sorted(g, key=lambda row: row[1]) for g in components.values()),
                    key=lambda g: g[0][1])
    for group in groups:
        for row in group:
            decision.notes.setdefault(row[1], {})["input_cluster"] = group[0][1]
    return groups


def exact_rows(config: DedupConfig, records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (exact key, rank row)): the exact key hashes the label and normalised
    compared text."""
    out = []
    for record in records:
        key = _digest(f"{record.label}\x00{normalise(record_text(record, config.fields))}")
        out.append((int(key[:16], 16), (key, rank(record))))
    return out


def exact_groups(folder: str, rows: list[tuple[int, Any]]) -> list[tuple[str, str]]:
    """Reduce: the groups of two or more records with one exact key, written under `folder`
    as rows (head id, [the other ids]: the head ranks first); [(their file, the table of the
    other ids)], or [] without any."""
    groups = [[row[1] for row in group] for group in by_group(rows) if len(group) > 1]
    if not groups:
        return []
    stems = key_set(folder, [rid for _, *rest in groups for rid in rest])
    return [(write_rows(folder, [(head, rest) for head, *rest in groups]), stems[0])]


def _label_row(record: Record) -> Row:
    return (*rank(record), record.label)


def _answer_row(record: Record) -> Row:
    """Rank, label and answer: the label, else a hash of the normalised output."""
    answer = f"label\x00{record.label}" if record.label is not None \
        else f"output\x00{_digest(normalise(record.output))}"
    return (*rank(record), record.label, answer)


def _mark_conflict(group: list[Row], decision: Draft) -> bool:
    """Flag a same-input group whose answers (labels, else normalised outputs) differ."""
    if len({row[3] for row in group}) < 2:
        return False
    labels = sorted({label for row in group if (label := row[2]) is not None})
    for row in group:
        decision.notes[row[1]].update(conflict=True, conflict_labels=labels)
    return True


def _histogram(sizes) -> dict[str, int]:
    counts = Counter(sizes)
    return {str(size): counts[size] for size in sorted(counts)}


def find_leaks(
    train: list[Record], eval: list[Record], config: DedupConfig
) -> list[tuple[str, str, float]]:
    """(eval_id, train_id, jaccard) for every eval record near-duplicating a train record.

    Same fields and MinHash settings as the dedup stage; pairs are LSH
    candidates verified by exact shingle Jaccard >= config.threshold. Sorted.
    """
    texts = [record_text(r, config.fields) for r in (*eval, *train)]
    pairs = similar_pairs(texts, config.settings(), cross_at=len(eval))
    return sorted((eval[i].id, train[j - len(eval)].id, jaccard) for i, j, jaccard in pairs)
