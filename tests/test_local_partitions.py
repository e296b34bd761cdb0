"""The local engine's whole-set stages past its partition size: same bytes as one partition."""

from __future__ import annotations

from pathlib import Path

import pytest
from support_pairs import support_config, write_data

from curate.config import validate_config
from curate.engine import local
from curate.pipeline import run_pipeline

OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl", "report.json")


def test_whole_set_stages_by_partition_write_what_one_partition_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path / "pairs.jsonl", 300)
    config = validate_config(support_config(["pairs.jsonl"], {"batch_size": 40}), tmp_path)
    run_pipeline(config, tmp_path / "whole")
    seen: list[int] = []
    partitions = local._partitions

    def counted(live: Path):  # type: ignore[no-untyped-def]
        for part in partitions(live):
            seen.append(len(part))
            yield part

    monkeypatch.setattr(local, "PARTITION", 70)
    monkeypatch.setattr(local, "_partitions", counted)
    run_pipeline(config, tmp_path / "parts")
    assert seen and max(seen) == 70 and len(set(seen)) > 1, "no stage ran by partition"
    for name in OUTPUTS:
        assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
