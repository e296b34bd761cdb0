"""The local engine past its partition size (whole-set stages by partition, the finish phase
reading curated.jsonl pass by pass): the same bytes as one partition."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from support_pairs import support_config, write_data

from curate import pipeline
from curate.config import validate_config
from curate.engine import local
from curate.io import RecordFile, write_records
from curate.pipeline import run_pipeline
from curate.record import Record, Source, new_record
from curate.stages.base import grouped
from curate.stages.dedup import DedupConfig, exact_groups, exact_rows
from curate.stages.key_tables import read_rows

OUTPUTS = ("curated.jsonl", "rejected.jsonl", "review.jsonl", "report.json")


def test_whole_set_stages_by_partition_write_what_one_partition_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path / "pairs.jsonl", 300)
    config = validate_config(support_config(["pairs.jsonl"], {"batch_size": 40}), tmp_path)
    run_pipeline(config, tmp_path / "whole")
    # the phases and the finish run in child processes: they note what they saw in files
    seen, passes = tmp_path / "seen.txt", tmp_path / "passes.txt"
    partitions = local._partitions

    def counted(live: Path):  # type: ignore[no-untyped-def]
        for part in partitions(live):
            with seen.open("a") as note:
                note.write(f"{len(part)}\n")
            yield part

    class Passes(RecordFile):
        def __iter__(self) -> Iterator[Record]:
            with passes.open("a") as note:
                note.write(f"{self.path}\n")
            return super().__iter__()

    monkeypatch.setattr(local, "PARTITION", 70)
    monkeypatch.setattr(local, "_partitions", counted)
    monkeypatch.setattr(pipeline, "RecordFile", Passes)
    run_pipeline(config, tmp_path / "parts")
    sizes = [int(n) for n in seen.read_text().split()] if seen.exists() else []
    assert sizes and max(sizes) == 70 and len(set(sizes)) > 1, "no stage ran by partition"
    assert passes.exists(), "the finish phase held the set instead of reading it from curated.jsonl"
    for name in OUTPUTS:
        assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


def test_a_shuffle_past_the_partition_size_groups_through_spill_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dedup's exact-key shuffle over a file of 50 records, 7 at a time in 4 spill buckets:
    the groups of one in-memory reduce, each reduce given only its bucket's rows, and no
    spill file left behind."""
    texts = [f"ticket {n % 9} about the printer on the third floor" for n in range(50)]
    records = [new_record(Source("t", "f", str(n)), "t", "Answer.", "", text)
               for n, text in enumerate(texts)]
    live = tmp_path / "work" / "dedup.live.jsonl"
    live.parent.mkdir()
    write_records(live, records)
    emit_rows = partial(exact_rows, DedupConfig())
    tables = tmp_path / "tables"
    tables.mkdir()
    seen: list[int] = []

    def reduce(rows: list[tuple[int, Any]]) -> list[tuple[str, str]]:
        seen.append(len(rows))
        return exact_groups(str(tables), rows)

    def groups(found: list[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
        return sorted(group for path, _ in found for group in read_rows(path))

    monkeypatch.setattr(local, "PARTITION", 7)
    spilled = groups(grouped(local._FileScan(live, buckets=4), emit_rows, reduce))
    held = groups(grouped(lambda fn: [fn(records)], emit_rows, partial(exact_groups, str(tables))))
    assert spilled == held and len(held) == 9
    assert len(seen) == 4 and sum(seen) == 50 and max(seen) < 50
    assert [p.name for p in live.parent.iterdir()] == [live.name]
