"""The split's groups and its eval cut points, found by shuffles, never per record in one place.

A record's node is `task NUL group key` (`split.group_key`). Nodes linked by a shared
thread or reply hash (within a task) form one group, named by its smallest node. The groups
form on the workers, by rounds of two shuffles (`stages.base.grouped`) until stable
(`group_names`): the links' rows, each with its node's group so far, grouped by link, where
a union-find over each bucket's links joins the groups they tie; then, grouped by node, each
node takes the smallest group its links reached. The node -> group names live in tables on
disk (`stages.key_tables`, an entry per node of a multi-node group), as do the stratum and
size of each group of two or more records; the client holds only the tables' stems.

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
from curate.stages.key_tables import look_up, write

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
    """How a record finds its group (`names`: the stems of the node -> group tables) and
    the group its seeded place."""

    seed: int
    names: list[str] = field(default_factory=list)

    def groups(self, nodes: list[str]) -> list[str]:
        """The group of each node (a node in no table is its own group)."""
        found = look_up(self.names, nodes)
        return [entry[0] if entry else here for here, entry in zip(nodes, found, strict=True)]

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


def _task_links(record: Record) -> list[str]:
    return [f"{record.task}\x00{link}" for link in links(record)]


def link_rows(grouping: Grouping, records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (task NUL link, node, its group so far)) for every thread and reply link
    of each record."""
    nodes = [node(record) for record in records]
    return [(bucket(link), (link, here, group))
            for record, here, group in zip(records, nodes, grouping.groups(nodes), strict=True)
            for link in _task_links(record)]


def link_groups(folder: str, rows: list[tuple[int, Any]]) -> list[tuple[str | None, bool]]:
    """Reduce: the groups that the links of two or more nodes tie, joined by a union-find
    over this bucket's links; whether any link tied two groups, and if so a table (stem) of
    each link whose nodes' groups are not all its joined group's smallest name -> that name."""
    nodes: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, set[str]] = defaultdict(set)
    for _, (link, here, group) in rows:
        nodes[link].add(here)
        groups[link].add(group)
    shared = [link for link, found in nodes.items() if len(found) > 1]
    joined: Components[str] = Components()
    for link in shared:
        first, *others = sorted(groups[link])
        for other in others:
            joined.join(first, other)
    if not joined.members():
        return [(None, False)]
    roots = {link: joined.root(min(groups[link])) for link in shared}
    return [(write(folder, {link: (root, 0) for link, root in roots.items()
                            if root != max(groups[link])}), True)]


def node_rows(grouping: Grouping, tables: list[str],
              records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (node, group)) for each record whose node's group, the smallest of its
    group so far and those its links reached (`tables`, from `link_groups`), is not itself."""
    nodes = [node(record) for record in records]
    tied = [_task_links(record) for record in records]
    reached = iter(look_up(tables, [link for found in tied for link in found]))
    out = []
    for here, group, found in zip(nodes, grouping.groups(nodes), tied, strict=True):
        best = min([group, *(entry[0] for _ in found if (entry := next(reached)) is not None)])
        if best != here:
            out.append((bucket(here), (here, best)))
    return out


def node_groups(folder: str, rows: list[tuple[int, Any]]) -> list[str | None]:
    """Reduce: a table (stem) of each node -> the smallest group it reached."""
    best: dict[str, str] = {}
    for _, (here, group) in rows:
        best[here] = min(group, best.get(here, group))
    return [write(folder, {here: (group, 0) for here, group in best.items()})]


def group_names(seed: int, folder: str, scan: Scan) -> Grouping:
    """The grouping of the records of `scan`: rounds of a shuffle by link (`link_groups`)
    and one by node (`node_groups`) until no link ties two groups (every node then names
    the smallest node it is linked to, directly or not). Each round lowers some node's
    group, so the rounds end; a thread needs one, and a check."""
    grouping = Grouping(seed)
    while True:
        found = grouped(scan, partial(link_rows, grouping), partial(link_groups, folder))
        if not any(tied for _, tied in found):
            return grouping
        tables = [stem for stem, _ in found if stem]
        names = grouped(scan, partial(node_rows, grouping, tables), partial(node_groups, folder))
        grouping = Grouping(seed, [stem for stem in names if stem])


class Group(NamedTuple):
    """One group's place in the fill."""

    task: str
    stratum: str
    size: int
    order: str


def member_rows(grouping: Grouping, records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (key, (group, label)) per record."""
    groups = grouping.groups([node(record) for record in records])
    return [(bucket(group), (group, record.label or ""))
            for record, group in zip(records, groups, strict=True)]


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
    the stems of the tables of the stratum and size of every group of two or more records."""

    records: Counter[Stratum] = field(default_factory=Counter)
    groups: Counter[Stratum] = field(default_factory=Counter)
    largest: int = 0
    last: dict[Stratum, str] = field(default_factory=dict)
    histogram: dict[Stratum, dict[str, list[int]]] = field(default_factory=dict)
    fetched: dict[Stratum, list[tuple[str, int]]] = field(default_factory=dict)
    multi: list[str] = field(default_factory=list)

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
        self.multi.extend(other.multi)
        return self


def digest(grouping: Grouping, wanted: dict[Stratum, tuple[str, bool]] | None,
           rows: list[tuple[int, Any]], folder: str = "") -> list[Digest]:
    """Reduce: the Digest of the groups in `rows`. Without `wanted`: totals, a table in
    `folder` of the multi-record groups and each stratum's histogram over two hex digits.
    With it, per stratum (prefix, fetch): only groups whose hash starts with prefix,
    fetched or as a histogram over the next two hex digits."""
    out, multi = Digest(), {}
    for group, found in _groups(grouping, rows).items():
        stratum = (found.task, found.stratum)
        if wanted is None:
            out.records[stratum] += found.size
            out.groups[stratum] += 1
            out.largest = max(out.largest, found.size)
            out.last[stratum] = max(found.order, out.last.get(stratum, found.order))
            if found.size > 1:
                multi[group] = (found.stratum, found.size)
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
    out.multi = [stem] if (stem := write(folder, multi)) else []
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
