"""Tickets ingestor on the real ticket corpora and on hostile exports."""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from curate.config import validate_config
from curate.ingest.pairs import PairsIngestor
from curate.ingest.tickets import TicketIngestor
from curate.record import Record


def ingest(path: Path, cls: type = TicketIngestor, **options: object) -> tuple[Any, list[Record]]:
    config = validate_config({
        "tasks": {"t": {"instruction": "Reply to the customer."}},
        "sources": [{"kind": cls.name, "path": str(path), "task": "t", "options": options}],
    }, path.parent)
    ingestor = cls.for_source(config.sources[0], config)
    records = list(ingestor.read(path))
    rejected = [r for r in records if r.rejected]
    assert ingestor.items_read == ingestor.items_used + len(rejected)
    assert len(records) == ingestor.items_read  # one record per ticket here
    return ingestor, records


def reasons(records: list[Record]) -> Counter[str]:
    return Counter(r.rejected.reason for r in records if r.rejected)


def test_jira_without_comments_has_no_reply_unless_mapped_to_a_classification(corpora):
    folder = corpora / "tickets" / "jira_public_dataset_sample"
    ingestor, records = ingest(folder, preset="jira")
    assert (ingestor.items_read, ingestor.items_used) == (76, 0)
    assert reasons(records) == {"ingest.no_reply": 66, "ingest.missing_field": 10}
    assert all("fields.description" in r.rejected.detail
               for r in records if r.rejected.reason == "ingest.missing_field")

    ingestor, records = ingest(folder, preset="jira", agent="fields.issuetype.name")
    kept = [r for r in records if not r.rejected]
    print(f"jira: {len(kept)} issue-type pairs of {ingestor.items_read}",
          Counter(r.label for r in kept))
    assert len(kept) == 66
    assert all(r.output == r.label for r in kept)
    assert {r.label for r in kept} <= {"Bug", "Improvement", "Story", "New Feature", "Task",
                                       "Documentation"}
    first = kept[0]
    assert first.input.startswith("Subject: ") and "\n\n" in first.input
    assert first.source.locator.split("-")[0] in {"REST", "TOC", "VOTE", "WEBHOOKS"}


def test_github_issues_become_classification_pairs(corpora):
    ingestor, records = ingest(corpora / "tickets" / "nlbse24_github_issues", preset="github")
    kept = [r for r in records if not r.rejected]
    print(f"github: {ingestor.items_read} read, {len(kept)} pairs, {dict(reasons(records))}")
    assert ingestor.items_read == 3000
    assert reasons(records) == {"ingest.empty_field": 2, "ingest.nul_byte": 1}
    assert Counter(r.label for r in kept).keys() == {"bug", "feature", "question"}
    assert all(r.output == r.label and r.input.startswith("Subject: ") for r in kept)
    assert max(len(r.input) for r in kept) > 200_000  # the 207,777-char body is read whole
    assert kept[0].meta.keys() == {"repo", "created_at"}


def test_banking77_intents_via_options(corpora):
    path = corpora / "tickets" / "banking77" / "train.csv"
    ingestor, records = ingest(path, customer="text", agent="category", label="category")
    assert (ingestor.items_read, ingestor.items_used) == (10003, 10003)
    assert len({r.label for r in records}) == 77
    assert records[0].input == "I am still waiting on my card?"
    assert records[0].output == "card_arrival"
    _, records = ingest(path)  # default mapping: the columns are not there
    assert reasons(records) == {"ingest.missing_field": 10003}


def test_abcd_conversation_kept_as_turns(corpora):
    path = corpora / "tickets" / "abcd" / "abcd_sample.json"
    ingestor, records = ingest(path, conversation="original", label="scenario.subflow")
    assert ingestor.items_used == 3
    turns = records[0].turns
    assert {t["role"] for t in turns} == {"user", "assistant"}
    assert all(a["role"] != b["role"] for a, b in pairwise(turns))
    assert records[0].input == next(t["content"] for t in turns if t["role"] == "user")
    assert records[0].label == "return_size"


def test_zendesk_preset_public_agent_reply(tmp_path):
    ticket = {"id": 7, "subject": "Refund", "description": "I was charged twice.",
              "requester_id": 1, "type": "incident",
              "comments": [{"author_id": 1, "body": "I was charged twice.", "public": True},
                           {"author_id": 2, "body": "internal note", "public": False},
                           {"author_id": 2, "body": "Refund issued.", "public": True}]}
    path = tmp_path / "zendesk.json"
    path.write_text(json.dumps({"tickets": [ticket, dict(ticket, id=8, comments=[])],
                                "count": 2}))
    _, records = ingest(path, preset="zendesk")
    pair, rejected = records
    assert pair.input == "Subject: Refund\n\nI was charged twice."
    assert pair.output == "Refund issued."
    assert pair.label == "incident" and pair.source.locator == "7"
    assert [t["role"] for t in pair.turns] == ["user", "assistant"]
    assert rejected.rejected.reason == "ingest.no_reply"


def test_hostile_csv_rows_are_rejected_with_reasons(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_bytes(b"customer_message,agent_response\n"
                     b"hello there,hi\n"
                     b"one,two,three\n"
                     b"nul\x00here,reply\n"
                     b"bad \xff\xfe bytes,reply\n"
                     b"no reply,\n"
                     b"short row\n")
    ingestor, records = ingest(path)
    assert ingestor.items_used == 1
    assert [r.rejected.reason for r in records[1:]] == [
        "ingest.ragged_row", "ingest.nul_byte", "ingest.bad_encoding",
        "ingest.empty_field", "ingest.empty_field"]  # a short row: its cells are absent
    assert all("here" not in r.rejected.detail for r in records[1:])
    pairs, records = ingest(path, PairsIngestor, input="customer_message",
                            output="agent_response")  # the shared reader keeps pairs' codes
    assert pairs.items_used == 1 and records[1].rejected.reason == "ingest.ragged_row"


def test_json_that_is_not_tickets_is_rejected(tmp_path):
    cases = {"scalar.json": b"42", "broken.json": b'[{"a": ', "latin1.json": b'["\xe9"]',
             "mixed.json": b'[{"customer_message": "q", "agent_response": "a"}, "text", 3]',
             "lines.jsonl": b'{"customer_message": "q", "agent_response": "a"}\n[1]\n{bad\n'}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    ingestor, records = ingest(tmp_path)
    assert ingestor.items_used == 2
    assert reasons(records) == {"ingest.not_an_object": 4, "ingest.bad_json": 2,
                                "ingest.bad_encoding": 1}
