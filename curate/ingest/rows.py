"""Row readers shared by the table-like ingestors (pairs, tickets).

Each reader yields `(locator, row)` where `row` is a dict or a `Bad` (reason
code + detail) for a row that cannot be read; a reader never raises on one
bad row. Whole-file problems of a JSON document come out as one `Bad`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from curate.ingest.base import file_problem
from curate.ingest.csvspans import CsvSpan


class Bad(NamedTuple):
    """A source item that cannot become a pair: reason code and detail."""

    reason: str
    detail: str


Rows = Iterator[tuple[str, dict[str, Any] | Bad]]

# Keys under which API exports keep their list of records (Zendesk, Jira search, ...).
CONTAINER_KEYS = ("tickets", "issues", "items", "records", "results", "data", "conversations")


def _finite(text: str) -> float | None:
    value = float(text)
    return value if math.isfinite(value) else None


# NaN, Infinity and overflowing numbers (1e400) become null: curate writes standard JSON only.
_DECODER = json.JSONDecoder(parse_constant=lambda _: None, parse_float=_finite)


def has_bad_encoding(value: str) -> bool:
    """True when undecodable bytes were carried through as surrogate escapes."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def has_lone_surrogate(text: str, value: Any) -> bool:
    """True when parsed JSON holds a `\\ud800`-`\\udfff` escape that is not half of a valid pair.

    Such a string is valid JSON but cannot be written as UTF-8 (nor hashed into an id).
    """
    if "\\ud" not in text and "\\uD" not in text:
        return False
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refused(exc: Exception) -> str:
    return f"JSON the parser refuses ({type(exc).__name__}: too deep or a too long number)"


def _object_or_bad(value: Any, what: str) -> dict[str, Any] | Bad:
    if isinstance(value, dict):
        return value
    return Bad("ingest.not_an_object", f"{what} holds a JSON {type(value).__name__}")


class Span(NamedTuple):
    """Bytes `start` to `stop` of a line-based file, cut after a newline; `before` lines
    come before them (so line numbers, and with them ids, match a whole-file read)."""

    start: int
    stop: int
    before: int


SPAN_BLOCK = 1 << 20
"""Bytes read at a time while cutting a file into spans."""


def line_spans(file: Path, size: int) -> list[Span]:
    """Spans that cover `file` in order, each cut at the first newline once it holds at
    least `size` bytes (the last one ends with the file); read in SPAN_BLOCK blocks."""
    spans: list[Span] = []
    start = before = offset = newlines = 0  # newlines: those in file[:offset]
    with file.open("rb") as handle:
        while block := handle.read(SPAN_BLOCK):
            at = 0
            while (want := start + size - offset) < len(block):
                end = block.find(b"\n", max(want, at))
                if end == -1:
                    break
                spans.append(Span(start, offset + end + 1, before))
                start, before = offset + end + 1, newlines + block.count(b"\n", 0, end + 1)
                at = end + 1
            newlines += block.count(b"\n")
            offset += len(block)
    if offset > start:
        spans.append(Span(start, offset, before))
    return spans


def jsonl_rows(path: Path, span: Span | None = None) -> Rows:
    """One JSON object per non-blank line (of `span` only, when given)."""
    with path.open("rb") if span is None else span_bytes(path, span.start, span.stop) as handle:
        for number, raw in enumerate(handle, start=span.before + 1 if span else 1):
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
                value = _DECODER.decode(text)
            except UnicodeDecodeError:
                yield f"line {number}", Bad("ingest.bad_encoding", "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                detail = f"invalid JSON at column {exc.colno}"
                yield f"line {number}", Bad("ingest.bad_json", detail)
                continue
            except (ValueError, RecursionError) as exc:  # a 5000-digit number, deep nesting
                yield f"line {number}", Bad("ingest.bad_json", _refused(exc))
                continue
            if has_lone_surrogate(text, value):
                yield f"line {number}", Bad("ingest.bad_encoding", "line holds a lone surrogate")
                continue
            yield f"line {number}", _object_or_bad(value, "line")


def csv_rows(path: Path, span: CsvSpan | None = None) -> Rows:
    """CSV with a header row; fields may be huge (GitHub issue bodies) and hold newlines.
    With `span`, only its records, read after the file's header (see `csv_spans`)."""
    csv.field_size_limit(sys.maxsize)
    if span is None:
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
        fieldnames, rows, lines = None, 0, 0
    else:
        with span_text(path, 0, span.head, "utf-8-sig") as header:
            fieldnames = next(csv.reader(header))
        handle = span_text(path, span.start, span.stop, "utf-8")
        rows, lines = span.rows, span.lines
    with handle:
        reader = csv.DictReader(handle, fieldnames)
        try:
            for number, row in enumerate(reader, start=rows + 2):
                locator = f"row {number}"
                if None in row:
                    yield locator, Bad("ingest.ragged_row", "row has more cells than the header")
                elif any(has_bad_encoding(str(v)) for v in row.values() if v):
                    yield locator, Bad("ingest.bad_encoding", "row is not valid UTF-8")
                elif any("\x00" in str(v) for v in row.values() if v):
                    yield locator, Bad("ingest.nul_byte", "row holds NUL characters")
                else:
                    yield locator, row
        except csv.Error as exc:
            yield f"row {lines + reader.line_num}", Bad("ingest.bad_csv", f"unreadable CSV: {exc}")


def json_rows(path: Path) -> Rows:
    """A JSON array of objects, an object holding one (see CONTAINER_KEYS), or one object."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        value = _DECODER.decode(text)
    except UnicodeDecodeError:
        yield "file", Bad("ingest.bad_encoding", "file is not valid UTF-8")
        return
    except json.JSONDecodeError as exc:
        detail = f"invalid JSON at line {exc.lineno} column {exc.colno}"
        yield "file", Bad("ingest.bad_json", detail)
        return
    except (ValueError, RecursionError) as exc:
        yield "file", Bad("ingest.bad_json", _refused(exc))
        return
    if has_lone_surrogate(text, value):
        yield "file", Bad("ingest.bad_encoding", "file holds a lone surrogate")
        return
    if isinstance(value, dict):
        key = next((k for k in CONTAINER_KEYS if isinstance(value.get(k), list)), None)
        if key is None:
            yield "item 0", value
            return
        value = value[key]
    if not isinstance(value, list):
        yield "file", Bad("ingest.not_an_object", f"file holds a JSON {type(value).__name__}")
        return
    for index, item in enumerate(value):
        yield f"item {index}", _object_or_bad(item, "array element")


READERS = {"csv": csv_rows, "json": json_rows, "jsonl": jsonl_rows}
SUFFIXES = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def table_files(path: Path, fmt: str, formats: frozenset[str]) -> Iterator[tuple[Path, Rows]]:
    """Each file of one of `formats` under `path` (or `path` itself) with its rows.

    `fmt` "auto" goes by suffix; an unknown suffix is read as JSONL. A file that cannot be
    read (a folder, FIFO or device named like a table, a dangling link, no permission) or
    that holds no row at all is one `Bad` item, so every file is in the books.
    """
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if SUFFIXES.get(p.suffix.lower()) in formats)
    else:
        files = [path]
    for file in files:
        problem = file_problem(file)
        yield file, iter([("file", Bad(*problem))]) if problem else _guarded(
            READERS[file_kind(file, fmt, formats)](file))


def file_kind(file: Path, fmt: str, formats: frozenset[str]) -> str:
    """How a table file is read: `fmt`, or by suffix when "auto" (an unknown suffix, or a
    format the ingestor does not read, as JSONL)."""
    found = SUFFIXES.get(file.suffix.lower(), "jsonl") if fmt == "auto" else fmt
    return found if found in formats else "jsonl"


def span_rows(file: Path, span: Span | CsvSpan) -> Rows:
    """The rows of one span of a JSONL (`Span`) or CSV (`CsvSpan`) file; a span without
    rows gives none."""
    rows = csv_rows(file, span) if isinstance(span, CsvSpan) else jsonl_rows(file, span)
    return _guarded(rows, whole_file=False)


def _guarded(rows: Rows, whole_file: bool = True) -> Rows:
    """The rows of a reader; an I/O error part-way ends the file (or span) as one more `Bad`
    item, and a whole file without any row is one `Bad` item."""
    empty = whole_file
    try:
        for row in rows:
            empty = False
            yield row
    except OSError as exc:
        yield "file", Bad("ingest.unreadable", f"read failed ({type(exc).__name__})")
        return
    if empty:
        yield "file", Bad("ingest.no_rows", "the file holds no row")


def span_bytes(path: Path, start: int, stop: int) -> io.BufferedReader:
    """Bytes `start` to `stop` of `path` as a binary file of their own; close it when done."""
    return io.BufferedReader(_Window(path.open("rb"), start, stop))


def span_text(path: Path, start: int, stop: int, encoding: str) -> io.TextIOWrapper:
    """Bytes `start` to `stop` of `path` as text read the way `csv_rows` reads a file
    (`encoding`, undecodable bytes carried through, `newline=""`); close it when done."""
    return io.TextIOWrapper(span_bytes(path, start, stop), encoding=encoding,
                            errors="surrogateescape", newline="")


class _Window(io.RawIOBase):
    """Bytes `start` to `stop` of an open binary file, as a file of their own."""

    def __init__(self, handle: BinaryIO, start: int, stop: int) -> None:
        handle.seek(start)
        self.handle, self.left = handle, stop - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        got = self.handle.readinto(memoryview(buffer)[:self.left])
        self.left -= got
        return got

    def close(self) -> None:
        self.handle.close()
        super().close()
