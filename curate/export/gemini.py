"""Vertex AI Gemini tuning: `contents` with `parts`, role `model`, `systemInstruction`."""

from __future__ import annotations

from typing import Any

from curate.export.base import Exporter, Message, split_system
from curate.record import Record

ROLES = {"user": "user", "assistant": "model"}


class Gemini(Exporter):
    """Vertex caps a tuning example at 131,072 tokens."""

    name = "gemini"
    keys = frozenset({"contents", "systemInstruction"})
    max_tokens = 131_072

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        system, turns = split_system(messages)
        line: dict[str, Any] = {"contents": [
            {"role": ROLES[m["role"]], "parts": [{"text": m["content"]}]} for m in turns
        ]}
        if system:
            line["systemInstruction"] = {"role": "system", "parts": [{"text": system}]}
        return line
