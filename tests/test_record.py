"""The record type: stable ids, lossless round trip, namespaced reason codes."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SCHEMAS
from hypothesis import given
from hypothesis import strategies as st

from curate.record import Record, Source, new_record

SCHEMA = json.loads((SCHEMAS / "record.schema.json").read_text())
text = st.text(max_size=200)


@given(instruction=text, input=text, output=text, label=st.none() | text,
       meta=st.dictionaries(st.text(max_size=10), text, max_size=3))
def test_round_trip_is_lossless_and_valid(instruction, input, output, label, meta) -> None:
    record = new_record(Source("pairs", "a.jsonl", "line 1"), "t", instruction, input, output,
                        label=label, meta=meta)
    line = record.to_json()
    again = Record.from_json(line)
    assert again == record and again.to_json() == line
    jsonschema.validate(json.loads(line), SCHEMA)


def test_ids_depend_on_source_and_content_only() -> None:
    a = new_record(Source("pairs", "a.jsonl", "line 1"), "t", "i", "in", "out")
    b = new_record(Source("pairs", "a.jsonl", "line 1"), "t", "i", "in", "out", label="x")
    c = new_record(Source("pairs", "a.jsonl", "line 2"), "t", "i", "in", "out")
    d = new_record(Source("pairs", "a.jsonl", "line 1"), "t", "i", "in", "out!")
    assert a.id == b.id
    assert len({a.id, c.id, d.id}) == 3


def test_reason_codes_are_namespaced_by_stage() -> None:
    record = new_record(Source("pairs", "a", "1"), "t", "i", "in", "out")
    with pytest.raises(ValueError, match="must start with"):
        record.reject("dedup", "near_duplicate")
    record.reject("dedup", "dedup.near_duplicate", "jaccard 0.91", kept_id="abc")
    data = json.loads(record.to_json())
    assert data["rejected"] == {"stage": "dedup", "reason": "dedup.near_duplicate",
                                "detail": "jaccard 0.91", "kept_id": "abc"}
    jsonschema.validate(data, SCHEMA)
