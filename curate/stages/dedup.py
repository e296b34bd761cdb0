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
grouped by LSH band bucket the same way (`stages.band_buckets`) and only candidate
pairs come back; the candidates' signatures and shingle hashes meet pair by pair in
one more shuffle, which sends back only the verified pairs; the greedy pass and the
connected components run over those pairs; each partition then applies the decision
(the rejected and annotated records only, as compact arrays: `stages.dedup_decision`).
No record text reaches the client.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import partial
from typing import Any

from pydantic import Field, model_validator

from curate.minhash import MinHashSettings, similar_pairs
from curate.record import Record
from curate.stages.band_buckets import Row, by_group, each, near_pairs, rank
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.components import Components
from curate.stages.dedup_decision import EXACT, NEAR, DedupDecision, Draft
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

    def decide(self, scan: Scan) -> DedupDecision:
        near = self.config.near_duplicates()
        decision = Draft()
        groups = sorted(grouped(scan, partial(exact_rows, self.config), exact_groups))
        members = {head[1]: [row[1] for row in (head, *rest)] for head, *rest in groups}
        for head, *rest in groups:
            for row in rest:
                decision.rejects[row[1]] = (EXACT, 1.0, head[1])
        sizes = self._near(near, members, decision, scan)
        input_groups = self._input_clusters(near, decision, scan) \
            if self.config.also_input_only else []
        conflicts = [g for g in input_groups if _mark_conflict(g, decision)]
        reasons = Counter(reason for reason, _, _ in decision.rejects.values())
        self.findings = {
            "exact_duplicates": reasons[EXACT],
            "near_duplicates": reasons[NEAR],
            "clusters": len(sizes),
            "cluster_sizes": _histogram(sizes.values()),
            "input_clusters": len(input_groups),
            "input_cluster_sizes": _histogram(len(g) for g in input_groups),
            "conflicts": [{"input_cluster": g[0][1], "size": len(g)} for g in conflicts],
            "settings": self.config.model_dump(exclude={"enabled"}),
        }
        return decision.compact(self.config.threshold)

    def apply(self, records: list[Record], decision: DedupDecision) -> list[Record]:
        decision.apply(records)
        return records

    def _near(self, near: NearDuplicates, members: dict[str, list[str]],
              decision: Draft, scan: Scan) -> dict[str, int]:
        """Greedy in rank order over the exact groups' heads: a head joins a kept verified
        neighbour with the same label, its exact duplicates with it.

        A near-duplicate with a different label is a conflict, not a duplicate: both
        stay, and the input clusters flag them. Notes each cluster's kept record and
        returns its size (clusters of one record are left out).
        """
        exact = frozenset(decision.rejects)
        neighbours: dict[Row, list[tuple[float, Row]]] = {}
        for first, second, jaccard in near_pairs(near, False, exact, partial(each, _label_row),
                                                 scan):
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
        clusters = {kept: n for kept, n in sizes.items() if n > 1}
        for kept, n in clusters.items():
            decision.notes[kept] = {"cluster": kept, "size": n}
        return clusters

    def _input_clusters(self, near: NearDuplicates, decision: Draft,
                        scan: Scan) -> list[list[Row]]:
        """Connected groups of kept records with near-duplicate inputs (size > 1), annotated;
        each group's rows sorted by id, groups by their first id."""
        rejected = frozenset(decision.rejects)
        joined: Components[Row] = Components()
        for first, second, _ in near_pairs(near, True, rejected, partial(each, _answer_row), scan):
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


def exact_groups(rows: list[tuple[int, Any]]) -> list[list[Row]]:
    """Reduce: the groups of two or more records with one exact key, in rank order."""
    return [group for group in by_group(rows) if len(group) > 1]


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
