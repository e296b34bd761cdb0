"""OpenAI chat fine-tuning `messages` lines (Together, Fireworks and Mistral accept them too)."""

from __future__ import annotations

from typing import Any, ClassVar

from curate.export.base import ChatMessages


class OpenAIChat(ChatMessages):
    """OpenAI caps a training example at 65,536 tokens (gpt-4o, gpt-4o-mini, gpt-4.1).
    Assistant messages carry `weight` (0 on a reply another line trains, else 1)."""

    name = "openai"
    max_tokens = 65_536
    loss_key: ClassVar[tuple[str, Any, Any] | None] = ("weight", 1, 0)
