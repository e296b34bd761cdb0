"""Trainer exports: each format's lines validated structurally, problems skipped with reasons."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml
from runkit import branch_record, config, records, report, run_dir, thread_records
from typer.testing import CliRunner

from curate.cli import app, main
from curate.export.base import ExportProblem
from curate.export.targets import Targets, sharing
from curate.export.tokens import count_tokens
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.io import RecordFile, write_records
from curate.registries import EXPORTERS
from curate.replies import reply_hashes


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


FLAT_SHAPES = ("alpaca", "llamafactory_alpaca")
"""The formats without chat turns, whose shapes `test_specific_shapes` checks."""


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


def _replies(fmt, line):
    """The assistant replies a consumer trains on in `line`, with its default settings."""
    if fmt in ("openai", "trl", "axolotl", "bedrock_claude"):
        return [m["content"] for m in line["messages"] if m["role"] == "assistant"
                and m.get("weight", 1) != 0 and m.get("training", True)]
    if fmt == "trl_prompt_completion":
        return [line["completion"][0]["content"]]
    if fmt in ("alpaca", "llamafactory_alpaca"):
        return [pair[1] for pair in line.get("history", [])] + [line["output"]]
    if fmt == "gemini":
        return [c["parts"][0]["text"] for c in line["contents"] if c["role"] == "model"]
    if fmt == "bedrock_nova":
        return [m["content"][0]["text"] for m in line["messages"] if m["role"] == "assistant"]
    return [m["value"] for m in line["conversations"] if m["from"] == "gpt"]


def _thread_with_branch():
    recs = thread_records(4)
    branch = branch_record(0)
    for r in [*recs, branch]:
        r.split = "train"
    return [*recs, branch]


@pytest.mark.parametrize("fmt", EXPORTERS.builtin_names())
def test_each_reply_is_a_loss_target_in_one_line_only(fmt, tmp_path):
    recs = _thread_with_branch()
    summary = write_exports(recs, config(), tmp_path, ready=True, formats=[fmt])
    trained = Counter(reply for line in _read(tmp_path / f"train.{fmt}.jsonl")
                      for reply in _replies(fmt, line))
    assert trained and max(trained.values()) == 1, trained
    every = {r.output for r in recs}
    skipped = summary["formats"][fmt]["skipped"]
    exporter = EXPORTERS.load(fmt)
    if fmt in ("openai", "trl_prompt_completion"):
        assert set(trained) == every  # weight 0 or completion-only: nothing lost
    elif exporter.trains == "every" and exporter.loss_key is None:
        assert set(trained) == every - {"an answer on another branch"}
        assert skipped.get("export.shared_reply") == 1
    if fmt == "openai":
        assistants = [m for line in _read(tmp_path / "train.openai.jsonl")
                      for m in line["messages"] if m["role"] == "assistant"]
        assert all(m["weight"] in (0, 1) for m in assistants)
        assert [m for m in assistants if m["weight"] == 0] == [
            {"role": "assistant", "content": "answer 0 in thread 0", "weight": 0}]
    if exporter.trains == "every":
        assert skipped.get("export.contained") == 8  # the two shorter pairs of each thread
    if fmt == "alpaca":
        assert set(trained) == {r.output for r in recs if len(r.turns) == 2}


def test_records_held_for_review_stay_out_unless_included(tmp_path):
    recs, cfg = records(30), config()
    for r in recs[:7]:  # records 0 and 5 are eval
        r.annotations["labels"] = {"review": "label issue"}
    summary = write_exports(recs, cfg, tmp_path, ready=True, formats=["openai"])
    assert summary["held_for_review"] == {"train": 5, "eval": 2}
    exported = {i["id"] for split in ("train", "eval")
                for i in _read(tmp_path / f"{split}.openai.ids.jsonl")}
    assert exported == {r.id for r in recs[7:]}
    assert "`export.held_for_review`): train 5, eval 2" in (tmp_path / "README.md").read_text()
    cfg.export.include_review = True
    summary = write_exports(recs, cfg, tmp_path, ready=True, formats=["openai"])
    assert summary["held_for_review"] == {"train": 0, "eval": 0}
    assert summary["formats"]["openai"]["lines"] == {"train": 24, "eval": 6}


@pytest.mark.parametrize("system", [None, "You triage tickets."])
def test_dataset_info_declares_only_columns_every_line_has(system, tmp_path):
    recs, cfg = [*records(20), _multi_turn()], config()
    cfg.export.system_prompt = system
    write_exports(recs, cfg, tmp_path, ready=True,
                  formats=["llamafactory_alpaca", "llamafactory_sharegpt"])
    info = json.loads((tmp_path / "dataset_info.json").read_text())
    for name, entry in info.items():
        lines = _read(tmp_path / entry["file_name"])
        declared = set(entry["columns"].values())
        assert all(declared <= set(line) for line in lines), name
        assert ("system" in declared) == (system is not None)
    assert info["train.llamafactory_alpaca"]["columns"]["history"] == "history"


def test_card_default_config_and_skips_per_split(tmp_path):
    recs, cfg = records(30), config()
    recs[0].output = recs[1].output = recs[2].output = ""  # record 0 is eval, 1 and 2 train
    write_exports(recs, cfg, tmp_path, ready=True, formats=["alpaca", "openai"])
    card = (tmp_path / "README.md").read_text()
    front = yaml.safe_load(card.split("---\n")[1])
    assert [c.get("default", False) for c in front["configs"]] == [True, False]
    assert "| alpaca | eval | `eval.alpaca.jsonl` | 5 | export.empty_content: 1 |" in card
    assert "| alpaca | train | `train.alpaca.jsonl` | 22 | export.empty_content: 2 |" in card


def test_cli_export_out_must_be_a_folder(tmp_path, capsys):
    recs, cfg = records(30), config()
    run = run_dir(tmp_path / "run", recs, cfg, report(recs, cfg, {"audit": {"findings": []}}))
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(run), "-o", str(tmp_path / "single.jsonl")])
    assert exit_info.value.code == 2 and not (tmp_path / "single.jsonl").exists()
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "'--out'" in err and "pass a folder" in err


def test_a_set_read_from_its_file_pass_by_pass_gives_what_the_list_gives(tmp_path):
    """The finish phase of a large set reads curated.jsonl again on each pass (`RecordFile`)
    instead of holding it: the report, the gate verdict and every export file are the same."""
    recs = [*records(30), *_thread_with_branch()]
    recs[4].output = ""
    for r in recs[:7]:
        r.annotations["labels"] = {"review": "label issue"}
    write_records(tmp_path / "curated.jsonl", recs)
    on_disk = RecordFile(tmp_path / "curated.jsonl")
    cfg = config(min_train_examples=1000)
    rep = report(recs, cfg)
    assert report(on_disk, cfg) == rep and len(on_disk) == len(recs)
    verdict = evaluate(recs, rep, cfg)
    assert evaluate(on_disk, rep, cfg) == verdict and not verdict["ready"]
    held, read = tmp_path / "held", tmp_path / "read"
    formats = EXPORTERS.builtin_names()
    summary = write_exports(recs, cfg, held, ready=False, forced=True, formats=formats)
    assert write_exports(on_disk, cfg, read, ready=False, forced=True, formats=formats) == summary
    assert summary["held_for_review"] == {"train": 5, "eval": 2}
    written = sorted(p.name for p in held.iterdir())
    assert written == sorted(p.name for p in read.iterdir()) and "README.md" in written
    assert all((held / name).read_bytes() == (read / name).read_bytes() for name in written)


@pytest.mark.parametrize("every", [True, False])
def test_targets_hold_only_records_that_share_a_reply_and_judge_as_over_all(every):
    alone = records(6)
    for n, record in enumerate(alone):
        record.output = f"a reply no other record holds, {n}"
    threads = _thread_with_branch()
    recs = [*threads, *alone]
    shared = sharing(recs)
    assert set(shared) == {r.id for r in threads}, "the threads and the branch share replies"
    hashes = {r.id: reply_hashes(r) for r in recs}  # the reference: every record's hashes
    owner: dict[str, str] = {}
    for rid in sorted(hashes, key=lambda i: (-len(hashes[i]), i)):
        for digest in hashes[rid] if every else hashes[rid][-1:]:
            owner.setdefault(digest, rid)
    targets = Targets.of(shared, every)
    for rid, found in hashes.items():
        assert targets.elsewhere(rid) == {k for k, d in enumerate(found)
                                          if owner.get(d, rid) != rid}, rid
    assert any(targets.elsewhere(r.id) for r in threads)
