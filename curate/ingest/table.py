"""Base of the ingestors whose items are table rows (pairs, tickets)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from curate.ingest.base import Ingestor, count_lines, file_problem
from curate.ingest.csvspans import CsvSpan, csv_spans
from curate.ingest.rows import (
    SUFFIXES,
    Bad,
    Rows,
    Span,
    file_kind,
    line_spans,
    span_rows,
    table_files,
)
from curate.record import Record


class TableIngestor(Ingestor):
    """One row, line or array element = one source item = one pair or one rejection.

    Subclasses name the `formats` they read and turn one row into a pair.
    """

    formats: ClassVar[frozenset[str]]

    @classmethod
    def reads(cls, file: Path, options: Any) -> bool:
        """A file of one of `formats` by its suffix (any file when `format` is set)."""
        return options.format != "auto" or SUFFIXES.get(file.suffix.lower()) in cls.formats

    @classmethod
    def max_items(cls, file: Path, options: Any) -> int | None:
        """Lines of a JSONL or CSV file (a CSV's first is its header); None for JSON."""
        kind = options.format if options.format != "auto" else SUFFIXES.get(file.suffix.lower())
        if kind not in ("jsonl", "csv"):
            return None
        lines = count_lines(file)
        return max(lines - 1, 0) if kind == "csv" else lines

    def read(self, path: Path) -> Iterator[Record]:
        for file, rows in table_files(path, self.options.format, self.formats):  # type: ignore[attr-defined]
            yield from self._records(file, rows)

    def spans(self, path: Path, size: int) -> list[Span] | list[CsvSpan] | None:
        """A single JSONL or CSV file (as `read` would read it) of more than `size` bytes,
        cut into spans of about `size` bytes at line ends (JSONL) or record ends (CSV, see
        `csv_spans`); None for anything else, or when no cut was found."""
        if path.is_dir() or file_problem(path) is not None or path.stat().st_size <= size:
            return None
        kind = file_kind(path, self.options.format, self.formats)  # type: ignore[attr-defined]
        cutters = {"jsonl": line_spans, "csv": csv_spans}
        if kind not in cutters:
            return None
        try:
            spans = cutters[kind](path, size)
        except OSError:
            return None  # read whole: that read reports the failure as an item
        return spans if len(spans) > 1 else None

    def read_span(self, path: Path, span: Span | CsvSpan) -> Iterator[Record]:
        """What `read` yields for the rows of `span` of the file `path`."""
        return self._records(path, span_rows(path, span))

    def _records(self, file: Path, rows: Rows) -> Iterator[Record]:
        for locator, row in rows:
            self.items_read += 1
            result = row if isinstance(row, Bad) else self.pair(file, locator, row)
            if isinstance(result, Bad):
                yield self.rejected_item(file, locator, result.reason, result.detail)
                continue
            if result.rejected is None:
                self.items_used += 1
            yield result

    @abstractmethod
    def pair(self, path: Path, locator: str, row: dict[str, Any]) -> Record | Bad:
        """The pair one row gives, or why it gives none."""
