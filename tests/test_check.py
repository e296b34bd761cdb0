"""`curate check`: every mistake a config holds, found before any work, one line each (#18)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from test_run_directory import cli

from curate.check import check_data, check_file
from curate.pii.entities import ENTITIES, closest_entity

REPO = Path(__file__).parent.parent
SAMPLE = REPO / "sample_data"


def mixed(tmp_path: Path, **changes: object) -> Path:
    """A mixed config (emails, tickets, contracts) over the sample data, with `changes`."""
    for name in ("emails", "tickets", "contracts"):
        shutil.copytree(SAMPLE / name, tmp_path / name)
    data = yaml.safe_load((SAMPLE / "curate.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "curate.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_sample_config_has_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = cli(["check", str(SAMPLE / "curate.yaml")], capsys)
    assert code == 0, err
    assert "0 errors" in err and "ready to run" in err


def test_every_mistake_is_listed_at_once_naming_key_and_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    data = yaml.safe_load((SAMPLE / "curate.yaml").read_text(encoding="utf-8"))
    path = mixed(
        tmp_path,
        tasks={**data["tasks"], "triage": {"instruction": "Classify.", "output": "label",
                                           "metric": "accuracy"}},
        sources=[*data["sources"],
                 {"kind": "tickets", "path": "emails", "task": "support_reply"},
                 {"kind": "pairs", "path": "empty.jsonl", "task": "support_reply"},
                 {"kind": "contracts", "path": "contracts", "task": "triage"}],
        stages={**data["stages"], "redact": {"entities": ["PERSON", "EMAIL"]}},
    )
    code, err = cli(["check", str(path)], capsys)
    errors = [line for line in err.splitlines() if line.startswith("config error")]
    assert code == 2
    assert "Traceback" not in err
    by_key = {line.split("'")[1]: line for line in errors}
    assert set(by_key) == {"stages.redact.entities[1]", "tasks.triage.labels",
                           "sources[3].path", "sources[4].path"}, err
    assert "did you mean 'EMAIL_ADDRESS'?" in by_key["stages.redact.entities[1]"]
    assert "add labels: [...], e.g. [" in by_key["tasks.triage.labels"]
    assert "termination" in by_key["tasks.triage.labels"]  # offered from the contract taxonomy
    assert "holds no ticket tables" in by_key["sources[3].path"]
    assert "is empty" in by_key["sources[4].path"]
    assert "4 errors" in err


def test_run_stops_before_any_work_on_an_entity_typo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mixed(tmp_path, stages={"redact": {"entities": ["PERSON", "EMAIL"]}})
    code, err = cli(["run", str(path), "--out", str(tmp_path / "run")], capsys)
    assert code == 2
    assert err.startswith("Error: config error at 'stages.redact.entities[1]'")
    assert not (tmp_path / "run").exists()


def test_unknown_keys_name_the_closest_allowed_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mixed(tmp_path, sorces=[], gate={"min_train_exampels": 5})
    code, err = cli(["check", str(path)], capsys)
    assert code == 2
    assert "'sorces': unknown key; did you mean 'sources'?" in err
    assert "'gate.min_train_exampels': unknown key; did you mean 'min_train_examples'?" in err
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"][0]["options"]["max_turn"] = 2
    data["stages"] = {"qualty": {}}
    data.pop("sorces")
    data["gate"] = {"min_train_examples": 5}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, err = cli(["run", str(path), "--out", str(tmp_path / "run")], capsys)
    assert code == 2
    assert "'sources[0].options.max_turn': unknown key; did you mean 'max_turns'?" in err
    assert "'stages.qualty': unknown stage; did you mean 'quality'?" in err
    assert all(line.startswith("Error: ") for line in err.splitlines())


def test_a_hash_without_its_key_in_the_environment_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CURATE_PII_KEY", raising=False)
    path = mixed(tmp_path, stages={"redact": {"placeholders": "keyed_hash"}})
    assert [e.key for e in check_file(path).errors] == ["stages.redact.hash_key_env"]
    monkeypatch.setenv("CURATE_PII_KEY", "k")
    assert not check_file(path).errors


def test_a_fifo_named_like_a_table_is_unreadable(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pairs.jsonl")
    checked = check_data({"tasks": {"t": {"instruction": "x"}},
                          "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "t"}]},
                         tmp_path)
    assert [e.key for e in checked.errors] == ["sources[0].path"]
    assert "cannot be read (a FIFO" in checked.errors[0].problem


def test_a_source_whose_outputs_are_not_labels_cannot_serve_a_label_task(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLE / "curate.yaml").read_text(encoding="utf-8"))
    data["sources"][0]["task"] = "clause_type"  # e-mails: the outputs are replies
    data["sources"][2]["task"] = "support_reply"  # contracts: the outputs are clause types
    checked = check_data(data, SAMPLE)
    assert [(e.key, e.problem) for e in checked.errors] == [
        ("sources[0].task", "emails outputs are not labels, but task 'clause_type' has "
                            "output: label (no output would conform)")]
    assert "set tasks.support_reply.output: label" in next(
        w.fix for w in checked.warnings if w.key == "sources[2].task")


def test_a_fifo_inside_a_source_folder_is_never_opened(tmp_path: Path) -> None:
    (tmp_path / "tickets").mkdir()
    os.mkfifo(tmp_path / "tickets" / "a.csv")  # opening it for reading would block forever
    (tmp_path / "tickets" / "b.csv").write_text("customer_message,agent_response\nq,a\n",
                                                encoding="utf-8")
    checked = check_data({"tasks": {"t": {"instruction": "x"}},
                          "sources": [{"kind": "tickets", "path": "tickets", "task": "t"}],
                          "gate": {"min_train_examples": 5}}, tmp_path)
    assert not checked.errors
    assert "at most 1 items" in next(w.problem for w in checked.warnings if w.key == "tasks.t")


def test_a_file_its_ingestor_does_not_read_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# not a contract\n", encoding="utf-8")
    checked = check_data({"tasks": {"t": {"instruction": "x"}},
                          "sources": [{"kind": "contracts", "path": "notes.md", "task": "t"}]},
                         tmp_path)
    assert [e.key for e in checked.errors] == ["sources[0].path"]
    assert "not one of the contract files" in checked.errors[0].problem


def test_warnings_say_what_the_gate_cannot_reach(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(json.dumps({"input": f"q{i}", "output": "a b c"}) + "\n" for i in range(30))
    (tmp_path / "pairs.jsonl").write_text(rows, encoding="utf-8")
    data = {"tasks": {"t": {"instruction": "Answer.", "max_output_words": 50}},
            "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "t"}],
            "stages": {"split": {"leak_action": "off"}, "audit": {"enabled": False}},
            "gate": {"min_train_examples": 100, "min_eval_examples": 20}}
    checked = check_data(data, tmp_path)
    assert not checked.errors
    found = {w.key: w for w in checked.warnings}
    assert set(found) == {"tasks.t.metric", "stages.split.leak_action", "stages.audit.enabled",
                          "gate.min_train_examples", "gate.min_eval_examples"}
    # 30 rows: the split keeps at most 15 for eval (half the task), 15 for train
    assert "at most 15 train records; more than 100" in found["gate.min_train_examples"].problem
    assert "at most 15 eval records; 20 are required" in found["gate.min_eval_examples"].problem
    assert found["tasks.t.metric"].fix == "add metric: rouge_l"
    path = tmp_path / "curate.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert cli(["check", str(path)], capsys)[0] == 0
    assert cli(["check", "--strict", str(path)], capsys)[0] == 2


def test_alpaca_with_multi_turn_sources_is_a_warning(tmp_path: Path) -> None:
    path = mixed(tmp_path, export={"formats": ["openai", "alpaca"]})
    checked = check_file(path)
    assert not checked.errors
    formats = [w for w in checked.warnings if w.key == "export.formats"]
    assert len(formats) == 1  # the e-mail source; the sample tickets have no conversation
    assert "sources[0] (emails) makes multi-turn records" in formats[0].problem
    assert "set options.max_turns: 2" in formats[0].fix
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"][0]["options"]["max_turns"] = 2
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert not [w for w in check_file(path).warnings if w.key == "export.formats"]


def test_contract_labels_missing_from_the_label_set_are_a_warning(tmp_path: Path) -> None:
    checked = check_file(mixed(tmp_path))
    labels = [w for w in checked.warnings if w.key == "tasks.clause_type.labels"]
    assert len(labels) == 1 and "insurance" in labels[0].problem


@pytest.mark.parametrize(("typed", "meant"), [
    ("EMAIL", "EMAIL_ADDRESS"), ("PHONE", "PHONE_NUMBER"), ("PERSN", "PERSON"),
    ("ssn", "US_SSN"), ("credit-card", "CREDIT_CARD"), ("IBAN", "IBAN_CODE"),
])
def test_closest_entity(typed: str, meant: str) -> None:
    assert closest_entity(typed) == meant


def test_known_entities_are_what_the_engine_reports() -> None:
    """The static list `curate check` uses is the loaded engine's, plus structural USER_ID."""
    from curate.pii.engine import analyzer

    assert set(analyzer().get_supported_entities("en")) | {"USER_ID"} == ENTITIES
