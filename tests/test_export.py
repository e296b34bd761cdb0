"""Trainer exports: each format's lines validated structurally, problems skipped with reasons."""

from __future__ import annotations

import json

import pytest
from runkit import config, records, report, run_dir
from typer.testing import CliRunner

from curate.cli import app
from curate.export import EXPORTERS, write_exports
from curate.export.base import ExportProblem
from curate.export.tokens import count_tokens


def _read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _chat(msgs, role="role", content="content"):
    return [(m[role], m[content]) for m in msgs]


def _roles_alternate(roles):
    return roles == ["user", "assistant"] * (len(roles) // 2) and len(roles) % 2 == 0


def _multi_turn():
    rec = records(1)[0]
    rec.turns = [{"role": "user", "content": "first question"},
                 {"role": "assistant", "content": "first answer"},
                 {"role": "user", "content": "second question"}]
    rec.output = "second answer"
    return rec


SHAPES = {
    "openai": lambda line: _chat(line["messages"]),
    "trl": lambda line: _chat(line["messages"]),
    "axolotl": lambda line: _chat(line["messages"]),
    "trl_prompt_completion": lambda line: _chat(line["prompt"] + line["completion"]),
    "sharegpt": lambda line: [({"human": "user", "gpt": "assistant", "system": "system"}[m["from"]],
                               m["value"]) for m in line["conversations"]],
    "llamafactory_sharegpt": lambda line: [({"human": "user", "gpt": "assistant"}[m["from"]],
                                            m["value"]) for m in line["conversations"]],
    "gemini": lambda line: [({"model": "assistant", "user": "user"}[c["role"]],
                             c["parts"][0]["text"]) for c in line["contents"]],
    "bedrock_claude": lambda line: _chat(line["messages"]),
    "bedrock_nova": lambda line: [(m["role"], m["content"][0]["text"]) for m in line["messages"]],
}


@pytest.mark.parametrize("fmt", sorted(SHAPES))
def test_chat_formats_keep_alternation_and_turns(fmt, tmp_path):
    cfg = config()
    cfg.export.system_prompt = "You triage tickets."
    rec = _multi_turn()
    line = EXPORTERS.load(fmt)(cfg).line(rec)
    chat = [pair for pair in SHAPES[fmt](line) if pair[0] != "system"]
    assert _roles_alternate([role for role, _ in chat])
    assert chat[-1] == ("assistant", "second answer") and chat[1] == ("assistant", "first answer")
    assert chat[0][1].startswith("Classify the ticket.\n\nfirst question")
    assert all(text.strip() for _, text in chat)
    system = {"gemini": lambda: line["systemInstruction"]["parts"][0]["text"],
              "bedrock_claude": lambda: line["system"],
              "bedrock_nova": lambda: line["system"][0]["text"],
              "llamafactory_sharegpt": lambda: line["system"]}.get(fmt)
    assert (system() if system else SHAPES[fmt](line)[0][1]) == "You triage tickets."


def test_specific_shapes():
    cfg = config()
    rec = records(1)[0]
    nova = EXPORTERS.load("bedrock_nova")(cfg).line(rec)
    assert nova["schemaVersion"] == "bedrock-conversation-2024" and "system" not in nova
    assert EXPORTERS.load("alpaca")(cfg).line(rec) == {
        "instruction": "Classify the ticket.", "input": rec.input, "output": "billing"}
    history = EXPORTERS.load("llamafactory_alpaca")(cfg).line(_multi_turn())
    assert history["history"] == [["Classify the ticket.\n\nfirst question", "first answer"]]
    assert (history["instruction"], history["output"]) == ("second question", "second answer")
    with pytest.raises(ExportProblem) as err:
        EXPORTERS.load("alpaca")(cfg).line(_multi_turn())
    assert err.value.reason == "export.multi_turn"


@pytest.mark.parametrize(("change", "fmt", "reason"), [
    (lambda r: setattr(r, "output", "   "), "openai", "export.empty_content"),
    (lambda r: setattr(r, "turns", [{"role": "assistant", "content": "hi"}]), "openai",
     "export.role_order"),
    (lambda r: setattr(r, "turns", [{"role": "user", "content": "a"},
                                    {"role": "user", "content": "b"}]), "gemini",
     "export.role_order"),
    (lambda r: setattr(r, "input", "Bot: hello"), "bedrock_nova", "export.reserved_string"),
    (lambda r: setattr(r, "input", "word " * 33_000), "bedrock_claude", "export.token_limit"),
])
def test_backend_rules_reject_with_reason(change, fmt, reason):
    rec = records(1)[0]
    change(rec)
    with pytest.raises(ExportProblem) as err:
        EXPORTERS.load(fmt)(config()).line(rec)
    assert err.value.reason == reason
    assert "hello" not in err.value.detail


def test_token_counts_come_from_a_bundled_vocabulary():
    assert count_tokens("hello world") == 2
    assert count_tokens("word" + " word" * 999) == 1000


def test_write_exports_files_sidecar_card_and_gate(tmp_path):
    recs, cfg = records(30), config()
    recs[4].output = ""
    assert not write_exports(recs, cfg, tmp_path, ready=False)["written"]
    assert not list(tmp_path.iterdir())
    summary = write_exports(recs, cfg, tmp_path, ready=True,
                            formats=["openai", "llamafactory_alpaca", "llamafactory_sharegpt"])
    assert summary["formats"]["openai"]["lines"] == {"train": 23, "eval": 6}
    assert summary["formats"]["openai"]["skipped"] == {"export.empty_content": 1}
    lines = _read(tmp_path / "train.openai.jsonl")
    ids = _read(tmp_path / "train.openai.ids.jsonl")
    assert all(set(line) == {"messages"} for line in lines)
    assert [i["line"] for i in ids] == list(range(23)) and ids[0]["id"] == recs[1].id
    assert set(ids[0]["scores"]) == {"flesch", "quality"}
    info = json.loads((tmp_path / "dataset_info.json").read_text())
    assert info["train.llamafactory_sharegpt"]["formatting"] == "sharegpt"
    assert info["eval.llamafactory_alpaca"]["file_name"] == "eval.llamafactory_alpaca.jsonl"
    card = (tmp_path / "README.md").read_text()
    assert card.startswith("---\n") and "config_name: openai" in card and "gate-passed" in card


def test_cli_export_refuses_until_forced(tmp_path):
    recs, cfg = records(30), config(min_train_examples=1000)
    run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg, {"audit": {"findings": []}}))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(run), "--format", "gemini", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    forced = ["export", str(run), "-f", "gemini", "-o", str(out), "--force"]
    result = CliRunner().invoke(app, forced)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["forced"] is True and manifest["ready"] is False
    assert {o["path"] for o in manifest["outputs"]} >= {"train.gemini.jsonl", "README.md"}
    assert "NOT READY" in (out / "README.md").read_text()
    assert all(set(line) == {"contents"} for line in _read(out / "eval.gemini.jsonl"))
    bad = CliRunner().invoke(app, ["export", str(run), "-f", "nope", "-o", str(out)])
    assert bad.exit_code != 0
