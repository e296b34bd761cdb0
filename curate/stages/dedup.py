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

It runs as distributed passes (a `PhasedStage`): each partition sends ids,
quality, hashed exact keys and MinHash signatures; the client ranks, bands and
groups them; the shingle hashes of LSH candidates are fetched by a second scan
for exact verification; clusters are resolved by connected components; each
partition then applies the decision. No record text reaches the client.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from curate.minhash import MinHashSettings, likely_pairs, signatures, similar_pairs, verified
from curate.record import Record
from curate.stages.base import PhasedStage, Scan, StageConfig
from curate.stages.near_duplicates import (
    FieldName,
    NearDuplicates,
    normalise,
    record_text,
    shingle_sets,
)

if TYPE_CHECKING:
    import numpy as np


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


@dataclass
class DedupSummary:
    """What dedup needs of a partition: ids, ranks, hashed keys and MinHash signatures."""

    ids: list[str]
    labels: list[str | None]
    quality: list[float]
    exact: list[str]  # sha256 of label + normalised compared text
    answer: list[str]  # the label, else a sha256 of the normalised output
    sig: np.ndarray
    has: np.ndarray
    input_sig: np.ndarray
    input_has: np.ndarray

    @classmethod
    def concat(cls, parts: list[DedupSummary]) -> DedupSummary:
        import numpy as np

        lists = [[x for p in parts for x in getattr(p, n)] for n in
                 ("ids", "labels", "quality", "exact", "answer")]
        arrays = [np.concatenate([getattr(p, n) for p in parts]) for n in
                  ("sig", "has", "input_sig", "input_has")]
        return cls(*lists, *arrays)


def summarize(config: DedupConfig, records: list[Record]) -> DedupSummary:
    """Map: one partition's summary (no text leaves the partition, only hashes)."""
    settings = config.settings()
    sig, has = signatures([record_text(r, config.fields) for r in records], settings)
    inputs = [r.input for r in records] if config.also_input_only else ["" for _ in records]
    input_sig, input_has = signatures(inputs, settings)
    return DedupSummary(
        [r.id for r in records], [r.label for r in records],
        [float(r.scores.get("quality", 0.0)) for r in records],
        [_digest(f"{r.label}\x00{normalise(record_text(r, config.fields))}") for r in records],
        [f"label\x00{r.label}" if r.label is not None else f"output\x00{_digest(normalise(r.output))}"
         for r in records],
        sig, has, input_sig, input_has,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class DedupDecision:
    """Per record id: a rejection (reason, detail, kept id) and/or the dedup annotation."""

    rejects: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)


class DedupStage(PhasedStage):
    """Whole-set duplicate removal; see the module docstring."""

    name = "dedup"
    Config = DedupConfig
    config: DedupConfig
    uses = ("scores.quality",)
    provides = ("dedup.cluster", "dedup.size", "dedup.input_cluster", "dedup.conflict",
                "dedup.conflict_labels")

    def decide(self, scan: Scan) -> DedupDecision:
        rows = DedupSummary.concat(scan(partial(summarize, self.config)))
        ranked = sorted(range(len(rows.ids)), key=lambda k: (-rows.quality[k], rows.ids[k]))
        decision = DedupDecision()
        exact = self._exact(rows, ranked, decision)
        kept_at = self._near(rows, exact, decision, scan)
        kept = [k for k in ranked if rows.ids[k] not in decision.rejects]
        sizes = Counter(kept_at.values())
        for k in kept:
            if sizes[k] > 1:
                decision.notes[rows.ids[k]] = {"cluster": rows.ids[k], "size": sizes[k]}
        input_groups = self._input_clusters(rows, kept, decision, scan) \
            if self.config.also_input_only else []
        conflicts = [g for g in input_groups if _mark_conflict(rows, g, decision)]
        reasons = Counter(reason for reason, _, _ in decision.rejects.values())
        self.findings = {
            "exact_duplicates": reasons["dedup.exact_duplicate"],
            "near_duplicates": reasons["dedup.near_duplicate"],
            "clusters": sum(1 for n in sizes.values() if n > 1),
            "cluster_sizes": _histogram(n for n in sizes.values() if n > 1),
            "input_clusters": len(input_groups),
            "input_cluster_sizes": _histogram(len(g) for g in input_groups),
            "conflicts": [{"input_cluster": rows.ids[g[0]], "size": len(g)} for g in conflicts],
            "settings": self.config.model_dump(exclude={"enabled"}),
        }
        return decision

    def apply(self, records: list[Record], decision: DedupDecision) -> list[Record]:
        for record in records:
            if record.id in decision.rejects:
                reason, detail, kept_id = decision.rejects[record.id]
                record.reject("dedup", reason, detail, kept_id)
            elif record.id in decision.notes:
                record.annotations["dedup"] = dict(decision.notes[record.id])
        return records

    def _exact(self, rows: DedupSummary, ranked: list[int],
               decision: DedupDecision) -> dict[int, list[int]]:
        """Group by label and normalised text; members after the first duplicate it."""
        groups: dict[str, list[int]] = {}
        for k in ranked:
            groups.setdefault(rows.exact[k], []).append(k)
        for head, *rest in groups.values():
            for k in rest:
                decision.rejects[rows.ids[k]] = (
                    "dedup.exact_duplicate", "jaccard=1.000 (identical normalised text)",
                    rows.ids[head])
        return {group[0]: group for group in groups.values()}

    def _pairs(self, rows: DedupSummary, members: list[int], inputs: bool,
               scan: Scan) -> list[tuple[int, int, float]]:
        """Verified near-duplicate pairs (positions in `members`): LSH over the summaries'
        signatures, then exact Jaccard of the candidates' shingles, fetched by a scan."""
        import numpy as np

        sig, has = (rows.input_sig, rows.input_has) if inputs else (rows.sig, rows.has)
        index = np.asarray(members, dtype=np.int64)
        pairs = likely_pairs(sig[index], has[index], self.config.settings())
        wanted = frozenset(rows.ids[members[k]] for k in np.unique(pairs).tolist())
        sets: dict[str, np.ndarray] = {}
        if wanted:
            for found in scan(partial(shingle_sets, self.config.near_duplicates(), inputs, wanted)):
                sets.update(found)
        return verified(pairs, lambda k: sets[rows.ids[members[k]]], self.config.threshold)

    def _near(self, rows: DedupSummary, exact: dict[int, list[int]], decision: DedupDecision,
              scan: Scan) -> dict[int, int]:
        """Greedy in rank order: a head joins a kept verified neighbour with the same label.

        A near-duplicate with a different label is a conflict, not a duplicate: both
        stay, and the input clusters flag them. Returns position -> kept position.
        """
        heads = list(exact)
        neighbours: dict[int, list[tuple[float, int]]] = {}
        for i, j, jaccard in self._pairs(rows, heads, False, scan):
            neighbours.setdefault(j, []).append((jaccard, i))
        kept_at: dict[int, int] = {}
        for index, head in enumerate(heads):
            kept_options = [
                (-jac, i)
                for jac, i in neighbours.get(index, [])
                if rows.ids[heads[i]] not in decision.rejects
                and rows.labels[heads[i]] == rows.labels[head]
            ]
            if kept_options:
                jaccard, best = min(kept_options)
                target = heads[best]
                detail = f"jaccard={-jaccard:.3f} >= threshold {self.config.threshold}"
                for k in exact[head]:
                    decision.rejects[rows.ids[k]] = (
                        "dedup.near_duplicate", detail, rows.ids[target])
            else:
                target = head
            for k in exact[head]:
                kept_at[k] = target
        return kept_at

    def _input_clusters(self, rows: DedupSummary, kept: list[int], decision: DedupDecision,
                        scan: Scan) -> list[list[int]]:
        """Connected groups of kept records with near-duplicate inputs (size > 1), annotated."""
        parent = list(range(len(kept)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j, _ in self._pairs(rows, kept, True, scan):
            a, b = find(i), find(j)
            parent[max(a, b)] = min(a, b)
        members: dict[int, list[int]] = {}
        for index, k in enumerate(kept):
            members.setdefault(find(index), []).append(k)
        groups = sorted(
            (sorted(g, key=lambda k: rows.ids[k]) for g in members.values() if len(g) > 1),
            key=lambda g: rows.ids[g[0]],
        )
        for group in groups:
            for k in group:
                decision.notes.setdefault(rows.ids[k], {})["input_cluster"] = rows.ids[group[0]]
        return groups


def _mark_conflict(rows: DedupSummary, group: list[int], decision: DedupDecision) -> bool:
    """Flag a same-input group whose answers (labels, else normalised outputs) differ."""
    if len({rows.answer[k] for k in group}) < 2:
        return False
    labels = sorted({label for k in group if (label := rows.labels[k]) is not None})
    for k in group:
        decision.notes[rows.ids[k]].update(conflict=True, conflict_labels=labels)
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
