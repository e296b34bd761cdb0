"""Bias audit: datasets with a known skew are found at the right severity; a balanced one passes."""

from __future__ import annotations

import pickle
import random

from curate.record import Record, Source, new_record
from curate.stages.audit import AuditConfig, AuditStage

REPLIES = ["Your refund is on its way.", "I have updated the address.", "The invoice is attached."]
LABELS = ["billing", "shipping", "account"]
REGIONS = ["EU", "US", "APAC"]


def _record(i: int, label: str, region: str, text: str = "", output: str = "") -> Record:
    return new_record(Source("tickets", "t.csv", str(i)), "support", "Reply.",
                      text or f"Ticket {i} about my {label} question.",
                      output or REPLIES[i % len(REPLIES)], label=label, meta={"region": region})


def _balanced(n: int = 600) -> list[Record]:
    return [_record(i, LABELS[i % 3], REGIONS[(i // 3) % 3]) for i in range(n)]


def _audit(records: list[Record], **config) -> list[dict]:
    config.setdefault("attributes", ["region"])
    stage = AuditStage(AuditConfig(**config))
    out = stage.process(records)
    assert len(out) == len(records) and all(r.rejected is None for r in out)
    return stage.findings["findings"]


def _worst(findings: list[dict], check: str) -> dict:
    return next(f for f in findings if f["check"] == check)


def test_balanced_dataset_passes():
    findings = _audit(_balanced(), expected={"region": {"EU": 0.34, "US": 0.33, "APAC": 0.33}})
    assert {f["severity"] for f in findings} <= {"info", "low"}
    assert {f["check"] for f in findings} >= {"label_balance", "representation", "refusal_rate"}


def test_label_by_region_disparity_is_high():
    rng = random.Random(1)
    records = []
    for i in range(900):
        region = REGIONS[i % 3]
        skewed = region == "EU" and rng.random() < 0.7
        label = "billing" if skewed else LABELS[i % 3 if i % 2 else 1]
        records.append(_record(i, label, region))
    found = _worst(_audit(records), "label_disparity")
    assert found["severity"] == "high"
    assert found["numbers"]["label"] == "billing" and found["numbers"]["high_group"] == "EU"
    assert found["numbers"]["ratio"] < 0.8 and found["numbers"]["high_n"] == 300


def test_small_groups_are_not_over_read():
    records = _balanced(300) + [_record(1000 + i, "billing", "LATAM") for i in range(8)]
    found = _worst(_audit(records), "label_disparity")
    assert "LATAM" not in (found["numbers"]["high_group"], found["numbers"]["low_group"])


def test_refusal_heavy_outputs_are_high():
    records = _balanced(300)
    for r in records[:120]:
        r.output = "Unfortunately we can't help with that request."
    findings = _audit(records)
    found = _worst(findings, "refusal_rate")
    assert found["severity"] == "high" and found["numbers"]["refusals"] == 120
    assert records[0].annotations["audit"] == {"signals": ["refusal"]}
    assert "audit" not in records[200].annotations


def test_gendered_terms_concentrated_in_one_label():
    records = _balanced(600)
    for r in records:
        if r.label == "account":
            r.input = f"Mrs Smith says her account {r.id[:4]} is locked."
    found = _worst(_audit(records), "gendered_terms")
    assert found["where"] == "label/female" and found["severity"] == "high"
    assert found["numbers"]["high_group"] == "account"


def test_profanity_in_outputs_uses_the_shipped_list():
    records = _balanced(300)
    for r in records[:10]:
        r.output = "This is bullshit, deal with it."
    findings = _audit(records)
    found = next(f for f in findings if f["check"] == "profanity" and f["where"] == "output")
    assert found["numbers"]["matches"] == 10 and found["severity"] == "medium"


def test_expected_shares_and_imbalance():
    records = [_record(i, "billing" if i % 10 else "account", "EU" if i % 4 else "US")
               for i in range(400)]
    findings = _audit(records, expected={"region": {"EU": 0.5, "US": 0.5}}, min_class_count=50)
    assert _worst(findings, "representation")["severity"] == "high"
    assert _worst(findings, "label_balance")["numbers"]["imbalance_ratio"] == 9.0
    assert _worst(findings, "rare_classes")["numbers"]["classes"] == {"account": 40}


def test_findings_are_deterministic_and_sorted():
    first = _audit(_balanced(), attributes=["region", "source.kind", "task"])
    again = _audit(_balanced(), attributes=["region", "source.kind", "task"])
    assert first == again
    order = ["high", "medium", "low", "info"]
    ranks = [order.index(f["severity"]) for f in first]
    assert ranks == sorted(ranks)


def test_profanity_phrases_match_whole_consecutive_words():
    from curate.stages.audit_terms import profanity, tokens

    listed = profanity(frozenset())
    assert "bull shit" in listed.phrases and "jack off" in listed.phrases
    assert listed.found_in(tokens("That was Bull  Shit, frankly."))
    assert listed.found_in(tokens("jack off"))
    assert not listed.found_in(tokens("a bull, shitake mushrooms and a jacket off the hook"))
    assert not listed.found_in(tokens("bullshitting")) and listed.found_in(tokens("bullshit"))
    assert not profanity(frozenset({"bullshit"})).found_in(tokens("bullshit"))


def test_phased_passes_equal_the_one_pass_process():
    """decide + apply over two partitions (the Dask path) gives the findings and notes that
    process (signals computed once, the local path) gives."""
    records = _balanced(300)
    for r in records[::7]:
        r.output = "Unfortunately we can't refund this. Bull shit, I know."
    for r in records[::11]:
        r.input = "Mrs Jones, my wife, says this damn crap is bull shit."
    one = AuditStage(AuditConfig(attributes=["region"]))
    single = [r.to_dict() for r in one.process([Record.from_dict(r.to_dict()) for r in records])]
    phased = AuditStage(AuditConfig(attributes=["region"]))
    parts = [records[:130], records[130:]]
    decision = phased.decide(lambda fn: [fn(part) for part in parts])
    split = [r.to_dict() for part in parts for r in phased.apply(part, decision)]
    assert phased.findings == one.findings and split == single
    assert sum("audit" in r["annotations"] for r in single) == len(records[::7])


def test_the_decision_holds_tables_not_the_noted_ids():
    """The ids of noted records go to tables on disk: the decision the client holds names
    the same number of tables however many records are noted, and no id."""
    def decided(noted: int) -> bytes:
        records = _balanced(300)
        for r in records[:noted]:
            r.output = "Unfortunately we can't refund this. Bull shit, I know."
        stage = AuditStage(AuditConfig(attributes=["region"]))
        decision = stage.decide(lambda fn: [fn(records[:150]), fn(records[150:])])
        noted_ids = [r.id for r in stage.apply(records, decision) if "audit" in r.annotations]
        assert len(noted_ids) == noted
        blob = pickle.dumps(decision.tables)
        assert not any(rid.encode() in blob for rid in noted_ids)
        return blob

    assert len(decided(10)) == len(decided(250))
