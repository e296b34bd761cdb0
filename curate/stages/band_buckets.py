"""Near-duplicate candidates by grouping on LSH band buckets, never per record in one place.

Each partition emits, for every record it compares and every band, a row keyed by that
band's bucket (`band_rows`); rows meeting in a bucket become candidate pairs (`bucket_pairs`,
the reduce side of `stages.base.grouped`), exactly the pairs `minhash.candidate_pairs`
forms over all records at once: a bucket's members in rank order, each paired with its
next `BUCKET_WINDOW`. The candidates' signatures and shingles then meet pair by pair in a
second shuffle (`pair_hash_rows`, `verify`), which keeps the pairs whose MinHash estimate
and exact shingle Jaccard pass (`verified_pairs`): only those come back. A row starts with
the record's rank key, `(-quality, id)`, so sorting rows sorts by rank; what follows the
key is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from curate.minhash import (
    BUCKET_WINDOW,
    ESTIMATE_SLACK,
    Shingler,
    band_keys,
    exact_jaccard,
    signatures,
)
from curate.record import Record
from curate.stages.base import Scan, grouped
from curate.stages.near_duplicates import NearDuplicates, record_text

Row = tuple[Any, ...]
"""(-quality, id, ...): a record's rank key first, then what the caller needs of it."""
Pair = tuple[Row, Row]


def rank(record: Record) -> tuple[float, str]:
    """Highest quality first, ties by id (0 without the quality stage)."""
    return -float(record.scores.get("quality", 0.0)), record.id


def compared(near: NearDuplicates, inputs: bool, record: Record) -> str:
    """The compared text of a record, or its input only."""
    return record.input if inputs else record_text(record, near.fields)


def each(row: Callable[[Record], Row], records: list[Record]) -> list[Row]:
    """`row` of each record: a per-record row function as `band_rows` takes one."""
    return [row(record) for record in records]


def band_rows(near: NearDuplicates, inputs: bool, exclude: frozenset[str],
              rows_of: Callable[[list[Record]], list[Row]],
              records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (bucket key, (band, key, row)) for each band of each compared record with
    shingles (`rows_of`: the records' rows, in their order); records whose id is in
    `exclude` take no part."""
    chosen = [r for r in records if r.id not in exclude]
    sig, has = signatures([compared(near, inputs, r) for r in chosen], near.minhash)
    keys = band_keys(sig, near.minhash.bands).tolist()
    rows = rows_of(chosen)
    return [(key, (band, key, made))
            for made, keep, bands in zip(rows, has.tolist(), keys, strict=True) if keep
            for band, key in enumerate(bands)]


def by_group(rows: Iterable[tuple[int, tuple[Any, Row]]]) -> list[list[Row]]:
    """The rows of each group (a row's group: all but its last item), each in rank order."""
    groups: dict[Any, list[Row]] = {}
    for _, (*group, row) in rows:
        groups.setdefault(tuple(group), []).append(row)
    return [sorted(members) for members in groups.values()]


def bucket_pairs(rows: list[tuple[int, Any]]) -> list[Pair]:
    """Reduce: in each (band, key) bucket, each member with its next BUCKET_WINDOW members
    (most buckets hold one row: numpy finds the shared ones, Python pairs only those)."""
    import numpy as np

    band = np.fromiter((grouping[0] for _, grouping in rows), dtype=np.int64, count=len(rows))
    key = np.fromiter((k for k, _ in rows), dtype=np.uint64, count=len(rows))
    order = np.lexsort((key, band))
    same = np.flatnonzero((band[order][1:] == band[order][:-1]) & (key[order][1:] == key[order][:-1]))
    shared = np.union1d(order[same], order[same + 1]).tolist()
    pairs = set()
    for members in by_group(rows[i] for i in shared):
        for i, first in enumerate(members):
            pairs.update((first, other) for other in members[i + 1 : i + 1 + BUCKET_WINDOW])
    return list(pairs)


def pair_hash_rows(near: NearDuplicates, inputs: bool, wanted: dict[str, list[int]],
                   records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (pair index, (id, signature, sorted shingle hashes)) of each wanted record, once
    per candidate pair it is in (`wanted`: id -> the indices of its pairs)."""
    chosen = [r for r in records if r.id in wanted]
    texts = [compared(near, inputs, r) for r in chosen]
    sig, _ = signatures(texts, near.minhash)
    shingler = Shingler(near.minhash.shingle_size)
    out = []
    for k, record in enumerate(chosen):
        hashes = (record.id, sig[k], shingler.shingle_set(texts[k]))
        out += [(index, hashes) for index in wanted[record.id]]
    return out


def verify(threshold: float, rows: list[tuple[int, Any]]) -> list[tuple[int, float]]:
    """Reduce: (pair index, jaccard) of each pair whose two records' MinHash estimate is
    within ESTIMATE_SLACK of `threshold` and whose exact shingle Jaccard reaches it."""
    members: dict[int, list[tuple[Any, ...]]] = {}
    for index, hashes in rows:
        members.setdefault(index, []).append(hashes)
    out = []
    for index, found in members.items():
        (_, sig_a, set_a), (_, sig_b, set_b) = found
        if (sig_a == sig_b).mean() >= threshold - ESTIMATE_SLACK:
            jaccard = exact_jaccard(set_a, set_b)
            if jaccard >= threshold:
                out.append((index, jaccard))
    return out


def verified_pairs(near: NearDuplicates, inputs: bool, pairs: list[Pair], scan: Scan
                   ) -> list[tuple[Row, Row, float]]:
    """(first, second, jaccard), in rank order, of the candidate pairs whose MinHash
    estimate is within ESTIMATE_SLACK of the threshold and whose exact shingle Jaccard
    reaches it (as `minhash.likely_pairs` + `verified`): each pair's two records' hashes
    meet in a shuffle by pair (on a cluster, on the workers), which sends back only the
    pairs that pass."""
    ordered = sorted(pairs)
    wanted: dict[str, list[int]] = {}
    for index, pair in enumerate(ordered):
        for row in pair:
            wanted.setdefault(row[1], []).append(index)
    if not wanted:
        return []
    passed = grouped(scan, partial(pair_hash_rows, near, inputs, wanted),
                     partial(verify, near.minhash.threshold))
    return [(*ordered[index], jaccard) for index, jaccard in sorted(passed)]
