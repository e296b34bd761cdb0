"""Every gate line that fails names the fix; the bias audit judges each task on its own (#18)."""

from __future__ import annotations

from runkit import config, records, report

from curate.config import CurateConfig
from curate.gate import evaluate
from curate.record import Record, Source, new_record
from curate.stages.audit import AuditConfig, AuditStage


def _line(gate: dict, name: str) -> str:
    check = next(c for c in gate["checks"] if c["name"] == name)
    assert check["status"] != "met", check
    return check["detail"]


def test_each_failing_line_names_the_config_key_to_change() -> None:
    recs = records(60)
    cfg = config(min_train_examples=48, min_eval_examples=13)
    recs[3].annotations["redact"]["residual"] = {"EMAIL_ADDRESS": 2, "PERSON": 1}
    for r in recs[:5]:
        r.output = "refund"
    gate = evaluate(recs, report(recs, cfg, {"audit": {"findings": []}}), cfg)
    assert "gate.min_train_examples" in _line(gate, "enough_examples")
    assert "gate.min_eval_examples" in _line(gate, "metric_and_eval")
    conform = _line(gate, "task_defined")
    assert "task 'triage' 91.7% conform" in conform and "gate.min_conformance" in conform
    pii = _line(gate, "pii_clean")
    assert "stages.redact.on_residual: reject" in pii and "EMAIL_ADDRESS 2, PERSON 1" in pii
    assert "gate.baseline_predictions" in _line(gate, "prompting_falls_short")

    loose = config()
    loose.tasks["triage"].labels = None
    assert "fix: add tasks.triage.labels" in _line(
        evaluate(records(60), report(records(60), loose), loose), "task_defined")
    cfg = config()
    rep = report(recs, cfg)
    rep["findings"]["split"]["leak_check"] = "off"
    assert "stages.split with leak_action: move" in _line(evaluate(recs, rep, cfg),
                                                          "metric_and_eval")
    cfg.tasks["triage"].metric = None
    assert "tasks.triage.metric" in _line(evaluate(recs, report(recs, cfg), cfg),
                                          "metric_and_eval")
    assert "stages.audit" in _line(evaluate(recs, report(recs, cfg), cfg),
                                   "bias_within_threshold")


def test_a_passing_line_carries_no_fix() -> None:
    recs, cfg = records(60), config()
    gate = evaluate(recs, report(recs, cfg, {"audit": {"findings": []}}), cfg)
    assert gate["ready"]
    assert not any("fix:" in c["detail"] for c in gate["checks"] if c["status"] == "met")


def _rec(i: int, task: str, kind: str, label: str, meta: dict | None = None) -> Record:
    return new_record(Source(kind, f"{kind}.dat", str(i)), task, "Do it.",
                      f"item {i} of {kind} for {task}", f"reply {i} about {label}", label=label,
                      meta=meta or {})


def mixed_records() -> list[Record]:
    """Three tasks that differ by design: contracts (clause types, `other` dominant),
    e-mail folders (labels '1' and '2', few), support replies from e-mails and tickets
    where one label is far more frequent in tickets than in e-mails."""
    out = [_rec(i, "clause_type", "contracts", "other") for i in range(300)]
    out += [_rec(300 + i, "clause_type", "contracts", lab)
            for i, lab in enumerate(["term", "payment", "notices", "general"] * 60)]
    out += [_rec(600 + i, "folder", "emails", str(1 + i % 2)) for i in range(10)]
    for i in range(200):
        kind = "tickets" if i % 2 else "emails"
        billing = (i % 10 < 9) if kind == "tickets" else (i % 10 == 0)
        out.append(_rec(700 + i, "support_reply", kind, "billing" if billing else "shipping",
                        {"region": "EU"} if kind == "tickets" else {}))
    return out


def _audit(recs: list[Record]) -> dict:
    stage = AuditStage(AuditConfig(attributes=["source.kind", "region"]), CurateConfig(seed=0))
    stage.process(recs)
    return stage.findings


def test_a_mixed_config_is_not_failed_for_its_tasks_differing() -> None:
    recs = [r for r in mixed_records() if r.task != "support_reply"]
    findings = _audit(recs)
    assert findings["tasks"]["clause_type"]["attributes"] == []  # one source kind, no region
    assert [f for f in findings["findings"] if f["severity"] == "high"] == []
    balance = {f["task"]: f for f in findings["findings"] if f["check"] == "label_balance"}
    # contracts: 300 'other' vs 60 of each type; the e-mail folders 5 and 5: never pooled
    assert balance["clause_type"]["numbers"]["imbalance_ratio"] == 5.0
    assert balance["folder"]["numbers"]["imbalance_ratio"] == 1.0


def test_a_skew_within_a_task_is_found_and_named_on_the_gate_line() -> None:
    findings = _audit(mixed_records())
    high = [f for f in findings["findings"] if f["severity"] == "high"]
    # region is EU on tickets and missing on e-mails: within support_reply it varies too
    assert findings["tasks"]["support_reply"]["attributes"] == ["source.kind", "region"]
    assert [(f["task"], f["check"], f["where"]) for f in high] == [
        ("support_reply", "label_disparity", "region"),
        ("support_reply", "label_disparity", "source.kind")]
    recs, cfg = records(60), config()
    line = _line(evaluate(recs, report(recs, cfg, {"audit": findings}), cfg),
                 "bias_within_threshold")
    assert line.startswith("2 of ")
    assert "task 'support_reply' label_disparity by source.kind (label 'billing'" in line
    assert "task 'support_reply' label_disparity by region (label 'billing'" in line
    assert "gate.fail_on_bias_severity" in line and "stages.audit.expected" in line


def test_per_task_audit_is_the_same_in_phased_passes() -> None:
    recs = mixed_records()
    whole = _audit(recs)
    stage = AuditStage(AuditConfig(attributes=["source.kind", "region"]), CurateConfig(seed=0))
    parts = [recs[i:i + 97] for i in range(0, len(recs), 97)]
    from curate.stages.audit import count

    stage.decide(lambda fn: [fn(p) for p in parts])
    assert stage.findings == whole
    assert set(count(stage.config, parts[0])) == {"clause_type"}
