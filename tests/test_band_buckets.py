"""Band-bucket grouping finds exactly the LSH candidates of `minhash.candidate_pairs`, in
any partitioning, `near_pairs` verifies exactly those `minhash.similar_pairs` does, each
once, however many reduce buckets find a pair, and the shuffle gives the same groups on a
real cluster."""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

from curate.engine.local import _FileScan
from curate.io import write_records
from curate.minhash import BUCKET_WINDOW, candidate_pairs, signatures, similar_pairs
from curate.record import Record, Source, new_record
from curate.stages.band_buckets import (
    band_rows,
    bucket_pairs,
    compared,
    each,
    near_pair_files,
    near_pairs,
    rank,
)
from curate.stages.base import grouped
from curate.stages.key_tables import key_set, read_rows
from curate.stages.near_duplicates import NearDuplicates

NEAR = NearDuplicates()


def family_records(seed: int = 4) -> list[Record]:
    """Random texts, one family of 3 x BUCKET_WINDOW near-identical ones (buckets wider than
    the window) and a few empty texts (no shingles), with ties in quality."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)]
    base = rng.choices(vocab, k=40)
    texts = [" ".join(rng.choices(vocab, k=30)) for _ in range(200)]
    for _ in range(3 * BUCKET_WINDOW):
        words = list(base)
        words[rng.randrange(40)] = rng.choice(vocab)
        texts.append(" ".join(words))
    texts += ["", ""]
    records = []
    for n, text in enumerate(texts):
        record = new_record(Source("t", "f", str(n)), "t", text, "", "Answer.")
        record.scores["quality"] = rng.choice([0.2, 0.5, 0.9])
        records.append(record)
    rng.shuffle(records)
    return records


def expected_pairs(records: list[Record], exclude: frozenset[str]) -> set[tuple[str, str]]:
    """candidate_pairs over the records in rank order: the in-memory reference."""
    ranked = sorted((r for r in records if r.id not in exclude), key=rank)
    sig, has = signatures([compared(NEAR, False, r) for r in ranked], NEAR.minhash)
    return {(ranked[i].id, ranked[j].id)
            for i, j in candidate_pairs(sig, has, NEAR.minhash.bands).tolist()}


def test_bucket_pairs_are_the_candidate_pairs_in_any_partitioning(tmp_path: Path) -> None:
    records = family_records()
    exclude = frozenset(r.id for r in records[:15])
    emit = partial(band_rows, NEAR, False, key_set(str(tmp_path), sorted(exclude)),
                   partial(each, rank))
    expected = expected_pairs(records, exclude)
    assert len(expected) > 3 * BUCKET_WINDOW  # the family's buckets are cut by the window
    for size in (len(records), 37, 5):
        parts = [records[i : i + size] for i in range(0, len(records), size)]
        found = grouped(lambda fn, parts=parts: [fn(p) for p in parts], emit, bucket_pairs)
        assert {(a[1], b[1]) for a, b in found} == expected
        assert all(a < b for a, b in found)  # each pair in rank order


def test_near_pairs_are_the_verified_candidates_once_in_any_bucketing(tmp_path: Path) -> None:
    records = family_records()
    exclude = frozenset(r.id for r in records[:15])
    ranked = sorted((r for r in records if r.id not in exclude), key=rank)
    expected = [(ranked[i].id, ranked[j].id, jaccard) for i, j, jaccard in
                similar_pairs([compared(NEAR, False, r) for r in ranked], NEAR.minhash)]
    assert len(expected) > BUCKET_WINDOW  # the family's pairs, most found in several bands
    live = tmp_path / "work" / "live.jsonl"
    live.parent.mkdir()
    write_records(live, records)
    (tmp_path / "sets").mkdir()
    skipped = key_set(str(tmp_path / "sets"), sorted(exclude))
    for buckets in (1, 3, 8):  # a pair's bands land in different reduce tasks
        found = near_pairs(NEAR, False, skipped, partial(each, rank), _FileScan(live, buckets))
        assert [(a[1], b[1], jaccard) for a, b, jaccard in found] == expected
    in_memory = near_pairs(NEAR, False, skipped, partial(each, rank),
                           lambda fn: [fn(records[i : i + 50]) for i in range(0, len(records), 50)])
    assert [(a[1], b[1], jaccard) for a, b, jaccard in in_memory] == expected
    assert list((tmp_path / "work" / "shared").iterdir()) == []  # the pair tables are removed
    (tmp_path / "passed").mkdir()
    files = near_pair_files(NEAR, False, skipped, partial(each, rank), _FileScan(live, 3),
                            str(tmp_path / "passed"))
    assert len(files) > 1  # the pairs stay in the reduce tasks' files, not returned
    assert sorted(pair for path in files for pair in read_rows(path)) == sorted(found)


def _count_words(records: list[Record]) -> list[tuple[int, tuple[str, str]]]:
    return [(sum(map(ord, word)), (word, record.id))
            for record in records for word in record.output.split()[:3]]


def _reduce_counts(rows: list[tuple[int, tuple[str, str]]]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for _, (word, rid) in rows:
        groups.setdefault(word, []).append(rid)
    return [(word, sorted(ids)) for word, ids in groups.items()]


def test_the_cluster_shuffle_groups_like_the_local_one(tmp_path: Path) -> None:
    from curate.config import EngineConfig
    from curate.engine.dask import DaskEngine

    records = family_records()
    parts = [records[i : i + 40] for i in range(0, len(records), 40)]
    local = sorted(grouped(lambda fn: [fn(p) for p in parts], _count_words, _reduce_counts))
    engine = DaskEngine(EngineConfig(kind="dask", workers=2))
    try:
        engine.shared = tmp_path / "shared"
        futures = [engine.client.scatter(part) for part in parts]
        scan = engine._scan(futures)
        assert sorted(grouped(scan, _count_words, _reduce_counts)) == local
    finally:
        engine.close()
    assert list((tmp_path / "exchange").iterdir()) == []  # the exchange's files are removed
