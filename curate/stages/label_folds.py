"""Labels' folds and decision rows without keys on the client: seeded key order in tables on disk.

Every labelled record has a key, the sha256 of the seed and its id (`keys`); a class's
records ranked by key and dealt round-robin are the stratified folds. Instead of the client
sorting every key, the keys are shuffled by range (`ranges`: the key's first byte, cut into
RANGES ranges): a reduce task sorts one task's range (stably: equal keys keep partition
order), numbers each record within its label there and writes the range as one table on the
stage's folder (`key_tables.write_keyed`: keys, label, that number; `rank_table`),
returning only its stem and its records per label. The ranges in order are the keys in
order, so a record's rank in its class is its number plus its class's records in the ranges
before (`Tables.offsets`), and its row in key order (where the decision keeps its result)
is its table row plus the records of the ranges before (`Tables.bases`). A partition finds
its records' table rows by binary search on the memory-mapped keys (`Tables.locate`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from curate.stages.key_tables import column, positions, write_keyed

if TYPE_CHECKING:
    from curate.record import Record

RANGES = 16
"""Key ranges (of the key's first byte): the shuffle's groups per task, one table each."""


def keys(seed: int, records: Sequence[Record]) -> np.ndarray:
    """(n,) S32: sha256 of the seed and each record's id. Sorting them is sorting the
    records in seeded hash order (the folds')."""
    return np.array([hashlib.sha256(f"{seed}\x00{r.id}".encode()).digest() for r in records],
                    dtype="S32")


def ranges(digests: np.ndarray) -> np.ndarray:
    """Each key's range: its first byte, cut into RANGES equal ranges (so ranges keep key order)."""
    first = np.ascontiguousarray(digests).view(np.uint8).reshape(-1, 32)[:, 0]
    return (first // (256 // RANGES)).astype(np.int64)


class KeyRows(NamedTuple):
    """One partition's keys of one task in one range, in partition order, with their labels."""

    task: str
    range: int
    names: list[str]  # the partition's labels, sorted
    keys: np.ndarray  # S32
    codes: np.ndarray  # int32: index into names


class RangeTable(NamedTuple):
    """What a reduce task returns of one task's range: its table's stem, records per label."""

    task: str
    range: int
    stem: str
    names: list[str]
    counts: np.ndarray  # int64, per name


def rank_table(folder: str, rows: list[KeyRows]) -> RangeTable:
    """One task's range from every partition (in partition order) as a table on disk: keys
    sorted stably, each with its label and its number within its label in the range."""
    names = sorted({name for row in rows for name in row.names})
    codes = np.concatenate([np.array([names.index(n) for n in row.names], dtype=np.int64)[row.codes]
                            for row in rows])
    found = np.concatenate([row.keys for row in rows])
    order = np.argsort(found, kind="stable")
    codes = codes[order]
    number = np.zeros(len(codes), dtype=np.int64)
    for code in range(len(names)):
        members = np.flatnonzero(codes == code)
        number[members] = np.arange(len(members))
    labels = np.array([name.encode() for name in names], dtype=bytes)[codes]
    stem = write_keyed(folder, found[order], labels, number)
    return RangeTable(rows[0].task, rows[0].range, stem, names,
                      np.bincount(codes, minlength=len(names)).astype(np.int64))


@dataclass
class Tables:
    """One task's labelled records in key order, on disk: a table per range (`stems`), each
    class's records in the ranges before each range (`offsets`, RANGES x classes) and all
    records in the ranges before it (`bases`)."""

    stems: dict[int, str]
    offsets: np.ndarray
    bases: np.ndarray
    size: int  # labelled records in all the tables

    @classmethod
    def of(cls, classes: list[str], found: list[RangeTable]) -> Tables:
        """From a task's range tables (any order) and its scored classes."""
        per_class = np.zeros((RANGES, len(classes)), dtype=np.int64)
        per_range = np.zeros(RANGES, dtype=np.int64)
        index = {name: i for i, name in enumerate(classes)}
        for table in found:
            per_range[table.range] = table.counts.sum()
            for name, count in zip(table.names, table.counts.tolist(), strict=True):
                if name in index:
                    per_class[table.range, index[name]] = count
        offsets = np.cumsum(per_class, axis=0) - per_class
        bases = np.cumsum(per_range) - per_range
        return cls({t.range: t.stem for t in found}, offsets, bases, int(per_range.sum()))

    def locate(self, digests: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For keys and their classes (indices into the task's scored classes): each key's row in
        key order and its rank in its class (both -1 for a key in no table)."""
        row = np.full(len(digests), -1, dtype=np.int64)
        rank = np.full(len(digests), -1, dtype=np.int64)
        at_range = ranges(digests)
        for where in np.unique(at_range).tolist():
            stem = self.stems.get(where)
            if stem is None:
                continue
            chosen = np.flatnonzero(at_range == where)
            at = positions(column(stem, "keys"), digests[chosen])
            hit = at >= 0
            chosen, at = chosen[hit], at[hit]
            row[chosen] = self.bases[where] + at
            rank[chosen] = self.offsets[where, classes[chosen]] + column(stem, "number")[at]
        return row, rank
