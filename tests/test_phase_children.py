"""The local engine runs each whole-set phase and the finish in a forked child process, so
the parent keeps nothing of them; books, findings, spooled rejections and the report come
back whole."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from support_pairs import support_config, write_data

from curate.config import validate_config
from curate.errors import ConfigError, CurateError
from curate.forking import in_child
from curate.pipeline import run_pipeline
from curate.stages.split import SplitStage


def test_in_child_returns_the_result_of_another_process() -> None:
    pid, value = in_child(lambda: (os.getpid(), [n * n for n in range(5)]))
    assert pid != os.getpid() and value == [0, 1, 4, 9, 16]


def test_in_child_raises_the_childs_error_here_with_its_parts() -> None:
    def wrong() -> None:
        raise ConfigError("stages.split.min_eval", "too large", "lower it")

    with pytest.raises(ConfigError) as raised:
        in_child(wrong)
    assert (raised.value.key, raised.value.problem, raised.value.fix) == (
        "stages.split.min_eval", "too large", "lower it")


def test_a_child_killed_is_one_error_that_says_to_resume() -> None:
    with pytest.raises(CurateError, match=r"died .* resume"):
        in_child(lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_phases_run_elsewhere_and_their_books_and_rejections_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path / "pairs.jsonl", 400)
    with (tmp_path / "pairs.jsonl").open("r+") as data:
        rows = data.readlines()
        data.writelines(rows[:30])  # exact duplicates, for dedup (a child phase) to reject
    config = validate_config(support_config(["pairs.jsonl"], {"batch_size": 50}), tmp_path)
    pids = tmp_path / "pids.txt"
    decide = SplitStage.decide

    def noted(self: SplitStage, scan):  # type: ignore[no-untyped-def]
        with pids.open("a") as note:
            note.write(f"{os.getpid()}\n")
        return decide(self, scan)

    monkeypatch.setattr(SplitStage, "decide", noted)
    report = run_pipeline(config, tmp_path / "run").report
    assert int(pids.read_text()) != os.getpid(), "the split ran in the parent"
    rejected = [json.loads(line) for line in
                (tmp_path / "run" / "rejected.jsonl").read_text().splitlines()]
    books = report["accounting"]
    by_stage = {name: stage["rejected"] for name, stage in books["stages"].items()}
    assert by_stage["dedup"] == 30
    # each rejection spooled by a child once: no buffer written twice, none lost
    assert len(rejected) == len({r["id"] for r in rejected}) == books["records_rejected"]
    for name, count in by_stage.items():
        assert sum(r["rejected"]["stage"] == name for r in rejected) == count
    curated = (tmp_path / "run" / "curated.jsonl").read_text().splitlines()
    assert len(curated) == books["records_kept"] == report["findings"]["split"]["train"] + \
        report["findings"]["split"]["eval"]
