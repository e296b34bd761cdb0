"""What stages know of the run (a StageContext) and of each other (declared annotations)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from runkit import records

from curate.cli import main
from curate.config import validate_config
from curate.engine.base import apply_stage
from curate.errors import ConfigError
from curate.registries import STAGES
from curate.stages.base import StageContext
from curate.stages.labels import LabelStage
from curate.stages.split import SplitStage

TASKS = {"t": {"instruction": "Answer."}}


def _config(stages: dict) -> object:
    return validate_config({"tasks": TASKS, "stages": stages}, Path.cwd())


def test_every_declared_need_is_something_a_registered_stage_provides():
    provided = {p for name in STAGES for p in STAGES.load(name).provides}
    for name in STAGES:
        stage = STAGES.load(name)
        assert set(stage.needs) | set(stage.uses) <= provided, name
    assert "dedup.conflict" in LabelStage.uses


def test_labels_without_dedup_loads_and_runs_without_conflict_review():
    """`dedup.conflict` is an optional need of labels: the documented fallback is that no
    record goes to review for a conflict, while label errors are still scored."""
    config = _config({"dedup": {"enabled": False}})
    assert not config.stage_config("dedup").enabled and config.stage_config("labels").enabled
    recs = records(60)
    stage = LabelStage(config.stage_config("labels"), StageContext.of(config))
    kept = apply_stage(stage, recs).kept
    assert all("label_quality" in r.scores for r in kept)
    assert not any((r.annotations.get("labels") or {}).get("conflict") for r in kept)


@pytest.fixture
def labels_need_dedup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Labels with `dedup.conflict` as a required need (as a plugin stage might declare)."""
    monkeypatch.setattr(LabelStage, "needs", ("dedup.conflict",))


@pytest.mark.usefixtures("labels_need_dedup")
def test_a_required_need_without_an_enabled_provider_stops_the_config():
    with pytest.raises(ConfigError) as info:
        _config({"dedup": {"enabled": False}})
    assert info.value.key == "stages.labels"
    assert "'dedup.conflict'" in info.value.problem
    assert info.value.fix == "enable stages.dedup, or set stages.labels.enabled: false"
    _config({})  # dedup on by default
    _config({"dedup": {"enabled": False}, "labels": {"enabled": False}})


@pytest.mark.usefixtures("labels_need_dedup")
def test_the_cli_exits_2_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "pairs.jsonl").write_text('{"input": "q", "output": "a b c"}\n', encoding="utf-8")
    path = tmp_path / "curate.yaml"
    path.write_text(yaml.safe_dump({
        "tasks": TASKS, "sources": [{"kind": "pairs", "path": "pairs.jsonl", "task": "t"}],
        "stages": {"dedup": {"enabled": False}}}), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(path), "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1 and "'stages.labels'" in err
    assert not (tmp_path / "r").exists()


def test_a_need_only_a_later_stage_provides_is_not_met(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(LabelStage, "needs", ("audit.signals",))  # audit runs after labels
    with pytest.raises(ConfigError) as info:
        _config({})
    assert info.value.fix == "set stages.labels.enabled: false"


def test_the_context_carries_the_dedup_sections_near_duplicates_even_with_dedup_off():
    context = StageContext.of(_config({"dedup": {"enabled": False, "threshold": 0.5,
                                                 "fields": ["input"]}}))
    assert context.near_duplicates.minhash.threshold == 0.5
    assert context.near_duplicates.fields == ("input",)


def test_split_does_not_import_dedup():
    code = ("import sys, curate.stages.split; "
            "assert 'curate.stages.dedup' not in sys.modules, 'split imported dedup'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_split_without_dedup_still_moves_leaks_by_the_runs_near_duplicates():
    """No dedup annotations at all (dedup disabled): groups come from ids and threads, and the
    leak check compares with the near-duplicate definition of the config's dedup section."""
    recs = records(60)
    for i, r in enumerate(recs):
        r.input = (f"the same long ticket text about a refund for order number {i % 2} please "
                   "because the invoice for this month was charged twice to the card on file "
                   f"and the customer would like the second charge reversed soon, case {i}")

    def split(dedup: dict) -> dict:
        config = validate_config({"seed": 3, "tasks": {"triage": {"instruction": "x"}},
                                  "stages": {"dedup": {"enabled": False, **dedup},
                                             "split": {"eval_fraction": 0.2, "min_eval": 0}}},
                                 Path.cwd())
        stage = SplitStage(config.stage_config("split"), StageContext.of(config))
        for r in recs:
            r.split = None
        apply_stage(stage, recs)
        return stage.findings

    loose = split({})
    assert loose["leaks"] > 0 and loose["moved"] > 0
    strict = split({"threshold": 1.0})  # no two inputs identical: nothing is that close
    assert strict["leaks"] == 0
