"""The review queue as a CSV a person edits in a spreadsheet, and the answers read back.

Columns: id,text,given,suggested,label_quality,reason,decision,label. A reviewer fills
`decision` (keep, relabel, drop) and/or `label`; the answers file needs only `id` and one
of `decision`, `label` (other columns are ignored, so the edited export itself is read).
"""

from __future__ import annotations

import csv
from pathlib import Path

from curate.errors import InputError
from curate.io import atomic_open
from curate.review.decisions import Answer
from curate.review.items import Item

COLUMNS = ("id", "text", "given", "suggested", "label_quality", "reason", "decision", "label")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def write(items: list[Item], labels: dict[str, set[str]], path: Path) -> list[Path]:
    """One row per item in queue order, `decision` and `label` left empty."""
    with atomic_open(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerow([item.id, item.text, _cell(item.given), _cell(item.suggested),
                             _cell(item.label_quality), item.why, "", ""])
    return [path]


def read(path: Path) -> list[Answer]:
    """One answer per data row, named by the line it starts on."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        if "id" not in header or not {"decision", "label"} & set(header):
            raise InputError(f"{path.name}: a decisions CSV needs an `id` column and a "
                             "`decision` and/or `label` column")
        answers, start = [], 2
        for row in reader:
            answers.append(Answer(f"line {start}", row.get("id") or "",
                                  row.get("decision") or "", row.get("label") or ""))
            start = reader.line_num + 1
    return answers
