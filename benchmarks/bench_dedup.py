"""Near-duplicate detection: precision/recall at J >= 0.8, docs/s and memory.

Baselines, on the same generated corpus in the same run: datasketch used plainly (one
`MinHash.update()` per shingle, default `MinHashLSH(threshold=0.8)`), and rensa (Rust
MinHash + LSH, same 128 permutations and 16 bands), both as its README shows (one
`RMinHash` per document, `RMinHashLSH.query_all`: candidate pairs, unverified) and in
bulk (`digest_matrix_from_token_sets`, `insert_matrix`, `query_duplicate_flags_matrix`: a
flag per document, no pairs, so the least work rensa can be asked for). Ours and rensa
alternate over `--rounds` rounds, one process each; medians of wall and CPU seconds, with
the load average, are printed.
The corpus has families of variants of one document with word substitutions,
so true Jaccard (word 3-shingle sets) spreads over 0.5..1; truth is computed
exactly for every pair inside a family (documents of different families share
almost nothing). Run: `PYTHONPATH=. python benchmarks/bench_dedup.py [--docs N] [--rounds R]`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from datasketch import MinHash, MinHashLSH
from rensa import RMinHash, RMinHashLSH

from curate.minhash import MinHashSettings, signatures, similar_pairs

THRESHOLD = 0.8


def corpus(n_docs: int, seed: int = 0) -> tuple[list[str], list[int]]:
    """Documents of ~100 Zipf-distributed words; about half in families of 2-5 variants."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    texts: list[str] = []
    family: list[int] = []
    fam = 0
    while len(texts) < n_docs:
        fam += 1
        base = rng.choices(vocab, weights, k=rng.randint(60, 140))
        size = 1 if rng.random() < 0.5 else rng.randint(2, 5)
        for _ in range(size):
            words = list(base)
            for index in rng.sample(range(len(words)), rng.randint(0, len(words) // 8)):
                words[index] = rng.choice(vocab)
            texts.append(" ".join(words))
            family.append(fam)
    return texts[:n_docs], family[:n_docs]


def shingles(text: str) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def truth(texts: list[str], family: list[int]) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for index, fam in enumerate(family):
        members.setdefault(fam, []).append(index)
    sets = [shingles(t) for t in texts]
    out = set()
    for group in members.values():
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                i, j = group[a], group[b]
                if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD:
                    out.add((i, j))
    return out


def scores(found: set[tuple[int, int]], true: set[tuple[int, int]]) -> tuple[float, float]:
    hit = len(found & true)
    return hit / max(len(found), 1), hit / max(len(true), 1)


def plain_datasketch(texts: list[str]) -> tuple[set[tuple[int, int]], float]:
    """Candidate pairs of a default MinHashLSH (unverified) and end-to-end docs/s."""
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    sketches = []
    for index, text in enumerate(texts):
        minhash = MinHash(num_perm=128)
        for shingle in shingles(text):
            minhash.update(shingle.encode("utf-8"))
        lsh.insert(index, minhash)
        sketches.append(minhash)
    found = set()
    for index, minhash in enumerate(sketches):
        for other in lsh.query(minhash):
            if other != index:
                found.add((min(index, other), max(index, other)))
    return found, len(texts) / (time.perf_counter() - start)


def rensa_pairs(texts: list[str]) -> set[tuple[int, int]]:
    """rensa as its README shows: an `RMinHash` per document, LSH candidates (unverified)."""
    sketches = []
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=128, num_bands=16)
    for index, text in enumerate(texts):
        minhash = RMinHash(num_perm=128, seed=1)
        minhash.update(list(shingles(text)))
        lsh.insert(index, minhash)
        sketches.append(minhash)
    return {(min(i, j), max(i, j)) for i, found in enumerate(lsh.query_all(sketches))
            for j in found if j != i}


def rensa_flags(texts: list[str]) -> Any:
    """rensa in bulk: a digest matrix, inserted at once, one duplicate flag per document."""
    matrix = RMinHash.digest_matrix_from_token_sets(
        [list(shingles(t)) for t in texts], num_perm=128, seed=1)
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=128, num_bands=16)
    lsh.insert_matrix(matrix)
    return lsh.query_duplicate_flags_matrix(matrix)


def timed(work: Callable[[], Any]) -> tuple[float, float]:
    """(wall s, CPU s of this process, all threads) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def against_rensa(texts: list[str], settings: MinHashSettings, rounds: int) -> None:
    """Ours (signatures, LSH, exact verification) and rensa's two ways, alternated rounds."""
    contenders: dict[str, Callable[[], Any]] = {
        "curate similar_pairs (verified pairs)": lambda: similar_pairs(texts, settings),
        "rensa per document (candidate pairs)": lambda: rensa_pairs(texts),
        "rensa bulk matrix (flags only)": lambda: rensa_flags(texts),
    }
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    for round_ in range(rounds):
        names = list(contenders)
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            got[name].append(timed(contenders[name]))
        print(f"  round {round_ + 1} done, load {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    ours_wall = statistics.median(w for w, _ in got[names[0]])
    ours_cpu = statistics.median(c for _, c in got[names[0]])
    for name, times in got.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"  {name:40s} {len(texts) / wall:9,.0f} docs/s  {cpu:6.2f} CPU-s   curate is "
              f"{wall / ours_wall:.2f}x its speed (wall), {cpu / ours_cpu:.2f}x (CPU)")


def best_rate(n: int, work, repeats: int = 3) -> float:
    """docs/s of the fastest of `repeats` runs (the least disturbed on a shared machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return n / best


def ours(texts: list[str], settings: MinHashSettings) -> tuple[set[tuple[int, int]], float, float]:
    sig_rate = best_rate(len(texts), lambda: signatures(texts, settings))
    rate = best_rate(len(texts), lambda: similar_pairs(texts, settings))
    found = {(i, j) for i, j, _ in similar_pairs(texts, settings)}
    return found, sig_rate, rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=5000, help="corpus for precision/recall")
    parser.add_argument("--memory-docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds against rensa")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    settings = MinHashSettings(threshold=THRESHOLD)
    texts, family = corpus(args.docs)
    true = truth(texts, family)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"corpus: {len(texts)} docs, {words:.0f} words/doc, {len(true)} true pairs at J >= 0.8")
    found, sig_rate, rate = ours(texts, settings)
    precision, recall = scores(found, true)
    print(
        f"curate (b={settings.bands}, r={settings.rows}, exact verification): "
        f"precision {precision:.3f} recall {recall:.3f}; "
        f"signatures {sig_rate:,.0f} docs/s, end-to-end {rate:,.0f} docs/s"
    )
    base_found, base_rate = plain_datasketch(texts)
    b_precision, b_recall = scores(base_found, true)
    print(
        f"datasketch plain (update() per shingle, MinHashLSH default): precision {b_precision:.3f} "
        f"recall {b_recall:.3f}; {base_rate:,.0f} docs/s"
    )
    print(
        f"throughput ratio: signatures {sig_rate / base_rate:.1f}x, "
        f"end-to-end {rate / base_rate:.1f}x"
    )
    r_precision, r_recall = scores(rensa_pairs(texts), true)
    print(f"rensa per document (candidates, unverified): precision {r_precision:.3f} "
          f"recall {r_recall:.3f}")
    print(f"against rensa, {len(texts)} docs, median of {args.rounds} alternated rounds:")
    against_rensa(texts, settings, args.rounds)
    big, _ = corpus(args.memory_docs, seed=1)
    start = time.perf_counter()
    pairs = similar_pairs(big, settings)
    elapsed = time.perf_counter() - start
    print(
        f"{len(big):,} docs: {len(pairs):,} pairs in {elapsed:.1f} s "
        f"({len(big) / elapsed:,.0f} docs/s)"
    )
    tracemalloc.start()
    similar_pairs(big, settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{len(big):,} docs: peak traced memory of similar_pairs {peak / 2**20:.0f} MiB "
        "(texts excluded)"
    )


if __name__ == "__main__":
    main()
