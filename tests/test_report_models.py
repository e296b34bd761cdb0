"""The typed report (curate/report/models.py) and schemas/report.schema.json name the same
fields, at every level; a report the pipeline writes validates against both."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import SCHEMAS
from jsonschema import Draft202012Validator
from pydantic import ValidationError
from runkit import config, records, report, run_dir

from curate.cli import main
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.listing import SAMPLE
from curate.report.models import Book, Report

SCHEMA = json.loads((SCHEMAS / "report.schema.json").read_text())


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow `$ref`s, and take the one non-null branch of an optional field's `anyOf`."""
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            branches = [b for b in node["anyOf"] if b.get("type") != "null"]
            if len(branches) != 1:
                return node
            node = branches[0]
        else:
            return node


def disagreements(ours: dict[str, Any], theirs: dict[str, Any], path: str = "report") -> list[str]:
    """Where the models' JSON schema and the file differ in field names or required fields,
    walked together through properties, map values and list items."""
    ours_root, theirs_root = ours, theirs

    def walk(a: dict[str, Any], b: dict[str, Any], where: str) -> list[str]:
        a, b = _resolve(a, ours_root), _resolve(b, theirs_root)
        found = []
        if "properties" in a or "properties" in b:
            names_a, names_b = set(a.get("properties", {})), set(b.get("properties", {}))
            if names_a != names_b:
                found.append(f"{where}: only in the models {sorted(names_a - names_b)}, "
                             f"only in the schema {sorted(names_b - names_a)}")
            if set(a.get("required", [])) != set(b.get("required", [])):
                found.append(f"{where}: required {sorted(a.get('required', []))} in the models, "
                             f"{sorted(b.get('required', []))} in the schema")
            for name in sorted(names_a & names_b):
                found += walk(a["properties"][name], b["properties"][name], f"{where}.{name}")
        for key in ("additionalProperties", "items"):
            if isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                found += walk(a[key], b[key], f"{where}[{key}]")
        return found

    return walk(ours, theirs, path)


def _models_schema() -> dict[str, Any]:
    return Report.model_json_schema(by_alias=True)


def test_models_and_schema_name_the_same_fields_at_every_level():
    assert disagreements(_models_schema(), SCHEMA) == []


def test_a_field_in_only_one_of_them_is_a_disagreement():
    schema = copy.deepcopy(SCHEMA)
    schema["$defs"]["book"]["properties"]["moved"] = {"$ref": "#/$defs/count"}
    assert disagreements(_models_schema(), schema) == [
        "report.accounting.sources[additionalProperties]: only in the models [], "
        "only in the schema ['moved']",
        "report.accounting.stages[additionalProperties]: only in the models [], "
        "only in the schema ['moved']"]
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["dataset"]["required"].remove("labels")
    assert disagreements(_models_schema(), schema) == [
        "report.dataset: required ['labels', 'records', 'source_kinds', 'splits', 'tasks'] in "
        "the models, ['records', 'source_kinds', 'splits', 'tasks'] in the schema"]

    class Wider(Report):
        reviewed: int

    assert disagreements(Wider.model_json_schema(by_alias=True), SCHEMA) == [
        "report: only in the models ['reviewed'], only in the schema []",
        "report: required ['accounting', 'config', 'config_sha256', 'dataset', 'exports', "
        "'findings', 'gate', 'pii', 'reviewed', 'schema_version', 'scores', 'tool_version'] in "
        "the models, ['accounting', 'config', 'config_sha256', 'dataset', 'exports', "
        "'findings', 'gate', 'pii', 'schema_version', 'scores', 'tool_version'] in the schema"]


def _written_report(tmp_path) -> dict[str, Any]:
    """A report as the pipeline writes it: body, gate verdict, exports, through JSON."""
    recs, cfg = records(60), config()
    body = report(recs, cfg, {"audit": {"findings": [{"severity": "low", "check": "x"}]}})
    gate = evaluate(recs, body, cfg)
    full = Report.model_validate({**body.to_json(), "gate": gate,
                                  "exports": write_exports(recs, cfg, tmp_path, gate["ready"])})
    return json.loads(json.dumps(full.to_json()))


def test_a_written_report_validates_against_the_schema_and_parses_losslessly(tmp_path):
    written = _written_report(tmp_path)
    Draft202012Validator(SCHEMA).validate(written)
    parsed = Report.model_validate(written)
    assert parsed.to_json() == written
    assert parsed.gate.ready and parsed.exports.written and parsed.exports.formats
    assert parsed.accounting.stages["quality"].into == 62
    assert parsed.audit_findings is not None
    assert parsed.audit_findings.findings[0].severity == "low"
    assert parsed.split_findings.leak_check == "move"


def test_the_models_refuse_what_the_schema_refuses(tmp_path):
    written = _written_report(tmp_path)
    unbounded = copy.deepcopy(written)  # a listing's sample longer than SAMPLE
    unbounded["exports"]["formats"]["openai"]["skipped_ids"]["train"] = {
        "count": SAMPLE + 1, "sample": [{"id": str(k), "reason": "export.empty_content"}
                                        for k in range(SAMPLE + 1)], "file": "x.jsonl"}
    for broken in ({**written, "schema_version": 2}, {**written, "config_sha256": "not-hex"},
                   {key: value for key, value in written.items() if key != "gate"}, unbounded):
        assert not Draft202012Validator(SCHEMA).is_valid(broken)
        with pytest.raises(ValidationError):
            Report.model_validate(broken)
    with pytest.raises(ValidationError):
        Book.model_validate({"in": -1, "kept": 0, "rejected": 0, "reasons": {}})


def test_a_report_json_that_does_not_fit_is_one_line_and_exit_3(tmp_path, capsys):
    recs, cfg = records(60), config()
    run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg))
    written = json.loads((run / "report.json").read_text())
    written["accounting"]["records_kept"] = "many"
    (run / "report.json").write_text(json.dumps(written))
    with pytest.raises(SystemExit) as exit_info:
        main(["gate", str(run)])
    assert exit_info.value.code == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "is not a curate report: accounting.records_kept:" in err
