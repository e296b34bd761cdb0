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

It runs as distributed passes (a `PhasedStage`) and holds nothing per record or per group
on the client: groups form by rounds of shuffles of thread and reply links
(`stages.split_groups`; on a cluster, on the workers) into tables on disk that map each
node of a multi-node group to the group's name (`stages.key_tables`); group sizes and
strata are aggregated by a shuffle into per-stratum histograms over the groups' seeded
hashes (and a table of the stratum and size of each group of two or more records), and
each stratum's eval side is one cut point on that order (`split_groups.Cut`), refined only
in the boundary bucket. The leak check groups MinHash signatures by LSH band bucket with
a shuffle (`stages.band_buckets`), so only eval/train candidate pairs come back, and
verifies them by a shuffle by pair, so only the verified pairs do; the final counts and
threads/conversations across the sides are one more scan and shuffle. The decision (the
stems of the tables, a cut per stratum, moved groups, leak rejections) is applied by each
partition, which looks its records' groups up in the tables. The tables are written to the
scan's folder (the run's work folder, under `shared/`, removed when the run completes) or,
for a scan without one, to a temporary folder that lives as long as the decision. No
record text reaches the client.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, NamedTuple

from pydantic import Field

from curate.record import Record
from curate.stages.band_buckets import Row, near_pairs
from curate.stages.base import PhasedStage, Scan, StageConfig, grouped
from curate.stages.key_tables import look_up, tables_folder
from curate.stages.near_duplicates import NearDuplicates
from curate.stages.split_groups import (
    Cut,
    Digest,
    Grouping,
    Stratum,
    bucket,
    cuts,
    digest,
    group_key,
    group_names,
    links,
    member_rows,
    node,
)

__all__ = ["SplitConfig", "SplitDecision", "SplitStage", "across", "group_key"]


class SplitConfig(StageConfig):
    """How much goes to eval and what to do with eval records that leak from train."""

    eval_fraction: float = Field(0.1, gt=0, lt=1)
    min_eval: int = Field(100, ge=0, description="per task; capped at half the task")
    leak_action: Literal["move", "reject", "off"] = "move"


def _largest_remainder(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split `total` over strata in proportion to `sizes`, summing exactly to `total`."""
    whole = sum(sizes.values())
    exact = {k: total * n / whole for k, n in sizes.items()}
    quota = {k: int(v) for k, v in exact.items()}
    left = total - sum(quota.values())
    for key in sorted(exact, key=lambda k: (quota[k] - exact[k], k))[:left]:
        quota[key] += 1
    return quota


class Place(NamedTuple):
    """A record's group, its size and the record's side."""

    group: str
    size: int
    side: str


@dataclass
class Sides:
    """A record's side, found from its group alone: the grouping, the tables of the stratum
    and size of every group of two or more records (`multi`), a cut per stratum, and the
    groups the leak check moved to train."""

    grouping: Grouping
    multi: list[str]
    cuts: dict[Stratum, Cut]
    moved: set[str] = field(default_factory=set)

    def places(self, records: list[Record]) -> list[Place]:
        """Each record's place, its group looked up in the tables (one lookup per partition)."""
        groups = self.grouping.groups([node(record) for record in records])
        out = []
        for record, group, entry in zip(records, groups, look_up(self.multi, groups), strict=True):
            stratum, size = entry or (record.label or "", 1)
            eval_side = group not in self.moved and \
                self.cuts[(record.task, stratum)].holds(self.grouping.order(group))
            out.append(Place(group, size, "eval" if eval_side else "train"))
        return out


@dataclass
class SplitDecision:
    """The sides, and the leak rejections per eval id (detail, train id); `folder` keeps a
    temporary folder of the tables alive as long as the decision (None: the scan's folder)."""

    sides: Sides
    rejects: dict[str, tuple[str, str]] = field(default_factory=dict)
    folder: tempfile.TemporaryDirectory[str] | None = None

    def kept_sides(self, records: list[Record]) -> list[str | None]:
        """Each kept record's side; None for one the leak check rejects."""
        return [None if record.id in self.rejects else place.side
                for record, place in zip(records, self.sides.places(records), strict=True)]


def side_counts(decision: SplitDecision, records: list[Record]) -> list[tuple[int, Counter[tuple[str, str]]]]:
    """Map: kept records per (task, side), as one row under key 0 (see `summed`)."""
    return [(0, Counter((r.task, side) for r, side in zip(records, decision.kept_sides(records),
                                                           strict=True) if side is not None))]


def summed(rows: list[tuple[int, Counter[tuple[str, str]]]]) -> list[Counter[tuple[str, str]]]:
    """Reduce: the partitions' counts added up where they are (on a worker), so one Counter
    comes back, not one per partition."""
    return [sum((counts for _, counts in rows), Counter())] if rows else []


def across(scan: Scan, side: Callable[[list[Record]], list[str | None]]) -> dict[str, int]:
    """Checked afresh on the final sides (`side`: each record's, None for a rejected record), by a shuffle
    on threads and reply hashes: threads with kept records on both sides, and eval records
    whose conversation shares a reply (up to it) with a train record."""
    found = grouped(scan, partial(_across_rows, side), _across)
    return {"threads_across": sum(threads for threads, _ in found),
            "conversations_across": len({rid for _, shared in found for rid in shared})}


def _across_rows(side: Callable[[list[Record]], list[str | None]],
                 records: list[Record]) -> list[tuple[int, Any]]:
    return [(bucket(link), (link, here, record.id))
            for record, here in zip(records, side(records), strict=True)
            if here is not None for link in links(record)]


def _across(rows: list[tuple[int, Any]]) -> list[tuple[int, list[str]]]:
    """Reduce: threads on both sides; eval ids sharing a reply with a train record."""
    sides: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for _, (link, side, rid) in rows:
        sides[link].setdefault(side, []).append(rid)
    threads = sum(len(found) > 1 for link, found in sides.items() if link.startswith("thread:"))
    shared = [rid for link, found in sides.items() if link.startswith("reply:") and "train" in found
              for rid in found.get("eval", [])]
    return [(threads, shared)]


class SplitStage(PhasedStage):
    """Assigns `record.split` = "train" | "eval"; findings carry the counts and leaks.

    Distributed passes: rounds of shuffles of links and nodes (into tables on disk), of
    group members (into histograms) and of LSH band rows and candidate pairs; a scan for
    the final counts. The client keeps aggregates, the tables' names and the leak pairs,
    nothing per record or per group.
    """

    name = "split"
    Config = SplitConfig
    config: SplitConfig
    uses = ("dedup.cluster", "dedup.input_cluster")

    def decide(self, scan: Scan) -> SplitDecision:
        near = None if self.config.leak_action == "off" else self.context.near_duplicates
        folder, temporary = tables_folder(scan, "split")
        grouping = group_names(self.context.seed, folder, scan)
        totals = Digest()
        for part in grouped(scan, partial(member_rows, grouping),
                            partial(digest, grouping, None, folder=folder)):
            totals.add(part)
        quotas, warnings = self._quotas(totals)
        decision = SplitDecision(Sides(grouping, totals.multi, cuts(grouping, scan, totals, quotas)),
                                 folder=temporary)
        leaks = self._check_leaks(decision, near, scan)
        counts: Counter[tuple[str, str]] = Counter()
        for part in grouped(scan, partial(side_counts, decision), summed):
            counts.update(part)
        self.findings = {
            "train": sum(n for (_, side), n in counts.items() if side == "train"),
            "eval": sum(n for (_, side), n in counts.items() if side == "eval"),
            "by_task": {task: dict(sorted((side, n) for (t, side), n in counts.items() if t == task))
                        for task in sorted({task for task, _ in totals.records})},
            "groups": sum(totals.groups.values()),
            "largest_group": totals.largest,
            "leak_check": self.config.leak_action,
            **leaks,
            **across(scan, partial(SplitDecision.kept_sides, decision)),
            **({"warnings": warnings} if warnings else {}),
        }
        return decision

    def apply(self, records: list[Record], decision: SplitDecision) -> list[Record]:
        for record, place in zip(records, decision.sides.places(records), strict=True):
            record.split = place.side
            if record.id in decision.rejects:
                detail, train_id = decision.rejects[record.id]
                record.reject("split", "split.leak", detail, kept_id=train_id)
        return records

    def _quotas(self, totals: Digest) -> tuple[dict[Stratum, int], list[str]]:
        """Each stratum's eval records: the task's target (eval_fraction, at least min_eval,
        at most half) over its strata in proportion; a warning per task split about half."""
        by_task: dict[str, dict[str, int]] = defaultdict(dict)
        for (task, stratum), n in totals.records.items():
            by_task[task][stratum] = n
        quotas, warnings = {}, []
        for task in sorted(by_task):
            size = sum(by_task[task].values())
            target = min(max(round(self.config.eval_fraction * size), self.config.min_eval),
                         size // 2)
            for stratum, quota in _largest_remainder(target, by_task[task]).items():
                quotas[(task, stratum)] = quota
            warning = self._small_task(size, target)
            warnings += [f"task '{task}': {warning}"] if warning else []
        return quotas, warnings

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

    def _check_leaks(self, decision: SplitDecision, near: NearDuplicates | None,
                     scan: Scan) -> dict[str, int]:
        """The leakage check; move (its whole group) or reject eval records too close to train."""
        if near is None:
            return {"leaks": 0, "moved": 0, "rejected": 0}
        sides, leaks = decision.sides, _leaks(decision.sides, near, scan)
        moved = rejected = 0
        for (_, rid, group, size), train_id, jaccard in leaks:
            if group in sides.moved or rid in decision.rejects:
                continue
            if self.config.leak_action == "reject":
                decision.rejects[rid] = (
                    f"near-duplicate of a train record (jaccard {jaccard:.2f})", train_id)
                rejected += 1
                continue
            sides.moved.add(group)
            moved += size
        return {"leaks": len(leaks), "moved": moved, "rejected": rejected}


def _leaks(sides: Sides, near: NearDuplicates, scan: Scan) -> list[tuple[Row, str, float]]:
    """(eval row, train id, jaccard), sorted by eval id, train id: LSH candidates across
    the sides (grouped by band bucket, evals before trains in a bucket, each side by id),
    verified by exact Jaccard on the workers (`near_pairs`)."""
    pairs = near_pairs(near, False, [], partial(_side_rows, sides), scan, _crosses)
    return sorted(((first, second[1], jaccard) for first, second, jaccard in pairs),
                  key=lambda leak: (leak[0][1], leak[1], leak[2]))


def _crosses(first: Row, second: Row) -> bool:
    """An eval record's candidate pair with a train record."""
    return first[0] == 0 and second[0] == 1


def _side_rows(sides: Sides, records: list[Record]) -> list[Row]:
    """Eval before train, then by id; the record's group and its size last."""
    return [(0 if place.side == "eval" else 1, record.id, place.group, place.size)
            for record, place in zip(records, sides.places(records), strict=True)]
