"""The evaluation set on disk: record selectors and labelled spans, never the text itself.

A line of `dev.jsonl` / `test.jsonl` / `holdout.jsonl` (and of `dev_NAME.jsonl`, records added
to a split later) is one record:
`{"rid", "corpus", "source", "path", "locator", "record_id", "fields": {field: sha256},
"spans": [{"field", "start", "end", "category", "length", "sha256", "structured"}]}` where a
field is a JSON path into the record (`["input"]`, `["turns", 0, "content"]`,
`["meta", "fields.reporter", "displayName"]`, `["source", "locator"]`).

`resolve` re-ingests the records and re-anchors every span: at its offset when the hash still
matches, else at the nearest substring of the same length and hash; a record whose field or
span cannot be found again is reported as drifted, never dropped silently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curate.record import Record

HERE = Path(__file__).resolve().parent
# dev: looked at while tuning; test: scored by every version since session 2; holdout: drawn in
# sessions 6 and 13 to 17 from records and groups in neither, scored only (see GUIDE.md).
SPLITS = ("dev", "test", "holdout")
# Records read (an audit) but never labelled: selectors only, no spans; never scored, but later
# draws (`sample.py`) bar them as they bar the parts.
SEEN = "seen"
CATEGORIES = ("PERSON", "HANDLE", "USERNAME", "USER_ID", "EMAIL", "PHONE", "ADDRESS",
              "ID_NUMBER", "URL_PROFILE", "PATH_HOME", "IP")
# Categories that are identifiers by nature: structured wherever they stand.
STRUCTURED_CATEGORIES = frozenset({"HANDLE", "USERNAME", "USER_ID", "URL_PROFILE", "PATH_HOME",
                                   "IP"})

FieldPath = tuple[str | int, ...]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def string_fields(record: Record) -> Iterator[tuple[FieldPath, str]]:
    """Every non-empty string a run writes for the record, in a fixed order."""
    for name in ("instruction", "input", "output"):
        if value := getattr(record, name):
            yield (name,), value
    for i, turn in enumerate(record.turns):
        for k in sorted(turn):
            if k not in ("role", "from") and isinstance(turn[k], str) and turn[k]:
                yield ("turns", i, k), turn[k]
    yield from _strings(("meta",), record.meta)
    if record.source.locator:
        yield ("source", "locator"), record.source.locator


def _strings(root: FieldPath, value: Any) -> Iterator[tuple[FieldPath, str]]:
    """Non-empty strings inside nested dicts and lists, depth first, dict keys sorted."""
    pending: list[tuple[FieldPath, Any]] = [(root, value)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, str) and node:
            yield path, node
        children = (sorted(node.items(), key=lambda kv: str(kv[0])) if isinstance(node, dict)
                    else enumerate(node) if isinstance(node, list) else ())
        pending.extend(reversed([((*path, k), v) for k, v in children]))


def field_text(record: Record, path: FieldPath) -> str | None:
    """The string at `path` in a (possibly redacted) record, or None when it is not there."""
    value: Any = record.source.locator if tuple(path) == ("source", "locator") else record
    steps = [] if tuple(path) == ("source", "locator") else list(path)
    for step in steps:
        if isinstance(value, Record):
            value = getattr(value, str(step), None)
        elif isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return None
    return value if isinstance(value, str) else None


def fkey(path: FieldPath) -> str:
    """A field path as a dictionary key."""
    return json.dumps(list(path), ensure_ascii=False)


@dataclass(frozen=True)
class Span:
    """One labelled personal item: field, [start, end), category, and where it stands."""

    field: FieldPath
    start: int
    end: int
    category: str
    structured: bool


@dataclass
class Entry:
    """One record of the set: how to find it again, and its labels."""

    rid: str
    corpus: str
    source: str
    path: str
    locator: str
    record_id: str
    split: str
    fields: dict[str, str]
    spans: list[dict[str, Any]] = field(default_factory=list)  # none in `seen.jsonl`


@dataclass
class Resolved:
    """An entry matched to a freshly ingested record, spans re-anchored."""

    entry: Entry
    record: Record
    spans: list[Span]
    moved: int = 0
    changed: int = 0  # labelled fields whose text is no longer the labelled text
    unknown: int = 0  # string fields the set has no labels for (ingest output grew)


@dataclass
class Resolution:
    """What `resolve` found: usable records and those that drifted (with why)."""

    records: list[Resolved] = field(default_factory=list)
    drifted: list[tuple[Entry, str]] = field(default_factory=list)


def split_files(split: str, folder: Path = HERE) -> list[Path]:
    """`SPLIT.jsonl` and the files that grew the split later (`SPLIT_NAME.jsonl`), sorted."""
    return [folder / f"{split}.jsonl", *sorted(folder.glob(f"{split}_*.jsonl"))]


def load(split: str, folder: Path = HERE) -> list[Entry]:
    entries = []
    for path in split_files(split, folder):
        with path.open(encoding="utf-8") as handle:
            entries += [Entry(split=split, **json.loads(line)) for line in handle if line.strip()]
    return entries


def reanchor(text: str, start: int, length: int, digest: str) -> int | None:
    """Start of the substring of `length` with hash `digest` nearest to `start`, or None."""
    if sha(text[start : start + length]) == digest:
        return start
    for distance in range(1, len(text) + 1):
        for at in (start - distance, start + distance):
            if 0 <= at <= len(text) - length and sha(text[at : at + length]) == digest:
                return at
        if start - distance < 0 and start + distance > len(text) - length:
            break
    return None


def anchor(entry: Entry, record: Record) -> Resolved | str:
    """Re-anchor `entry`'s spans in `record`; a string says why the record drifted."""
    texts = {fkey(p): t for p, t in string_fields(record)}
    missing = [k for k in entry.fields if k not in texts]
    if missing:
        return f"field gone: {missing[0]}"
    spans, moved = [], 0
    for s in entry.spans:
        key = fkey(tuple(s["field"]))
        at = reanchor(texts[key], s["start"], s["length"], s["sha256"])
        if at is None:
            return f"span not found in {key}"
        moved += at != s["start"]
        spans.append(Span(tuple(s["field"]), at, at + s["length"], s["category"],
                          s["structured"]))
    changed = sum(sha(texts[k]) != digest for k, digest in entry.fields.items())
    unknown = sum(k not in entry.fields for k in texts)
    return Resolved(entry, record, spans, moved, changed, unknown)


def resolve(entries: list[Entry], corpora: Path) -> Resolution:
    """Re-ingest every source the entries name and match each entry to its record."""
    from benchmarks.pii_eval.sources import ingest_source, key

    out = Resolution()
    wanted: dict[str, list[Entry]] = {}
    for entry in entries:
        wanted.setdefault(entry.source, []).append(entry)
    for source, group in sorted(wanted.items()):
        files = [entry.path for entry in group]
        records = {key(r): r for r in ingest_source(corpora, source, files)}
        for entry in group:
            record = records.get((entry.path, entry.locator))
            if record is None:
                out.drifted.append((entry, "record not produced by the ingestor"))
                continue
            result = anchor(entry, record)
            if isinstance(result, str):
                out.drifted.append((entry, result))
            else:
                out.records.append(result)
    return out
