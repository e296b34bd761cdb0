"""Near-duplicate candidates by grouping on LSH band buckets, never per record in one place.

Each partition emits, for every record it compares and every band, a row keyed by that
band's bucket (`band_rows`); rows meeting in a bucket become candidate pairs (`bucket_pairs`,
the reduce side of `stages.base.grouped`), exactly the pairs `minhash.candidate_pairs`
forms over all records at once: a bucket's members in rank order, each paired with its
next `BUCKET_WINDOW`. Only the candidates' signatures and shingles are then fetched
(`candidate_hashes`) to keep the pairs whose MinHash estimate and exact shingle Jaccard
pass (`verified_pairs`). A row starts with the record's rank key, `(-quality, id)`, so
sorting rows sorts by rank; what follows the key is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from curate.minhash import (
    BUCKET_WINDOW,
    ESTIMATE_SLACK,
    Shingler,
    band_keys,
    exact_jaccard,
    signatures,
)
from curate.record import Record
from curate.stages.near_duplicates import NearDuplicates, record_text

if TYPE_CHECKING:
    import numpy as np

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


def candidate_hashes(near: NearDuplicates, inputs: bool, wanted: frozenset[str],
                     records: list[Record]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Map: the MinHash signature and sorted shingle hashes of each wanted record."""
    chosen = [r for r in records if r.id in wanted]
    texts = [compared(near, inputs, r) for r in chosen]
    sig, _ = signatures(texts, near.minhash)
    shingler = Shingler(near.minhash.shingle_size)
    return {r.id: (sig[k], shingler.shingle_set(texts[k])) for k, r in enumerate(chosen)}


def verified_pairs(near: NearDuplicates, inputs: bool, pairs: list[Pair],
                   scan: Callable[[Callable[[list[Record]], Any]], list[Any]]
                   ) -> list[tuple[Row, Row, float]]:
    """(first, second, jaccard), in rank order, of the candidate pairs whose MinHash
    estimate is within ESTIMATE_SLACK of the threshold and whose exact shingle Jaccard
    reaches it (as `minhash.likely_pairs` + `verified`); the candidates' hashes are
    fetched by one scan."""
    threshold = near.minhash.threshold
    wanted = frozenset(row[1] for pair in pairs for row in pair)
    hashes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if wanted:
        for found in scan(partial(candidate_hashes, near, inputs, wanted)):
            hashes.update(found)
    out = []
    for first, second in sorted(pairs):
        (sig_a, set_a), (sig_b, set_b) = hashes[first[1]], hashes[second[1]]
        if (sig_a == sig_b).mean() >= threshold - ESTIMATE_SLACK:
            jaccard = exact_jaccard(set_a, set_b)
            if jaccard >= threshold:
                out.append((first, second, jaccard))
    return out
