"""The dask engine on a real LocalCluster gives the local engine's result."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

import cloudpickle
import toy_stages
from test_pipeline import make_config

from curate.pipeline import run_pipeline
from curate.stages import STAGES


@pytest.fixture
def toy_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers do not have tests/ on their path: ship the toy stages by value.
    cloudpickle.register_pickle_by_value(toy_stages)
    monkeypatch.setattr(STAGES, "_entries", {
        "every_nth": "toy_stages:RejectEveryNth", "longest": "toy_stages:MarkLongest"})


def test_dask_local_cluster_matches_local_engine(tmp_path: Path, toy_registry: None) -> None:
    run_pipeline(make_config(tmp_path), tmp_path / "local")
    dask_config = make_config(tmp_path, engine={"kind": "dask", "workers": 2, "batch_size": 3})
    result = run_pipeline(dask_config, tmp_path / "dask")
    for name in ("curated.jsonl", "rejected.jsonl", "review.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert result.report["accounting"]["stages"]["every_nth"]["rejected"] == 6
