"""A per-item list of the report, bounded: its rows in a run-directory file, a sample in the report.

A list that grows with the data (dedup's conflicting input clusters, an export's skipped
records) would grow report.json and what the finish task hands back with it. Its rows are
written as they come to a JSON-lines file beside report.json, by the process that has them
(the finish task: a forked child or a Dask worker, never the client); the report keeps
`{"count": n, "sample": [the first SAMPLE rows], "file": name}`. The sample is the first
rows in the list's own order, which is deterministic (dedup's clusters by their first id,
an export's skipped records in curated.jsonl's order), so a rerun lists the same sample.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from curate.io import atomic_open

SAMPLE = 20
"""Rows a listing keeps in the report; the file holds them all."""


class Listing:
    """Rows written to one file as they are added; their count and first SAMPLE kept."""

    def __init__(self, handle: IO[str], name: str) -> None:
        self.handle, self.name = handle, name
        self.count = 0
        self.sample: list[Any] = []

    def add(self, row: Any) -> None:
        self.handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        self.count += 1
        if len(self.sample) < SAMPLE:
            self.sample.append(row)

    def to_json(self) -> dict[str, Any]:
        """The report's value: count, sample and the file's name (beside report.json)."""
        return {"count": self.count, "sample": self.sample, "file": self.name}


@contextmanager
def listing(path: Path) -> Iterator[Listing]:
    """A `Listing` into the file `path` (written to a temp file, renamed when the block ends)."""
    with atomic_open(path) as handle:
        yield Listing(handle, path.name)


def list_rows(path: Path, rows: Iterable[Any]) -> dict[str, Any]:
    """`rows` written to `path` as they are read; the report's value for them."""
    with listing(path) as listed:
        for row in rows:
            listed.add(row)
    return listed.to_json()
