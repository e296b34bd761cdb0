"""Exact and near-duplicate removal, same-input groups, conflicting answers, leak checks.

Records are ranked by quality (`scores.quality`, highest first, ties by id).
Exact duplicates (identical normalised text) collapse onto their best member;
the survivors are compared with MinHash + LSH, candidates verified by exact
shingle Jaccard. In rank order a record whose verified neighbour with the same
label is already kept is rejected, naming that kept record, so every cluster keeps its
highest-quality member. Kept records whose INPUTS are near-duplicates form
input clusters (the split keeps them on one side); differing answers within
one are conflicts, passed on to the label stage as evidence.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from typing import Literal

from pydantic import Field, model_validator

from curate.minhash import MinHashSettings, similar_pairs
from curate.record import Record
from curate.stages.base import Stage, StageConfig

FieldName = Literal["instruction", "input", "output", "label"]


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


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the key of exact duplicates."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def record_text(record: Record, fields: list[FieldName]) -> str:
    """The compared text: the chosen fields, each introduced by its name."""
    return "\n".join(f"{name}: {getattr(record, name) or ''}" for name in fields)


def _rank(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (-float(r.scores.get("quality", 0.0)), r.id))


class DedupStage(Stage):
    """Whole-set duplicate removal; see the module docstring."""

    name = "dedup"
    Config = DedupConfig
    whole_set = True
    config: DedupConfig

    def process(self, records: list[Record]) -> list[Record]:
        ranked = _rank(records)
        exact = self._reject_exact(ranked)
        kept_at = self._reject_near(exact)
        kept = [r for r in ranked if r.rejected is None]
        sizes = Counter(kept_at.values())
        for record in kept:
            if sizes[record.id] > 1:
                record.annotations["dedup"] = {"cluster": record.id, "size": sizes[record.id]}
        input_groups = self._input_clusters(kept) if self.config.also_input_only else []
        conflicts = [group for group in input_groups if _mark_conflict(group)]
        self.findings = {
            "exact_duplicates": sum(1 for r in records if _reason(r) == "dedup.exact_duplicate"),
            "near_duplicates": sum(1 for r in records if _reason(r) == "dedup.near_duplicate"),
            "clusters": sum(1 for n in sizes.values() if n > 1),
            "cluster_sizes": _histogram(n for n in sizes.values() if n > 1),
            "input_clusters": len(input_groups),
            "input_cluster_sizes": _histogram(len(g) for g in input_groups),
            "conflicts": [
                {"input_cluster": g[0].annotations["dedup"]["input_cluster"], "size": len(g)}
                for g in conflicts
            ],
            "settings": self.config.model_dump(exclude={"enabled"}),
        }
        return records

    def _reject_exact(self, ranked: list[Record]) -> dict[str, list[Record]]:
        """Group by label and normalised text; members after the first duplicate it."""
        groups: dict[str, list[Record]] = {}
        for record in ranked:
            text = normalise(record_text(record, self.config.fields))
            key = hashlib.sha256(f"{record.label}\x00{text}".encode()).hexdigest()
            groups.setdefault(key, []).append(record)
        for head, *rest in groups.values():
            for record in rest:
                record.reject(
                    "dedup",
                    "dedup.exact_duplicate",
                    "jaccard=1.000 (identical normalised text)",
                    head.id,
                )
        return {group[0].id: group for group in groups.values()}

    def _reject_near(self, exact: dict[str, list[Record]]) -> dict[str, str]:
        """Greedy in rank order: a head joins a kept verified neighbour with the same label.

        A near-duplicate with a different label is a conflict, not a duplicate: both
        stay, and the input clusters flag them. Returns record id -> kept id.
        """
        heads = [group[0] for group in exact.values()]
        pairs = similar_pairs(
            [record_text(r, self.config.fields) for r in heads], self.config.settings()
        )
        neighbours: dict[int, list[tuple[float, int]]] = {}
        for i, j, jaccard in pairs:
            neighbours.setdefault(j, []).append((jaccard, i))
        kept_at: dict[str, str] = {}
        for index, head in enumerate(heads):
            kept_options = [
                (-jac, i)
                for jac, i in neighbours.get(index, [])
                if heads[i].rejected is None and heads[i].label == head.label
            ]
            if kept_options:
                jaccard, best = min(kept_options)
                target = heads[best]
                detail = f"jaccard={-jaccard:.3f} >= threshold {self.config.threshold}"
                for record in exact[head.id]:
                    record.reject("dedup", "dedup.near_duplicate", detail, target.id)
            else:
                target = head
            for record in exact[head.id]:
                kept_at[record.id] = target.id
        return kept_at

    def _input_clusters(self, kept: list[Record]) -> list[list[Record]]:
        """Connected groups of kept records with near-duplicate inputs (size > 1), annotated."""
        settings = self.config.settings()
        pairs = similar_pairs([r.input for r in kept], settings)
        parent = list(range(len(kept)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j, _ in pairs:
            a, b = find(i), find(j)
            parent[max(a, b)] = min(a, b)
        members: dict[int, list[Record]] = {}
        for index, record in enumerate(kept):
            members.setdefault(find(index), []).append(record)
        groups = sorted(
            (sorted(g, key=lambda r: r.id) for g in members.values() if len(g) > 1),
            key=lambda g: g[0].id,
        )
        for group in groups:
            for record in group:
                record.annotations.setdefault("dedup", {})["input_cluster"] = group[0].id
        return groups


def _mark_conflict(group: list[Record]) -> bool:
    """Flag a same-input group whose answers (labels, else normalised outputs) differ."""
    answers = {r.label if r.label is not None else normalise(r.output) for r in group}
    if len(answers) < 2:
        return False
    labels = sorted({r.label for r in group if r.label is not None})
    for record in group:
        record.annotations["dedup"].update(conflict=True, conflict_labels=labels)
    return True


def _reason(record: Record) -> str | None:
    return record.rejected.reason if record.rejected else None


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
