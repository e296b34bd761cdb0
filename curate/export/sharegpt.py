"""ShareGPT `{"conversations": [{"from", "value"}, ...]}` lines (human / gpt / system)."""

from __future__ import annotations

from typing import Any

from curate.export.base import Exporter, Message
from curate.record import Record

SPEAKERS = {"system": "system", "user": "human", "assistant": "gpt"}


def sharegpt_turns(messages: list[Message]) -> list[dict[str, str]]:
    return [{"from": SPEAKERS[m["role"]], "value": m["content"]} for m in messages]


class ShareGPT(Exporter):
    name = "sharegpt"
    keys = frozenset({"conversations"})

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        return {"conversations": sharegpt_turns(messages)}
