"""A big JSONL file cut into byte ranges (spans) reads as the same items, in the same
order, with the same line numbers and counts, as the whole file."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from test_pipeline import make_config

from curate.engine.base import Tally
from curate.engine.ingest import Ingest
from curate.ingest.rows import jsonl_rows, line_spans


def messy_jsonl(path: Path) -> bytes:
    """Rows of uneven length, blank lines, a bad line, a long line, no final newline."""
    lines = [f'{{"q": "question {i}{"x" * (i * 37 % 300)}", "a": "answer {i}"}}'
             for i in range(60)]
    lines[7], lines[20], lines[21], lines[33] = "", "{broken", "   ", '{"q": "' + "y" * 5000 + '"}'
    data = ("\n".join(lines)).encode()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("size", [1, 100, 1000, 4999, 10 ** 6])
def test_spans_cover_the_file_and_read_as_the_whole_file(tmp_path: Path, size: int) -> None:
    file = tmp_path / "rows.jsonl"
    data = messy_jsonl(file)
    spans = line_spans(file, size)
    assert spans[0].start == 0 and spans[-1].stop == len(data)
    assert all(a.stop == b.start and data[a.stop - 1:a.stop] == b"\n"
               for a, b in pairwise(spans))
    assert all(s.stop - s.start >= size for s in spans[:-1])
    assert [s.before for s in spans] == [data[:s.start].count(b"\n") for s in spans]
    pieces = [row for span in spans for row in jsonl_rows(file, span)]
    assert pieces == list(jsonl_rows(file))


def test_ingest_units_cut_a_big_file_and_read_the_same_records(tmp_path: Path) -> None:
    config = make_config(tmp_path, n=40)
    ingest = Ingest(config)

    def read(units: list) -> tuple[list[str], list[str], tuple[int, int]]:
        records, rejected, tally = [], [], Tally("", 0, 0, Counter())
        for unit in units:
            part = unit.tally(config)
            records += [r.to_json() for r in ingest.read(unit, part, rejected.append)]
            tally.into, tally.kept = tally.into + part.into, tally.kept + part.kept
        return records, [r.to_json() for r in rejected], (tally.into, tally.kept)

    whole, spans = ingest.units(), ingest.units(span_bytes=1024)
    assert len(whole) == 1 and len(spans) > 3
    assert [u.index for u in spans] == list(range(len(spans)))
    assert read(spans) == read(whole)
    assert read(spans)[2] == (43, 40) and len(read(spans)[1]) == 3
    assert len(ingest.units(span_bytes=10 ** 9)) == 1  # a small file stays whole
