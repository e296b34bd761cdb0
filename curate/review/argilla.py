"""Argilla (v2): the queue as a records file, and the answers in its export read back.

The file is what `rg.Dataset.records.to_json` writes and `dataset.records.from_json`
logs: a JSON list of `rg.Record.to_dict()` objects, `id` the curate record id, field
`text`, metadata (task, given, suggested, label_quality, why, rank) and curate's
suggestion for the question `label`. The dataset's settings: a text field `text`, a
`label` LabelQuestion with the task's labels and an optional `decision` LabelQuestion
(keep, drop); see the README's review section. `read` takes `to_json`'s output: each
record's responses per question, one per user, which must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from curate.io import atomic_open
from curate.review.decisions import Answer, agreed
from curate.review.items import Item

AGENT = "curate-labels"


def record(item: Item) -> dict[str, Any]:
    """One Argilla record (`rg.Record.to_dict()` shape); absent values are left out."""
    metadata = {"task": item.task, "given": item.given, "suggested": item.suggested,
                "label_quality": item.label_quality, "why": item.why, "rank": item.rank}
    suggestions = {} if item.suggested is None else {
        "label": {"value": item.suggested, "score": item.probability, "agent": AGENT}}
    return {"id": item.id, "fields": {"text": item.text},
            "metadata": {k: v for k, v in metadata.items() if v is not None},
            "suggestions": suggestions, "responses": {}, "vectors": {}, "_server_id": None}


def write(items: list[Item], labels: dict[str, set[str]], path: Path) -> list[Path]:
    """The records file, in queue order."""
    with atomic_open(path) as handle:
        json.dump([record(item) for item in items], handle, ensure_ascii=False, indent=1,
                  sort_keys=True)
        handle.write("\n")
    return [path]


def _by_user(responses: dict[str, Any]) -> set[tuple[str, str]]:
    """The distinct (decision, label) pairs the users answered."""
    users: dict[str, dict[str, str]] = {}
    for question in ("decision", "label"):
        for response in responses.get(question) or []:
            value = response.get("value")
            users.setdefault(str(response.get("user_id")), {})[question] = (
                "" if value is None else str(value))
    return {(u.get("decision", ""), u.get("label", "")) for u in users.values()}


def answers(records: list[Any]) -> list[Answer]:
    """One answer per record of an Argilla `to_json` export (no response: undecided)."""
    out = []
    for number, entry in enumerate(records, start=1):
        where = f"record {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("responses", {}), dict):
            out.append(Answer(where, "", problem="is not an Argilla record"))
            continue
        rid = str(entry.get("id") or "")
        out.append(agreed(where, rid, _by_user(entry.get("responses") or {}), "Argilla"))
    return out

