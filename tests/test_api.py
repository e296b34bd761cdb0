"""The Python API: `curate.run` writes what `curate run` writes, a Run reads it back, and
errors are CurateErrors, never SystemExit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import datasets
import pandas
import pytest
from multisource import CANARY, run_cli, write_project
from test_determinism import tree

import curate
from curate.errors import ConfigError, CurateError, InputError, UsageError


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("api")
    return write_project(base)


@pytest.fixture(scope="module")
def api_run(project: Path) -> curate.Run:
    return curate.run(project, out=project.parent / "api-run")


def test_import_curate_loads_nothing_heavy() -> None:
    code = ("import sys, curate; assert callable(curate.run); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('curate', 'pydantic', 'typer', 'yaml', 'numpy', 'pandas')))")
    lazy = subprocess.run([sys.executable, "-c", code.replace("assert callable(curate.run); ", "")],
                          capture_output=True, text=True, check=True)
    assert json.loads(lazy.stdout.replace("'", '"')) == ["curate", "curate.errors"]
    used = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "curate.api" in used.stdout
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        curate.nothing  # noqa: B018


def test_curate_run_writes_the_same_bytes_as_the_cli(project: Path, api_run: curate.Run) -> None:
    done = run_cli("run", str(project), "--out", "cli-run", "--quiet", cwd=project.parent)
    assert done.returncode == (0 if api_run.ready else 1), done.stderr
    ours, theirs = tree(api_run.path), tree(project.parent / "cli-run")
    assert "curated.jsonl" in ours and "report.json" in ours
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_run_reads_back_as_dicts_frames_and_datasets(project: Path, api_run: curate.Run) -> None:
    opened = curate.open_run(api_run.path / "report.json")
    assert opened.path == api_run.path and opened.report == api_run.report
    everything = opened.records()
    assert len(everything) == opened.report["accounting"]["records_kept"] > 0
    train, evals = opened.records("train"), opened.records("eval")
    assert {r["split"] for r in train} == {"train"} and {r["split"] for r in evals} == {"eval"}
    assert sorted(r["id"] for r in train + evals) == sorted(r["id"] for r in everything)
    assert all(CANARY in r["input"] + r["output"] for r in everything)
    frame = opened.to_pandas("train")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["id"]) == [r["id"] for r in train] and "rejected" not in frame.columns
    table = opened.to_dataset("eval")
    assert isinstance(table, datasets.Dataset) and table["id"] == [r["id"] for r in evals]
    assert [json.loads(a) for a in table["annotations"]] == [r["annotations"] for r in evals]
    assert table["source"] == [r["source"] for r in evals]
    rejected = opened.rejected()
    books = opened.report["accounting"]
    assert len(rejected) == books["items_rejected"] + books["records_rejected"]
    assert all(r["rejected"]["reason"].startswith(r["rejected"]["stage"] + ".") for r in rejected)


def test_gate_recomputes_and_takes_another_policy(api_run: curate.Run) -> None:
    assert api_run.gate() == api_run.report["gate"]
    stricter = {"tasks": api_run.report["config"]["tasks"], "gate": {"min_train_examples": 10_000}}
    verdict = api_run.gate(stricter)
    assert verdict["ready"] is False
    examples = next(c for c in verdict["checks"] if c["name"] == "enough_examples")
    assert examples["status"] == "not_met"


def test_export_writes_what_the_cli_writes(project: Path, api_run: curate.Run) -> None:
    summary = api_run.export(["alpaca"], project.parent / "api-export", force=True)
    assert summary["written"] is True and list(summary["formats"]) == ["alpaca"]
    done = run_cli("export", str(api_run.path), "-o", "cli-export", "-f", "alpaca", "--force",
                   cwd=project.parent)
    assert done.returncode == 0, done.stderr
    assert tree(project.parent / "api-export") == tree(project.parent / "cli-export")


def test_apply_stage_takes_the_dicts_a_run_gives(api_run: curate.Run) -> None:
    records = api_run.records()
    twin = {**records[0], "id": "f" * 20}
    given = json.dumps([*records, twin], sort_keys=True)
    out = curate.apply_stage("dedup", [*records, twin])
    assert json.dumps([*records, twin], sort_keys=True) == given  # the inputs are not changed
    assert sorted(r["id"] for r in out.kept + out.rejected) == sorted(
        [r["id"] for r in records] + [twin["id"]])
    dropped = [r for r in out.rejected if r["rejected"]["reason"] == "dedup.exact_duplicate"]
    assert len(dropped) == 1 and {dropped[0]["id"], dropped[0]["rejected"]["kept_id"]} == {
        twin["id"], records[0]["id"]}
    strict = curate.apply_stage("quality", records,
                                {"stages": {"quality": {"min_words": 10_000}}})
    assert strict.kept == [] and len(strict.rejected) == len(records)
    again = curate.apply_stage("quality", strict.rejected)
    assert again.rejected == strict.rejected and again.kept == []


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda tmp: curate.open_run(tmp), InputError, "not a run directory"),
    (lambda tmp: curate.run({"tasks": {}}, out=tmp / "x"), ConfigError, "'sources'"),
    (lambda tmp: curate.run(tmp / "missing.yaml"), ConfigError, "config file not found"),
    (lambda tmp: curate.apply_stage("tidy", []), UsageError, "unknown stage 'tidy'"),
    (lambda tmp: curate.apply_stage("quality", [{"id": "x"}]), InputError, "record 1 is not"),
])
def test_mistakes_raise_curate_errors(tmp_path: Path, call, error, words) -> None:
    with pytest.raises(error, match=words):
        call(tmp_path)


def test_engine_override_is_validated(project: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"engine\.kind"):
        curate.run(project, out=tmp_path / "x", engine="spark")


def test_split_names_and_missing_libraries_are_clear(
    api_run: curate.Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UsageError, match="unknown split 'test'"):
        api_run.records("test")
    monkeypatch.setitem(sys.modules, "datasets", None)  # what an absent package looks like
    with pytest.raises(CurateError, match=r"needs datasets: pip install .curate\[datasets\]."):
        api_run.to_dataset()
