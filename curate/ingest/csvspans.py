"""A CSV file cut into byte ranges at record boundaries that read as the whole file reads.

A cut is safe only between two records: never inside a quoted field, whose newlines are data.
`csv_spans` finds record ends exactly, not by a guess that resyncs: it runs the csv module's
own parser (the dialect `csv_rows` reads with) from the file start, over the bytes decoded as
Latin-1. That decoding gives one character per byte, so character counts are byte offsets,
and it keeps the bytes the parser acts on (`,` `"` CR LF, all ASCII) where they are: in UTF-8,
and in the undecodable bytes `csv_rows` carries through, no byte of a multi-byte sequence is
ASCII, so the parser sees the same records. Lines split as the reader's text file splits them
(`newline=""`: LF, CRLF or a lone CR), a UTF-8 BOM is skipped as `utf-8-sig` skips it, and
blank records are counted as `csv.DictReader` skips them. Each span carries where the header
ends (every span reads it) and the rows and lines before it, so row numbers (and ids) and the
locator of an unreadable row match a whole-file read. Where the parser fails (`csv.Error`),
a whole-file read ends: so does the cutting, and the rest of the file is the last span.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple


class CsvSpan(NamedTuple):
    """Bytes `start` to `stop` of a CSV file, whole records; the header is bytes up to `head`;
    `rows` records (blank ones left out) and `lines` lines (the header's too) come before."""

    start: int
    stop: int
    rows: int
    lines: int
    head: int


def csv_spans(file: Path, size: int) -> list[CsvSpan]:
    """Spans that cover `file`'s records in order, each cut at the first record end once it
    holds at least `size` bytes; none for a file without a header row."""
    csv.field_size_limit(sys.maxsize)
    with file.open("rb") as handle:
        bom = handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
        handle.seek(len(codecs.BOM_UTF8) if bom else 0)
        scan = _Scan(handle, len(codecs.BOM_UTF8) if bom else 0)
        reader = csv.reader(scan.lines())
        if next(reader, None) is None:
            return []
        head = start = scan.offset
        spans, rows, before, lines = [], 0, 0, scan.count
        try:
            for row in reader:
                rows += row != []
                if scan.offset - start >= size:
                    spans.append(CsvSpan(start, scan.offset, before, lines, head))
                    start, before, lines = scan.offset, rows, scan.count
        except csv.Error:
            pass  # a whole-file read stops at this record: the rest is the last span
        end = handle.seek(0, io.SEEK_END)
    if end > start:
        spans.append(CsvSpan(start, end, before, lines, head))
    return spans


class _Scan:
    """The lines of a binary file from `offset` on, as Latin-1 text split the way a
    `newline=""` text file splits them, counting lines and bytes as they are taken."""

    def __init__(self, handle: BinaryIO, offset: int) -> None:
        self.text = io.TextIOWrapper(handle, encoding="latin-1", newline="")
        self.offset, self.count = offset, 0

    def lines(self) -> Iterator[str]:
        for line in self.text:
            self.offset += len(line)
            self.count += 1
            yield line
