"""Ready-made instruction pairs from JSONL or CSV, with a column mapping."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple

from curate.ingest.base import IngestOptions, Ingestor
from curate.record import Record, Source, new_record


class Bad(NamedTuple):
    """A source item that cannot become a pair: reason code and detail."""

    reason: str
    detail: str


SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


class PairsOptions(IngestOptions):
    """Which column or field holds each part of a pair."""

    format: Literal["auto", "jsonl", "csv"] = "auto"
    input: str = "input"
    output: str = "output"
    instruction: str | None = None
    label: str | None = None
    id: str | None = None
    meta: list[str] = []


def _has_bad_encoding(value: str) -> bool:
    """True when undecodable bytes were carried through as surrogate escapes."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


class PairsIngestor(Ingestor):
    """One row or line = one source item = one pair (or one rejection)."""

    name = "pairs"
    Options = PairsOptions
    options: PairsOptions

    def read(self, path: Path) -> Iterator[Record]:
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES) \
            if path.is_dir() else [path]
        for file in files:
            yield from self._read_file(file)

    def _read_file(self, path: Path) -> Iterator[Record]:
        fmt = self.options.format
        if fmt == "auto":
            fmt = SUFFIXES.get(path.suffix.lower(), "jsonl")
        rows = self._csv_rows(path) if fmt == "csv" else self._jsonl_rows(path)
        for locator, row in rows:
            self.items_read += 1
            if isinstance(row, Bad):
                yield self.rejected_item(path, locator, row.reason, row.detail)
                continue
            record = self._pair(path, locator, row)
            if record.rejected is None:
                self.items_used += 1
            yield record

    def _jsonl_rows(self, path: Path) -> Iterator[tuple[str, dict[str, Any] | Bad]]:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    value = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    yield f"line {number}", Bad("ingest.bad_encoding", "line is not valid UTF-8")
                    continue
                except json.JSONDecodeError as exc:
                    yield f"line {number}", Bad("ingest.bad_json", f"invalid JSON at column {exc.colno}")
                    continue
                if not isinstance(value, dict):
                    kind = type(value).__name__
                    yield f"line {number}", Bad("ingest.not_an_object", f"line holds a JSON {kind}")
                    continue
                yield f"line {number}", value

    def _csv_rows(self, path: Path) -> Iterator[tuple[str, dict[str, Any] | Bad]]:
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            reader = csv.DictReader(handle)
            for number, row in enumerate(reader, start=2):
                locator = f"row {number}"
                if None in row:
                    yield locator, Bad("ingest.ragged_row", "row has more cells than the header")
                elif any(_has_bad_encoding(str(v)) for v in row.values() if v):
                    yield locator, Bad("ingest.bad_encoding", "row is not valid UTF-8")
                else:
                    yield locator, row

    def _pair(self, path: Path, locator: str, row: dict[str, Any]) -> Record:
        opts = self.options
        locator = str(row.get(opts.id) or locator) if opts.id else locator
        fields = {"input": opts.input, "output": opts.output}
        if opts.instruction:
            fields["instruction"] = opts.instruction
        values: dict[str, str] = {}
        for part, column in fields.items():
            value = row.get(column)
            if value is None:
                return self.rejected_item(path, locator, "ingest.missing_field",
                                          f"no '{column}' field for the {part}")
            if not isinstance(value, str | int | float):
                return self.rejected_item(path, locator, "ingest.wrong_type",
                                          f"'{column}' is not text")
            values[part] = str(value).strip()
        if not values["output"]:
            return self.rejected_item(path, locator, "ingest.empty_field",
                                      f"'{opts.output}' is empty")
        label = str(row.get(opts.label) or "").strip() if opts.label else ""
        return new_record(
            Source(self.name, self.relpath(path), locator),
            task=self.source.task,
            instruction=values.get("instruction") or self.task.instruction,
            input=values["input"],
            output=values["output"],
            label=label or None,
            meta={key: row[key] for key in opts.meta if row.get(key) not in (None, "")},
        )
