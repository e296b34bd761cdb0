"""Config validation and the CLI's promises: one clear line and exit 2 for config mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from curate.cli import main
from curate.config import load_config
from curate.starter import STARTER_CONFIG


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return int(exit_info.value.code or 0), capsys.readouterr().err


def write_config(tmp_path: Path, data: dict) -> Path:
    (tmp_path / "pairs.jsonl").write_text('{"input": "q", "output": "a b c"}\n', encoding="utf-8")
    base = {"tasks": {"t": {"instruction": "Answer."}},
            "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "t"}]}
    path = tmp_path / "curate.yaml"
    path.write_text(yaml.safe_dump({**base, **data}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"sourcez": []}, "sourcez"),
        ({"engine": {"workers": "two"}}, "engine.workers"),
        ({"engine": {"kind": "spark"}}, "engine.kind"),
        ({"sources": [{"kind": "pairs", "path": "missing.jsonl", "task": "t"}]}, "sources[0].path"),
        ({"sources": [{"kind": "faxes", "path": "pairs.jsonl", "task": "t"}]}, "sources[0].kind"),
        ({"sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "nope"}]}, "sources[0].task"),
        ({"sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "t",
                       "options": {"colum": "x"}}]}, "sources[0].options.colum"),
        ({"stages": {"qualty": {}}}, "stages.qualty"),
        ({"export": {"formats": ["docx"]}}, "export.formats"),
        ({"tasks": {"t": {}}}, "tasks.t.instruction"),
    ],
)
def test_config_mistakes_exit_2_with_one_line_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict, key: str
) -> None:
    code, err = run_cli(["run", str(write_config(tmp_path, data)), "--out", str(tmp_path / "r")],
                        capsys)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"'{key}'" in err
    assert not (tmp_path / "r").exists(), "no work may start on a bad config"


def test_bad_yaml_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "curate.yaml"
    path.write_text("tasks:\n  t: {instruction: x\n", encoding="utf-8")
    code, err = run_cli(["run", str(path)], capsys)
    assert code == 2 and "line" in err and "YAML" in err


def test_missing_input_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["ingest", "pairs", str(tmp_path / "absent.jsonl"), "-o",
                         str(tmp_path / "o.jsonl")], capsys)
    assert code == 3 and "absent.jsonl" in err


def test_ingest_command_writes_pairs_and_rejections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("input,output\nhello,world wide\n,\nx,y,z\n", encoding="utf-8")
    code, _ = run_cli(["ingest", "pairs", str(src), "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 0
    kept = (tmp_path / "o.jsonl").read_text().splitlines()
    rejected = [json.loads(x) for x in (tmp_path / "o.rejected.jsonl").read_text().splitlines()]
    assert len(kept) == 1
    assert sorted(r["rejected"]["reason"] for r in rejected) == ["ingest.empty_field",
                                                                 "ingest.ragged_row"]


def test_init_writes_a_config_that_validates_once_paths_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _ = run_cli(["init"], capsys)
    assert code == 0 and (tmp_path / "curate.yaml").read_text() == STARTER_CONFIG
    code, err = run_cli(["init"], capsys)
    assert code == 2 and "--force" in err  # a usage error (#18)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "pairs.jsonl").write_text("", encoding="utf-8")
    config = load_config(tmp_path / "curate.yaml")
    assert config.sources[0].kind == "pairs" and config.gate.min_train_examples == 1000


def test_config_digest_ignores_where_the_config_lives(tmp_path: Path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    for folder in (one, two):
        folder.mkdir()
        write_config(folder, {})
    assert load_config(one / "curate.yaml").digest() == load_config(two / "curate.yaml").digest()


def test_ingest_options_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "faq.csv"
    src.write_text("question,answer,topic\nWhere is my card?,It ships in 3 days.,cards\n",
                   encoding="utf-8")
    args = ["ingest", "pairs", str(src), "-o", str(tmp_path / "o.jsonl"),
            "-O", "input=question", "-O", "output=answer", "-O", "label=topic", "-O", "meta=[topic]"]
    code, _ = run_cli(args, capsys)
    record = json.loads((tmp_path / "o.jsonl").read_text())
    assert code == 0 and record["label"] == "cards" and record["meta"] == {"topic": "cards"}
    code, err = run_cli(["ingest", "pairs", str(src), "-o", str(tmp_path / "p.jsonl"), "-O", "bogus"],
                        capsys)
    assert code == 2 and "KEY=VALUE" in err
