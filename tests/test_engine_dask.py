"""The dask engine on a real LocalCluster gives the local engine's result."""

from __future__ import annotations

import csv
import json
import mailbox
import shutil
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

import cloudpickle
import toy_stages
import yaml
from test_pipeline import make_config, write_pairs

from curate.accounting import Accounting
from curate.config import validate_config
from curate.engine.ingest import Ingest
from curate.pipeline import run_pipeline
from curate.stages import STAGES

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl")


@pytest.fixture
def toy_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers do not have tests/ on their path: ship the toy stages by value.
    cloudpickle.register_pickle_by_value(toy_stages)
    monkeypatch.setattr(STAGES, "_entries", {
        "every_nth": "toy_stages:RejectEveryNth", "longest": "toy_stages:MarkLongest"})


def three_units(tmp_path: Path, engine: dict) -> object:
    """Two sources, three paths (each with three bad lines): three ingest units."""
    write_pairs(tmp_path / "more.jsonl", 5)
    write_pairs(tmp_path / "other.jsonl", 7)
    pairs = {"kind": "pairs", "task": "support", "options": {"input": "q", "output": "a"}}
    return make_config(tmp_path, engine=engine, sources=[
        {**pairs, "path": ["pairs.jsonl", "more.jsonl"]}, {**pairs, "path": "other.jsonl"}])


def test_a_batch_never_spans_two_ingest_units(tmp_path: Path) -> None:
    config, books, rejected = three_units(tmp_path, {"batch_size": 4}), Accounting(), []
    batches = list(Ingest(config).batches(books, rejected.append, 4))
    assert [len(b) for b in batches] == [4, 4, 4, 4, 4, 4, 1, 4, 3]
    assert [r.source.path for r in rejected] == ["pairs.jsonl"] * 3 + ["more.jsonl"] * 3 + [
        "other.jsonl"] * 3
    assert books.pairs == 32
    assert {n: (b.into, b.kept, b.rejected) for n, b in books.sources.items()} == {
        "0:pairs": (31, 25, 6), "1:pairs": (10, 7, 3)}


def test_dask_local_cluster_matches_local_engine(tmp_path: Path, toy_registry: None) -> None:
    local = run_pipeline(three_units(tmp_path, {"batch_size": 3}), tmp_path / "local")
    dask_config = three_units(tmp_path, {"kind": "dask", "workers": 2, "batch_size": 3})
    result = run_pipeline(dask_config, tmp_path / "dask")
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert result.report["accounting"] == local.report["accounting"]
    assert result.report["accounting"]["stages"]["every_nth"]["rejected"] == 6 + 1 + 2
    assert not (tmp_path / "dask" / ".curate-work").exists()


def reduced_sample(base: Path, messages: int = 150, tickets: int = 450) -> dict:
    """A slice of sample_data (every source kind, planted duplicates and PII included)."""
    (base / "emails").mkdir()
    out = mailbox.mbox(base / "emails" / "support.mbox")
    for index, message in enumerate(mailbox.mbox(SAMPLE / "emails" / "support.mbox")):
        if index == messages:
            break
        out.add(message)
    out.flush()
    (base / "tickets").mkdir()
    with (SAMPLE / "tickets" / "tickets.csv").open(newline="", encoding="utf-8") as src, \
            (base / "tickets" / "tickets.csv").open("w", newline="", encoding="utf-8") as dst:
        rows = list(csv.reader(src))
        csv.writer(dst).writerows(rows[: tickets + 1])
    (base / "contracts").mkdir()
    for name in sorted(p.name for p in (SAMPLE / "contracts").iterdir())[::6]:
        shutil.copy(SAMPLE / "contracts" / name, base / "contracts" / name)
    config = yaml.safe_load((SAMPLE / "curate.yaml").read_text(encoding="utf-8"))
    config["gate"]["min_train_examples"] = 100
    return config


@pytest.mark.slow
def test_sample_data_on_two_workers_equals_the_local_engine(tmp_path: Path) -> None:
    data = reduced_sample(tmp_path)
    local = run_pipeline(validate_config(data, tmp_path), tmp_path / "local").report
    data["engine"] = {"kind": "dask", "workers": 2, "batch_size": 64}
    dask = run_pipeline(validate_config(data, tmp_path), tmp_path / "dask").report
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert dask["accounting"] == local["accounting"]
    assert dask["findings"] == local["findings"]
    assert dask["gate"] == local["gate"]
    reasons = {r["rejected"]["reason"] for r in map(json.loads, (
        tmp_path / "dask" / "rejected.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {"dedup.exact_duplicate", "dedup.near_duplicate"} <= reasons
