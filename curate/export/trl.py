"""Hugging Face TRL SFTTrainer datasets: conversational `messages` and prompt-completion.

TRL truncates to `SFTConfig.max_length` itself, so no limit is set unless
`export.max_tokens` is configured.
"""

from __future__ import annotations

from typing import Any

from curate.export.base import ChatMessages, Exporter, Message
from curate.record import Record


class TRLMessages(ChatMessages):
    """TRL trains on every assistant message (`assistant_only_loss`) or on the whole text."""

    name = "trl"


class TRLPromptCompletion(Exporter):
    """`{"prompt": [...messages], "completion": [last assistant message]}`: TRL's default
    `completion_only_loss` trains the completion only."""

    name = "trl_prompt_completion"
    trains = "final"
    keys = frozenset({"prompt", "completion"})

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        return {"prompt": messages[:-1], "completion": messages[-1:]}
