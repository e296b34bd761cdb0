"""The readiness gate: verdicts flip as evidence changes; CLI, JUnit, HTTP baseline."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar
from xml.etree import ElementTree as ET

import pytest
from runkit import config, records, report, run_dir
from typer.testing import CliRunner

from curate.cli import app
from curate.errors import InputError
from curate.gate import evaluate
from curate.metrics import lcs_length, macro_f1, rouge_l_pair
from curate.report.models import Report


def _status(gate, name):
    return next(c for c in gate["checks"] if c["name"] == name)["status"]


def test_ready_when_criteria_1_to_3_hold_and_no_hard_stop():
    recs, cfg = records(60), config()
    gate = evaluate(recs, report(recs, cfg, {"audit": {"findings": []}}), cfg)
    assert gate["ready"], gate["checks"]
    assert _status(gate, "prompting_falls_short") == "no_evidence"


def test_too_few_train_examples_flips_the_verdict():
    recs = records(60)
    cfg = config(min_train_examples=48)
    gate = evaluate(recs, report(recs, cfg, {"audit": {"findings": []}}), cfg)
    assert _status(gate, "enough_examples") == "not_met" and not gate["ready"]
    check = next(c for c in gate["checks"] if c["name"] == "enough_examples")
    assert check["numbers"]["train"] == 48


def test_nonconforming_outputs_and_missing_spec():
    recs, cfg = records(60), config()
    for r in recs[:5]:
        r.output = "refund"
    gate = evaluate(recs, report(recs, cfg), cfg)
    check = next(c for c in gate["checks"] if c["name"] == "task_defined")
    assert check["status"] == "not_met" and check["numbers"]["conforming_share"] == 0.9167
    loose = config()
    loose.tasks["triage"].labels = None
    assert _status(evaluate(records(60), report(recs, loose), loose), "task_defined") == "not_met"


def test_metric_eval_size_and_leak_evidence():
    recs, cfg = records(60), config(min_eval_examples=13)
    assert _status(evaluate(recs, report(recs, cfg), cfg), "metric_and_eval") == "not_met"
    cfg = config()
    rep = report(recs, cfg)
    rep.findings["split"]["leak_check"] = "off"
    assert _status(evaluate(recs, rep, cfg), "metric_and_eval") == "no_evidence"
    cfg.tasks["triage"].metric = None
    assert _status(evaluate(recs, report(recs, cfg), cfg), "metric_and_eval") == "not_met"


def test_hard_stops_pii_accounting_bias():
    recs, cfg = records(60), config()
    recs[3].annotations["redact"]["residual"] = {"EMAIL_ADDRESS": 1}
    rep = report(recs, cfg, {"audit": {"findings": [{"severity": "medium"}]}})
    gate = evaluate(recs, rep, cfg)
    assert _status(gate, "pii_clean") == "not_met" and not gate["ready"]
    assert _status(gate, "bias_within_threshold") == "met"
    recs[3].annotations["redact"]["residual"] = 0
    assert evaluate(recs, rep, cfg)["ready"]
    assert not evaluate(recs, rep, config(fail_on_bias_severity="medium"))["ready"]
    rep.accounting.stages["split"].kept -= 1
    assert _status(evaluate(recs, rep, cfg), "accounting_balanced") == "not_met"
    for r in recs:
        del r.annotations["redact"]
    assert _status(evaluate(recs, report(recs, cfg), cfg), "pii_clean") == "no_evidence"


def test_baseline_required_flips_with_predictions():
    recs, cfg = records(60), config(require_baseline=True)
    rep = report(recs, cfg, {"audit": {"findings": []}})
    assert not evaluate(recs, rep, cfg)["ready"]
    evals = [r for r in recs if r.split == "eval"]
    weak = {r.id: "billing" for r in evals}
    gate = evaluate(recs, rep, cfg, weak)
    assert gate["ready"] and _status(gate, "prompting_falls_short") == "met"
    strong = {r.id: r.output for r in evals}
    gate = evaluate(recs, rep, cfg, strong)
    assert not gate["ready"] and _status(gate, "prompting_falls_short") == "not_met"


def test_metrics_by_hand():
    assert lcs_length(["a", "b", "c", "d"], ["a", "c", "d", "e"]) == 3
    assert rouge_l_pair("the cat sat", "the cat sat down") == pytest.approx(2 * 1 * 0.75 / 1.75)
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx((2 / 3 + 2 / 3) / 2)


def test_cli_gate_exit_codes_and_junit(tmp_path):
    recs, cfg = records(60), config()
    run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg, {"audit": {"findings": []}}))
    junit = tmp_path / "gate.xml"
    result = CliRunner().invoke(app, ["gate", str(run), "--junit", str(junit)])
    assert result.exit_code == 0, result.output
    suite = ET.parse(junit).getroot()
    assert suite.tag == "testsuite" and len(suite.findall("testcase")) == 7
    assert suite.get("failures") == "0" and suite.get("skipped") == "1"
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps({"id": r.id, "output": r.output}) + "\n" for r in recs))
    strict = json.loads((run / "report.json").read_text())
    strict["config"]["gate"]["require_baseline"] = True
    (run / "report.json").write_text(json.dumps(strict))
    result = CliRunner().invoke(app, ["gate", str(run / "curated.jsonl"), "--predictions",
                                      str(preds), "--junit", str(junit)])
    assert result.exit_code == 1
    failed = [c.get("name") for c in ET.parse(junit).getroot() if c.find("failure") is not None]
    assert failed == ["prompting_falls_short"]


class _ChatHandler(BaseHTTPRequestHandler):
    """Answers every chat completion with 'billing'; records what it was asked."""

    seen: ClassVar[list[dict]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, **body})
        reply = json.dumps({"choices": [{"message": {"role": "assistant",
                                                     "content": "billing"}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def test_cli_gate_with_local_openai_compatible_endpoint(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _ChatHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        recs, cfg = records(30), config(require_baseline=True)
        run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg, {"audit": {"findings": []}}))
        url = f"http://127.0.0.1:{server.server_port}/v1"
        result = CliRunner().invoke(app, ["gate", str(run), "--baseline-endpoint", url,
                                          "--model", "tiny"])
    finally:
        server.shutdown()
    evals = [r for r in recs if r.split == "eval"]
    assert result.exit_code == 0, result.output
    assert len(_ChatHandler.seen) == len(evals)
    assert {s["path"] for s in _ChatHandler.seen} == {"/v1/chat/completions"}
    assert {s["model"] for s in _ChatHandler.seen} == {"tiny"}
    assert "accuracy 0.333 vs target 0.9" in result.output


def _real_chain_report(cfg, recs):
    """A balanced report whose books hold the real stages in the pipeline's order."""
    from curate.accounting import Accounting
    from curate.pipeline import build_stages
    from curate.report import build_report

    books = Accounting()
    books.pairs = len(recs) + 5
    flowing = books.pairs
    for stage in build_stages(cfg):
        dropped = 1 if stage.name in ("redact", "quality", "dedup", "labels", "split") else 0
        book = books.stage(stage.name)
        book.into, book.kept, book.rejected = flowing, flowing - dropped, dropped
        book.reasons[f"{stage.name}.x"] = dropped
        flowing -= dropped
    books.check()
    split = {"leak_check": "move", "leaks": 0, "moved": 0, "rejected": 0,
             "threads_across": 0, "conversations_across": 0}
    return build_report(cfg, books, {"split": split, "audit": {"findings": []}}, recs)


def test_gate_rechecks_a_written_run_with_the_real_stage_chain(tmp_path):
    """report.json is written with sorted keys: the re-check must walk `stage_order`."""
    recs, cfg = records(60), config()
    rep = _real_chain_report(cfg, recs)
    order = rep.accounting.stage_order
    assert order == ["redact", "quality", "dedup", "labels", "audit", "split"]
    assert order != sorted(order)
    run = run_dir(tmp_path / "run", recs, cfg, rep)
    written = Report.model_validate_json((run / "report.json").read_text())
    assert list(written.accounting.stages) == sorted(order)
    assert written.gate.ready
    result = CliRunner().invoke(app, ["gate", str(run)])
    assert result.exit_code == 0, result.output
    assert "[met] accounting_balanced" in result.output
    written.accounting.stage_order = sorted(order)  # the chain walked alphabetically
    assert _status(evaluate(recs, written, cfg), "accounting_balanced") == "not_met"
    written.accounting.stage_order = order[:-1]
    assert _status(evaluate(recs, written, cfg), "accounting_balanced") == "not_met"
    written.accounting.stage_order = order
    assert _status(evaluate(recs, written, cfg), "accounting_balanced") == "met"
    written.accounting.records_kept += 1  # totals that disagree with the books
    assert _status(evaluate(recs, written, cfg), "accounting_balanced") == "not_met"


def test_threads_or_conversations_across_the_split_fail_the_metric_check():
    recs, cfg = records(60), config()
    rep = report(recs, cfg)
    assert _status(evaluate(recs, rep, cfg), "metric_and_eval") == "met"
    rep.findings["split"]["threads_across"] = 2
    check = next(c for c in evaluate(recs, rep, cfg)["checks"] if c["name"] == "metric_and_eval")
    assert check["status"] == "not_met" and check["numbers"]["threads_across"] == 2
    rep.findings["split"]["threads_across"] = 0
    rep.findings["split"]["conversations_across"] = 1
    assert _status(evaluate(recs, rep, cfg), "metric_and_eval") == "not_met"
    del rep.findings["split"]["conversations_across"]
    assert _status(evaluate(recs, rep, cfg), "metric_and_eval") == "no_evidence"


def test_records_held_for_review_do_not_count_as_train_examples():
    recs, cfg = records(60), config(min_train_examples=40)
    rep = report(recs, cfg, {"audit": {"findings": []}})
    assert evaluate(recs, rep, cfg)["ready"]
    for r in [r for r in recs if r.split == "train"][:10]:
        r.annotations["labels"] = {"review": "label issue"}
    check = next(c for c in evaluate(recs, rep, cfg)["checks"] if c["name"] == "enough_examples")
    assert check["status"] == "not_met"
    assert check["numbers"]["train"] == 38 and check["numbers"]["held_for_review"] == 10
    cfg.export.include_review = True
    assert _status(evaluate(recs, rep, cfg), "enough_examples") == "met"


def test_pii_clean_needs_every_kept_record_rescanned():
    recs, cfg = records(60), config()
    for r in recs:
        r.annotations["redact"] = {"residual": {}, "scanned": 4}
    check = next(c for c in evaluate(recs, report(recs, cfg), cfg)["checks"]
                 if c["name"] == "pii_clean")
    assert check["status"] == "met" and check["numbers"]["fields_scanned"] == 240
    del recs[5].annotations["redact"]
    assert _status(evaluate(recs, report(recs, cfg), cfg), "pii_clean") == "not_met"


def test_enough_examples_needs_a_stage_that_provides_quality_scores() -> None:
    recs, cfg = records(60), config()
    body = report(recs, cfg)
    assert _status(evaluate(recs, body, cfg), "enough_examples") == "met"
    del body.accounting.stages["quality"]  # no stage that provides scores.quality ran
    assert _status(evaluate(recs, body, cfg), "enough_examples") == "no_evidence"


def test_gate_and_export_of_a_finished_run_stream_a_large_set(tmp_path, monkeypatch):
    """Past the local engine's PARTITION a finished run is read from curated.jsonl on each
    pass (as the finish phase reads it), with the verdict and exports of the held list."""
    from curate.engine import local
    from curate.io import RecordFile
    from curate.runs import export_run, gate_run, load_run

    recs, cfg = records(60), config()
    run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg))
    held, streamed = tmp_path / "held", tmp_path / "streamed"
    assert isinstance(load_run(run)[0], list)
    verdict, exported = gate_run(run), export_run(run, held, force=True)
    monkeypatch.setattr(local, "PARTITION", 10)
    assert isinstance(load_run(run)[0], RecordFile)
    assert gate_run(run) == verdict
    assert export_run(run, streamed, force=True) == exported and exported["written"]
    for file in sorted(held.iterdir()):
        if file.name == "manifest.json":  # it records when it was written
            continue
        assert (streamed / file.name).read_bytes() == file.read_bytes(), file.name
    with (run / "curated.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    with pytest.raises(InputError, match="line 61 is not a curate record"):
        gate_run(run)
