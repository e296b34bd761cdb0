"""`curate preview`: a few records per source through ingest, redact and quality, shown
before and after; nothing written (#18)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from curate.cli import app, main
from curate.config import load_config
from curate.preview import GREEN, RED, Preview, render
from curate.record import Record, Source, new_record

ROWS = [
    {"q": "My card was charged twice for the March invoice, please help.",
     "a": "Hi Maria Lopez, I have refunded the second charge to your card today."},
    {"q": "Where is my order?", "a": "ok"},
    {"q": "Can you reset the password of my account?",
     "a": "Sure, I have sent a reset link to the address on file; it expires in an hour."},
]


def write_config(tmp_path: Path) -> Path:
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS),
                                          encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(json.dumps(ROWS[2]) + "\n", encoding="utf-8")
    data = {"tasks": {"reply": {"instruction": "Reply to the customer.", "metric": "rouge_l",
                                "min_output_words": 3, "max_output_words": 100}},
            "sources": [{"kind": "pairs", "task": "reply", "path": name,
                         "options": {"input": "q", "output": "a"}}
                        for name in ("pairs.jsonl", "more.jsonl")]}
    path = tmp_path / "curate.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_preview_shows_redactions_and_rejections_and_writes_nothing(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(app, ["preview", str(config), "--limit", "2", "--source",
                                      "pairs.jsonl"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: plain text
    assert out.startswith("stages: ingest, redact, quality")
    assert "== sources[0] pairs -> task reply: 2 records" in out
    assert "sources[1]" not in out  # --source chose the first only
    assert re.search(r"output: Hi \[-Maria Lopez,-\]\{\+<PERSON_1>,\+\} I have refunded", out)
    assert "redacted: PERSON 1" in out
    assert "rejected at quality: quality.trivial_output" in out
    assert snapshot(tmp_path) == before


def test_every_source_by_default_and_a_wrong_source_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    result = CliRunner().invoke(app, ["preview", str(config), "-n", "1"])
    assert result.exit_code == 0, result.output
    assert "== sources[0] pairs -> task reply: 1 records" in result.stdout
    assert "== sources[1] pairs -> task reply: 1 records" in result.stdout
    with pytest.raises(SystemExit) as exit_info:
        main(["preview", str(config), "--source", "faxes"])
    assert exit_info.value.code == 2
    assert "'--source': no source matches 'faxes'" in capsys.readouterr().err


def test_a_terminal_sees_replaced_text_struck_red_and_the_placeholder_green(
    tmp_path: Path,
) -> None:
    config = load_config(write_config(tmp_path))
    old = new_record(Source("pairs", "p.jsonl", "1"), "reply", "Reply.", "Call me.",
                     "Hi Maria, done.")
    after = Record.from_json(old.to_json())
    after.output = "Hi <PERSON_1>, done."
    shown = Preview([0], [old], [after], [0], {}, ["redact"])
    lines = render(shown, config, color=True)
    output = next(line for line in lines if "output:" in line)
    assert f"{RED}Maria,\x1b[0m{GREEN}<PERSON_1>,\x1b[0m" in output
    plain = next(line for line in render(shown, config, color=False) if "output:" in line)
    assert plain == "   output: Hi [-Maria,-]{+<PERSON_1>,+} done."
