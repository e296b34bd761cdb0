"""The instruction-pair record: the one type every stage reads and writes.

`schemas/record.schema.json` is the contract; this module is its Python twin.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any


@dataclass(slots=True)
class Source:
    """Where a record came from: ingestor kind, file path and a locator inside it."""

    kind: str
    path: str
    locator: str = ""


@dataclass(slots=True)
class Rejection:
    """Why a record left the dataset. `reason` is a code namespaced by stage."""

    stage: str
    reason: str
    detail: str = ""
    kept_id: str | None = None


@dataclass(slots=True)
class Record:
    """One instruction pair with its provenance, scores and stage annotations."""

    id: str
    task: str
    instruction: str
    input: str
    output: str
    source: Source
    label: str | None = None
    turns: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    pii: dict[str, int] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    split: str | None = None
    rejected: Rejection | None = None

    def reject(self, stage: str, reason: str, detail: str = "", kept_id: str | None = None) -> Record:
        """Mark the record as rejected by `stage`; `reason` must start with `stage.`."""
        if not reason.startswith(f"{stage}."):
            raise ValueError(f"reason code {reason!r} must start with {stage!r}.")
        self.rejected = Rejection(stage, reason, detail, kept_id)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data, a deep copy that callers may change."""
        return copy.deepcopy(self._fields())

    def _fields(self) -> dict[str, Any]:
        """The record as JSON-ready data sharing this record's lists and dicts (no copy)."""
        data = {name: getattr(self, name) for name in _FIELDS}
        source, rejected = self.source, self.rejected
        data["source"] = {"kind": source.kind, "path": source.path, "locator": source.locator}
        if rejected is None:
            del data["rejected"]
        else:
            data["rejected"] = {"stage": rejected.stage, "reason": rejected.reason,
                                "detail": rejected.detail}
            if rejected.kept_id is not None:
                data["rejected"]["kept_id"] = rejected.kept_id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        data = dict(data)
        data["source"] = Source(**data["source"])
        if data.get("rejected") is not None:
            data["rejected"] = Rejection(**data["rejected"])
        return cls(**data)

    def to_json(self) -> str:
        """One canonical JSON line: sorted keys, UTF-8, so outputs are byte-stable."""
        return _CANONICAL(self._fields())

    @classmethod
    def from_json(cls, line: str) -> Record:
        return cls.from_dict(json.loads(line))


_FIELDS = tuple(f.name for f in fields(Record))


def _encoder(options: json.JSONEncoder) -> Callable[[Any], str]:
    """`options.encode` (ensure_ascii off, no indent, no circular check: records are
    trees), with json's C encoder built once: `JSONEncoder.encode` builds one per call,
    which costs more than encoding a small record."""
    if c_make_encoder is None:
        return options.encode
    encode = c_make_encoder(None, options.default, encode_basestring, None,
                            options.key_separator, options.item_separator, options.sort_keys,
                            options.skipkeys, options.allow_nan)
    return lambda value: "".join(encode(value, 0))


_CANONICAL = _encoder(json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                       check_circular=False))
_ID_PAYLOAD = _encoder(json.JSONEncoder(ensure_ascii=False, check_circular=False))


def make_id(source: Source, *content: str) -> str:
    """A stable id from the source and the content: same input, same id, on any machine."""
    payload = _ID_PAYLOAD([source.kind, source.path, source.locator, *content])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def new_record(
    source: Source,
    task: str,
    instruction: str,
    input: str,
    output: str,
    **fields: Any,
) -> Record:
    """Build a record whose id is derived from its source and content."""
    return Record(
        id=make_id(source, instruction, input, output),
        task=task,
        instruction=instruction,
        input=input,
        output=output,
        source=source,
        **fields,
    )
