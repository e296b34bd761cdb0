"""A big JSONL or CSV file cut into byte ranges (spans) reads as the same items, in the same
order, with the same line numbers and counts, as the whole file."""

from __future__ import annotations

import random
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from test_pipeline import make_config

from curate.config import validate_config
from curate.engine.base import Tally
from curate.engine.ingest import Ingest, IngestUnit
from curate.ingest.csvspans import csv_spans
from curate.ingest.rows import Bad, csv_rows, jsonl_rows, line_spans, span_rows


def messy_jsonl(path: Path) -> bytes:
    """Rows of uneven length, blank lines, a bad line, a long line, no final newline."""
    lines = [f'{{"q": "question {i}{"x" * (i * 37 % 300)}", "a": "answer {i}"}}'
             for i in range(60)]
    lines[7], lines[20], lines[21], lines[33] = "", "{broken", "   ", '{"q": "' + "y" * 5000 + '"}'
    data = ("\n".join(lines)).encode()
    path.write_bytes(data)
    return data


def read_units(ingest: Ingest, units: list[IngestUnit]
               ) -> tuple[list[str], list[str], tuple[int, int]]:
    """The units' pairs and rejected items as JSON lines, and their summed counts."""
    records, rejected, tally = [], [], Tally("", 0, 0, Counter())
    for unit in units:
        part = unit.tally(ingest.config)
        records += [r.to_json() for r in ingest.read(unit, part, rejected.append)]
        tally.into, tally.kept = tally.into + part.into, tally.kept + part.kept
    return records, [r.to_json() for r in rejected], (tally.into, tally.kept)


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
    ingest = Ingest(make_config(tmp_path, n=40))
    whole, spans = ingest.units(), ingest.units(span_bytes=1024)
    assert len(whole) == 1 and len(spans) > 3
    assert [u.index for u in spans] == list(range(len(spans)))
    assert read_units(ingest, spans) == read_units(ingest, whole)
    assert read_units(ingest, spans)[2] == (43, 40) and len(read_units(ingest, spans)[1]) == 3
    assert len(ingest.units(span_bytes=10 ** 9)) == 1  # a small file stays whole


def hostile_csv(path: Path, newline: str = "\n", bom: bool = True) -> bytes:
    """A CSV whose record ends a line scan gets wrong: newlines (LF, CRLF, lone CR) inside
    quoted fields, doubled quotes, stray quotes in unquoted fields (`a"b`, which leave the
    quote count odd outside any field), text after a closing quote, a quoted header cell with
    a newline, blank lines, a very long row, multi-byte and undecodable bytes, a ragged row,
    a NUL, and an unterminated quote at the end."""
    rows = [b'"q\nuestion",answer']
    for i in range(80):
        body = ["plain {i}", '"multi\nline {i}\r\nwith ""quotes"" and \r lone CR"',
                'stray"quote {i}', '"closed"then {i}', "caf\xc3\xa9 \xe2\x82\xac {i}",
                "bad \xff\xfe {i}", '"' + "long " * 3000 + '{i}"', ""][i % 8]
        rows.append(body.format(i=i).encode("latin-1") + b',"a ' + str(i).encode() + b'"')
        if i % 13 == 0:
            rows.append(b"")  # a blank record: skipped, not numbered
    rows[40] += b",extra cell"
    rows[50] = b'has\x00nul,x'
    data = (b"\xef\xbb\xbf" if bom else b"") + newline.encode().join(rows)
    data += newline.encode() + b'"open quote at the end,never closed\n' + b"x" * 500
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("size", [1, 200, 5000, 60_000])
def test_csv_spans_read_as_the_whole_file(tmp_path: Path, newline: str, size: int) -> None:
    file = tmp_path / "hostile.csv"
    data = hostile_csv(file, newline)
    whole = list(csv_rows(file))
    spans = csv_spans(file, size)
    assert spans[0].start == spans[0].head and spans[-1].stop == len(data)
    assert all(a.stop == b.start for a, b in pairwise(spans))
    assert all(s.stop - s.start >= size for s in spans[:-1])
    assert len(spans) > 1
    assert [row for span in spans for row in span_rows(file, span)] == whole
    assert len(whole) == 81 and whole[-1][0] == "row 82"
    bad = {locator: row.reason for locator, row in whole if isinstance(row, Bad)}
    assert bad.pop("row 38") == "ingest.ragged_row" and bad.pop("row 47") == "ingest.nul_byte"
    assert bad == {f"row {n}": "ingest.bad_encoding" for n in (7, 15, 23, 31, 39, 55, 63, 71, 79)}


def test_csv_span_cuts_are_exact_on_random_csv(tmp_path: Path) -> None:
    """Seeded random bytes over the characters the parser acts on, with and without a BOM:
    every cut at every size reads exactly as the whole file does."""
    rng = random.Random(15)
    alphabet = [b",", b'"', b'"', b"\n", b"\r", b"\r\n", b"a", b"bc", b"\xc3\xa9", b"\xff", b""]
    file = tmp_path / "random.csv"
    for trial in range(150):
        head = b"\xef\xbb\xbf" if trial % 3 == 0 else b""
        file.write_bytes(head + b"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400))))
        whole = list(csv_rows(file))
        for size in (1, 7, 50):
            spans = csv_spans(file, size)
            assert [row for span in spans for row in span_rows(file, span)] == whole, trial


def test_ingest_units_cut_a_big_csv_and_read_the_same_records(tmp_path: Path) -> None:
    data = hostile_csv(tmp_path / "pairs.csv", "\r\n")
    config = validate_config({
        "seed": 7, "tasks": {"support": {"instruction": "Answer."}},
        "sources": [{"kind": "pairs", "path": "pairs.csv", "task": "support",
                     "options": {"input": "q\nuestion", "output": "answer"}}]}, tmp_path)
    ingest = Ingest(config)
    units = ingest.units(span_bytes=1024)
    assert len(units) > 10 and sum(u.span.stop - u.span.start for u in units) < len(data)
    assert read_units(ingest, units) == read_units(ingest, ingest.units())
