"""The per-stage flow without a config: `curate ingest` then `curate quality` on its output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curate.cli import main

TYPES = ("Bug", "Improvement", "Task")


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def test_quality_after_ingest_keeps_classification_pairs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["id,summary,description,type"]
    for i in range(30):
        rows.append(f"J-{i},Webhook {i} fails,When the webhook number {i} fires after a project "
                    f"is renamed the payload still carries the old key and the receiver "
                    f"rejects it,{TYPES[i % 3]}")
    (tmp_path / "jira.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    raw, kept = tmp_path / "raw.jsonl", tmp_path / "quality.jsonl"
    assert cli("ingest", "tickets", str(tmp_path / "jira.csv"), "-o", str(raw),
               "-O", "id=id", "-O", "subject=summary", "-O", "customer=description",
               "-O", "agent=type", "-O", "label=type") == 0
    assert {json.loads(line)["task"] for line in raw.read_text().splitlines()} == {"task"}
    assert "items: 30 read = 0 rejected at ingest + 30 used; 30 records made" in \
        capsys.readouterr().err

    assert cli("quality", str(raw), "-o", str(kept)) == 0
    err = capsys.readouterr().err
    assert "note: task 'task' is in no config, read as a label task (3 labels)" in err
    assert "quality: 30 kept" in err
    assert len(kept.read_text().splitlines()) == 30


def test_a_text_task_without_config_is_read_as_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [json.dumps({"q": f"How do I reset the password of account {i} today?",
                        "a": f"Open the settings page, choose reset for account {i}, and follow "
                             "the link we mail you."}) for i in range(5)]
    (tmp_path / "pairs.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    raw = tmp_path / "raw.jsonl"
    assert cli("ingest", "pairs", str(tmp_path / "pairs.jsonl"), "-o", str(raw),
               "-O", "input=q", "-O", "output=a") == 0
    assert cli("quality", str(raw), "-o", str(tmp_path / "q.jsonl")) == 0
    err = capsys.readouterr().err
    assert "read as a text task" in err and "quality: 5 kept" in err
