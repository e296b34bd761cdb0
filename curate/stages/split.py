"""Seeded train/eval split: stratified by label, duplicate clusters kept together, leak-checked.

Records that share a dedup cluster (`annotations["dedup"]["input_cluster"]` or
`["cluster"]`) form one group and land on the same side. Within each task the
groups are ordered by a seeded hash and eval is filled stratum by stratum
(stratum = the group's label), so label shares match on both sides. Then the
dedup leakage check runs: an eval record that is a near-duplicate of a train
record takes its whole group to train (`leak_action: move`) or is rejected
(`split.leak`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Literal

from pydantic import Field

from curate.record import Record
from curate.stages.base import Stage, StageConfig


class SplitConfig(StageConfig):
    """How much goes to eval and what to do with eval records that leak from train."""

    eval_fraction: float = Field(0.1, gt=0, lt=1)
    min_eval: int = Field(100, ge=0, description="per task; capped at half the task")
    leak_action: Literal["move", "reject", "off"] = "move"


def group_key(record: Record) -> str:
    """The key that keeps near-duplicates together: the dedup cluster, else the record id."""
    dedup = record.annotations.get("dedup") or {}
    for name in ("input_cluster", "cluster"):
        if dedup.get(name) is not None:
            return f"{name}:{dedup[name]}"
    return f"id:{record.id}"


def _largest_remainder(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split `total` over strata in proportion to `sizes`, summing exactly to `total`."""
    whole = sum(sizes.values())
    exact = {k: total * n / whole for k, n in sizes.items()}
    quota = {k: int(v) for k, v in exact.items()}
    left = total - sum(quota.values())
    for key in sorted(exact, key=lambda k: (quota[k] - exact[k], k))[:left]:
        quota[key] += 1
    return quota


class SplitStage(Stage):
    """Assigns `record.split` = "train" | "eval"; findings carry the counts and leaks."""

    name = "split"
    Config = SplitConfig
    whole_set = True
    config: SplitConfig

    def process(self, records: list[Record]) -> list[Record]:
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            groups[f"{record.task}\x00{group_key(record)}"].append(record)
        by_task: dict[str, list[str]] = defaultdict(list)
        for key in groups:
            by_task[key.split("\x00", 1)[0]].append(key)
        for task in sorted(by_task):
            self._split_task(sorted(by_task[task], key=self._order), groups)
        leaks = self._check_leaks(records, groups)
        kept = [r for r in records if r.rejected is None]
        self.findings = {
            "train": sum(r.split == "train" for r in kept),
            "eval": sum(r.split == "eval" for r in kept),
            "by_task": {
                task: dict(sorted(Counter(r.split for r in kept if r.task == task).items()))
                for task in sorted(by_task)
            },
            "groups": len(groups),
            "largest_group": max((len(g) for g in groups.values()), default=0),
            "leak_check": self.config.leak_action,
            **leaks,
        }
        return records

    def _order(self, key: str) -> str:
        return hashlib.sha256(f"{self.run.seed}\x00{key}".encode()).hexdigest()

    def _split_task(self, keys: list[str], groups: dict[str, list[Record]]) -> None:
        """Fill eval stratum by stratum (in seeded group order) up to the task's target."""
        size = sum(len(groups[k]) for k in keys)
        target = min(max(round(self.config.eval_fraction * size), self.config.min_eval), size // 2)
        strata: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            labels = Counter(r.label or "" for r in groups[key])
            strata[min(labels, key=lambda lab: (-labels[lab], lab))].append(key)
        quota = _largest_remainder(
            target, {s: sum(len(groups[k]) for k in ks) for s, ks in strata.items()}
        )
        for stratum, members in strata.items():
            taken = 0
            for index, key in enumerate(members):
                side = "eval" if taken < quota[stratum] and index < len(members) - 1 else "train"
                taken += len(groups[key]) if side == "eval" else 0
                for record in groups[key]:
                    record.split = side

    def _check_leaks(
        self, records: list[Record], groups: dict[str, list[Record]]
    ) -> dict[str, int]:
        """Run the dedup leakage check; move or reject eval records too close to train."""
        if self.config.leak_action == "off":
            return {"leaks": 0, "moved": 0, "rejected": 0}
        from curate.stages.dedup import find_leaks

        train = [r for r in records if r.split == "train"]
        evals = [r for r in records if r.split == "eval"]
        leaks = sorted(find_leaks(train, evals, self.run.stage_config("dedup")))
        by_id = {r.id: r for r in evals}
        moved = rejected = 0
        for eval_id, train_id, jaccard in leaks:
            record = by_id[eval_id]
            if record.split != "eval" or record.rejected is not None:
                continue
            if self.config.leak_action == "reject":
                record.reject("split", "split.leak",
                              f"near-duplicate of a train record (jaccard {jaccard:.2f})",
                              kept_id=train_id)
                rejected += 1
                continue
            for mate in groups[f"{record.task}\x00{group_key(record)}"]:
                moved += mate.split == "eval"
                mate.split = "train"
        return {"leaks": len(leaks), "moved": moved, "rejected": rejected}
