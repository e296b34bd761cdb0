"""OpenAI-style chat `messages` lines (also Together, Fireworks, Mistral)."""

from __future__ import annotations

import json

from curate.config import CurateConfig
from curate.record import Record


class OpenAIChat:
    def __init__(self, config: CurateConfig) -> None:
        self.system = config.export.system_prompt

    def line(self, record: Record) -> str:
        messages = [{"role": "system", "content": self.system}] if self.system else []
        user = f"{record.instruction}\n\n{record.input}" if record.input else record.instruction
        messages += [{"role": "user", "content": user},
                     {"role": "assistant", "content": record.output}]
        return json.dumps({"messages": messages}, ensure_ascii=False)
