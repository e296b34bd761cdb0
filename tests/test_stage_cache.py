"""The stage cache: a policy change re-runs only from the changed stage, with the bytes of a
clean run; `curate gate RUN --config` re-judges a finished run with the current policy."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from support_pairs import support_config, write_data

from curate.cli import main
from curate.config import validate_config
from curate.engine.base import Event
from curate.pipeline import run_pipeline


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("cache")
    write_data(base / "pairs.jsonl", 160, seed=4)
    data = support_config(["pairs.jsonl"], {"batch_size": 40})
    data["stages"]["split"] = {"min_eval": 20}
    return base, data


def run(base: Path, data: dict[str, Any], out: str) -> tuple[list[Event], Path]:
    events: list[Event] = []
    run_pipeline(validate_config(copy.deepcopy(data), base), base / out, progress=events.append)
    return events, base / out


def ran(events: list[Event]) -> list[str]:
    """The steps that ran (started), in order, without the run's own bookends."""
    return [e.step for e in events if e.kind == "start" and e.step not in ("inputs", "report")]


def cached(events: list[Event]) -> list[str]:
    return [e.step for e in events if e.kind == "cached"]


def outputs(run_dir: Path) -> dict[str, bytes]:
    """Every output file but the manifest (it holds the time it was written)."""
    return {p.name: p.read_bytes() for p in run_dir.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"}


def same_outputs(a: Path, b: Path) -> None:
    mine, clean = outputs(a), outputs(b)
    assert sorted(mine) == sorted(clean) and "curated.jsonl" in mine
    for name in mine:
        assert mine[name] == clean[name], name


def test_a_later_stage_policy_change_reruns_from_that_stage_only(
        project: tuple[Path, dict[str, Any]]) -> None:
    base, data = project
    first, out = run(base, data, "run")
    assert ran(first) == ["ingest", "quality", "dedup", "labels", "audit", "split"]
    assert not (out / ".curate-work").exists() and (out / ".curate-cache").is_dir()

    split_changed = copy.deepcopy(data)
    split_changed["stages"]["split"]["eval_fraction"] = 0.3
    events, _ = run(base, split_changed, "run")
    assert ran(events) == ["split"]
    assert cached(events) == ["ingest", "quality", "dedup", "labels", "audit"]
    _, clean = run(base, split_changed, "clean-split")
    same_outputs(out, clean)

    labels_changed = copy.deepcopy(split_changed)
    labels_changed["stages"]["labels"] = {"action": "drop"}
    events, _ = run(base, labels_changed, "run")
    assert ran(events) == ["labels", "audit", "split"]
    _, clean = run(base, labels_changed, "clean-labels")
    same_outputs(out, clean)

    gate_changed = copy.deepcopy(labels_changed)
    gate_changed["gate"]["min_train_examples"] = 100_000
    gate_changed["tasks"]["support"]["target"] = 0.9
    events, _ = run(base, gate_changed, "run")
    assert ran(events) == [] and "split" in cached(events)
    _, clean = run(base, gate_changed, "clean-gate")
    same_outputs(out, clean)


def test_an_earlier_change_or_a_lost_cache_reruns_everything(
        project: tuple[Path, dict[str, Any]]) -> None:
    base, data = project
    run(base, data, "again")
    quality_changed = copy.deepcopy(data)
    quality_changed["stages"]["quality"]["min_words"] = 5
    events, _ = run(base, quality_changed, "again")
    assert ran(events)[0] == "ingest" and cached(events) == []
    events, out = run(base, quality_changed, "again")
    assert ran(events) == []
    (out / ".curate-cache" / "split.state.json").write_text("{}")  # a damaged checkpoint
    events, _ = run(base, quality_changed, "again")
    assert ran(events) == ["split"]
    shutil.rmtree(out / ".curate-cache")
    events, _ = run(base, quality_changed, "again")
    assert ran(events)[0] == "ingest" and cached(events) == []


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_gate_with_config_rejudges_with_the_current_policy(
        project: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    base, data = project
    _, out = run(base, data, "judged")

    def gate(*extra: str) -> int:
        with pytest.raises(SystemExit) as done:
            main(["gate", str(out), *extra])
        return int(done.value.code or 0)

    gate()
    assert "more than 10 required" in capsys.readouterr().err  # support_config's policy
    strict = copy.deepcopy(data)
    strict["gate"]["min_train_examples"] = 100_000
    assert gate("--config", str(write_yaml(base / "strict.yaml", strict))) == 1
    assert "more than 100000 required" in capsys.readouterr().err
    gate()
    assert "more than 10 required" in capsys.readouterr().err, "without --config: the saved one"

    restaged = copy.deepcopy(data)
    restaged["stages"]["split"]["eval_fraction"] = 0.3
    assert gate("--config", str(write_yaml(base / "restaged.yaml", restaged))) == 2
    err = capsys.readouterr().err.strip()
    assert "stages.split.eval_fraction" in err and "curate run" in err and "\n" not in err


def test_the_dask_engine_shares_the_cache(project: tuple[Path, dict[str, Any]]) -> None:
    base, data = project
    on_dask = {**copy.deepcopy(data), "engine": {"kind": "dask", "workers": 2, "batch_size": 40}}
    run(base, on_dask, "dask")
    on_dask["stages"]["split"]["eval_fraction"] = 0.3
    events, out = run(base, on_dask, "dask")
    assert ran(events) == ["split"]
    assert cached(events) == ["ingest", "quality", "dedup", "labels", "audit"]
    local = copy.deepcopy(on_dask)
    local["engine"] = {"batch_size": 40}
    _, clean = run(base, local, "dask-clean-local")
    for name in ("curated.jsonl", "rejected.jsonl", "review.jsonl"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
