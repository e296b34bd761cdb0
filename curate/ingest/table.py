"""Base of the ingestors whose items are table rows (pairs, tickets)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from curate.ingest.base import Ingestor, count_lines, file_problem
from curate.ingest.rows import (
    SUFFIXES,
    Bad,
    Rows,
    Span,
    file_kind,
    jsonl_span_rows,
    line_spans,
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

    def spans(self, path: Path, size: int) -> list[Span] | None:
        """A single JSONL file (as `read` would read it) of more than `size` bytes, cut into
        spans of about `size` bytes at line ends; None for anything else."""
        if path.is_dir() or file_problem(path) is not None or path.stat().st_size <= size:
            return None
        if file_kind(path, self.options.format, self.formats) != "jsonl":  # type: ignore[attr-defined]
            return None
        return line_spans(path, size)

    def read_span(self, path: Path, span: Span) -> Iterator[Record]:
        """What `read` yields for the lines of `span` of the file `path`."""
        return self._records(path, jsonl_span_rows(path, span))

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
