"""Seeded train/eval split: stratified by label, conversations and duplicates kept together.

Records form one group, and land on the same side, when they share a dedup
cluster (`annotations["dedup"]["input_cluster"]` or `["cluster"]`), a thread
(`meta["thread"]`, set by the e-mail ingestor) or a conversation up to an
assistant reply (`curate.replies`: a shorter pair contained in a longer one,
two branches of one thread). Without dedup (or before it), groups form by
threads and conversations only. Within each task the groups are ordered by a
seeded hash and eval is filled stratum by stratum (stratum = the group's
label), so label shares match on both sides. Then the leakage check runs,
with the run's definition of a near-duplicate (`StageContext.near_duplicates`,
the same as dedup's, whether or not dedup is enabled): an eval record that is
a near-duplicate of a train record takes its
whole group to train (`leak_action: move`) or is rejected (`split.leak`).
Last, the final sides are checked afresh for threads and conversations on both
sides (`threads_across`, `conversations_across`; the gate wants both 0).

It runs as distributed passes (a `PhasedStage`): each partition sends ids,
tasks, labels, group keys, threads and reply hashes; the client splits; the leak
check groups MinHash signatures by LSH band bucket with a shuffle
(`stages.band_buckets`; on a cluster, on the workers), so only eval/train candidate
pairs come back, and a scan fetches the candidates' signatures and shingle hashes
for verification. No record text reaches the client.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from pydantic import Field

from curate.record import Record
from curate.stages.band_buckets import Row, band_rows, bucket_pairs, verified_pairs
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.near_duplicates import NearDuplicates


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


@dataclass
class SplitSummary:
    """What the split needs of a partition: per record id, task, label, group key, thread
    and reply hashes."""

    ids: list[str]
    tasks: list[str]
    labels: list[str | None]
    keys: list[str]
    threads: list[str | None]
    replies: list[list[str]]

    @classmethod
    def concat(cls, parts: list[SplitSummary]) -> SplitSummary:
        return cls(*([x for p in parts for x in getattr(p, n)] for n in
                     ("ids", "tasks", "labels", "keys", "threads", "replies")))

    def links(self, k: int) -> list[str]:
        """Every key that ties record `k` to others of its group."""
        thread = self.threads[k]
        return ([self.keys[k]] + ([f"thread:{thread}"] if thread is not None else [])
                + [f"reply:{h}" for h in self.replies[k]])


def summarize(records: list[Record]) -> SplitSummary:
    """Pass 1: no text leaves the partition, only keys and hashes."""
    from curate.replies import reply_hashes

    return SplitSummary([r.id for r in records], [r.task for r in records],
                        [r.label for r in records], [group_key(r) for r in records],
                        [_thread(r) for r in records], [reply_hashes(r) for r in records])


def _thread(record: Record) -> str | None:
    thread = record.meta.get("thread")
    return str(thread) if thread not in (None, "") else None


def _groups(rows: SplitSummary) -> tuple[dict[str, list[int]], list[str]]:
    """Union of records linked by any shared key, per task: group name -> positions, and
    each position's group name (`task NUL smallest member key`, independent of order)."""
    parent = list(range(len(rows.ids)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[str, int] = {}
    for k, task in enumerate(rows.tasks):
        for link in rows.links(k):
            other = first.setdefault(f"{task}\x00{link}", k)
            a, b = root(k), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    name: dict[int, str] = {}
    for k in range(len(rows.ids)):
        r = root(k)
        name[r] = min(name.get(r, rows.keys[k]), rows.keys[k])
    group_of = [f"{rows.tasks[k]}\x00{name[root(k)]}" for k in range(len(rows.ids))]
    groups: dict[str, list[int]] = defaultdict(list)
    for k, group in enumerate(group_of):
        groups[group].append(k)
    return groups, group_of


def across(rows: SplitSummary, sides: dict[str, str], kept: list[int]) -> dict[str, int]:
    """Checked afresh on the final sides: threads with kept records on both sides, and
    eval records whose conversation shares a reply (up to it) with a train record."""
    threads: dict[str, set[str]] = defaultdict(set)
    train_replies: set[str] = set()
    for k in kept:
        if rows.threads[k] is not None:
            threads[rows.threads[k]].add(sides[rows.ids[k]])
        if sides[rows.ids[k]] == "train":
            train_replies.update(rows.replies[k])
    shared = sum(sides[rows.ids[k]] == "eval" and not train_replies.isdisjoint(rows.replies[k])
                 for k in kept)
    return {"threads_across": sum(len(s) > 1 for s in threads.values()),
            "conversations_across": shared}


@dataclass
class SplitDecision:
    """Per record id: its side, and the leak rejections (detail, train id)."""

    sides: dict[str, str] = field(default_factory=dict)
    rejects: dict[str, tuple[str, str]] = field(default_factory=dict)


class SplitStage(PhasedStage):
    """Assigns `record.split` = "train" | "eval"; findings carry the counts and leaks.

    Distributed passes: ids, tasks, labels, group keys, threads, reply hashes and
    MinHash signatures; the shingle hashes of the leak check's LSH candidates. The
    client decides.
    """

    name = "split"
    Config = SplitConfig
    config: SplitConfig
    uses = ("dedup.cluster", "dedup.input_cluster")

    def decide(self, scan: Scan) -> SplitDecision:
        near = None if self.config.leak_action == "off" else self.context.near_duplicates
        rows = SplitSummary.concat(scan(summarize))
        groups, group_of = _groups(rows)
        by_task: dict[str, list[str]] = defaultdict(list)
        for key in groups:
            by_task[key.split("\x00", 1)[0]].append(key)
        decision, warnings = SplitDecision(), []
        for task in sorted(by_task):
            warning = self._split_task(sorted(by_task[task], key=self._order), groups, rows,
                                       decision)
            warnings += [f"task '{task}': {warning}"] if warning else []
        leaks = self._check_leaks(rows, groups, group_of, decision, near, scan)
        kept = [k for k in range(len(rows.ids)) if rows.ids[k] not in decision.rejects]
        side = decision.sides
        self.findings = {
            "train": sum(side[rows.ids[k]] == "train" for k in kept),
            "eval": sum(side[rows.ids[k]] == "eval" for k in kept),
            "by_task": {
                task: dict(sorted(Counter(side[rows.ids[k]] for k in kept
                                          if rows.tasks[k] == task).items()))
                for task in sorted(by_task)
            },
            "groups": len(groups),
            "largest_group": max((len(g) for g in groups.values()), default=0),
            "leak_check": self.config.leak_action,
            **leaks,
            **across(rows, side, kept),
            **({"warnings": warnings} if warnings else {}),
        }
        return decision

    def apply(self, records: list[Record], decision: SplitDecision) -> list[Record]:
        for record in records:
            record.split = decision.sides[record.id]
            if record.id in decision.rejects:
                detail, train_id = decision.rejects[record.id]
                record.reject("split", "split.leak", detail, kept_id=train_id)
        return records

    def _order(self, key: str) -> str:
        return hashlib.sha256(f"{self.context.seed}\x00{key}".encode()).hexdigest()

    def _split_task(self, keys: list[str], groups: dict[str, list[int]], rows: SplitSummary,
                    decision: SplitDecision) -> str | None:
        """Fill eval stratum by stratum (in seeded group order) up to the task's target;
        return a warning when the task is so small that about half of it goes to eval."""
        size = sum(len(groups[k]) for k in keys)
        target = min(max(round(self.config.eval_fraction * size), self.config.min_eval), size // 2)
        strata: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            labels = Counter(rows.labels[k] or "" for k in groups[key])
            strata[min(labels, key=lambda lab: (-labels[lab], lab))].append(key)
        quota = _largest_remainder(
            target, {s: sum(len(groups[k]) for k in ks) for s, ks in strata.items()}
        )
        for stratum, members in strata.items():
            taken = 0
            for index, key in enumerate(members):
                side = "eval" if taken < quota[stratum] and index < len(members) - 1 else "train"
                taken += len(groups[key]) if side == "eval" else 0
                for k in groups[key]:
                    decision.sides[rows.ids[k]] = side
        return self._small_task(size, target)

    def _small_task(self, size: int, target: int) -> str | None:
        """Why a task's eval side is about half of it, and what the split needs, or None."""
        cfg = self.config
        if target < size // 2 or target <= round(cfg.eval_fraction * size):
            return None
        needed = math.ceil(cfg.min_eval / cfg.eval_fraction)
        return (f"{size} records split about 50/50 ({size - target} train, {target} eval): "
                f"stages.split.min_eval {cfg.min_eval} is capped at half the task; "
                f"eval_fraction {cfg.eval_fraction} gives {cfg.min_eval} eval from {needed} "
                "records, or lower stages.split.min_eval")

    def _check_leaks(self, rows: SplitSummary, groups: dict[str, list[int]], group_of: list[str],
                     decision: SplitDecision, near: NearDuplicates | None,
                     scan: Scan) -> dict[str, int]:
        """The leakage check; move or reject eval records too close to train."""
        if near is None:
            return {"leaks": 0, "moved": 0, "rejected": 0}
        leaks = _leaks(rows, decision.sides, near, scan)
        moved = rejected = 0
        for k, train_id, jaccard in leaks:
            rid = rows.ids[k]
            if decision.sides[rid] != "eval" or rid in decision.rejects:
                continue
            if self.config.leak_action == "reject":
                decision.rejects[rid] = (
                    f"near-duplicate of a train record (jaccard {jaccard:.2f})", train_id)
                rejected += 1
                continue
            for mate in groups[group_of[k]]:
                moved += decision.sides[rows.ids[mate]] == "eval"
                decision.sides[rows.ids[mate]] = "train"
        return {"leaks": len(leaks), "moved": moved, "rejected": rejected}


def _leaks(rows: SplitSummary, sides: dict[str, str], near: NearDuplicates,
           scan: Scan) -> list[tuple[int, str, float]]:
    """(eval position, train id, jaccard), sorted by eval id, train id: LSH candidates across
    the sides (grouped by band bucket, evals before trains in a bucket, each side by id),
    verified by exact Jaccard of the candidates' shingles fetched by a scan."""
    emit = partial(band_rows, near, False, frozenset(), partial(_side_row, sides))
    pairs = [(first, second) for first, second in grouped(scan, emit, bucket_pairs)
             if first[0] == 0 and second[0] == 1]
    position = {rid: k for k, rid in enumerate(rows.ids)}
    return sorted(((position[first[1]], second[1], jaccard)
                   for first, second, jaccard in verified_pairs(near, False, pairs, scan)),
                  key=lambda leak: (rows.ids[leak[0]], leak[1], leak[2]))


def _side_row(sides: dict[str, str], record: Record) -> Row:
    """Eval before train, then by id."""
    return (0 if sides[record.id] == "eval" else 1, record.id)
