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


@given(turns=st.lists(st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]),
                                              "content": text | st.none()},
                                             optional={"name": text}), max_size=4),
       kept_id=st.none() | text, rejected=st.booleans())
def test_json_line_is_the_dataclass_as_dict_and_to_dict_is_a_copy(turns, kept_id, rejected) -> None:
    """to_json encodes the fields without copying them (turns spliced on from a cache, also
    for odd turns and a meta key named like them): same bytes as asdict's deep copy."""
    from dataclasses import asdict

    record = new_record(Source("emails", "m.mbox", "message 2"), "t", "i", "in", "out",
                        turns=turns, meta={"people": {"from": ["a@b"]}, "turns": []})
    if rejected:
        record.reject("ingest", "ingest.no_reply_pair", "detail", kept_id=kept_id)
    expected = asdict(record)
    if expected["rejected"] is None:
        del expected["rejected"]
    elif expected["rejected"]["kept_id"] is None:
        del expected["rejected"]["kept_id"]
    line = json.dumps(expected, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert record.to_json() == line and record.to_dict() == expected
    copy = record.to_dict()
    copy["meta"]["people"]["from"].append("changed")
    assert record.meta["people"]["from"] == ["a@b"]
