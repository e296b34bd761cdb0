"""The split stage: seeded, stratified, clusters kept together, leaks moved or rejected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from runkit import LABELS, records, thread_records

from curate.config import validate_config
from curate.engine.base import apply_stage
from curate.stages.base import StageContext
from curate.stages.key_tables import look_up
from curate.stages.split import SplitStage
from curate.stages.split_groups import node


def _stage(seed: int = 3, **options) -> SplitStage:
    cfg = validate_config({"seed": seed, "tasks": {"triage": {"instruction": "x"}},
                           "stages": {"split": options}}, Path.cwd())
    return SplitStage(cfg.stage_config("split"), StageContext.of(cfg))


def _split(recs, **options):
    for r in recs:
        r.split = None
    stage = _stage(**{"leak_action": "off", **options})
    result = apply_stage(stage, recs)
    return result, stage.findings


def test_stratified_fraction_and_every_record_assigned():
    recs = records(300)
    result, findings = _split(recs, eval_fraction=0.2, min_eval=0)
    evals = [r for r in result.kept if r.split == "eval"]
    assert {r.split for r in result.kept} == {"train", "eval"}
    assert len(evals) == 60 and findings["eval"] == 60 and findings["train"] == 240
    assert Counter(r.label for r in evals) == dict.fromkeys(LABELS, 20)


def test_same_seed_same_split_other_seed_differs():
    first = {r.id: r.split for r in _split(records(200))[0].kept}
    again = {r.id: r.split for r in _split(records(200))[0].kept}
    for r in (other := records(200)):
        r.split = None
    apply_stage(_stage(seed=99, leak_action="off"), other)
    assert first == again
    assert first != {r.id: r.split for r in other}


def test_min_eval_raises_eval_but_never_past_half():
    _, findings = _split(records(40), eval_fraction=0.05, min_eval=12)
    assert findings["eval"] == 12
    _, findings = _split(records(10), eval_fraction=0.05, min_eval=100)
    assert findings["eval"] == 5


def test_a_small_task_split_about_half_and_half_is_warned_with_what_it_needs():
    _, findings = _split(records(40), eval_fraction=0.1, min_eval=100)
    assert findings["eval"] == 20
    assert findings["warnings"] == [
        "task 'triage': 40 records split about 50/50 (20 train, 20 eval): "
        "stages.split.min_eval 100 is capped at half the task; eval_fraction 0.1 gives 100 "
        "eval from 1000 records, or lower stages.split.min_eval"]
    _, findings = _split(records(40), eval_fraction=0.1, min_eval=12)  # 12 of 40: no warning
    assert "warnings" not in findings
    _, findings = _split(records(40), eval_fraction=0.5, min_eval=0)  # asked for: no warning
    assert "warnings" not in findings


def test_duplicate_clusters_never_straddle():
    recs = records(120)
    for i, r in enumerate(recs):
        r.annotations["dedup"] = {"input_cluster": f"c{i // 6}"} if i % 2 else {"cluster": i // 4}
    result, findings = _split(recs, eval_fraction=0.3, min_eval=0)
    sides: dict[str, set[str]] = {}
    for r in result.kept:
        dedup = r.annotations["dedup"]
        key = f"i{dedup['input_cluster']}" if "input_cluster" in dedup else f"c{dedup['cluster']}"
        sides.setdefault(key, set()).add(r.split)
    assert all(len(s) == 1 for s in sides.values())
    assert findings["largest_group"] == 3 and findings["eval"] > 0


@pytest.mark.parametrize("action", ["move", "reject"])
def test_leaked_eval_records_leave_eval(action):
    recs = records(60)
    for i, r in enumerate(recs):  # near-duplicates, yet no two conversations alike
        r.input = (f"the same long ticket text about a refund for order number {i % 2} please "
                   "because the invoice for this month was charged twice to the card on file "
                   f"and the customer would like the second charge reversed soon, case {i}")
        r.annotations["dedup"] = {}
    result, findings = _split(recs, leak_action=action, eval_fraction=0.2, min_eval=0)
    assert findings["leaks"] > 0
    kept_eval = [r for r in result.kept if r.split == "eval"]
    if action == "move":
        assert findings["moved"] > 0 and not result.rejected
    else:
        assert len(result.rejected) == findings["rejected"] > 0
        assert {r.rejected.reason for r in result.rejected} == {"split.leak"}
    assert len(kept_eval) < 12


def test_partitions_do_not_change_the_result():
    recs = records(90)
    for i, r in enumerate(recs):
        r.input = f"the same long ticket text about a refund for order number {i % 7} please"
        r.annotations["dedup"] = {"cluster": i // 5} if i % 3 else {}
    expected = [r.to_json() for r in apply_stage(_stage(leak_action="reject"), recs).kept]
    for r in recs:
        r.split, r.rejected = None, None
    stage = _stage(leak_action="reject")
    parts = [recs[i : i + 13] for i in range(0, len(recs), 13)]
    decision = stage.decide(lambda fn: [fn(part) for part in parts])
    out = [r for part in parts for r in stage.apply(part, decision)]
    assert [r.to_json() for r in out if r.rejected is None] == expected
    assert stage.findings["rejected"] > 0


def test_threads_and_contained_conversations_never_straddle():
    recs = thread_records(40)
    result, findings = _split(recs, eval_fraction=0.3, min_eval=0)
    sides: dict[str, set[str]] = {}
    for r in result.kept:
        sides.setdefault(r.id[:10], set()).add(r.split)
    assert len(sides) == 40 and all(len(s) == 1 for s in sides.values())
    assert findings["eval"] > 0 and findings["largest_group"] == 3
    assert findings["threads_across"] == 0 and findings["conversations_across"] == 0


def test_branches_sharing_a_reply_stay_together():
    recs = thread_records(30, depth=2)
    for r in recs[1::2]:  # the second reply of each thread branches: same start, other end
        r.turns[-1]["content"] = r.output = f"another ending {r.id}"
        r.meta = {}
    result, _ = _split(recs, eval_fraction=0.3, min_eval=0)
    assert all(a.split == b.split for a, b in zip(result.kept[::2], result.kept[1::2], strict=True))


def test_across_counts_threads_and_shared_replies_on_the_final_sides():
    from curate.stages.split import across

    recs = thread_records(2)
    sides = {r.id: "train" for r in recs}
    scan = lambda fn: [fn(recs[:4]), fn(recs[4:])]  # noqa: E731
    side = lambda part: [sides[r.id] for r in part]  # noqa: E731
    assert across(scan, side) == {"threads_across": 0, "conversations_across": 0}
    sides[recs[0].id] = sides[recs[5].id] = "eval"  # thread 0's first pair, thread 1's last
    assert across(scan, side) == {"threads_across": 1, "conversations_across": 2}


def test_the_cut_refined_bucket_by_bucket_gives_the_fetched_cut(monkeypatch):
    import curate.stages.split_groups as split_groups

    recs = records(400)
    for i, r in enumerate(recs):
        r.annotations["dedup"] = {"cluster": i // 4} if i % 5 == 0 else {}
    parts = [recs[i : i + 37] for i in range(0, len(recs), 37)]

    def sides(fetch: int) -> list[str | None]:
        monkeypatch.setattr(split_groups, "FETCH", fetch)
        stage = _stage(leak_action="off", eval_fraction=0.3)
        decision = stage.decide(lambda fn: [fn(part) for part in parts])
        return [r.split for part in parts for r in stage.apply(part, decision)]

    assert sides(1) == sides(4096)
    assert 0.25 < sides(1).count("eval") / len(recs) < 0.35


def test_the_decision_holds_nothing_for_records_alone_in_their_group():
    recs = records(300)
    for i, r in enumerate(recs):
        if i < 3:
            r.annotations["dedup"], r.label = {"cluster": 7}, recs[0].label
    stage = _stage(leak_action="off")
    decision = stage.decide(lambda fn: [fn(recs[:150]), fn(recs[150:])])
    assert decision.sides.grouping.names == [] and decision.rejects == {}
    group = node(recs[0])
    assert [e for e in look_up(decision.sides.multi, [node(r) for r in recs]) if e] == \
        [(recs[0].label or "", 3)] * 3
    assert len(decision.sides.multi) == 1 and len(decision.sides.cuts) == len({r.label for r in recs})
    assert [p.group for p in decision.sides.places(recs[:4])] == [group] * 3 + [node(recs[3])]


def test_chains_of_links_across_buckets_form_one_group_partitioned_or_not(tmp_path, monkeypatch):
    """Two chains of 24 rows, each one group only through 23 links that alternate between
    a thread and a shared conversation, in a shuffled file: read whole, and partition by
    partition from disk with the links' rows spread over the shuffle's buckets."""
    import json

    from support_pairs import chain_config, write_chains

    import curate.engine.local as local
    from curate.pipeline import run_pipeline
    from curate.stages.split_groups import bucket

    write_chains(tmp_path / "chains.jsonl", chains=2, length=24, singles=100, seed=5)
    config = validate_config(chain_config(["chains.jsonl"], {"batch_size": 16}), tmp_path)
    whole = run_pipeline(config, tmp_path / "whole").report["findings"]["split"]
    monkeypatch.setattr(local, "PARTITION", 20)  # 148 records: 8 partitions, 8 buckets
    parted = run_pipeline(config, tmp_path / "parted").report["findings"]["split"]
    curated = (tmp_path / "whole" / "curated.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "parted" / "curated.jsonl").read_text(encoding="utf-8") == curated
    assert parted == whole and whole["largest_group"] == 24 and whole["groups"] == 102
    assert whole["threads_across"] == whole["conversations_across"] == 0
    sides: dict[str, set[str]] = {}
    for line in curated.splitlines():
        record = json.loads(line)
        sides.setdefault(record["meta"]["thread"].split(" thread")[0], set()).add(record["split"])
    assert sides["chain 0"] in ({"train"}, {"eval"}) and sides["chain 1"] in ({"train"}, {"eval"})
    assert {"train", "eval"} <= set().union(*sides.values())
    threads = {f"support\x00thread:chain 0 thread {k}" for k in range(12)}
    assert len({bucket(link) % 8 for link in threads}) > 3  # the chain crosses buckets
