"""Ready-made instruction pairs from JSONL or CSV, with a column mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from curate.ingest.base import IngestOptions
from curate.ingest.table import TableIngestor
from curate.record import Record, Source, new_record


class PairsOptions(IngestOptions):
    """Which column or field holds each part of a pair."""

    format: Literal["auto", "jsonl", "csv"] = "auto"
    input: str = "input"
    output: str = "output"
    instruction: str | None = None
    label: str | None = None
    id: str | None = None
    meta: list[str] = Field(default_factory=list)


class PairsIngestor(TableIngestor):
    """One row or line = one source item = one pair (or one rejection)."""

    name = "pairs"
    Options = PairsOptions
    options: PairsOptions
    formats = frozenset({"jsonl", "csv"})
    file_kinds = "pair tables (.jsonl, .ndjson, .csv)"

    def pair(self, path: Path, locator: str, row: dict[str, Any]) -> Record:
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
