"""The split's groups and its eval cut points, found by shuffles, never per record in one place.

A record's node is `task NUL group key` (`split.group_key`). Nodes linked by a shared
thread or reply hash (within a task) form one group, named by its smallest node. The
links are grouped by a shuffle (`stages.base.grouped`), and only links shared by two or
more nodes come back as edges; their union gives `Grouping.names`, an entry per node of
a multi-node group (none for a node that is its own group).

The seeded fill (a stratum's groups in sha256 order, eval while taken < quota, the last
group always train) is a prefix-sum threshold on that order: eval are the groups whose
hash is at most that of the group where the running size reaches the quota, except the
stratum's last. So each stratum's decision is one `Cut`, found from per-stratum
histograms over hash prefixes (`digest`, a shuffle by group whose reduce aggregates),
refined only in the bucket that holds the boundary until it holds at most `FETCH`
groups, whose (hash, size) are then fetched.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from curate.record import Record
from curate.replies import reply_hashes
from curate.stages.base import Scan, grouped
from curate.stages.components import Components

FETCH = 4096
"""Groups whose (hash, size) a stratum's boundary bucket may send at most; a fuller bucket
is refined by two more hex digits first."""
Stratum = tuple[str, str]
"""(task, label): the groups of a task whose most common label is that label."""


def bucket(text: str) -> int:
    """A shuffle key for `text`, the same in every process."""
    return zlib.crc32(text.encode())


@dataclass(frozen=True)
class Grouping:
    """How a record finds its group and the group its seeded place."""

    seed: int
    names: dict[str, str] = field(default_factory=dict)

    def group(self, node: str) -> str:
        return self.names.get(node, node)

    def order(self, group: str) -> str:
        return hashlib.sha256(f"{self.seed}\x00{group}".encode()).hexdigest()


def group_key(record: Record) -> str:
    """The key that keeps near-duplicates together: the dedup cluster, else the record id."""
    dedup = record.annotations.get("dedup") or {}
    for name in ("input_cluster", "cluster"):
        if dedup.get(name) is not None:
            return f"{name}:{dedup[name]}"
    return f"id:{record.id}"


def node(record: Record) -> str:
    return f"{record.task}\x00{group_key(record)}"


def thread(record: Record) -> str | None:
    found = record.meta.get("thread")
    return str(found) if found not in (None, "") else None


def links(record: Record) -> list[str]:
    """What ties a record to others besides its group key: its thread and reply hashes."""
    found = thread(record)
    return ([f"thread:{found}"] if found is not None else []) + \
        [f"reply:{h}" for h in reply_hashes(record)]


def link_rows(records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (task NUL link, node)) for every thread and reply link of each record."""
    out = []
    for record in records:
        here = node(record)
        for link in links(record):
            full = f"{record.task}\x00{link}"
            out.append((bucket(full), (full, here)))
    return out


def link_edges(rows: list[tuple[int, Any]]) -> list[tuple[str, ...]]:
    """Reduce: the nodes of each link that two or more nodes share."""
    nodes: dict[str, set[str]] = defaultdict(set)
    for _, (link, node) in rows:
        nodes[link].add(node)
    return [tuple(sorted(found)) for found in nodes.values() if len(found) > 1]


def names(edges: list[tuple[str, ...]]) -> dict[str, str]:
    """Each node of a multi-node group -> the group's name (its smallest node), leaving out
    the node that is the name."""
    components: Components[str] = Components()
    for nodes in edges:
        for other in nodes[1:]:
            components.join(nodes[0], other)
    return {node: name for node in components.members()
            if (name := components.root(node)) != node}


class Group(NamedTuple):
    """One group's place in the fill."""

    task: str
    stratum: str
    size: int
    order: str


def member_rows(grouping: Grouping, records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (group, label)) per record."""
    out = []
    for record in records:
        group = grouping.group(node(record))
        out.append((bucket(group), (group, record.label or "")))
    return out


def _groups(grouping: Grouping, rows: list[tuple[int, Any]]) -> dict[str, Group]:
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for _, (group, label) in rows:
        labels[group][label] += 1
    return {group: Group(group.split("\x00", 1)[0], min(found, key=lambda lab: (-found[lab], lab)),
                         sum(found.values()), grouping.order(group))
            for group, found in labels.items()}


def _add_to_bar(bars: dict[str, list[int]], prefix: str, groups: int, records: int) -> None:
    """Count `groups` groups of `records` records in the histogram bar of `prefix`."""
    bar = bars.setdefault(prefix, [0, 0])
    bar[0] += groups
    bar[1] += records


@dataclass
class Digest:
    """Aggregates of groups: per stratum its records, groups, largest group, last hash and
    a histogram {hash prefix: [groups, records]}; the (hash, size) of fetched groups; and
    the stratum and size of every group of two or more records."""

    records: Counter[Stratum] = field(default_factory=Counter)
    groups: Counter[Stratum] = field(default_factory=Counter)
    largest: int = 0
    last: dict[Stratum, str] = field(default_factory=dict)
    histogram: dict[Stratum, dict[str, list[int]]] = field(default_factory=dict)
    fetched: dict[Stratum, list[tuple[str, int]]] = field(default_factory=dict)
    multi: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, other: Digest) -> Digest:
        self.records.update(other.records)
        self.groups.update(other.groups)
        self.largest = max(self.largest, other.largest)
        for stratum, order in other.last.items():
            self.last[stratum] = max(order, self.last.get(stratum, order))
        for stratum, bars in other.histogram.items():
            mine = self.histogram.setdefault(stratum, {})
            for prefix, (count, size) in bars.items():
                _add_to_bar(mine, prefix, count, size)
        for stratum, found in other.fetched.items():
            self.fetched.setdefault(stratum, []).extend(found)
        self.multi.update(other.multi)
        return self


def digest(grouping: Grouping, wanted: dict[Stratum, tuple[str, bool]] | None,
           rows: list[tuple[int, Any]]) -> list[Digest]:
    """Reduce: the Digest of the groups in `rows`. Without `wanted`: totals, multi-record
    groups and each stratum's histogram over two hex digits. With it, per stratum
    (prefix, fetch): only groups whose hash starts with prefix, fetched or as a histogram
    over the next two hex digits."""
    out = Digest()
    for group, found in _groups(grouping, rows).items():
        stratum = (found.task, found.stratum)
        if wanted is None:
            out.records[stratum] += found.size
            out.groups[stratum] += 1
            out.largest = max(out.largest, found.size)
            out.last[stratum] = max(found.order, out.last.get(stratum, found.order))
            if found.size > 1:
                out.multi[group] = (found.stratum, found.size)
            prefix, fetch = "", False
        elif stratum in wanted and found.order.startswith(wanted[stratum][0]):
            prefix, fetch = wanted[stratum]
        else:
            continue
        if fetch:
            out.fetched.setdefault(stratum, []).append((found.order, found.size))
        else:
            _add_to_bar(out.histogram.setdefault(stratum, {}), found.order[:len(prefix) + 2], 1,
                        found.size)
    return [out]


class Cut(NamedTuple):
    """A stratum's eval side: groups ordered at most `through` (None: none), but not `last`."""

    through: str | None
    last: str

    def holds(self, order: str) -> bool:
        """Whether the group of seeded hash `order` goes to eval."""
        return self.through is not None and order <= self.through and order != self.last


def _boundary(bars: dict[str, list[int]], base: int, quota: int) -> tuple[str, int, int]:
    """The histogram bucket where the running size reaches `quota`: its prefix, the size
    before it and its groups."""
    for prefix in sorted(bars):
        count, size = bars[prefix]
        if base + size >= quota:
            return prefix, base, count
        base += size
    raise ValueError("a stratum's quota exceeds its records")


def cuts(grouping: Grouping, scan: Scan, totals: Digest,
         quotas: dict[Stratum, int]) -> dict[Stratum, Cut]:
    """Each stratum's Cut for its quota, refining the boundary bucket by further shuffles."""
    emit = partial(member_rows, grouping)
    found = {s: Cut(None, totals.last[s]) for s, quota in quotas.items() if quota == 0}
    pending = {s: ("", 0, totals.histogram[s]) for s, quota in quotas.items() if quota > 0}
    while pending:
        wanted, bases = {}, {}
        for stratum, (_, base, bars) in pending.items():
            prefix, bases[stratum], count = _boundary(bars, base, quotas[stratum])
            wanted[stratum] = (prefix, count <= FETCH)
        round_ = Digest()
        for part in grouped(scan, emit, partial(digest, grouping, wanted)):
            round_.add(part)
        pending = {}
        for stratum, (prefix, fetch) in wanted.items():
            if not fetch:
                pending[stratum] = (prefix, bases[stratum], round_.histogram[stratum])
                continue
            taken = bases[stratum]
            for order, size in sorted(round_.fetched[stratum]):
                taken += size
                if taken >= quotas[stratum]:
                    found[stratum] = Cut(order, totals.last[stratum])
                    break
    return found
