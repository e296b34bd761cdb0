"""Amazon Bedrock fine-tuning: Claude (`system` + `messages`) and Nova (Converse content blocks)."""

from __future__ import annotations

from typing import Any

from curate.export.base import Exporter, ExportProblem, Message, split_system
from curate.record import Record

NOVA_RESERVED = ("System:", "User:", "Bot:", "Assistant:", "Thought:",
                 "[EOS]", "<image>", "<video>", "<unk>")


class BedrockClaude(Exporter):
    """Claude 3 Haiku on Bedrock: at most 32,000 tokens per record."""

    name = "bedrock_claude"
    keys = frozenset({"system", "messages"})
    max_tokens = 32_000

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        system, turns = split_system(messages)
        return {"system": system, "messages": turns} if system else {"messages": turns}


class BedrockNova(Exporter):
    """Nova understanding models: `bedrock-conversation-2024`, no reserved strings in any text."""

    name = "bedrock_nova"
    keys = frozenset({"schemaVersion", "system", "messages"})
    max_tokens = 32_000

    def check(self, messages: list[Message]) -> None:
        for index, message in enumerate(messages):
            found = sorted(s for s in NOVA_RESERVED if s in message["content"])
            if found:
                raise ExportProblem("export.reserved_string",
                                    f"message {index} contains reserved {', '.join(found)}")

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        system, turns = split_system(messages)
        line: dict[str, Any] = {"schemaVersion": "bedrock-conversation-2024"}
        if system:
            line["system"] = [{"text": system}]
        line["messages"] = [{"role": m["role"], "content": [{"text": m["content"]}]} for m in turns]
        return line
