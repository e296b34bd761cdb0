"""Crashes mid-run: no half file that looks complete; a rerun resumes and gives the same bytes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_pipeline import make_config

from curate.pipeline import run_pipeline
from curate.registries import STAGES

TESTS = Path(__file__).parent
OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl", "report.json")


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "batches.log"
    monkeypatch.setenv("CURATE_TEST_LOG", str(path))
    return path


@STAGES.swapped({
    "slow": "toy_stages:SlowCounted", "every_nth": "toy_stages:RejectEveryNth",
    "fails_once": "toy_stages:FailsOnce", "longest": "toy_stages:MarkLongest"})
def test_crash_in_a_whole_set_stage_resumes_without_redoing_the_stream(
    tmp_path: Path, log: Path
) -> None:
    config = make_config(tmp_path)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_pipeline(config, tmp_path / "run")
    assert not (tmp_path / "run" / "manifest.json").exists()
    assert not (tmp_path / "run" / "curated.jsonl").exists()
    batches_first = log.read_text().count("\n")
    assert batches_first == 5  # 20 pairs in batches of 4

    run_pipeline(config, tmp_path / "run")
    assert log.read_text().count("\n") == batches_first, "the stream phase was not redone"
    assert not (tmp_path / "run" / ".curate-work").exists()

    run_pipeline(config, tmp_path / "clean")
    for name in OUTPUTS:
        assert (tmp_path / "run" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


@STAGES.swapped({"slow": "toy_stages:SlowCounted", "fails_once": "toy_stages:FailsOnce"})
def test_a_changed_config_restarts_cleanly(tmp_path: Path, log: Path) -> None:
    with pytest.raises(RuntimeError):
        run_pipeline(make_config(tmp_path), tmp_path / "run")
    changed = make_config(tmp_path, seed=8)
    run_pipeline(changed, tmp_path / "run")
    assert log.read_text().count("\n") == 10, "stream redone for the changed config"


RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from curate.registries import STAGES
from test_pipeline import make_config
from pathlib import Path
from curate.pipeline import run_pipeline
with STAGES.swapped({{"slow": "toy_stages:SlowCounted", "every_nth": "toy_stages:RejectEveryNth",
                     "longest": "toy_stages:MarkLongest"}}):
    run_pipeline(make_config(Path({base!r}), n=200), Path({out!r}))
"""


def start_run(base: Path, out: Path) -> subprocess.Popen[bytes]:
    code = RUNNER.format(tests=str(TESTS), base=str(base), out=str(out))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), *sys.path])}
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def assert_nothing_looks_complete_but_is_not(out: Path) -> None:
    if (out / "manifest.json").exists():
        return  # the run finished before the kill
    for path in out.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)  # every visible file is whole: written by rename only
    # A SIGKILL between an atomic write's create and rename can leave its temp file, hidden
    # and named as such (`.curate-run.json.<random>.tmp`); the next run removes it.
    assert all(p.name.startswith(".") for p in out.glob("*.tmp"))


@pytest.mark.slow
def test_sigkill_at_several_points_then_rerun_gives_the_same_result(
    tmp_path: Path, log: Path
) -> None:
    reference = tmp_path / "reference"
    start_run(tmp_path, reference).wait(timeout=120)
    expected = {name: (reference / name).read_bytes() for name in OUTPUTS}
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5):
        out = tmp_path / f"killed-{delay}"
        process = start_run(tmp_path, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert_nothing_looks_complete_but_is_not(out)
        assert start_run(tmp_path, out).wait(timeout=120) == 0
        assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
        for name, data in expected.items():
            assert (out / name).read_bytes() == data, f"{name} differs after a kill at {delay}s"
