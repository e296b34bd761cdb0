"""Dedup: exact and near clusters, best member kept, conflicts, leaks, datasketch agreement."""

from __future__ import annotations

import email
import email.policy
import json
import pickle
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from curate.listing import SAMPLE
from curate.minhash import MinHashSettings, Shingler, permutations, signatures
from curate.record import Record, Source, new_record
from curate.stages.dedup import DedupConfig, DedupStage, find_leaks
from curate.stages.key_tables import SPILLED, list_findings

RNG = random.Random(7)
VOCAB = [f"w{i}" for i in range(3000)]


def doc(n: int = 80) -> list[str]:
    return [RNG.choice(VOCAB) for _ in range(n)]


def mutate(words: list[str], changes: int) -> list[str]:
    out = list(words)
    for index in RNG.sample(range(len(out)), changes):
        out[index] = RNG.choice(VOCAB)
    return out


def rec(text: str, quality: float = 0.5, input: str = "", label: str | None = None, n: int = 0):
    record = new_record(Source("t", "f", str(n)), "t", "Answer.", input, text, label=label)
    record.scores["quality"] = quality
    return record


def dedup(records: list[Record], **cfg) -> DedupStage:
    stage = DedupStage(DedupConfig(**cfg))
    assert stage.process(records) is records
    return stage


def test_exact_and_near_clusters_keep_the_best_member():
    base = doc()
    near = " ".join(mutate(base, 2))
    records = [
        rec(" ".join(base), 0.4, n=1),
        rec("  " + " ".join(base).upper(), 0.9, n=2),  # same normalised text, better quality
        rec(near, 0.6, n=3),
        rec(" ".join(doc()), 0.5, n=4),
    ]
    stage = dedup(records)
    best = records[1]
    assert best.rejected is None and best.annotations["dedup"] == {"cluster": best.id, "size": 3}
    assert records[0].rejected.reason == "dedup.exact_duplicate"
    assert records[0].rejected.kept_id == best.id
    assert records[2].rejected.reason == "dedup.near_duplicate"
    assert records[2].rejected.kept_id == best.id
    jaccard = float(records[2].rejected.detail.split("=")[1].split()[0])
    assert 0.8 <= jaccard < 1.0
    assert records[3].rejected is None and "dedup" not in records[3].annotations
    assert stage.findings["cluster_sizes"] == {"3": 1}
    assert stage.findings["exact_duplicates"] == 1 and stage.findings["near_duplicates"] == 1


def test_below_threshold_is_kept():
    base = doc()
    records = [rec(" ".join(base), n=1), rec(" ".join(mutate(base, 15)), n=2)]
    dedup(records)
    assert all(r.rejected is None for r in records)


def test_conflicting_answers_to_the_same_input_are_flagged():
    question = " ".join(doc(40))
    records = [
        rec("billing", input=question, label="billing", n=1),
        rec("refund", input=question + " please", label="refund", n=2),
        rec("billing", input=" ".join(doc(40)), label="billing", n=3),
    ]
    stage = dedup(records)
    assert all(r.rejected is None for r in records)
    first, second = records[0].annotations["dedup"], records[1].annotations["dedup"]
    assert first["input_cluster"] == second["input_cluster"] == min(records[0].id, records[1].id)
    assert first["conflict"] and first["conflict_labels"] == ["billing", "refund"]
    assert "dedup" not in records[2].annotations
    assert stage.findings["conflicts"] == [{"input_cluster": first["input_cluster"], "size": 2}]
    assert dedup([r for r in records], also_input_only=False).findings["input_clusters"] == 0


class RecordingScan:
    """An in-memory scan with a work folder and a `call` (a cluster's one task on a worker),
    keeping what its shuffles' reduce tasks send back to the client and which calls ran."""

    def __init__(self, parts: list[list[Record]], folder: Path) -> None:
        self.parts, self.folder = parts, str(folder)
        self.back: list[object] = []
        self.calls: list[str] = []

    def __call__(self, fn):
        return [fn(part) for part in self.parts]

    def grouped(self, emit, reduce):
        out = reduce([row for part in self.parts for row in emit(part)])
        self.back.extend(out)
        return out

    def call(self, fn):
        self.calls.append(fn.func.__name__)
        return fn()


def clusters(count: int) -> list[Record]:
    """`count` clusters of three: a text, its exact and its near duplicate; and singles."""
    rng = random.Random(count)
    records = []
    for k in range(count):
        words = [rng.choice(VOCAB) for _ in range(80)]
        near = list(words)
        near[rng.randrange(80)] = rng.choice(VOCAB)
        records += [rec(" ".join(words), 0.4, n=3 * k), rec(" ".join(words).upper(), 0.9, n=3 * k + 1),
                    rec(" ".join(near), 0.6, n=3 * k + 2),
                    rec(" ".join(rng.choice(VOCAB) for _ in range(80)), n=10_000 + k)]
    return records


def test_the_client_gets_file_names_and_findings_only(tmp_path: Path) -> None:
    """The duplicates' pairs, groups and decision stay in files: what comes back from the
    shuffles is file names, the greedy pass and the components run as calls (on a worker on
    a cluster), and the decision does not grow with the duplicates; applied, it decides as
    the whole-set `process` does."""
    sizes = []
    for count, name in ((4, "a"), (40, "b")):
        records = clusters(count)
        stage = DedupStage(DedupConfig())
        scan = RecordingScan([records[i : i + 7] for i in range(0, len(records), 7)],
                             tmp_path / name)
        decision = stage.decide(scan)
        assert scan.calls == ["near_draft", "final_decision"]
        assert scan.back and all(isinstance(x, str) or all(isinstance(y, str) for y in x)
                                 for x in scan.back)
        sizes.append(len(pickle.dumps(decision)))
        stage.apply(records, decision)
        whole = clusters(count)
        dedup(whole)
        assert [(r.rejected, r.annotations) for r in records] == \
            [(r.rejected, r.annotations) for r in whole]
        assert stage.findings["near_duplicates"] == stage.findings["exact_duplicates"] == count
    assert sizes[0] == sizes[1]


def test_conflicts_stay_in_the_work_folder_until_the_report(tmp_path: Path) -> None:
    """With a work folder the conflicting input clusters (a row each) are left in its
    `findings/`: the findings the client holds do not grow with them; where the report is
    built they are listed into the run directory (the whole-set `process`'s rows, in its
    order) and the report keeps their count and first SAMPLE."""
    held = []
    for count in (3, 30):
        rng = random.Random(count)
        records = []
        for k in range(count):
            question = " ".join(rng.choice(VOCAB) for _ in range(40))
            records += [rec("billing", input=question, label="billing", n=2 * k),
                        rec("refund", input=question + " please", label="refund", n=2 * k + 1)]
        stage, folder = DedupStage(DedupConfig()), tmp_path / str(count)
        stage.decide(RecordingScan([records[i : i + 5] for i in range(0, len(records), 5)],
                                   folder))
        assert list(stage.findings["conflicts"]) == [SPILLED]
        held.append(len(pickle.dumps(stage.findings["conflicts"])))
        whole = dedup(list(records))
        assert len(whole.findings["conflicts"]) == count
        listed = list_findings({"dedup": stage.findings}, {}, folder / "findings",
                               folder)["dedup"]
        assert listed == {**whole.findings, "conflicts": {
            "count": count, "sample": whole.findings["conflicts"][:SAMPLE],
            "file": "dedup_conflicts.jsonl"}}
        assert [json.loads(line) for line in (folder / "dedup_conflicts.jsonl").open()] == \
            whole.findings["conflicts"]
    assert held[0] == held[1]


def test_find_leaks_reports_eval_records_close_to_train():
    train = [rec(" ".join(doc()), n=i) for i in range(50)]
    copy = rec(" ".join(mutate(train[7].output.split(), 1)), n=100)
    fresh = rec(" ".join(doc()), n=101)
    leaks = find_leaks(train, [fresh, copy], DedupConfig())
    assert [(e, t) for e, t, _ in leaks] == [(copy.id, train[7].id)]
    assert 0.8 <= leaks[0][2] < 1.0
    assert find_leaks(train, [fresh], DedupConfig()) == []


def test_deterministic_output():
    def make():
        random.seed(3)
        base = [" ".join(doc()) for _ in range(30)]
        texts = base + [" ".join(mutate(t.split(), 3)) for t in base[:10]]
        return [rec(t, 0.5, n=i) for i, t in enumerate(texts)]

    RNG.seed(1)
    first = make()
    stage = dedup(first)
    RNG.seed(1)
    second = make()
    again = dedup(second)
    assert [r.to_json() for r in first] == [r.to_json() for r in second]
    assert stage.findings == again.findings


def test_signatures_equal_datasketch_minhash_on_the_same_shingles():
    settings = MinHashSettings()
    texts = ["the quick brown fox jumps over the lazy dog", "hello", " ".join(doc(200))]
    sig, has = signatures(texts, settings)
    shingler = Shingler(settings.shingle_size)
    for text, row in zip(texts, sig, strict=True):
        reference = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int)
        reference.update_batch(shingler.batch([text])[0].tolist())
        assert np.array_equal(reference.hashvalues, row)
    assert has.all()


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 0), (256, 42)])
def test_permutations_are_datasketchs_own(num_perm: int, seed: int) -> None:
    a, b = permutations(MinHashSettings(num_perm=num_perm, seed=seed))
    reference_a, reference_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    assert np.array_equal(a, reference_a) and np.array_equal(b, reference_b)


def test_jaccard_estimates_agree_with_datasketch_sha1_minhash():
    settings = MinHashSettings()
    ours, theirs, exact = [], [], []
    for changes in (2, 8, 20, 40):
        a = doc(150)
        b = mutate(a, changes)
        sig, _ = signatures([" ".join(a), " ".join(b)], settings)
        ours.append(float((sig[0] == sig[1]).mean()))
        sets = []
        for words in (a, b):
            grams = {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}
            minhash = MinHash(num_perm=settings.num_perm)
            minhash.update_batch(sorted(grams))
            theirs.append(minhash)
            sets.append(grams)
        exact.append(len(sets[0] & sets[1]) / len(sets[0] | sets[1]))
    for index, truth in enumerate(exact):
        theirs_estimate = theirs[2 * index].jaccard(theirs[2 * index + 1])
        assert abs(ours[index] - truth) < 0.12 and abs(theirs_estimate - truth) < 0.12
        assert abs(ours[index] - theirs_estimate) < 0.15


def test_enron_bodies_exact_duplicates(corpora):
    root = corpora / "emails" / "enron_berkeley" / "enron_with_categories"
    records, raw_bodies = [], {}
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        body = email.message_from_bytes(data, policy=email.policy.default).get_content()
        record = new_record(Source("email", path.relative_to(root).as_posix()), "t", "", "", body)
        records.append(record)
        raw_bodies[record.id] = data.split(b"\r\n\r\n", 1)[1]
    assert len(records) == 1702
    stage = dedup(records, fields=["output"])
    groups = Counter(raw_bodies.values())
    assert sum(n - 1 for n in groups.values() if n > 1) == 56  # documented in SOURCE.md
    kept_of = {r.id: r.rejected.kept_id if r.rejected else r.id for r in records}
    for body, n in groups.items():
        if n > 1:
            members = [rid for rid, b in raw_bodies.items() if b == body]
            assert len({kept_of[m] for m in members}) == 1  # one cluster, one kept record
    findings = stage.findings
    # Byte-identical bodies (56) plus bodies differing only in line wrapping / case.
    assert findings["exact_duplicates"] == 111
    assert findings["near_duplicates"] == 133
    assert findings["clusters"] == 183
    assert all(
        r.rejected.kept_id and "jaccard=" in r.rejected.detail for r in records if r.rejected
    )


@pytest.mark.parametrize("bad", [{"bands": 500}, {"threshold": 0}, {"fields": []}])
def test_config_rejects_bad_values(bad):
    with pytest.raises(ValueError):
        DedupConfig(**bad)
