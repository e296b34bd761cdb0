"""Near-duplicate pairs by grouping on LSH band buckets, never per record or per candidate in one place.

Each partition emits, for every record it compares and every band, a row keyed by that
band's bucket (`band_rows`); rows meeting in a bucket become candidate pairs (`bucket_pairs`,
the reduce side of `stages.base.grouped`), exactly the pairs `minhash.candidate_pairs`
forms over all records at once: a bucket's members in rank order, each paired with its
next `BUCKET_WINDOW`. The reduce tasks write their candidates as tables on the shared disk
(`pair_tables`) and return only the tables' names; each partition finds its records' pairs
there, and the candidates' signatures and shingles meet pair by pair in a second shuffle
(`pair_hash_rows`, `verify`), which keeps the pairs whose MinHash estimate and exact
shingle Jaccard pass (`near_pairs`): only those come back, or, for a caller that reads
them on a worker (dedup's decision), not even those: they stay in files on the shared disk
(`near_pair_files`). A row starts with
the record's rank key, `(-quality, id)`, so sorting rows sorts by rank; what follows the
key is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np

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
from curate.stages.key_tables import column, digests, in_any, save, scratch_folder, write_rows
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


def band_rows(near: NearDuplicates, inputs: bool, exclude: list[str],
              rows_of: Callable[[list[Record]], list[Row]],
              records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (bucket key, (band, key, row)) for each band of each compared record with
    shingles (`rows_of`: the records' rows, in their order); records whose id is in one of
    the tables `exclude` (`key_tables.key_set`) take no part."""
    out = in_any(exclude, [r.id for r in records]).tolist()
    chosen = [r for r, excluded in zip(records, out, strict=True) if not excluded]
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


def pair_tables(folder: str, keep: Callable[[Row, Row], bool] | None,
                rows: list[tuple[int, Any]]) -> list[str]:
    """Reduce: this bucket's candidate pairs (`bucket_pairs`; those `keep` allows), written
    as one table under `folder` (`key_tables.save`): a (member, pair) row for each record of
    each pair, as 16-byte digests of the record's id and of the pair's two ids, sorted by
    member; [its stem], or [] without pairs. The pairs stay on the workers' shared disk."""
    pairs = [pair for pair in bucket_pairs(rows) if keep is None or keep(*pair)]
    if not pairs:
        return []
    members = digests([row[1] for pair in pairs for row in pair])
    keys = np.repeat(digests([f"{len(first[1])}:{first[1]}{second[1]}"
                              for first, second in pairs]), 2)
    order = np.lexsort((keys, members))
    return [save(folder, {"members": members[order], "pairs": keys[order]})]


def pairs_of(stems: list[str], ids: list[str]) -> list[set[bytes]]:
    """The digests of the candidate pairs each id is in, from the tables `stems` (a pair
    found in several buckets is there once)."""
    found: list[set[bytes]] = [set() for _ in ids]
    wanted = digests(ids)
    for stem in stems:
        members = column(stem, "members")
        low = np.searchsorted(members, wanted, side="left")
        high = np.searchsorted(members, wanted, side="right")
        if not (high > low).any():
            continue
        keys = column(stem, "pairs")
        for k in np.flatnonzero(high > low).tolist():
            found[k].update(keys[low[k] : high[k]].tolist())
    return found


def pair_hash_rows(near: NearDuplicates, inputs: bool, rows_of: Callable[[list[Record]], list[Row]],
                   stems: list[str], records: list[Record]) -> list[tuple[int, Any]]:
    """Map: (pair key, (pair digest, row, signature, sorted shingle hashes)) of each record in
    a candidate pair of the tables `stems`, once per pair it is in (`rows_of`: as for
    `band_rows`)."""
    found = pairs_of(stems, [r.id for r in records])
    chosen = [k for k, pairs in enumerate(found) if pairs]
    texts = [compared(near, inputs, records[k]) for k in chosen]
    sig, _ = signatures(texts, near.minhash)
    shingler = Shingler(near.minhash.shingle_size)
    out = []
    for n, (k, row) in enumerate(zip(chosen, rows_of([records[k] for k in chosen]), strict=True)):
        hashes = (row, sig[n], shingler.shingle_set(texts[n]))
        out += [(int.from_bytes(key[:8], "little"), (key, *hashes)) for key in sorted(found[k])]
    return out


def verify(threshold: float, rows: list[tuple[int, Any]]) -> list[tuple[Row, Row, float]]:
    """Reduce: (first, second, jaccard), in rank order, of each pair whose two records'
    MinHash estimate is within ESTIMATE_SLACK of `threshold` and whose exact shingle Jaccard
    reaches it."""
    members: dict[bytes, list[tuple[Any, ...]]] = {}
    for _, (key, *hashes) in rows:
        members.setdefault(key, []).append(tuple(hashes))
    out = []
    for found in members.values():
        (row_a, sig_a, set_a), (row_b, sig_b, set_b) = sorted(found, key=lambda hashes: hashes[0])
        if (sig_a == sig_b).mean() >= threshold - ESTIMATE_SLACK:
            jaccard = exact_jaccard(set_a, set_b)
            if jaccard >= threshold:
                out.append((row_a, row_b, jaccard))
    return out


def verified_file(into: str, threshold: float, rows: list[tuple[int, Any]]) -> list[str]:
    """Reduce: `verify`'s pairs written as rows in a file under `into`: [its path], or []."""
    passed = verify(threshold, rows)
    return [write_rows(into, passed)] if passed else []


def near_pairs(near: NearDuplicates, inputs: bool, exclude: list[str],
               rows_of: Callable[[list[Record]], list[Row]], scan: Scan,
               keep: Callable[[Row, Row], bool] | None = None) -> list[tuple[Row, Row, float]]:
    """(first, second, jaccard), sorted, of the LSH candidate pairs (`band_rows` grouped by
    band bucket; those `keep` allows) whose MinHash estimate is within ESTIMATE_SLACK of the
    threshold and whose exact shingle Jaccard reaches it (as `minhash.likely_pairs` +
    `verified`). Nothing per candidate reaches this process: the band buckets' reduce tasks
    write their pairs as tables in a folder the workers share (`pair_tables`), each
    partition finds its records' pairs there, and the pairs' two records' hashes meet in a
    shuffle by pair (on a cluster, on the workers), which sends back only the pairs that
    pass."""
    return sorted(_verified(near, inputs, exclude, rows_of, scan, keep,
                            partial(verify, near.minhash.threshold)))


def near_pair_files(near: NearDuplicates, inputs: bool, exclude: list[str],
                    rows_of: Callable[[list[Record]], list[Row]], scan: Scan,
                    into: str) -> list[str]:
    """`near_pairs`, left on the workers' shared disk: the files (`key_tables.read_rows`,
    pairs in no set order) that the reduce tasks of the shuffle by pair wrote under `into`."""
    return sorted(_verified(near, inputs, exclude, rows_of, scan, None,
                            partial(verified_file, into, near.minhash.threshold)))


def _verified(near: NearDuplicates, inputs: bool, exclude: list[str],
              rows_of: Callable[[list[Record]], list[Row]], scan: Scan,
              keep: Callable[[Row, Row], bool] | None, reduce: Any) -> list[Any]:
    """The band-bucket shuffle, then the shuffle by pair with `reduce` (`verify` or
    `verified_file`); the candidate pairs' tables removed after."""
    with scratch_folder(scan, "pairs") as folder:
        stems = grouped(scan, partial(band_rows, near, inputs, exclude, rows_of),
                        partial(pair_tables, folder, keep))
        if not stems:
            return []
        return grouped(scan, partial(pair_hash_rows, near, inputs, rows_of, sorted(stems)),
                       reduce)
